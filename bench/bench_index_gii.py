"""Check: hubscope's AI-hub index ranks against the WIPO Global Innovation Index 2024 ranks.

Run: .venv/bin/python bench/bench_index_gii.py
The published ranks, each with its source and status, are in bench/gii-2024-ranks.csv. The
correlation is Spearman's, over the economies both rank: all of them, and the verified ones only.
Not a timing: the GII measures innovation broadly, the AI-hub index AI-hub readiness, so a high
correlation says the index is not eccentric, not that it is right.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import pandas as pd  # noqa: E402

from hubscope.index import run_index  # noqa: E402
from hubscope.store import Store  # noqa: E402

RANKS = Path(__file__).with_name("gii-2024-ranks.csv")


def spearman(a: pd.Series, b: pd.Series) -> float:
    """Spearman's rank correlation (pandas ranks ties by their average, as scipy does)."""
    return float(a.rank().corr(b.rank(), method="pearson"))


def main() -> None:
    tmp = Path(tempfile.mkdtemp())
    store = Store(f"sqlite:///{tmp / 'bench.db'}")
    store.init()
    ours = run_index(store, draws=1000, seed=0).table.set_index("entity")
    gii = pd.read_csv(RANKS).set_index("entity")
    both = ours[["rank"]].join(gii[["value", "status"]], how="inner").rename(columns={"value": "gii_rank"})
    print("economy  hubscope  GII 2024  status")
    for e, r in both.sort_values("rank").iterrows():
        print(f"  {e:<6} {int(r['rank']):>8}  {int(r['gii_rank']):>8}  {r['status']}")
    v = both[both["status"] == "verified"]
    print(f"Spearman rho, all {len(both)} shared economies: {spearman(both['rank'], both['gii_rank']):.3f}")
    print(f"Spearman rho, {len(v)} with verified GII ranks: {spearman(v['rank'], v['gii_rank']):.3f}")
    store.close()


if __name__ == "__main__":
    main()
