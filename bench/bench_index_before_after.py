"""Japan in the AI-hub index before and after issue 18: the imputation fix, and 7 vs 56 economies.

Run: .venv/bin/python bench/bench_index_before_after.py
Not a timing. Four runs on the bundled dataset, 2,000 draws, seed 0, default choices:
- peers, old: the twelve-economy framework without the verified stand-in for venture capital, so
  Japan's VC share is mean-imputed over the verified 0.045% (the behaviour issue 18 reported);
- peers, now: the same framework as bundled (index-ai-hub-peers.yml), the stand-in used;
- all, old / now: the bundled 56-economy framework, the same two ways (venture capital is
  screened out there for coverage, so both give the same ranks: the fix cannot move them).
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from hubscope.index import BUNDLED, PEERS, run_index  # noqa: E402
from hubscope.store import Store  # noqa: E402

STAND_IN = ", fallback: [vc_fund_investment_pct_gdp]"


def without_stand_in(framework: Path, tmp: Path) -> Path:
    """The framework as it was before the fix: no stand-in, so the empty cell is imputed."""
    text = framework.read_text(encoding="utf-8")
    assert STAND_IN in text, f"{framework.name}: the VC stand-in line changed; update this script"
    out = tmp / f"old-{framework.name}"
    out.write_text(text.replace(STAND_IN, ""), encoding="utf-8")
    return out


def japan(store: Store, framework: Path) -> str:
    run = run_index(store, str(framework), draws=2000, seed=0)
    t = run.table.set_index("entity")
    j = t.loc["JPN"]
    cells = run.cells.set_index(["entity", "indicator"])
    vc = ("JPN", "vc_investment_pct_gdp")
    vc_cell = cells.loc[vc, "source"] if vc in cells.index else "screened out"
    capital = j.get("pillar:capital")
    return (
        f"rank {int(j['rank'])} of {len(t)}, score {j['score']:.2f}, median rank {j['median_rank']:.0f}, "
        f"5-95% interval {int(j['rank_p05'])}-{int(j['rank_p95'])}, "
        f"capital pillar {'screened out' if capital is None else f'{capital:.1f}'}, JPN VC cell: {vc_cell}"
    )


def main() -> None:
    tmp = Path(tempfile.mkdtemp())
    store = Store(f"sqlite:///{tmp / 'bench.db'}")
    store.init()
    for label, fw in (("peers", PEERS), ("all", BUNDLED)):
        print(f"{label}, old: {japan(store, without_stand_in(fw, tmp))}")
        print(f"{label}, now: {japan(store, fw)}")
    store.close()


if __name__ == "__main__":
    main()
