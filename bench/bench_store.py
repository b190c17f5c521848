"""Benchmarks for the store: bulk package import against a per-figure baseline, and reads.

Run: make bench   (or .venv/bin/python bench/bench_store.py)
Prints medians and the ratio of each candidate to its baseline, measured in this process.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _timing import timed  # noqa: E402

from hubscope.datapackage import BUNDLED, import_package, read_package  # noqa: E402
from hubscope.datapackage.read import Known  # noqa: E402
from hubscope.store import Store  # noqa: E402

REPEAT = 5




def fresh(tmp: Path, n: int) -> Store:
    s = Store(f"sqlite:///{tmp / f'b{n}.db'}")
    s.migrate()
    with s.write() as conn:
        s.sync_catalog(conn)
    return s


def main() -> None:
    tmp = Path(tempfile.mkdtemp())
    counter = iter(range(10_000))
    cat = fresh(tmp, next(counter)).catalog
    known = Known(set(cat.entities), {i.id: i.unit for i in cat.indicators.values()}, set(),
                  set(cat.pillars))
    pkg = read_package(BUNDLED, known)

    def baseline_import():  # one record() call (and its queries) per figure
        s = fresh(tmp, next(counter))
        with s.write() as conn:
            for obs in pkg.observations:
                for rev in pkg.history.get(obs.key) or [obs]:
                    s.record(rev, "bench", "bench", conn)

    def bulk_import():
        import_package(fresh(tmp, next(counter)), BUNDLED)

    base, cand = timed(baseline_import), timed(bulk_import)
    print(f"import bundled package ({len(pkg.observations)} figures), median of {REPEAT}:")
    print(f"  baseline record() per figure : {base * 1000:8.1f} ms")
    print(f"  import_package (bulk)        : {cand * 1000:8.1f} ms   ratio {base / cand:.2f}x faster")

    store = fresh(tmp, next(counter))
    import_package(store, BUNDLED)

    def reimport():  # init on an up-to-date store: everything unchanged
        import_package(store, BUNDLED)

    print(f"  re-import, nothing changed   : {timed(reimport) * 1000:8.1f} ms")
    peers = ["JPN", "USA", "CHN", "GBR", "DEU", "KOR"]
    full = timed(lambda: store.observations())
    one = timed(lambda: store.compare(peers, ["rd_expenditure_pct_gdp"], latest=True))
    prof = timed(lambda: store.profile("JPN"))
    print("reads, median of 5:")
    print(f"  all current figures (baseline): {full * 1000:8.1f} ms")
    print(f"  compare 6 entities, latest    : {one * 1000:8.1f} ms   ratio {full / one:.2f}x faster")
    print(f"  profile JPN with 5 peers      : {prof * 1000:8.1f} ms   ratio {full / prof:.2f}x")


if __name__ == "__main__":
    main()
