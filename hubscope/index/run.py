"""run_index(): the whole index for the CLI, web and report — scores, intervals, drivers, what-if."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
import pandas as pd

from ..catalog import load_catalog
from ..errors import HubscopeError, IndexOptionError, UnknownEntity
from ..metrics.derive import Context
from .data import CellSource, Matrix, build_matrix
from .framework import Framework, load_framework
from .method import check_options
from .score import Result, Uncertainty, monte_carlo, score, sensitivity


@dataclass
class IndexRun:
    framework: Framework
    matrix: Matrix
    result: Result
    uncertainty: Uncertainty
    table: pd.DataFrame
    drivers: pd.DataFrame
    notes: list[str]
    what_if: pd.DataFrame | None = None
    cells: pd.DataFrame = field(default_factory=pd.DataFrame)  # every cell and where it came from


def cell_table(m: Matrix, res: Result) -> pd.DataFrame:
    """One row per entity × indicator: the raw value used, its period, and its ``CellSource``."""
    rows = []
    for a, e in enumerate(m.entities):
        for b, ind in enumerate(m.indicators):
            src = m.sources[a][b] if m.sources else CellSource.MISSING
            if res.imputed[a, b] and src is CellSource.MISSING:
                src = CellSource.IMPUTED
            value = m.X[a, b]
            rows.append(
                {
                    "entity": e,
                    "indicator": ind,
                    "pillar": m.pillars[b],
                    "value": None if src is CellSource.IMPUTED or value != value else float(value),
                    "period": m.periods[a][b],
                    "source": src.value,
                    "from": m.origin[a][b] if m.origin else None,
                    "rule": m.not_applicable.get(ind) if src is CellSource.NOT_APPLICABLE else None,
                }
            )
    return pd.DataFrame(rows, columns=["entity", "indicator", "pillar", "value", "period", "source", "from", "rule"])


def _table(m: Matrix, res: Result, unc: Uncertainty) -> pd.DataFrame:
    t = unc.summary(m.entities)
    t.insert(0, "rank", res.ranks)
    t.insert(2, "score", np.round(res.index, 2))
    for j, p in enumerate(res.pillars):
        t[f"pillar:{p}"] = np.round(res.pillar_scores[:, j], 1)
    cells = cell_table(m, res)
    for src in CellSource:  # how many of each entity's cells came from where
        if src is not CellSource.UNVERIFIED:
            t[f"cells:{src.value}"] = [
                int(((cells["entity"] == e) & (cells["source"] == src.value)).sum()) for e in m.entities
            ]
    return t.sort_values(["rank", "entity"], ignore_index=True)


def run_index(
    store: Any,
    framework: str | None = None,
    normalisation: str = "minmax",
    aggregation: str = "arithmetic",
    imputation: str = "mean",
    pillar_weights: dict[str, float] | None = None,
    draws: int = 2000,
    seed: int = 0,
    perturb: float = 0.25,
    focus: str = "JPN",
    what_if: list[tuple[str, str, float]] | None = None,
    ctx: Context | None = None,
    progress: Callable[[str, int, int], None] | None = None,
) -> IndexRun:
    """Score the framework's entities with intervals; ``what_if`` changes raw cells and reruns.
    Pass a metrics ``Context`` to reuse a read of the store; ``progress(stage, done, total)``
    hears the Monte Carlo draws."""
    check_options(normalisation, aggregation, imputation, draws, perturb)
    fw = load_framework(framework)
    focus = _focus(focus, fw)
    m = build_matrix(fw, store, ctx)
    if not m.indicators or not m.entities:
        raise HubscopeError(f"{fw.path}: no indicator or entity has enough data to score; " + "; ".join(m.excluded))
    if focus not in m.entities:
        why = next((n for n in m.excluded if n.startswith(f"entity {focus} ")), "")
        raise IndexOptionError(f"focus: {focus} is not scored: {why}")
    pw = {**m.pillar_weights, **(pillar_weights or {})}
    if any(w < 0 for w in pw.values()):
        raise HubscopeError("weights must not be negative")
    unknown = set(pillar_weights or {}) - set(m.pillar_weights)
    if unknown:
        raise HubscopeError(
            f"unknown pillar in weights: {', '.join(sorted(unknown))}; expected {', '.join(m.pillar_weights)}"
        )
    m = replace(m, pillar_weights=pw)
    res = score(m, normalisation, aggregation, imputation)
    unc = monte_carlo(m, draws, seed, perturb, progress=progress)
    notes = list(m.excluded)
    notes += [
        f"imputed ({imputation}): {m.entities[e]} {m.indicators[i]}"
        for e, i in zip(*np.where(res.imputed), strict=True)
    ]
    notes += [f"winsorised: {m.entities[e]} {m.indicators[i]}" for e, i in res.winsorised]
    for j, ind in enumerate(m.indicators):  # the latest year in the window, per indicator
        used = sorted({p for row in m.periods if (p := row[j])})
        notes.append(f"periods used for {ind}: {', '.join(used)}")
    drivers = sensitivity(unc, m, focus)
    run = IndexRun(fw, m, res, unc, _table(m, res, unc), drivers, notes, cells=cell_table(m, res))
    if what_if:
        run.what_if = _what_if(m, what_if, normalisation, aggregation, imputation, draws, seed, perturb, run.table)
    return run


def _focus(name: str, fw: Framework) -> str:
    """The focus entity's id; an unknown name suggests the nearest of the framework's entities."""
    try:
        entity = load_catalog().resolve_entity(name)
    except HubscopeError:
        exc = UnknownEntity(name, fw.entities)
        if exc.suggestion is None:
            exc.args = (f"{exc}; expected one of the framework's entities: {', '.join(fw.entities)}",)
        raise exc from None
    if entity not in fw.entities:
        raise IndexOptionError(f"focus: {entity} is not one of the framework's entities: {', '.join(fw.entities)}")
    return entity


def _what_if(
    m: Matrix,
    changes: list[tuple[str, str, float]],
    normalisation: str,
    aggregation: str,
    imputation: str,
    draws: int,
    seed: int,
    perturb: float,
    before: pd.DataFrame,
) -> pd.DataFrame:
    X = m.X.copy()
    for entity, indicator, value in changes:
        if entity not in m.entities:
            raise HubscopeError(f"what-if: {entity} is not scored (screened out or not in the framework)")
        if indicator not in m.indicators:
            raise HubscopeError(f"what-if: {indicator} is not in the scored indicators: {', '.join(m.indicators)}")
        X[m.entities.index(entity), m.indicators.index(indicator)] = value
    m2 = replace(m, X=X)
    after = _table(m2, score(m2, normalisation, aggregation, imputation), monte_carlo(m2, draws, seed, perturb))
    both = before[["entity", "rank", "score", "median_rank", "rank_p05", "rank_p95"]].merge(
        after[["entity", "rank", "score", "median_rank", "rank_p05", "rank_p95"]],
        on="entity",
        suffixes=("_before", "_after"),
    )
    return both.sort_values("rank_after", ignore_index=True)
