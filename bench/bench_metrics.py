"""Benchmark: a full peer comparison against a plain pandas merge-and-divide of the same numbers.

Run: make bench   (or .venv/bin/python bench/bench_metrics.py)
Candidate: every stored and derived indicator, 12 entities, all periods (figures()), plus the
ranked peer table (compare_peers) with conversions and provenance. Baseline: one SQL read of the
current values and a pandas merge-and-divide for the same derived indicators, without
provenance, preference or unit handling. Prints medians and the ratio.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _timing import timed  # noqa: E402

from hubscope.metrics import compare_peers, derived_catalog, figures  # noqa: E402
from hubscope.metrics.derive import Context  # noqa: E402
from hubscope.store import Store  # noqa: E402

ENTITIES = ["JPN", "USA", "CHN", "GBR", "DEU", "FRA", "KOR", "SGP", "ISR", "IND", "CAN", "EU27"]
REPEAT = 5




def baseline(store: Store) -> pd.DataFrame:
    """What a hand-written notebook does: read values, merge on entity and period, divide."""
    sql = """select o.entity_id as entity, o.indicator_id as indicator, o.period, r.value, r.unit
             from observations o join revisions r on r.observation_id = o.id
             where r.number = (select max(number) from revisions where observation_id = o.id)"""
    with store.engine.connect() as conn:
        df = pd.read_sql(sql, conn)
    df = df[df["entity"].isin(ENTITIES)].drop_duplicates(["entity", "indicator", "period"])
    pop = df[df["indicator"] == "population"][["entity", "period", "value"]].rename(columns={"value": "pop"})
    gdp = df[df["indicator"] == "gdp_current_usd"][["entity", "period", "value"]].rename(columns={"value": "gdp"})
    out = []
    for d in derived_catalog().values():
        num = df[df["indicator"] == d.of]
        if d.kind in ("per_capita", "per_million"):
            m = num.merge(pop, on=["entity", "period"])
            out.append(m.assign(derived=m["value"] / m["pop"]))
        elif d.kind == "share_of_gdp":
            m = num.merge(gdp, on=["entity", "period"])
            out.append(m.assign(derived=100 * m["value"] / m["gdp"]))
    return pd.concat(out)


def main() -> None:
    tmp = Path(tempfile.mkdtemp())
    store = Store(f"sqlite:///{tmp / 'bench.db'}")
    store.init()
    indicators = sorted(store.catalog.indicators) + sorted(derived_catalog())

    def candidate():
        ctx = Context.from_store(store, ENTITIES)  # one read of the store, shared by both
        figures(store, ENTITIES, indicators, ctx=ctx)  # every period
        compare_peers(store, "JPN", ENTITIES[1:], indicators, ctx=ctx)  # latest, ranked, ratios and gaps

    rows = len(figures(store, ENTITIES, indicators))
    base, cand = timed(lambda: baseline(store)), timed(candidate)
    print(f"full peer comparison: {len(indicators)} indicators ({len(derived_catalog())} derived), "
          f"{len(ENTITIES)} entities, all periods ({rows} figures); median of {REPEAT}")
    print(f"  baseline pandas merge-and-divide : {base * 1000:8.1f} ms")
    print(f"  hubscope figures + compare_peers  : {cand * 1000:8.1f} ms   ratio {cand / base:.1f}x the baseline")
    print(f"  under one second: {'yes' if cand < 1 else 'NO'}")


if __name__ == "__main__":
    main()
