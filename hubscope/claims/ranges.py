"""Two numbers that make one range: "4000〜4500億円", "2割から3割", "€20 billion to €40 billion",
"between 600 billion and 700 billion yen". The scale is applied once, to both bounds.

>>> from hubscope.claims.numbers import find_quantities
>>> [(q.lower, q.upper, q.unit) for q in find_quantities("between 600 and 700 billion yen")]
[(600000000000.0, 700000000000.0, 'JPY')]
"""

from __future__ import annotations

import re

from .quantity import Quantity

_DASH = re.compile(r"\s?(?:[-–—~]|から)\s?")
_TO = re.compile(r"\s+to\s+")
_AND = re.compile(r"\s+and\s+")
_BETWEEN = re.compile(r"\bbetween\s+$", re.I)
# "from 10% to 1%" and "rose 3% to 5%" are a change, not a range
_NOT_RANGE_BEFORE = re.compile(
    r"\b(?:from|rose|rising|grew|grown|increased?|jumped|climbed|fell|fallen|declined?|dropped|up|down|cut|"
    r"raised?|reduced?|lowered|expanded|doubled|halved|went)\s+(?:by\s+)?$",
    re.I,
)


def _joined(a: Quantity, b: Quantity, start: int, text: str) -> Quantity | None:
    """One range from a lower bound ``a`` and an upper bound ``b``, or None if they do not fit."""
    if a.value is None or b.value is None or "rank" in (a.unit, b.unit):
        return None
    if a.unit != b.unit and "count" not in (a.unit, b.unit):
        return None  # "5% to €3 billion"
    unit = b.unit if b.unit != "count" else a.unit
    # a bare bound takes the other's scale: "4000〜4500億円", "3 to 7 billion", "€20 to 30 billion"
    lower = a.value * (b.scale if a.scale == 1 and b.scale != 1 else 1)
    upper = b.value * (a.scale if b.scale == 1 and a.scale != 1 else 1)
    if not abs(lower) <= abs(upper):
        return None
    return Quantity(
        start,
        b.end,
        text[start : b.end],
        None,
        unit,
        "range",
        lower,
        upper,
        decimals=max(a.decimals, b.decimals),
        words=b.words,
        scale=max(a.scale, b.scale),
    )


def merge_ranges(text: str, qs: list[Quantity]) -> list[Quantity]:
    """Merge each pair of neighbouring quantities that the text joins as a range."""
    out: list[Quantity] = []
    i = 0
    while i < len(qs):
        a = qs[i]
        b = qs[i + 1] if i + 1 < len(qs) else None
        merged = None
        if b is not None and not a.is_range and not b.is_range:
            gap = text[a.end : b.start]
            lead = text[max(0, a.start - 9) : a.start]
            if _AND.fullmatch(gap) and (between := _BETWEEN.search(lead)):
                merged = _joined(a, b, a.start - len(lead) + between.start(), text)
            else:
                dash = _DASH.fullmatch(gap) and not (gap.strip() == "から" and text.startswith(("に", "へ"), b.end))
                to = _TO.fullmatch(gap) and not _NOT_RANGE_BEFORE.search(text[max(0, a.start - 16) : a.start])
                merged = _joined(a, b, a.start, text) if dash or to else None
        if merged is not None:
            out.append(merged)
            i += 2
        else:
            out.append(a)
            i += 1
    return out
