"""The entity × indicator matrix an index is computed on: latest verified figures in a window."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ..metrics import figures
from ..metrics.derive import Context
from ..periods import Period
from .framework import Framework


@dataclass
class Matrix:
    """Raw values (NaN where missing), which period each came from, and what was left out."""

    entities: list[str]
    indicators: list[str]
    pillars: list[str]  # the pillar of each indicator
    X: np.ndarray
    higher: np.ndarray
    weights: np.ndarray
    pillar_weights: dict
    periods: list[list[str | None]]
    excluded: list[str] = field(default_factory=list)


def build_matrix(fw: Framework, store, ctx: Context | None = None) -> Matrix:
    """Collect each entity's latest verified figure per indicator, screen coverage, and say why
    anything was left out. Ranks of different N become percentiles (1 = best) so that editions
    with more countries stay comparable."""
    ctx = ctx or Context.from_store(store, list(fw.entities))
    inds = [it.indicator for it in fw.items]
    df = figures(store, list(fw.entities), inds, latest=True, ctx=ctx)
    df = df[(df["status"] == "verified") & (df["method"] != "projection")]
    newest = max((Period.parse(str(p).split("/")[-1]).end.year for p in df["period"]), default=0)
    cells: dict[tuple[str, str], tuple[float, str]] = {}
    for r in df.to_dict("records"):
        end = Period.parse(str(r["period"]).split("/")[-1]).end.year
        if newest - end > fw.window_years:
            continue
        v = r["value_std"] if r["value_std"] is not None and r["value_std"] == r["value_std"] else r["value"]
        if v is None or v != v:
            continue
        if r.get("unit") == "rank" and r.get("rank_of") and r["rank_of"] == r["rank_of"] and r["rank_of"] > 1:
            v = 100 * (1 - (float(v) - 1) / (float(r["rank_of"]) - 1))  # percentile: higher is better
        cells[(r["entity"], r["indicator"])] = (float(v), str(r["period"]))
    excluded = []
    keep_items = []
    n_ent = len(fw.entities)
    for it in fw.items:
        have = sum((e, it.indicator) in cells for e in fw.entities)
        if have / n_ent < fw.min_indicator_coverage:
            excluded.append(f"indicator {it.indicator}: figures for {have} of {n_ent} entities "
                            f"(needs {fw.min_indicator_coverage:.0%})")
        else:
            keep_items.append(it)
    keep_ents = []
    for e in fw.entities:
        have = sum((e, it.indicator) in cells for it in keep_items)
        if keep_items and have / len(keep_items) < fw.min_entity_coverage:
            excluded.append(f"entity {e}: figures for {have} of {len(keep_items)} indicators "
                            f"(needs {fw.min_entity_coverage:.0%})")
        else:
            keep_ents.append(e)
    X = np.full((len(keep_ents), len(keep_items)), np.nan)
    periods: list[list[str | None]] = []
    for a, e in enumerate(keep_ents):
        row = []
        for b, it in enumerate(keep_items):
            cell = cells.get((e, it.indicator))
            if cell:
                X[a, b] = cell[0]
            row.append(cell[1] if cell else None)
        periods.append(row)
    # a rank turned into a percentile is now higher-is-better
    higher = np.array([True if _is_rank_pct(df, it.indicator) else it.higher_is_better for it in keep_items])
    return Matrix(keep_ents, [it.indicator for it in keep_items], [it.pillar for it in keep_items], X, higher,
                  np.array([it.weight for it in keep_items]), dict(fw.pillar_weights), periods, excluded)


def _is_rank_pct(df, indicator: str) -> bool:
    part = df[df["indicator"] == indicator]
    return bool(len(part)) and (part["unit"] == "rank").all() and part["rank_of"].notna().all()
