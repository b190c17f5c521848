"""Scores, ranks and their uncertainty: a nominal run and a vectorised Monte Carlo."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .data import Matrix
from .method import (
    AGGREGATIONS,
    IMPUTATIONS,
    NORMALISATIONS,
    aggregate,
    check_options,
    impute,
    normalise,
    ranks_of,
    winsorise,
)


@dataclass
class Result:
    """A nominal run: index and pillar scores, ranks, and the cells that were imputed or clipped."""

    entities: list[str]
    pillars: list[str]
    index: np.ndarray
    pillar_scores: np.ndarray
    ranks: np.ndarray
    imputed: np.ndarray
    winsorised: list[tuple[int, int]]
    choices: dict[str, str] = field(default_factory=dict)


def _impute(m: Matrix, X: np.ndarray, method: str) -> tuple[np.ndarray, np.ndarray]:
    """Impute, then put back the cells the framework says stay empty (not applicable)."""
    Xi, imputed = impute(X, method)
    keep = m.keep_empty()
    return np.where(keep, np.nan, Xi), imputed & ~keep


def _groups(m: Matrix) -> tuple[list[str], np.ndarray]:
    pillars = list(dict.fromkeys(m.pillars))
    return pillars, np.array([pillars.index(p) for p in m.pillars])


def score(
    m: Matrix,
    normalisation: str = "minmax",
    aggregation: str = "arithmetic",
    imputation: str = "mean",
    weights: np.ndarray | None = None,
    pillar_weights: dict[str, float] | None = None,
) -> Result:
    """One run of the index with the given choices."""
    pillars, groups = _groups(m)
    Xw, clipped = winsorise(m.X)
    Xi, imputed = _impute(m, Xw, imputation)
    S = normalise(Xi, m.higher, normalisation)
    P = aggregate(S, m.weights if weights is None else weights, groups, aggregation)
    pw = pillar_weights or m.pillar_weights
    pwv = np.array([pw.get(p, 1.0) for p in pillars], dtype=float)
    index = aggregate(P, pwv, np.zeros(len(pillars), dtype=int), aggregation)[:, 0]
    return Result(
        m.entities,
        pillars,
        index,
        P,
        ranks_of(index),
        imputed,
        clipped,
        {"normalisation": normalisation, "aggregation": aggregation, "imputation": imputation},
    )


@dataclass
class Uncertainty:
    """Ranks over the Monte Carlo draws, with the choices each draw made."""

    ranks: np.ndarray  # draws × entities
    choices: dict[str, np.ndarray]  # choice name -> per-draw index into its options
    weight_factors: np.ndarray  # draws × indicators
    pillar_factors: np.ndarray  # draws × pillars

    def summary(self, entities: list[str]) -> pd.DataFrame:
        return pd.DataFrame(
            {
                "entity": entities,
                "median_rank": np.median(self.ranks, axis=0),
                "rank_p05": np.percentile(self.ranks, 5, axis=0),
                "rank_p95": np.percentile(self.ranks, 95, axis=0),
            }
        )


OPTIONS = {"normalisation": NORMALISATIONS, "aggregation": AGGREGATIONS, "imputation": IMPUTATIONS}


def draw(m: Matrix, n: int, seed: int = 0, perturb: float = 0.25) -> dict[str, np.ndarray]:
    """The random choices of ``n`` draws: which method options, and weight multipliers."""
    rng = np.random.default_rng(seed)
    pillars, _ = _groups(m)
    return {
        "normalisation": rng.integers(0, len(NORMALISATIONS), n),
        "aggregation": rng.integers(0, len(AGGREGATIONS), n),
        "imputation": rng.integers(0, len(IMPUTATIONS), n),
        "w": rng.uniform(1 - perturb, 1 + perturb, (n, len(m.indicators))),
        "pw": rng.uniform(1 - perturb, 1 + perturb, (n, len(pillars))),
    }


def monte_carlo(
    m: Matrix,
    n: int = 2000,
    seed: int = 0,
    perturb: float = 0.25,
    pillar_weights: dict[str, float] | None = None,
    progress: Callable[[str, int, int], None] | None = None,
) -> Uncertainty:
    """Ranks under ``n`` random modelling choices, vectorised: each (imputation, normalisation)
    variant is computed once, and the draws that use it are aggregated together with einsum.
    ``progress(stage, done, total)`` hears the draws done after each variant."""
    check_options("minmax", "arithmetic", "mean", n, perturb)
    pillars, groups = _groups(m)
    d = draw(m, n, seed, perturb)
    G = np.zeros((len(m.indicators), len(pillars)))
    G[np.arange(len(m.indicators)), groups] = 1
    pw_base = np.array([(pillar_weights or m.pillar_weights).get(p, 1.0) for p in pillars])
    W = d["w"] * m.weights[None, :]
    PW = d["pw"] * pw_base[None, :]
    Xw, _ = winsorise(m.X)
    index = np.full((n, len(m.entities)), np.nan)
    done = 0
    for i_imp, imp in enumerate(IMPUTATIONS):
        Xi, _ = _impute(m, Xw, imp)
        for i_norm, norm in enumerate(NORMALISATIONS):
            S = normalise(Xi, m.higher, norm)
            present = (~np.isnan(S)).astype(float)
            Sz = np.nan_to_num(S)
            logS = np.log(np.maximum(np.nan_to_num(S, nan=1.0), 1.0))
            sel = np.where((d["imputation"] == i_imp) & (d["normalisation"] == i_norm))[0]
            if not len(sel):
                continue
            w = W[sel]
            den = np.einsum("ei,ni,ip->nep", present, w, G)
            with np.errstate(invalid="ignore", divide="ignore"):
                arith = np.einsum("ei,ni,ip->nep", Sz * present, w, G) / den
                geo = np.exp(np.einsum("ei,ni,ip->nep", logS * present, w, G) / den)
            geo_draw = d["aggregation"][sel] == 1
            P = np.where(geo_draw[:, None, None], geo, arith)
            P = np.where(den > 0, P, np.nan)
            pp = ~np.isnan(P)
            pwd = PW[sel][:, None, :] * pp
            with np.errstate(invalid="ignore", divide="ignore"):
                a_idx = (np.nan_to_num(P) * pwd).sum(-1) / pwd.sum(-1)
                g_idx = np.exp((np.log(np.maximum(np.nan_to_num(P, nan=1.0), 1.0)) * pwd).sum(-1) / pwd.sum(-1))
            index[sel] = np.where(geo_draw[:, None], g_idx, a_idx)
            done += len(sel)
            if progress:
                progress("Monte Carlo draws", done, n)
    return Uncertainty(ranks_of(index), {k: d[k] for k in OPTIONS}, d["w"], d["pw"])


def monte_carlo_loop(m: Matrix, n: int = 200, seed: int = 0, perturb: float = 0.25) -> np.ndarray:
    """The same computation, one draw, entity and pillar at a time in plain Python: the
    benchmark's baseline and the vectorised version's check."""
    pillars, groups = _groups(m)
    d = draw(m, n, seed, perturb)
    Xw, _ = winsorise(m.X)
    variants = {
        (i, j): normalise(_impute(m, Xw, imp)[0], m.higher, norm).tolist()
        for i, imp in enumerate(IMPUTATIONS)
        for j, norm in enumerate(NORMALISATIONS)
    }
    pw_base = [m.pillar_weights.get(p, 1.0) for p in pillars]
    out = []
    for k in range(n):
        S = variants[(int(d["imputation"][k]), int(d["normalisation"][k]))]
        geo = int(d["aggregation"][k]) == 1
        scores = []
        for e in range(len(m.entities)):
            pvals, pws = [], []
            for p in range(len(pillars)):
                num = den = 0.0
                for i in range(len(m.indicators)):
                    v = S[e][i]
                    if groups[i] != p or v != v:
                        continue
                    w = m.weights[i] * d["w"][k][i]
                    num += w * (np.log(max(v, 1.0)) if geo else v)
                    den += w
                if den > 0:
                    pvals.append(float(np.exp(num / den)) if geo else num / den)
                    pws.append(pw_base[p] * d["pw"][k][p])
            if not pws:
                scores.append(float("nan"))
                continue
            total = sum(pws)
            if geo:
                scores.append(
                    float(np.exp(sum(w * np.log(max(v, 1.0)) for v, w in zip(pvals, pws, strict=True)) / total))
                )
            else:
                scores.append(sum(w * v for v, w in zip(pvals, pws, strict=True)) / total)
        out.append([1 + sum(1 for o in scores if o == o and (s != s or o > s)) for s in scores])
    return np.array(out)


def sensitivity(u: Uncertainty, m: Matrix, entity: str, top: int = 3) -> pd.DataFrame:
    """First-order effects on one entity's rank: the share of its rank's variance explained by
    each modelling choice and by each indicator's weight (binned in deciles)."""
    e = m.entities.index(entity)
    r = u.ranks[:, e].astype(float)
    total = r.var()
    rows = []
    for name, idx in u.choices.items():
        means = [r[idx == k].mean() for k in np.unique(idx)]
        counts = [(idx == k).sum() for k in np.unique(idx)]
        rows.append({"driver": f"{name} choice", "share_of_variance": _between(means, counts, r.mean(), total)})
    for i, ind in enumerate(m.indicators):
        bins = np.minimum((np.argsort(np.argsort(u.weight_factors[:, i])) * 10) // len(r), 9)
        means = [r[bins == k].mean() for k in range(10) if (bins == k).any()]
        counts = [(bins == k).sum() for k in range(10) if (bins == k).any()]
        rows.append({"driver": f"weight of {ind}", "share_of_variance": _between(means, counts, r.mean(), total)})
    df = pd.DataFrame(rows).sort_values("share_of_variance", ascending=False, ignore_index=True)
    return df.head(top) if top else df


def _between(means: list[float], counts: list[int], grand: float, total: float) -> float:
    if total == 0:
        return 0.0
    return float(sum(c * (m - grand) ** 2 for m, c in zip(means, counts, strict=True)) / sum(counts) / total)
