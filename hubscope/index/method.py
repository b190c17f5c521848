"""The composite-index method (OECD/JRC Handbook): impute, winsorise, normalise, weight, aggregate.

All functions take an entity × indicator array and are vectorised with NumPy.

>>> import numpy as np
>>> normalise(np.array([[1.0], [3.0], [2.0]]), np.array([True]), "minmax").ravel().tolist()
[0.0, 100.0, 50.0]
"""

from __future__ import annotations

import numpy as np

from ..errors import IndexOptionError

NORMALISATIONS = ("minmax", "zscore", "rank", "frontier")
AGGREGATIONS = ("arithmetic", "geometric")
IMPUTATIONS = ("mean", "median", "none")


def impute(X: np.ndarray, method: str) -> tuple[np.ndarray, np.ndarray]:
    """Fill missing cells with the indicator's mean or median ("none" leaves them, and the
    aggregation re-weights over what is there). Returns the array and the imputed-cell mask."""
    if method not in IMPUTATIONS:
        raise IndexOptionError(f"imputation {method!r}; expected one of {', '.join(IMPUTATIONS)}")
    missing = np.isnan(X)
    if method == "none":
        return X.copy(), np.zeros_like(missing)
    fill = np.nanmean(X, axis=0) if method == "mean" else np.nanmedian(X, axis=0)
    out = np.where(missing, fill[None, :], X)
    return out, missing


def winsorise(X: np.ndarray, max_points: int = 5) -> tuple[np.ndarray, list[tuple[int, int]]]:
    """Clip outliers of indicators with |skewness| > 2 and kurtosis > 3.5, one point at a time
    (to the next value), up to ``max_points``. Returns the array and the (entity, indicator)
    cells changed."""
    X = X.copy()
    changed = []
    for j in range(X.shape[1]):
        for _ in range(max_points):
            col = X[:, j]
            ok = ~np.isnan(col)
            x = col[ok]
            if len(x) < 4 or x.std() == 0:
                break
            z = (x - x.mean()) / x.std()
            skew, kurt = (z**3).mean(), (z**4).mean()
            if abs(skew) <= 2 or kurt <= 3.5:
                break
            idx = np.where(ok)[0]
            distinct = np.unique(x)
            if len(distinct) < 3:
                break  # clipping would flatten the indicator: an outlier against nothing is information
            # every cell at the extreme moves to the next value: a cell clipped earlier ties with the
            # value it was clipped to, and both move on together (never the same cell again in place)
            end, nxt = (distinct[-1], distinct[-2]) if skew > 0 else (distinct[0], distinct[1])
            for top in idx[x == end]:
                X[top, j] = nxt
                if (int(top), j) not in changed:
                    changed.append((int(top), j))
    return X, changed


def normalise(X: np.ndarray, higher: np.ndarray, method: str) -> np.ndarray:
    """Scores on 0-100 where 100 is best, whatever the indicator's direction. NaN stays NaN."""
    S = np.where(higher[None, :], X, -X)
    with np.errstate(invalid="ignore", divide="ignore"):
        if method == "minmax":
            lo, hi = np.nanmin(S, axis=0), np.nanmax(S, axis=0)
            span = np.where(hi > lo, hi - lo, np.nan)
            out = np.where(np.isnan(span), 50.0, (S - lo) / span * 100)
        elif method == "zscore":
            mu, sd = np.nanmean(S, axis=0), np.nanstd(S, axis=0)
            z = np.where(sd > 0, (S - mu) / np.where(sd > 0, sd, 1), 0.0)
            out = (np.clip(z, -3, 3) + 3) / 6 * 100
        elif method == "rank":
            out = np.full_like(S, np.nan)
            for j in range(S.shape[1]):
                col = S[:, j]
                ok = ~np.isnan(col)
                n = ok.sum()
                if n == 0:
                    continue
                v = col[ok]
                # average rank of ties, as a percentile: the lowest is 0, the highest 100
                ranks = np.array([((v < x).sum() + ((v == x).sum() - 1) / 2) for x in v])
                out[ok, j] = ranks / (n - 1) * 100 if n > 1 else 50.0
        elif method == "frontier":
            raw = X
            hi, lo = np.nanmax(raw, axis=0), np.nanmin(raw, axis=0)
            up = np.where(hi > 0, raw / np.where(hi > 0, hi, 1) * 100, 50.0)
            down = np.where(raw > 0, lo / np.where(raw > 0, raw, 1) * 100, 100.0)
            out = np.where(higher[None, :], up, down)
            out = np.where((lo < 0)[None, :], normalise(X, higher, "minmax"), out)  # not a ratio scale
        else:
            raise IndexOptionError(f"normalisation {method!r}; expected one of {', '.join(NORMALISATIONS)}")
    return np.where(np.isnan(X), np.nan, np.clip(out, 0, 100))


def aggregate(S: np.ndarray, weights: np.ndarray, groups: np.ndarray, method: str) -> np.ndarray:
    """Weighted arithmetic or geometric mean of columns within each group (a pillar, or the
    index). Missing cells are skipped and the weights of the rest renormalised. Geometric means
    floor scores at 1, so a zero does not wipe out a whole pillar. ``groups`` maps each
    column to a group number; returns entity × group."""
    n_groups = int(groups.max()) + 1
    G = np.zeros((S.shape[1], n_groups))
    G[np.arange(S.shape[1]), groups] = 1
    present = ~np.isnan(S)
    W = present * weights[None, :]
    denom = W @ G
    with np.errstate(invalid="ignore", divide="ignore"):
        if method == "arithmetic":
            out = (np.nan_to_num(S) * W) @ G / denom
        elif method == "geometric":
            out = np.exp((np.log(np.maximum(np.nan_to_num(S, nan=1.0), 1.0)) * W) @ G / denom)
        else:
            raise IndexOptionError(f"aggregation {method!r}; expected one of {', '.join(AGGREGATIONS)}")
    # exp(log(100)) can come back as 100.00000000000001: scores live on 0-100
    return np.where(denom > 0, np.clip(out, 0, 100), np.nan)


def ranks_of(scores: np.ndarray) -> np.ndarray:
    """1 = best; equal scores share the better rank; works along the last axis."""
    s = np.where(np.isnan(scores), -np.inf, scores)
    out: np.ndarray = (s[..., None, :] > s[..., :, None]).sum(axis=-1) + 1
    return out


def check_options(normalisation: str, aggregation: str, imputation: str, draws: int, perturb: float) -> None:
    """Raise IndexOptionError naming the first option out of its range."""
    for name, value, options in (
        ("normalisation", normalisation, NORMALISATIONS),
        ("aggregation", aggregation, AGGREGATIONS),
        ("imputation", imputation, IMPUTATIONS),
    ):
        if value not in options:
            raise IndexOptionError(f"{name} {value!r}; expected one of {', '.join(options)}")
    if isinstance(draws, bool) or not isinstance(draws, int) or draws < 1:
        raise IndexOptionError(f"draws must be at least 1, got {draws}")
    if not 0 <= perturb < 1:
        raise IndexOptionError(f"perturb must be between 0 and 1 (a weight multiplier of 1 ± perturb), got {perturb}")
