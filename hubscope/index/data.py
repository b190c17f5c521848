"""The entity × indicator matrix an index is computed on: latest verified figures in a window."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any

import numpy as np
import pandas as pd

from ..metrics import figures
from ..metrics.derive import Context
from ..periods import Period
from .framework import Framework, Item


class CellSource(StrEnum):
    """Where a cell of the index came from."""

    VERIFIED = "verified"  # a verified stored or derived figure within the window
    UNVERIFIED = "unverified"  # never scored; kept for the web and exports to name
    ESTIMATE = "estimate"  # a verified figure of the item's stand-in indicator (``fallback``)
    IMPUTED = "imputed"  # filled by the imputation method
    NOT_APPLICABLE = "not_applicable"  # the framework's documented rule (e.g. native English speakers)
    MISSING = "missing"  # left empty ("none" imputation re-weights over the rest)


@dataclass
class Matrix:
    """Raw values (NaN where missing), which period each came from, and what was left out."""

    entities: list[str]
    indicators: list[str]
    pillars: list[str]  # the pillar of each indicator
    X: np.ndarray
    higher: np.ndarray
    weights: np.ndarray
    pillar_weights: dict[str, float]
    periods: list[list[str | None]]
    excluded: list[str] = field(default_factory=list)
    sources: list[list[CellSource]] | None = None  # entity × indicator, before imputation
    origin: list[list[str | None]] | None = None  # which stored/derived indicator filled the cell
    screened: list[dict[str, Any]] = field(default_factory=list)  # what was screened out and why
    not_applicable: dict[str, str] = field(default_factory=dict)  # indicator -> rule

    def keep_empty(self) -> np.ndarray:
        """Cells no imputation may fill: not applicable under the ``reweight`` rule."""
        mask = np.zeros(self.X.shape, dtype=bool)
        for a, row in enumerate(self.sources or []):
            for b, src in enumerate(row):
                mask[a, b] = src is CellSource.NOT_APPLICABLE and np.isnan(self.X[a, b])
        return mask


def _year(period: object) -> int:
    return Period.parse(str(period).split("/")[-1]).end.year


def _newness(period: object) -> tuple[date, date]:
    """Sort key: the newest end first (2022-10 after 2022-03), then the narrowest period
    (2022 before 2013/2022)."""
    text = str(period)
    return Period.parse(text.split("/")[-1]).end, Period.parse(text.split("/")[0]).start


def _value(r: dict[str, Any]) -> tuple[float, bool] | None:
    """The cell's value, and whether it is a rank turned into a percentile (higher is better)."""
    v = r["value_std"] if r["value_std"] is not None and r["value_std"] == r["value_std"] else r["value"]
    if v is None or v != v:
        return None
    rank_of = r.get("rank_of")
    if r.get("unit") == "rank" and rank_of and rank_of == rank_of and rank_of > 1:
        return 100 * (1 - (float(v) - 1) / (float(rank_of) - 1)), True
    return float(v), False


Found = dict[tuple[str, str], tuple[float, str, bool]]


def _cells(df: pd.DataFrame, window: float) -> Found:
    """The newest verified figure per (entity, indicator) within the window. Verified figures are
    chosen first and the newest among them after, so a newer unverified figure never hides one."""
    df = df[(df["status"] == "verified") & (df["method"] != "projection")]
    newest = max((_year(p) for p in df["period"]), default=0)
    cells: dict[tuple[str, str], tuple[float, str, bool, tuple[date, date]]] = {}
    for r in df.to_dict("records"):
        when = _newness(r["period"])
        v = _value({str(k): x for k, x in r.items()})
        if newest - when[0].year > window or v is None:
            continue
        key = (str(r["entity"]), str(r["indicator"]))
        if key not in cells or when > cells[key][3]:
            cells[key] = (v[0], str(r["period"]), v[1], when)
    return {k: (v, p, pct) for k, (v, p, pct, _) in cells.items()}


