"""One comparison for every caller (CLI, web, report): figures side by side, typed.

>>> import hubscope
>>> store = hubscope.open("sqlite:///:memory:")
>>> _ = store.init()
>>> rd = hubscope.compare(["JPN", "USA"], ["rd_expenditure_pct_gdp"], store=store)
>>> [(f.entity, f.display()) for f in rd]
[('JPN', '3.44 %'), ('USA', '3.45 %')]
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from ..errors import InvalidOption, MetricError
from ..figures import Figure, FigureSet, Standing
from ..store.queries import figure_set, to_figure
from .derive import Context, derived_catalog
from .peers import compare_peers, figures

if TYPE_CHECKING:
    from ..store import Store

MODES = ("absolute", "per_capita", "pct_gdp")
_KINDS = {"per_capita": ("per_capita", "per_million"), "pct_gdp": ("share_of_gdp",)}


def variant(indicator: str, mode: str) -> str | None:
    """The per-capita or share-of-GDP form of ``indicator`` (itself when already in that form),
    or None when the catalog declares none."""
    if mode == "absolute":
        return indicator
    derived = derived_catalog()
    if indicator in derived and derived[indicator].kind in _KINDS[mode]:
        return indicator
    return next((d.id for d in derived.values() if d.of == indicator and d.kind in _KINDS[mode]), None)


def compare(
    entities: Sequence[str],
    indicators: Sequence[str],
    periods: Sequence[str] = (),
    mode: str = "absolute",
    peers: Sequence[str] | None = None,
    *,
    store: Store | None = None,
    latest: bool | None = None,
    ctx: Context | None = None,
) -> FigureSet:
    """Figures for ``entities`` and ``indicators``, one preferred figure per cell.

    ``periods`` picks periods (default: each cell's latest figure). ``mode`` turns each indicator
    into its per-capita or share-of-GDP form where the catalog declares one. With ``peers``, the
    one entity in ``entities`` is ranked among them, with ratio and gap to each peer and to the
    peer median (``Figure.standing`` and ``FigureSet.medians``). Stored and derived indicators
    mix freely; the set's ``notes`` say what a reader needs before comparing its rows.
    """
    if mode not in MODES:
        raise InvalidOption(f"mode {mode!r}; expected one of {', '.join(MODES)}")
    if store is None:
        from ..store import open as open_store

        store = open_store()
    notes: list[str] = []
    inds: list[str] = []
    for i in dict.fromkeys(indicators):
        v = variant(i, mode)
        if v is None:
            notes.append(f"{i}: has no {mode.replace('_', ' ')} form in the catalog; shown as published")
        inds.append(v or i)
    if peers is not None:
        if len(entities) != 1:
            raise InvalidOption("with peers, give exactly one entity to compare with them")
        df = compare_peers(store, entities[0], list(peers), inds, periods, ctx)
        return _peer_set(
            [{str(k): v for k, v in r.items()} for r in df.to_dict("records")], [*notes, *df.attrs.get("notes", [])]
        )
    df = figures(store, entities, inds, periods, latest=not periods if latest is None else latest, ctx=ctx)
    found = figure_set(df, [*notes, *df.attrs.get("notes", [])])
    # in the order asked for: indicators, then entities, then periods
    ents = {e: n for n, e in enumerate(store.resolve(entities)[0])}
    order = {i: n for n, i in enumerate(inds)}
    return FigureSet(
        tuple(
            sorted(
                found, key=lambda f: (order.get(f.indicator, len(order)), ents.get(f.entity, len(ents)), f.period.end)
            )
        ),
        found.notes,
    )


def _peer_set(rows: list[dict[str, Any]], notes: list[str]) -> FigureSet:
    figs: list[Figure] = []
    medians: list[Standing] = []
    for r in rows:
        standing = Standing(
            indicator=r["indicator"],
            entity=r["entity"],
            value=float(r["value_cmp"]),
            unit=r["cmp_unit"],
            rank=_int(r.get("rank")),
            ranked=int(r["ranked"]),
            ratio=_num(r.get("ratio")),
            gap=_num(r.get("gap")),
            rate_used=_str(r.get("rate_used")),
        )
        if r["entity"] == "peer median":
            medians.append(standing)
            continue
        fig = to_figure(r)
        figs.append(Figure(**{**fig.__dict__, "standing": standing}))
    if not figs:
        raise MetricError("no comparable figures")
    return FigureSet(tuple(figs), tuple(notes), tuple(medians))


def _num(v: Any) -> float | None:
    return None if v is None or v != v else float(v)


def _int(v: Any) -> int | None:
    return None if v is None or v != v else int(v)


def _str(v: Any) -> str | None:
    return v if isinstance(v, str) else None
