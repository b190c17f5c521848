"""What every benchmark here shares: the median of repeated timed runs."""

from __future__ import annotations

import statistics
import time


def timed(fn, repeat: int = 5) -> float:
    """Median wall time of ``repeat`` calls of ``fn``, in seconds."""
    runs = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - t0)
    return statistics.median(runs)
