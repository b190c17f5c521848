"""Numbers as reports write them, in English and Japanese, parsed into quantities.

>>> [(q.value, q.unit, q.qualifier) for q in find_quantities("Microsoft has pledged $2.9 billion")]
[(2900000000.0, 'USD', 'exact')]
>>> [(q.value, q.unit) for q in find_quantities("研究開発費は19兆7408億円")]
[(19740800000000.0, 'JPY')]
>>> [(q.lower, q.upper, q.unit) for q in find_quantities("fees of up to 30-45% of salaries")]
[(30.0, 45.0, 'percent')]
>>> [(q.value, q.sign) for q in find_quantities("売上高は前年比12.3%減")]
[(-12.3, -1)]
"""

from __future__ import annotations

import re
from dataclasses import replace

from . import japanese
from .japanese import find_japanese, parse_japanese_number
from .numwords import find_words
from .quantity import (
    CURRENCY_SYMBOLS,
    CURRENCY_WORDS,
    ISO_CODES,
    Quantity,
    alternation,
    decimals_of,
    normalise,
    to_float,
    too_long,
)
from .ranges import merge_ranges
from .signs import apply_signs

__all__ = ["Quantity", "find_quantities", "parse_japanese_number"]

SCALES = {
    "thousand": 1e3,
    "k": 1e3,
    "million": 1e6,
    "m": 1e6,
    "mn": 1e6,
    "mln": 1e6,
    "billion": 1e9,
    "bn": 1e9,
    "b": 1e9,
    "trillion": 1e12,
    "tn": 1e12,
    "tr": 1e12,
    "lakh": 1e5,
    "lakhs": 1e5,
    "crore": 1e7,
    "crores": 1e7,
}

# Qualifiers written before a number; the leftmost phrase that ends at the number wins, so
# "just over" beats "over".
BEFORE = [
    ("more than", "more_than"),
    ("over", "more_than"),
    ("well over", "more_than"),
    ("just over", "more_than"),
    ("above", "more_than"),
    ("exceeding", "more_than"),
    ("in excess of", "more_than"),
    ("upwards of", "more_than"),
    ("at least", "at_least"),
    ("no less than", "at_least"),
    ("a good", "at_least"),
    ("less than", "less_than"),
    ("fewer than", "less_than"),
    ("under", "less_than"),
    ("just under", "less_than"),
    ("below", "less_than"),
    ("up to", "at_most"),
    ("at most", "at_most"),
    ("no more than", "at_most"),
    ("as much as", "at_most"),
    ("as many as", "at_most"),
    ("nearly", "approx"),
    ("almost", "approx"),
    ("about", "approx"),
    ("approximately", "approx"),
    ("around", "approx"),
    ("roughly", "approx"),
    ("close to", "approx"),
    ("an estimated", "approx"),
    ("some", "approx"),
    ("circa", "approx"),
    ("c.", "approx"),
    ("~", "approx"),
    ("約", "approx"),
    ("およそ", "approx"),
    ("ほぼ", "approx"),
]
_GLUED = ("約", "およそ", "ほぼ", "c.")
# Matched on the reversed text before the number, anchored at its start: one attempt per number
# instead of a search that tries every position of the window.
_BEFORE_REVERSED = re.compile(
    r"\s*(?:"
    + "|".join(
        "(" + re.escape(p[::-1]) + ")" + ("" if p in _GLUED else r"(?=[\s(]|$)")
        for p, _ in sorted(BEFORE, key=lambda b: -len(b[0]))
    )
    + ")"
)
_BEFORE_Q = dict(BEFORE)

NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_SYMBOL = r"(?-i:" + alternation(CURRENCY_SYMBOLS) + "|" + alternation(ISO_CODES) + r")"
_EN = re.compile(
    r"(?P<cur>" + _SYMBOL + r"\s?)?"
    r"(?<!\d)(?<!\d[.,])(?P<num>" + NUM + r")"
    # a dash range inside one number ("30-45%", "3~7%"); not when the second number has a Japanese
    # scale after it ("4000~4500億円" is read by the range step, with the scale applied to both)
    r"(?:\s?(?P<dash>[-–—~])\s?(?P<num2>" + NUM + r")(?!\d|[,.]\d|[兆億万千]))?"
    r"(?P<ord>st|nd|rd|th)?"
    r"(?:[\s-]?(?P<scale>thousand|million|billion|trillion|bn|mn|mln|tn|crores?|lakhs?|m|k|b)\b)?"
    r"(?:\s(?P<scale2>crores?)\b)?"
    r"(?:\s?(?P<pct>%|percentage points?|percent|per cent|pp\b|ポイント|pts?\b))?"
    r"(?:\s?(?P<fold>-?fold\b|x\b|times\b|倍))?"
    r"(?:\s?(?P<curword>" + alternation(CURRENCY_WORDS) + r")\b)?",
    re.IGNORECASE,
)
# "3 lakh jobs" is a count of jobs; "Rs 5 crore", "10,372-crore outlay" are rupees
_COUNTED = re.compile(r"\s*(?:people|persons|jobs|workers|students|users|farmers|households|homes|"
                      r"units|startups|companies|beneficiaries|youth|women|children|devotees)\b", re.I)
_NM = re.compile(r"(?P<sub>sub-)?(?<!\d)(?<!\d[.,])(?P<n>\d{1,3}(?:\.\d{1,2})?)\s?nm\b")


