"""What SudachiPy's name pass (link_entity_ja.proper_nouns) costs Japanese extraction: the same
text extracted with it and without it, in one process, alternately, as a ratio.

Run: PYTHONPATH=. .venv/bin/python bench/claims/speed_names.py [KB]   (default 100 kB)
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))

from hubscope.claims import from_text, link_entity_ja  # noqa: E402
from hubscope.claims.extract import extract  # noqa: E402


def main(kb: int) -> None:
    base = (HERE / "texts" / "ja_sample.md").read_text(encoding="utf-8")
    text = (base * (kb * 1000 // len(base) + 1))[: kb * 1000]
    doc = from_text(text, f"{kb} kB")
    extract(from_text(base, "warm"))
    real = link_entity_ja.proper_nouns
    times: dict[str, list[float]] = {"with": [], "without": []}
    for _ in range(3):
        for name, fn in (("with", real), ("without", lambda text: [])):
            link_entity_ja.proper_nouns = fn
            t0 = time.perf_counter()
            extract(doc)
            times[name].append(time.perf_counter() - t0)
    link_entity_ja.proper_nouns = real
    w, wo = (statistics.median(times[k]) for k in ("with", "without"))
    print(f"{kb} kB Japanese: extract {w:.2f} s with the name pass, {wo:.2f} s without: ratio {w / wo:.2f}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100)
