"""Quality and speed of the claim checker, measured on the labelled set in labels.yml.

Run: .venv/bin/python bench/claims/run.py   (part of `make bench`)
Reports extraction precision and recall, linking accuracy (entity, indicator, period) and
verdict accuracy, per document and overall; extraction by quantulum3 on the English documents
for comparison; and checking time for the seeds and for reports of growing size up to 1 MB.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))

from hubscope.claims import check, from_text, read_document  # noqa: E402
from hubscope.claims.extract import extract  # noqa: E402
from hubscope.store import Store  # noqa: E402


def same_value(gold: dict, value, lower, upper) -> bool:
    def close(a, b):
        return a is not None and b is not None and abs(a - b) <= 1e-6 * max(1.0, abs(b))
    if "lower" in gold:
        return close(lower, gold["lower"]) and close(upper, gold["upper"])
    return close(value, float(gold["value"]))


def match(gold: list[dict], found: list, text: str) -> list[tuple[dict, object]]:
    """Pair gold and found claims in document order: the same value, found span inside the
    text near the gold span's occurrence (each gold span is looked up after the previous one)."""
    pairs, used, cursor = [], set(), 0
    for g in gold:
        at = text.find(g["span"], cursor)
        if at < 0:
            raise SystemExit(f"label span {g['span']!r} not found after offset {cursor}")
        cursor = at + len(g["span"])
        for i, c in enumerate(found):
            if i in used:
                continue
            if c.start <= at + len(g["span"]) and c.end >= at and same_value(g, c.value, c.lower, c.upper):
                pairs.append((g, c))
                used.add(i)
                break
    return pairs


def seeds_dir() -> Path:
    """shared/seeds beside the checkout, or $HUBSCOPE_SEEDS (a git worktree is not beside it)."""
    return Path(os.environ.get("HUBSCOPE_SEEDS") or HERE / "../../../shared/seeds").resolve()


def quantulum_found(text: str) -> list | None:
    try:
        from quantulum3 import parser
    except ImportError:  # an optional comparison; the checker's own figures do not need it
        return None

    out = []
    for q in parser.parse(text):
        value = q.value
        name = q.unit.name
        if q.unit.entity.name == "currency" or name in ("percentage",):
            pass
        out.append(type("Q", (), {"start": q.span[0], "end": q.span[1], "value": value,
                                  "lower": None, "upper": None, "unit": name}))
    return out


def main() -> None:
    labels = yaml.safe_load((HERE / "labels.yml").read_text(encoding="utf-8"))
    tmp = Path(tempfile.mkdtemp())
    store = Store(f"sqlite:///{tmp / 'bench.db'}")
    store.init()
    totals = {"gold": 0, "found": 0, "matched": 0, "entity": 0, "indicator": 0, "period": 0, "period_n": 0,
              "verdict": 0}
    q_totals = {"gold": 0, "found": 0, "matched": 0}
    confusion: dict[tuple[str, str], int] = {}
    print("per document: gold / found / matched, precision, recall, verdict accuracy")
    for entry in labels["documents"]:
        path = (HERE / entry["path"]).resolve()
        if "shared/seeds/" in entry["path"]:
            path = seeds_dir() / Path(entry["path"]).name
        if not path.exists():
            print(f"  {entry['path']}: not here, skipped")
            continue
        doc = read_document(path)
        report = check(store, doc)
        found = [v.claim for v in report.verdicts]
        by_claim = {v.claim.id: v for v in report.verdicts}
        gold = entry["claims"]
        pairs = match(gold, found, doc.text)
        ok_verdict = 0
        for g, c in pairs:
            v = by_claim[c.id]
            totals["entity"] += c.entity == g["entity"]
            want = g.get("indicator")
            totals["indicator"] += (v.indicator or (c.indicators[0] if c.indicators else None)) == want or (
                want is not None and want in c.indicators)
            if "period" in g:
                totals["period_n"] += 1
                totals["period"] += c.period == str(g["period"])
            ok_verdict += v.verdict == g["verdict"]
            confusion[(g["verdict"], v.verdict)] = confusion.get((g["verdict"], v.verdict), 0) + 1
        totals["gold"] += len(gold)
        totals["found"] += len(found)
        totals["matched"] += len(pairs)
        totals["verdict"] += ok_verdict
        p = len(pairs) / len(found) if found else 1.0
        r = len(pairs) / len(gold) if gold else 1.0
        print(f"  {Path(entry['path']).name:28} {len(gold):3} / {len(found):3} / {len(pairs):3}   "
              f"P {p:.2f}  R {r:.2f}  verdicts {ok_verdict}/{len(pairs)}")
        if doc.lang == "en":
            qf = quantulum_found(doc.text)
            if qf is None:
                continue
            qp = match(gold, qf, doc.text)
            q_totals["gold"] += len(gold)
            q_totals["found"] += len(qf)
            q_totals["matched"] += len(qp)
    m = totals["matched"]
    print("\noverall")
    print(f"  extraction: precision {m / totals['found']:.3f}, recall {m / totals['gold']:.3f} "
          f"({m} of {totals['gold']} labelled claims found; {totals['found']} found in all)")
    print(f"  linking (on matched claims): entity {totals['entity'] / m:.3f}, indicator "
          f"{totals['indicator'] / m:.3f}, period {totals['period'] / max(1, totals['period_n']):.3f} "
          f"(of {totals['period_n']} with a stated period)")
    print(f"  verdict accuracy: {totals['verdict'] / m:.3f} ({totals['verdict']} of {m})")
    wrong = {k: n for k, n in confusion.items() if k[0] != k[1]}
    if wrong:
        errors = ", ".join(f"{a}->{b} ×{n}" for (a, b), n in sorted(wrong.items()))
        print(f"  verdict errors (expected -> got): {errors}")
    if q_totals["found"]:
        print(f"  quantulum3 on the English documents: precision {q_totals['matched'] / q_totals['found']:.3f}, "
              f"recall {q_totals['matched'] / q_totals['gold']:.3f}")
    timing(store)


def timing(store) -> None:
    seeds = [seeds_dir() / n for n in
             ("000_8df6dba1a8fd2dea.txt", "002_be65ece1f223443c.txt")]
    seeds = [s for s in seeds if s.exists()]
    if not seeds:
        return
    docs = [read_document(s) for s in seeds]
    check(store, docs[0])  # warm: catalog, pint, SudachiPy dictionary

    def run():
        for d in docs:
            check(store, d)
    runs = []
    for _ in range(5):
        t0 = time.perf_counter()
        run()
        runs.append(time.perf_counter() - t0)
    print(f"\nspeed: both seeds ({sum(len(d.text) for d in docs):,} characters): "
          f"{statistics.median(runs) * 1000:.0f} ms (median of 5, after warm-up)")
    base = "\n\n".join(d.text for d in docs)
    for size in (250_000, 500_000, 1_000_000):
        text = (base * (size // len(base) + 1))[:size]
        doc = from_text(text, f"{size // 1000} kB")
        t0 = time.perf_counter()
        n = len(extract(doc))
        t_extract = time.perf_counter() - t0
        t0 = time.perf_counter()
        check(store, doc)
        total = time.perf_counter() - t0
        print(f"  {size // 1000:5d} kB report: {n:5d} claims, extract {t_extract:.2f} s, "
              f"check {total:.2f} s ({total / (size / 1e6):.2f} s per MB)")


if __name__ == "__main__":
    main()
