"""Decreases are negative: "fell 2.1%", "down 1", "a drop of", "minus 300 million euros", "▲3.2%",
"マイナス5万人", "前年比12.3%減", "3.1%の減少", "下落", and "16万2千人(0.13%)減" (both numbers).

>>> from hubscope.claims.numbers import find_quantities
>>> [(q.text, q.value) for q in find_quantities("exports fell by 2.1% while imports rose 3%")]
[('2.1%', -2.1), ('3%', 3.0)]
"""

from __future__ import annotations

import re
from dataclasses import replace

from .quantity import Quantity

_EN_VERBS = frozenset(
    {
        "fell", "fall", "falls", "fallen", "falling", "decline", "declined", "declines", "declining", "decrease",
        "decreased", "decreases", "decreasing", "dropped", "drop", "drops", "dropping", "down", "minus", "shrank",
        "shrunk", "shrink", "shrinks", "shrinking", "contracted", "contract", "contracts", "contracting", "slumped",
        "slump", "slumps", "plunged", "plunge", "plunges", "plummeted", "plummet", "plummets", "tumbled", "tumble",
        "tumbles", "slid", "slide", "slides", "sank", "sink", "sinks", "dipped", "dip", "dips", "slipped"
    }
)
_EN_NOUNS = frozenset(
    {
        "drop", "decline", "decrease", "fall", "reduction", "contraction", "dip", "slump", "plunge"
    }
)
_EN_AFTER = re.compile(r"\s?(?:-\s?)?(?:" + "|".join(_EN_NOUNS) + r"|lower|less)\b", re.I)
_JA_AFTER = re.compile(
    r"(?:あまり|余り|ほど|程度|近く|前後|強|弱|超|以上)?(?:\([^()]{0,24}\))?\)?(?:の|も)?"
    r"(?:減|下落|低下|マイナス|落ち込|縮小|目減り|ダウン|下降)"
)
_JA_BEFORE = re.compile(r"(?:減少|下落|低下|減)(?:率|幅|額|数)(?:は|が|で|:)?\s?$")
# "-2.1%" but not a bullet's "- 3 firms" nor "COVID-19"
_PREFIX = re.compile(r"(?:(?<![A-Za-z0-9_-])-|[▲△]\s?|マイナス\s?|\bminus\s)$", re.I)
# an amount and its rate side by side: "16万2千人(0.13%)減", "690億円、率にして23%落ち込んだ"
# ("revenue of 500億円、3%減" keeps its level positive: only a bracket or "in rate" joins them)
_APPOSITION = re.compile(r"\s?(?:\(|[、,]\s?率にして|,? or)\s?")


def _falls_before(lead: str) -> bool:
    """ "fell (by) 2%", "down 1", "declined by a further", "a sharp drop of", "minus 300"."""
    if not lead.endswith((" ", "\n", "\t")):
        return False
    words = [w.strip("()[],;:\"'“”") for w in lead.lower().split()[-6:]]
    if words and words[-1] == "by":
        words.pop()
    if words[-2:] == ["a", "further"] or words[-1:] == ["another"]:
        del words[-2 if words[-1] == "further" else -1 :]
    if words and words[-1] in _EN_VERBS:
        return True
    noun = len(words) >= 3 and words[-1] == "of" and words[-2] in _EN_NOUNS
    return noun and bool({"a", "an", "the"} & set(words[-4:-2]))


def _decrease(text: str, q: Quantity) -> tuple[bool, int]:
    """Whether the words around ``q`` make it a decrease, and where its span should start."""
    lead = text[max(0, q.start - 40) : q.start]
    p = _PREFIX.search(lead[-10:])
    if p:
        return True, q.start - (len(lead[-10:]) - p.start())
    if _falls_before(lead) or _JA_BEFORE.search(lead[-12:]):
        return True, q.start
    if _JA_AFTER.match(text, q.end) or _EN_AFTER.match(text, q.end):
        return True, q.start
    return False, q.start


def apply_signs(text: str, qs: list[Quantity]) -> list[Quantity]:
    """Each quantity with its sign; an amount written beside a decreasing rate decreases too."""
    out = []
    for q in qs:
        if q.unit in ("rank", "multiple") or q.sign == -1 or q.text.endswith("連続"):  # 9年連続の減少: a streak
            out.append(q)
            continue
        down, start = _decrease(text, q)
        if down:
            q = replace(q.negated(), start=start, text=text[start : q.end])
        out.append(q)
    for i in range(len(out) - 1):
        a, b = out[i], out[i + 1]
        plain = not {a.unit, b.unit} & {"rank", "multiple"}
        if a.sign != b.sign and a.unit != b.unit and plain and _APPOSITION.fullmatch(text[a.end : b.start]):
            out[i], out[i + 1] = a.negated(), b.negated()
    return out
