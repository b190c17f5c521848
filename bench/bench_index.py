"""Benchmark: the index's Monte Carlo, vectorised with NumPy, against a plain Python loop.

Run: .venv/bin/python bench/bench_index.py   (part of `make bench`)
Synthetic data of the issue's size: 40 entities, 50 indicators in 9 pillars, 10% missing.
The loop runs fewer draws (it is slow); its time is scaled to 10,000 draws for the ratio,
which is reported with the measured counts.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")  # one core, as the goal says
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np  # noqa: E402

from hubscope.index import Matrix, monte_carlo, monte_carlo_loop  # noqa: E402

DRAWS, LOOP_DRAWS = 10_000, 200


def synthetic(seed: int = 0) -> Matrix:
    rng = np.random.default_rng(seed)
    X = rng.lognormal(3, 1, (40, 50))
    X[rng.random(X.shape) < 0.1] = np.nan
    pillars = [f"p{i % 9}" for i in range(50)]
    return Matrix([f"E{i}" for i in range(40)], [f"I{j}" for j in range(50)], pillars, X,
                  rng.random(50) > 0.3, rng.uniform(0.5, 2, 50), {}, [[None] * 50 for _ in range(40)])


def main() -> None:
    m = synthetic()
    monte_carlo(m, 100)  # warm
    t0 = time.perf_counter()
    fast = monte_carlo(m, DRAWS, seed=1)
    vec = time.perf_counter() - t0
    t0 = time.perf_counter()
    slow = monte_carlo_loop(m, LOOP_DRAWS, seed=1)
    loop = time.perf_counter() - t0
    same = (monte_carlo(m, LOOP_DRAWS, seed=1).ranks == slow).all()
    print("Monte Carlo, 40 entities x 50 indicators, one core:")
    print(f"  vectorised: {DRAWS:,} draws in {vec:.2f} s   (goal < 2 s)")
    print(f"  plain loop: {LOOP_DRAWS} draws in {loop:.2f} s, i.e. {loop * DRAWS / LOOP_DRAWS:.0f} s for {DRAWS:,}")
    print(f"  ratio: {loop * DRAWS / LOOP_DRAWS / vec:.0f}x faster; same ranks as the loop: {bool(same)}")
    assert fast.ranks.shape == (DRAWS, 40)


if __name__ == "__main__":
    main()
