"""Speed of the number reader (hubscope.claims.numbers.find_quantities), as ratios.

Run: PYTHONPATH=. .venv/bin/python bench/bench_claims_numbers.py [--base COMMIT]

The baseline is the same function at an older commit (default 0d081f3, before issue 14), loaded
from git into this process, run on the same text. Text: the dev passages of bench/claims, read
sentence by sentence as extract() reads them, repeated to 250 kB and 1 MB; and two adversarial
1 MB inputs (one number repeated, "3.4% 3.4% ...", and "1億" repeated) to check that the time
grows linearly with the size (the ratio of 1 MB to 250 kB should stay near 4). Times are CPU
times of this process.
"""

from __future__ import annotations

import importlib.util
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE / "claims"))
sys.path.insert(0, str(HERE.parent))

from passages import load  # noqa: E402

from hubscope.claims.extract import paragraphs, sentences  # noqa: E402
from hubscope.claims.numbers import find_quantities  # noqa: E402


def baseline(commit: str):
    """find_quantities as it was at ``commit`` (then a module with no package imports)."""
    source = subprocess.run(["git", "show", f"{commit}:hubscope/claims/numbers.py"], cwd=HERE.parent,
                            capture_output=True, text=True, check=True).stdout
    path = Path(tempfile.mkdtemp()) / "numbers_base.py"
    path.write_text(source, encoding="utf-8")
    spec = importlib.util.spec_from_file_location("numbers_base", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules["numbers_base"] = module  # dataclasses look their module up while building
    spec.loader.exec_module(module)
    return module.find_quantities


def by_sentence(fn, text: str) -> int:
    n = 0
    for para in paragraphs(text):
        for sent in sentences(text, para.start, para.end):
            n += len(fn(sent.text))
    return n


def timed(fn, *args, runs: int = 3) -> float:
    out = []
    for _ in range(runs):
        t0 = time.process_time()  # CPU time: the machine is shared, wall time swings with its load
        fn(*args)
        out.append(time.process_time() - t0)
    return statistics.median(out)


def main(argv: list[str]) -> None:
    commit = argv[argv.index("--base") + 1] if "--base" in argv else "0d081f3"
    base = baseline(commit)
    corpus = "\n\n".join(p["text"] for split in ("dev",) for p in load(split))
    print(f"baseline: find_quantities at {commit}; text: bench/claims dev passages ({len(corpus):,} characters)")
    for size in (250_000, 1_000_000):
        text = (corpus * (size // len(corpus) + 1))[:size]
        t_base, t_now = timed(by_sentence, base, text, runs=1), timed(by_sentence, find_quantities, text, runs=1)
        print(f"  {size // 1000:5d} kB by sentence: now {t_now:.2f} s, baseline {t_base:.2f} s, "
              f"ratio {t_now / t_base:.2f}")
    for name, unit in (("'3.4% ' repeated", "3.4% "), ("'1億' repeated", "1億")):
        small, large = ((unit * (n // len(unit) + 1))[:n] for n in (250_000, 1_000_000))
        t_small, t_large = timed(find_quantities, small, runs=1), timed(find_quantities, large, runs=1)
        print(f"  {name:18} as one text: 250 kB {t_small:.2f} s, 1 MB {t_large:.2f} s, "
              f"1 MB / 250 kB = {t_large / t_small:.1f} (linear: 4)")


if __name__ == "__main__":
    main(sys.argv[1:])