def _qualifier_before(text: str, start: int) -> tuple[str, int]:
    """A qualifier just before a number ("over", "nearly", 約) and where it starts."""
    lo = max(0, start - 24)
    window = text[lo:start].lower()
    m = _BEFORE_REVERSED.match(window[::-1])
    if not m or (m.end() == len(window) and lo and text[lo - 1].isalnum()):
        return japanese.qualifier_before(text, start)
    phrase = next(g for g in m.groups() if g is not None)[::-1]
    return _BEFORE_Q[phrase], start - m.end()


def _from_match(text: str, m: re.Match[str]) -> Quantity | None:
    num = m.group("num")
    if too_long(num) or (m.group("num2") and too_long(m.group("num2"))):
        return None
    value = to_float(num)
    decimals = decimals_of(num)
    scale_word = (m.group("scale") or "").lower()
    cur = m.group("cur")
    curword = (m.group("curword") or "").lower()
    currency = CURRENCY_SYMBOLS.get(cur.strip(), cur.strip()) if cur else None
    if curword == "won" and not scale_word and re.fullmatch(r"(?:19|20)\d\d", num):
        curword = ""  # "in 2019 won ...": a year, then a verb
    if curword:
        currency = CURRENCY_WORDS.get(curword, currency)
    # "m" and "b" alone are scale words when glued ("raised 5m", "$59m"), never in "5 m" of
    # distance; after a year they are a citation letter ("2023b")
    if scale_word in ("m", "b", "k") and not currency:
        glued = m.start("scale") == m.end("num")
        if glued and re.fullmatch(r"(?:19|20)\d\d", num):
            return None
        if not glued:
            scale_word = ""
    scale = SCALES.get(scale_word, 1.0) * (1e7 if m.group("scale2") else 1.0)
    if scale_word.startswith(("crore", "lakh")) and not currency and not _COUNTED.match(text, m.end()):
        currency = "INR"
    pct = (m.group("pct") or "").lower()
    if pct.startswith(("percentage point", "pp", "ポイント", "pt")):
        unit = "percentage_point"
    elif pct:
        unit = "percent"
    elif m.group("fold"):
        unit = "multiple"
    elif currency:
        unit = currency
    elif m.group("ord"):
        unit = "rank"
    else:
        unit = "count"
    end = m.end()
    while end > m.start() and text[end - 1] == " ":  # a trailing space the optional groups ate
        end -= 1
    if m.group("scale") and not scale_word:  # "5 m": the letter was not a scale; drop it
        end = m.end("num2") if m.group("num2") else m.end("num")
    qualifier, start = _qualifier_before(text, m.start())
    ja_q, end = japanese.qualifier_after(text, end)
    if ja_q != "exact":
        qualifier = ja_q
    lower = upper = None
    if m.group("num2"):
        lower, upper = value * scale, to_float(m.group("num2")) * scale
        if upper < lower:
            return None
        qualifier = "range"
        decimals = max(decimals, decimals_of(m.group("num2")))
    rank_of = None
    if unit == "rank":
        r = re.match(r"\s*(?:place\s*)?(?:out of|of)\s+(\d{1,6})\b", text[end : end + 24])
        if r:
            rank_of = int(r.group(1))
            end += r.end()
    words = tuple(re.findall(r"[A-Za-z]+", text[end : end + 30])[:3])
    return Quantity(
        start,
        end,
        text[start:end],
        None if lower is not None else value * scale,
        unit,
        qualifier,
        lower,
        upper,
        rank_of,
        decimals,
        words,
        scale=scale,
    )


def _digits(text: str) -> list[Quantity]:
    """Numbers written in digits, with their currency, scale word, percent sign or ordinal."""
    out = []
    for m in _EN.finditer(text):
        at = m.start("num")
        before = text[at - 1] if at else " "
        if before.isascii() and (before.isalpha() or before in "_/"):
            continue  # a number glued to letters is part of a name: 5G, H100, B2B
        if before in "-:" and at > 1 and text[at - 2].isalnum():
            continue  # COVID-19, GPT-4, the minutes of 10:30; a "-" after a space is a minus sign
        after = text[m.end() : m.end() + 1]
        if after.isascii() and after.isalpha() and not (m.group("scale") or m.group("curword") or m.group("fold")):
            continue  # "2nm", "3D", "2022a": a number glued to letters is a name or a citation
        q = _from_match(text, m)
        if q is not None:
            out.append(q)
    for m in _NM.finditer(text):
        out.append(
            Quantity(
                m.start(), m.end(), m.group(0), float(m.group("n")), "nm", "less_than" if m.group("sub") else "exact"
            )
        )
    return out


def _resolve(found: list[Quantity], size: int) -> list[Quantity]:
    """Where readings overlap keep the longest: "1,500億ドル", never also "500億ドル"."""
    taken = bytearray(size)
    kept = []
    for q in sorted(found, key=lambda q: (q.start - q.end, q.start)):
        if taken.find(1, q.start, q.end) < 0:
            taken[q.start : q.end] = b"\x01" * (q.end - q.start)
            kept.append(q)
    return sorted(kept, key=lambda q: q.start)


def find_quantities(text: str) -> list[Quantity]:
    """Every number in ``text`` with its unit, scale, currency, qualifier, range and sign."""
    norm = normalise(text)
    found = _resolve(find_japanese(norm) + find_words(norm) + _digits(norm), len(norm))
    found = apply_signs(norm, merge_ranges(norm, found))
    if norm == text:
        return found
    return [replace(q, text=text[q.start : q.end]) for q in found]
