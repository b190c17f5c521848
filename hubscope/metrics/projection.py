"""Projections: CAGR extrapolation with a band from the spread of past growth, labelled as such."""

from __future__ import annotations

import statistics
from typing import TYPE_CHECKING

import pandas as pd

from ..errors import MetricError
from ..model import Observation
from ..periods import Period
from ..provenance import Provenance, Source

if TYPE_CHECKING:
    from ..store import Store


def project(
    store: Store, entity: str, indicator: str, to_year: int, save: bool = False, author: str = "hubscope"
) -> list[Observation]:
    """Extrapolate a yearly series to ``to_year`` at its mean growth, with low/high bounds.

    Needs at least three past yearly figures from one source. The result is a list of
    observations with method ``projection``; with ``save`` they are recorded in the store
    under a source that names the method and the inputs.
    """
    (eid,), _ = store.resolve([entity])
    df = store.observations([eid], [indicator])
    df = df[(df["period_kind"] == "year") & df["value"].notna() & (df["method"] != "projection")]
    if df.empty:
        raise MetricError(f"{indicator} for {eid}: no yearly figures to project from")
    source = df.groupby("source").size().sort_values(ascending=False, kind="stable").index[0]
    series = df[df["source"] == source].sort_values("period")
    if len(series) < 3:
        raise MetricError(
            f"{indicator} for {eid}: a projection needs at least three past yearly "
            f"figures from one source; found {len(series)}"
        )
    years = [int(p) for p in series["period"]]
    values = list(series["value"])
    points = list(zip(years, values, strict=True))
    growth = [(b / a) ** (1 / (yb - ya)) - 1 for (ya, a), (yb, b) in zip(points, points[1:], strict=False) if a > 0]
    if len(growth) < 2:
        raise MetricError(f"{indicator} for {eid}: not enough positive figures to estimate growth")
    mean, spread = statistics.mean(growth), statistics.stdev(growth)
    last_year, last = years[-1], values[-1]
    if to_year <= last_year:
        raise MetricError(f"{indicator} for {eid}: {to_year} is not after the last figure ({last_year})")
    row = series.iloc[-1]
    src = Source(
        id=f"hubscope-projection-{indicator}-{eid}-{source}"[:120],
        publisher="hubscope",
        title=f"CAGR projection of {indicator} for {eid} from {source}",
        note=(
            f"mean annual growth {100 * mean:.2f}% ± {100 * spread:.2f}% (one standard deviation "
            f"of {len(growth)} yearly growth rates, {years[0]}-{last_year}), from {row['publisher']}"
        ),
        priority=99,
    )
    out = []
    for y in range(last_year + 1, to_year + 1):
        n = y - last_year
        out.append(
            Observation(
                entity=eid,
                indicator=indicator,
                period=Period.parse(str(y)),
                unit=row["unit"],
                value=last * (1 + mean) ** n,
                lower=last * (1 + mean - spread) ** n,
                upper=last * (1 + mean + spread) ** n,
                qualifier="exact",
                price_basis=None if pd.isna(row["price_basis"]) else row["price_basis"],
                note=f"projection: band is mean growth ± one standard deviation; {len(values)} inputs",
                provenance=Provenance(source=src, method="projection", status="unverified"),
            )
        )
    if save:
        with store.write() as conn:
            for obs in out:
                store.record(obs, author, "projection (CAGR extrapolation)", conn)
    return out