def build_matrix(fw: Framework, store: Any, ctx: Context | None = None) -> Matrix:
    """Collect each entity's latest verified figure per indicator, screen coverage, and say why
    anything was left out. Ranks of different N become percentiles (1 = best) so that editions
    with more countries stay comparable."""
    ctx = ctx or Context.from_store(store, list(fw.entities))
    inds = list(dict.fromkeys([it.indicator for it in fw.items] + [f for it in fw.items for f in it.fallback]))
    df = figures(store, list(fw.entities), inds, latest=False, ctx=ctx)
    found = _cells(df, fw.window_years)
    cells: dict[tuple[str, str], tuple[float, str, CellSource, str]] = {}
    pct: dict[str, list[bool]] = {}
    for it in fw.items:
        for e in fw.entities:
            for alt, kind in [(it.indicator, CellSource.VERIFIED), *((f, CellSource.ESTIMATE) for f in it.fallback)]:
                if (e, alt) in found:
                    v, period, is_pct = found[(e, alt)]
                    cells[(e, it.indicator)] = (v, period, kind, alt)
                    pct.setdefault(it.indicator, []).append(is_pct)
                    break
    keep_items, keep_ents, excluded, screened = _screen(fw, cells)
    X = np.full((len(keep_ents), len(keep_items)), np.nan)
    periods: list[list[str | None]] = []
    sources: list[list[CellSource]] = []
    origin: list[list[str | None]] = []
    for a, e in enumerate(keep_ents):
        prow: list[str | None] = []
        srow: list[CellSource] = []
        orow: list[str | None] = []
        for b, it in enumerate(keep_items):
            cell = cells.get((e, it.indicator))
            if cell:
                X[a, b] = cell[0]
            na = e in it.not_applicable
            prow.append(cell[1] if cell else None)
            srow.append(cell[2] if cell else CellSource.NOT_APPLICABLE if na else CellSource.MISSING)
            orow.append(cell[3] if cell else None)
        periods.append(prow)
        sources.append(srow)
        origin.append(orow)
    # a rank turned into a percentile is now higher-is-better
    higher = np.array([True if all(pct.get(it.indicator, [False])) else it.higher_is_better for it in keep_items])
    _apply_not_applicable(X, keep_items, higher, sources)
    return Matrix(
        keep_ents,
        [it.indicator for it in keep_items],
        [it.pillar for it in keep_items],
        X,
        higher,
        np.array([it.weight for it in keep_items]),
        dict(fw.pillar_weights),
        periods,
        excluded,
        sources,
        origin,
        screened,
        {it.indicator: it.not_applicable_rule for it in keep_items if it.not_applicable},
    )


def _screen(
    fw: Framework, cells: dict[tuple[str, str], Any]
) -> tuple[list[Item], list[str], list[str], list[dict[str, Any]]]:
    """Coverage screening (OECD/JRC Handbook step 3): which indicators, pillars and entities stay,
    and a sentence for each one that goes. A not-applicable cell counts as covered."""

    def has(e: str, it: Item) -> bool:
        return (e, it.indicator) in cells or e in it.not_applicable

    excluded: list[str] = []
    screened: list[dict[str, Any]] = []
    keep_items: list[Item] = []
    n_ent = len(fw.entities)
    for it in fw.items:
        n = sum(has(e, it) for e in fw.entities)
        if n / n_ent < fw.min_indicator_coverage:
            excluded.append(
                f"indicator {it.indicator} screened out: coverage {n / n_ent:.0%} below the threshold "
                f"{fw.min_indicator_coverage:.0%} (has {n} of {n_ent} entities)"
            )
            screened.append(
                {
                    "kind": "indicator",
                    "id": it.indicator,
                    "pillar": it.pillar,
                    "have": n,
                    "of": n_ent,
                    "threshold": fw.min_indicator_coverage,
                }
            )
        else:
            keep_items.append(it)
    kept_pillars = {it.pillar for it in keep_items}
    for p in dict.fromkeys(it.pillar for it in fw.items):
        if p not in kept_pillars:
            lost = [it.indicator for it in fw.items if it.pillar == p]
            excluded.append(
                f"pillar {p} screened out: none of its {len(lost)} indicators "
                f"({', '.join(lost)}) reaches {fw.min_indicator_coverage:.0%} coverage"
            )
            screened.append(
                {"kind": "pillar", "id": p, "have": 0, "of": len(lost), "threshold": fw.min_indicator_coverage}
            )
    keep_ents: list[str] = []
    for e in fw.entities:
        n = sum(has(e, it) for it in keep_items)
        if keep_items and n / len(keep_items) < fw.min_entity_coverage:
            missing = [it.indicator for it in keep_items if not has(e, it)]
            excluded.append(
                f"entity {e} screened out: coverage {n / len(keep_items):.0%} below the threshold "
                f"{fw.min_entity_coverage:.0%} (has {n} of {len(keep_items)} indicators; "
                f"missing {', '.join(missing)})"
            )
            screened.append(
                {
                    "kind": "entity",
                    "id": e,
                    "have": n,
                    "of": len(keep_items),
                    "threshold": fw.min_entity_coverage,
                    "missing": missing,
                }
            )
        else:
            keep_ents.append(e)
    return keep_items, keep_ents, excluded, screened


def _apply_not_applicable(
    X: np.ndarray, items: list[Item], higher: np.ndarray, sources: list[list[CellSource]]
) -> None:
    """Fill not-applicable cells by the item's documented rule: ``frontier`` gives the best value
    observed among the scored entities (docs/index-method.md); ``reweight`` leaves the
    cell empty, so the pillar is averaged over the entity's other indicators."""
    for b, it in enumerate(items):
        rows = [a for a in range(X.shape[0]) if sources[a][b] is CellSource.NOT_APPLICABLE]
        if not rows or it.not_applicable_rule != "frontier":
            continue
        col = X[:, b]
        if np.isnan(col).all():
            continue
        best = np.nanmax(col) if higher[b] else np.nanmin(col)
        X[rows, b] = best
