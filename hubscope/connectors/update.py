"""`hubscope update`: what a snapshot would change in the store, and applying it in one transaction."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, select

from ..errors import ConnectorError
from ..store import Store
from ..store import schema as t
from ..store.core import REVISION_FIELDS, revision_values
from .base import Connector, Record
from .snapshot import Snapshot


@dataclass(frozen=True)
class Change:
    """One figure that is new or revised: old and new value and vintage (old ones None when new)."""

    kind: str  # "new" or "revised"
    record: Record
    old_value: float | None = None
    old_vintage: str | None = None

    def as_dict(self) -> dict:
        o = self.record.observation
        return {
            "kind": self.kind,
            "entity": o.entity,
            "indicator": o.indicator,
            "period": o.period.text,
            "source": o.provenance.source.id,
            "series": self.record.series,
            "old_value": self.old_value,
            "new_value": o.value,
            "old_vintage": self.old_vintage,
            "new_vintage": o.provenance.vintage,
            "row": self.record.row,
        }


@dataclass
class Plan:
    """The diff of a snapshot against the store: nothing is written until ``apply``."""

    source: str
    snapshot: str
    vintage: str
    changes: list[Change] = field(default_factory=list)
    unchanged: int = 0
    disappeared: list[dict] = field(default_factory=list)  # stored, no longer upstream: flagged, kept
    skipped: dict[str, int] = field(default_factory=dict)
    applied: bool = False
    reused: int = 0  # answers the HTTP cache revalidated (304) and reused for this fetch

    @property
    def new(self) -> int:
        return sum(c.kind == "new" for c in self.changes)

    @property
    def revised(self) -> int:
        return sum(c.kind == "revised" for c in self.changes)

    def summary(self) -> dict:
        return {
            "source": self.source,
            "snapshot": self.snapshot,
            "vintage": self.vintage,
            "new": self.new,
            "revised": self.revised,
            "unchanged": self.unchanged,
            "disappeared": len(self.disappeared),
            "skipped": sum(self.skipped.values()),
            "http_304": self.reused,
            "applied": self.applied,
        }


def _current(store: Store, prefix: str) -> dict[tuple[str, str, str, str], dict]:
    """The current revision of every stored figure whose source id starts with ``prefix``."""
    o, r = t.observations, t.revisions
    latest = select(r.c.observation_id, func.max(r.c.number).label("n")).group_by(r.c.observation_id).subquery()
    q = (
        select(o.c.entity_id, o.c.indicator_id, o.c.period, o.c.source_id, *[r.c[f] for f in REVISION_FIELDS])
        .join(latest, latest.c.observation_id == o.c.id)
        .join(r, (r.c.observation_id == o.c.id) & (r.c.number == latest.c.n))
        .where(o.c.source_id.startswith(prefix, autoescape=True))
    )
    with store.read() as conn:
        rows = conn.execute(q).mappings().all()
    return {(x["entity_id"], x["indicator_id"], x["period"], x["source_id"]): dict(x) for x in rows}


def plan(store: Store, conn_: Connector, snapshot: Snapshot) -> Plan:
    """Read the snapshot and compare every record with the store's current figure."""
    store.require_initialised()
    records = conn_.read(snapshot)
    vintages = sorted({r.observation.provenance.vintage or "" for r in records} - {""})
    out = Plan(conn_.name, snapshot.id, vintages[-1] if vintages else snapshot.retrieved[:10])
    out.skipped = dict(getattr(conn_, "skipped", {}))
    current = _current(store, conn_.source_prefix)
    seen = set()
    for rec in records:
        key = rec.observation.key
        seen.add(key)
        row = current.get(key)
        if row is None:
            out.changes.append(Change("new", rec))
        elif all(row[k] == v for k, v in revision_values(rec.observation).items()):
            out.unchanged += 1
        else:
            out.changes.append(Change("revised", rec, row["value"], row["vintage"]))
    out.disappeared = [
        {"entity": k[0], "indicator": k[1], "period": k[2], "source": k[3], "value": v["value"]}
        for k, v in sorted(current.items())
        if k not in seen
    ]
    return out


def apply(store: Store, p: Plan, conn_: Connector, progress=None, conn=None, note: str | None = None) -> Plan:
    """Write every change as a revision authored by the connector, all in one transaction.

    ``conn`` is a transaction already open (an editor accepting a proposed update); ``note`` is
    added to the reason ("WDI update of 2021-05-25; proposal #3 by ..., accepted by ...").
    """
    if conn is None:
        with store.write() as c:
            return apply(store, p, conn_, progress, c, note)
    author = f"connector:{conn_.name}"
    reason = f"{conn_.reason_label} update of {p.vintage}" + (f"; {note}" if note else "")
    for i, change in enumerate(p.changes):
        store.record(change.record.observation, author, reason, conn)
        if progress and (i % 500 == 0 or i + 1 == len(p.changes)):
            progress("writing", i + 1, len(p.changes))
    p.applied = True
    return p


def reading_options(snap: Snapshot | None) -> dict:
    """What a connector needs to read a kept snapshot: a data package's mapping, as fetched."""
    return {"mapping": snap.meta["mapping"]} if snap is not None and "mapping" in snap.meta else {}


def update(
    store: Store, source: str, snapshot_id: str | None = None, dry_run: bool = False, progress=None, **options
) -> Plan:
    """Fetch (or replay a kept snapshot) for one source, diff it, and apply it unless ``dry_run``."""
    from . import BY_SNAPSHOT_SOURCE, connector, find_snapshot

    kept = find_snapshot(snapshot_id) if snapshot_id else None
    c = connector(source, **{**reading_options(kept), **options})
    snap = kept or c.fetch(progress=progress)
    if BY_SNAPSHOT_SOURCE.get(snap.source) != c.name:
        raise ConnectorError(f"snapshot {snap.id} holds {snap.source!r} files, not {source!r}; nothing written")
    result = plan(store, c, snap)
    if kept is None:  # a replay asked nothing of the network
        result.reused = sum(a.how == "revalidated" for a in getattr(c, "fetched", []))
    return result if dry_run else apply(store, result, c, progress)
