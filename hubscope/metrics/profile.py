"""An entity's profile: every indicator's latest figure, by pillar, with its peers' beside it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..figures import Figure, FigureSet
from ..store.queries import figure_set, latest

if TYPE_CHECKING:
    from ..store import Store


@dataclass(frozen=True)
class Profile:
    """The entity's latest figures and, for the same indicators, each peer's latest figure."""

    entity: str
    peers: tuple[str, ...]
    figures: FigureSet  # the entity's own, in pillar order
    peer_figures: FigureSet

    def peer(self, peer: str, indicator: str) -> Figure | None:
        return self.peer_figures.get(peer, indicator)

    def rows(self) -> list[tuple[Figure, list[Figure | None]]]:
        """Each of the entity's figures with its peers' figures (None where a peer has none)."""
        return [(f, [self.peer(p, f.indicator) for p in self.peers]) for f in self.figures]


def profile(entity: str, peers: Sequence[str] | None = None, *, store: Store | None = None) -> Profile:
    """Every indicator with data for ``entity``: its latest figure, and its peers' beside it.

    Peers default to the catalog's peers for a country, or to the entities of the same type that
    share the most indicators with it.
    """
    if store is None:
        from ..store import open as open_store

        store = open_store()
    (eid,), _ = store.resolve([entity])
    peer_ids = [p for p in store.resolve(default_peers(store, eid) if peers is None else list(peers))[0] if p != eid]
    df = latest(store.observations([eid, *peer_ids]))
    order = {p: n for n, p in enumerate(store.catalog.pillars)}
    own = df[df["entity"] == eid]
    own = own.assign(_p=own["pillar"].map(order)).sort_values(["_p", "indicator"], ignore_index=True)
    theirs = df[df["entity"].isin(peer_ids) & df["indicator"].isin(set(own["indicator"]))]
    return Profile(eid, tuple(peer_ids), figure_set(own.drop(columns="_p"), []), figure_set(theirs, []))


def default_peers(store: Store, eid: str, most: int = 5) -> list[str]:
    """The catalog's peers for a country; for a city, cluster or organisation, up to ``most``
    entities of the same type that share the most indicators with it."""
    entity = store.catalog.entities.get(eid)
    if entity is None or entity.type == "country":
        return [p for p in store.catalog.default_peers if p != eid]
    same = [e.id for e in store.catalog.entities.values() if e.type == entity.type and e.id != eid]
    df = store.observations([eid, *same])
    mine = set(df.loc[df["entity"] == eid, "indicator"])
    others = df[df["indicator"].isin(mine) & (df["entity"] != eid)]
    shared = others.groupby("entity")["indicator"].nunique()
    return list(shared.sort_values(ascending=False, kind="stable").index[:most])
