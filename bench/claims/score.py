"""Score the checker's extraction and linking against labelled passages, by language."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace
from datetime import date

from hubscope.claims import from_text
from hubscope.claims.extract import extract

FIELDS = ("gold", "found", "matched", "entity", "period", "period_n", "indicator", "sign", "unit")


def _close(a, b) -> bool:
    return a is not None and b is not None and abs(abs(a) - abs(b)) <= 1e-6 * max(1.0, abs(b))


def same_value(gold: dict, c) -> bool:
    """The same number, sign aside (the sign is scored on its own)."""
    if "lower" in gold:  # a decrease of 30 to 40 is the range -40..-30: compare the magnitudes
        if c.lower is None or c.upper is None:
            return False
        got, want = sorted((abs(c.lower), abs(c.upper))), sorted((abs(gold["lower"]), abs(gold["upper"])))
        return _close(got[0], want[0]) and _close(got[1], want[1])
    return _close(c.value, float(gold["value"]))


def sign_of(c) -> int:
    v = c.value if c.value is not None else (c.lower if c.lower is not None else 0)
    return -1 if (v or 0) < 0 else 1


def pair(gold: list[dict], found: list) -> list[tuple[dict, object]]:
    """Each gold claim with the found claim overlapping its offsets that has its value."""
    pairs, used = [], set()
    for g in gold:
        for i, c in enumerate(found):
            if i not in used and c.start < g["end"] and c.end > g["start"] and same_value(g, c):
                pairs.append((g, c))
                used.add(i)
                break
    return pairs


def document(p: dict):
    doc = from_text(p["text"], p["id"])
    if p.get("date"):
        doc = replace(doc, date=date.fromisoformat(str(p["date"])))
    return doc


def score(passages: list[dict]) -> dict[str, dict[str, int]]:
    """Counts per language ("en", "ja") and overall ("all")."""
    totals: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(FIELDS, 0))
    for p in passages:
        found = extract(document(p))
        gold = p["claims"]
        pairs = pair(gold, found)
        for lang in (p["lang"], "all"):
            t = totals[lang]
            t["gold"] += len(gold)
            t["found"] += len(found)
            t["matched"] += len(pairs)
            for g, c in pairs:
                t["entity"] += c.entity == g["entity"]
                t["indicator"] += (c.indicators[0] if c.indicators else None) == g.get("indicator")
                t["sign"] += sign_of(c) == g.get("sign", 1)
                t["unit"] += c.unit == g["unit"]
                if g.get("period"):
                    t["period_n"] += 1
                    t["period"] += c.period == str(g["period"])
    return dict(totals)


def rates(t: dict[str, int]) -> dict[str, float]:
    m = t["matched"]
    return {"precision": m / t["found"] if t["found"] else 1.0, "recall": m / t["gold"] if t["gold"] else 1.0,
            "entity": t["entity"] / m if m else 0.0, "period": t["period"] / t["period_n"] if t["period_n"] else 0.0,
            "indicator": t["indicator"] / m if m else 0.0, "sign": t["sign"] / m if m else 0.0,
            "unit": t["unit"] / m if m else 0.0}


def table(name: str, totals: dict[str, dict[str, int]]) -> str:
    rows = [f"{name}: lang  claims  found  P      R      entity period indicator sign   unit"]
    for lang in ("en", "ja", "all"):
        if lang not in totals:
            continue
        t, r = totals[lang], rates(totals[lang])
        rows.append(f"  {lang:>9}  {t['gold']:6d}  {t['found']:5d}  {r['precision']:.3f}  {r['recall']:.3f}  "
                    f"{r['entity']:.3f}  {r['period']:.3f}  {r['indicator']:.3f}     {r['sign']:.3f}  {r['unit']:.3f}")
    return "\n".join(rows)
