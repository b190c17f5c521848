"""Extraction and linking on the dev, unseen and unseen2 passage sets, per language.

Run: PYTHONPATH=. .venv/bin/python bench/claims/splits.py [dev|unseen|unseen2|all] [--detail]
``--detail`` lists every miss and false find, for the dev split only: the unseen splits are
measured, never inspected (see README.md).
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parents[1]))

from passages import SPLITS, load  # noqa: E402
from score import document, pair, score, sign_of, table  # noqa: E402

from hubscope.claims.extract import extract  # noqa: E402


def detail(passages: list[dict]) -> None:
    for p in passages:
        found = extract(document(p))
        pairs = pair(p["claims"], found)
        got = {id(c) for _, c in pairs}
        hit = {id(g) for g, _ in pairs}
        for g in p["claims"]:
            if id(g) not in hit:
                print(f"  {p['id']}: missed {g['span']!r} {g.get('value', (g.get('lower'), g.get('upper')))}")
        for c in found:
            if id(c) not in got:
                print(f"  {p['id']}: false {c.span!r} value={c.value} lo={c.lower} hi={c.upper} unit={c.unit}")
        for g, c in pairs:
            wrong = [f"{k} {c_!r}≠{g_!r}" for k, c_, g_ in (
                ("entity", c.entity, g["entity"]),
                ("period", c.period, str(g["period"]) if g.get("period") else c.period),
                ("indicator", c.indicators[0] if c.indicators else None, g.get("indicator")),
                ("sign", sign_of(c), g.get("sign", 1)), ("unit", c.unit, g["unit"])) if c_ != g_]
            if wrong:
                print(f"  {p['id']}: {g['span']!r}: " + "; ".join(wrong))


def main(argv: list[str]) -> None:
    which = [a for a in argv if not a.startswith("--")] or ["all"]
    splits = SPLITS if which == ["all"] else which
    unknown = [s for s in splits if s not in SPLITS]
    if unknown:
        raise SystemExit(f"splits.py: unknown split {unknown[0]!r}; expected one of {', '.join(SPLITS)} or all")
    for split in splits:
        passages = load(split)
        print(table(f"{split} ({len(passages)} passages)", score(passages)))
        if "--detail" in argv and split == "dev":
            detail(passages)


if __name__ == "__main__":
    main(sys.argv[1:])
