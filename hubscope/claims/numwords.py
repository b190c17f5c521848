"""Numbers written in English words: "six million", "just one", "one in every three", "half",
"twelvefold", "five times", "double", "ranks third".

A bare word number ("three segments", "one of the") is not a claim: a word counts only with a
scale, a percent sign, a qualifier, a share ("three of the five") or a rank word.

>>> [(q.text, q.value, q.unit) for q in find_words("a good eight billion dollars, over half of them")]
[('a good eight billion dollars', 8000000000.0, 'USD'), ('over half', 50.0, 'percent')]
"""

from __future__ import annotations

import re
from typing import Any

from .quantity import CURRENCY_WORDS, Quantity, alternation

UNITS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
}  # fmt: skip
TEENS = {
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19, "zero": 0, "dozen": 12,
}  # fmt: skip
TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
WORDS = UNITS | TEENS | TENS
ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
    "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14,
    "fifteenth": 15, "twentieth": 20,
}  # fmt: skip
SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
FRACTIONS = {
    "half": 50.0, "a half": 50.0, "one half": 50.0, "one-half": 50.0,
    "a third": 100 / 3, "one third": 100 / 3, "one-third": 100 / 3, "two thirds": 200 / 3, "two-thirds": 200 / 3,
    "a quarter": 25.0, "one quarter": 25.0, "one-quarter": 25.0, "three quarters": 75.0, "three-quarters": 75.0,
    "a fifth": 20.0, "one fifth": 20.0, "one-fifth": 20.0, "a tenth": 10.0, "one tenth": 10.0,
}  # fmt: skip
_FRACTION_WORDS = ("half", "third", "quarter", "fifth", "tenth")
MULTIPLES = {"twice": 2, "double": 2, "doubled": 2, "doubles": 2, "doubling": 2, "triple": 3, "tripled": 3,
             "triples": 3, "tripling": 3, "quadrupled": 4, "quadruple": 4}
QUALIFIERS = {
    "just": "exact", "only": "exact", "a good": "at_least", "a full": "at_least", "fully": "at_least",
    "more than": "more_than", "over": "more_than", "well over": "more_than", "just over": "more_than",
    "nearly": "approx", "almost": "approx", "about": "approx", "around": "approx", "roughly": "approx",
    "some": "approx", "close to": "approx", "at least": "at_least", "fewer than": "less_than",
    "less than": "less_than", "under": "less_than", "just under": "less_than", "up to": "at_most",
    "as many as": "at_most", "no more than": "at_most",
}  # fmt: skip

_W = r"(?:" + alternation(WORDS) + r")"
# "twenty-five", "three hundred", "two hundred fifty"; validated in _cardinal
_CARD = _W + r"(?:[- ](?:hundred|" + alternation(UNITS) + r"))?(?: (?:" + alternation(TENS | UNITS | TEENS) + r"))?"
_Q = r"(?P<q>\b(?:" + alternation(QUALIFIERS) + r")\s+)?"
_CUR = r"(?:\s(?P<cur>" + alternation(CURRENCY_WORDS) + r")\b)?"
_TIME = r"(?!\s+(?:years?|months?|weeks?|days?|hours?|decades?|times a)\b)"

_SCALED = re.compile(
    _Q + r"\b(?P<n>" + _CARD + r"|a|an)\s(?P<s>" + alternation(SCALES) + r")\b" + _CUR, re.I
)
_PERCENT = re.compile(_Q + r"\b(?P<n>" + _CARD + r")\s+(?:percent|per cent)\b", re.I)
_QUALIFIED = re.compile(
    r"(?P<q>\b(?:" + alternation(QUALIFIERS) + r")\s+)(?P<n>" + _CARD + r")\b" + _TIME + r"(?![- ](?:percent|per cent|"
    + alternation(SCALES) + r"))", re.I,
)
_SHARE = re.compile(
    r"\b(?P<n>" + _CARD + r"|\d{1,4})\s+(?P<how>in(?: every)?|out of(?: every)?|of the)\s+(?P<m>" + _CARD
    + r"|\d{1,6})\b(?!\s*(?:percent|per cent|%|million|billion))", re.I
)
_FRACTION = re.compile(
    _Q + r"\b(?P<f>" + alternation(FRACTIONS) + r")\b(?P<of>\s+(?:of|the)\b)?", re.I
)
_FOLD = re.compile(r"\b(?P<n>" + _CARD + r")[- ]?fold\b", re.I)
_TIMES = re.compile(r"\b(?P<n>" + _CARD + r")\s+times\b(?!\s+(?:a|per|each|every)\b)", re.I)
_MULTIPLE = re.compile(
    _Q + r"\b(?P<w>" + alternation(MULTIPLES) + r")\b(?![- ](?:digit|check|down|a|per)\b)", re.I
)
_ORD = r"(?P<o>" + alternation(ORDINALS) + r")"
_RANKS = [
    re.compile(r"\b" + _ORD + r"[- ](?:ranked|largest|biggest|highest|lowest|smallest|place|position|spot)\b", re.I),
    re.compile(
        r"\b(?:rank(?:s|ed|ing)?|placed|places|came|comes|finished|finishes|stood|stands|sits|sat)\s+"
        r"(?:(?:in|at)\s+)?(?:the\s+)?" + _ORD + r"\b", re.I
    ),
    # "the US first, China second": a name, then an ordinal that ends the phrase
    re.compile(
        r"\b(?P<name>[A-Z][A-Za-z.]{1,20}) " + _ORD + r"(?=\s*(?:[,;)]|\.(?:\s|$)|$|\s(?:and|with|at|in)\b))"
    ),
]
_NOT_NAMES = {"The", "A", "An", "In", "On", "At", "Its", "Their", "His", "Her", "Our", "This", "That", "For", "And",
              "But", "Or", "It", "Is", "Was", "By", "To", "Of"}
_TO_LAST = re.compile(r"\b" + _ORD + r" to last\b", re.I)
_TOP = re.compile(r"\btop (?P<n>" + alternation(WORDS) + r"|\d{1,4})\b", re.I)
_NOT_RANK_AFTER = re.compile(r"\s*(?:quarter|half|week|day|phase|time|round)", re.I)
_WORDY = re.compile(r"[a-z]", re.I)


def _cardinal(words: str) -> float | None:
    """ "twenty-five" -> 25, "three hundred fifty" -> 350, "five six" -> None."""
    total, last = 0, None
    for w in re.split(r"[- ]", words.lower()):
        if w == "hundred":
            if last not in UNITS and last not in TEENS:
                return None
            total *= 100
        elif w in WORDS:
            if last is not None and last != "hundred" and not (last in TENS and w in UNITS):
                return None
            total += WORDS[w]
        else:
            return None
        last = w
    return float(total)


def _q(m: re.Match[str]) -> str:
    return QUALIFIERS.get(re.sub(r"\s+", " ", (m.group("q") or "").strip().lower()), "exact")


def find_words(text: str) -> list[Quantity]:
    """Every number written in words that a reader could check."""
    if not _WORDY.search(text):
        return []
    out: list[Quantity] = []
    low = text.lower()

    def has(*words: str) -> bool:  # most sentences hold none of these: skip their patterns
        return any(w in low for w in words)

    cardinal = has(*WORDS)

    def add(m: re.Match[str], value: float | None, unit: str, qualifier: str = "exact", **kw: Any) -> None:
        if value is not None:
            out.append(Quantity(m.start(), m.end(), m.group(0), value, unit, qualifier, **kw))

    for m in _SCALED.finditer(text) if has(*SCALES) else ():
        n = m.group("n").lower()
        base = 1.0 if n in ("a", "an") else _cardinal(n)
        scale = SCALES[m.group("s").lower()]
        unit = CURRENCY_WORDS.get((m.group("cur") or "").lower(), "count")
        add(m, None if base is None else base * scale, unit, _q(m), scale=scale)
    for m in _PERCENT.finditer(text) if has("percent", "per cent") else ():
        add(m, _cardinal(m.group("n")), "percent", _q(m))
    for m in _QUALIFIED.finditer(text) if cardinal else ():
        if not re.match(r"under\s", m.group("q"), re.I):  # "under one roof"
            add(m, _cardinal(m.group("n")), "count", _q(m))
    for m in _SHARE.finditer(text) if has(" in ", " of the ", "out of") else ():
        n, d = (float(x) if x.isdigit() else _cardinal(x) for x in (m.group("n"), m.group("m")))
        if n is None or not d or n > d or re.fullmatch(r"(?:19|20)\d\d", m.group("m")):
            continue  # "2 in 2023" is a date
        if m.group("how").lower() == "of the":
            if not m.group("n")[0].isdigit() and not m.group("m")[0].isdigit():
                add(m, n, "count")  # "three of the five"; not "1 of the 10 largest"
        else:
            add(m, 100 * n / d, "percent", decimals=1)
    for m in _FRACTION.finditer(text) if has(*_FRACTION_WORDS) else ():
        before = text[max(0, m.start() - 8) : m.start()].lower()
        if not (m.group("q") or m.group("of")) or re.search(r"(?:first|second|latter|former|1st|2nd|the)\s+$", before):
            continue  # "the first half of 2023" is a period; "half" alone is not a share
        end = m.end("f")
        out.append(Quantity(m.start(), end, text[m.start() : end], FRACTIONS[m.group("f").lower()], "percent", _q(m),
                            decimals=1))
    for m in _FOLD.finditer(text) if cardinal and has("fold") else ():
        add(m, _cardinal(m.group("n")), "multiple")
    for m in _TIMES.finditer(text) if cardinal and has(" times") else ():
        add(m, _cardinal(m.group("n")), "multiple")
    for m in _MULTIPLE.finditer(text) if has("twice", "doubl", "tripl", "quadrupl") else ():
        add(m, float(MULTIPLES[m.group("w").lower()]), "multiple", _q(m))
    for pattern in _RANKS if has(*ORDINALS) else ():
        for m in pattern.finditer(text):
            if _NOT_RANK_AFTER.match(text, m.end()) or re.search(r"in the first place\b", text[max(0, m.start() - 7) :
                                                                                                m.end() + 6]):
                continue
            if "name" in pattern.groupindex:
                if m.group("name") in _NOT_NAMES:
                    continue
                start, value = m.start("o"), float(ORDINALS[m.group("o").lower()])
                out.append(Quantity(start, m.end(), text[start : m.end()], value, "rank"))
                continue
            add(m, float(ORDINALS[m.group("o").lower()]), "rank")
    for m in _TO_LAST.finditer(text) if has(" to last") else ():
        add(m, float(ORDINALS[m.group("o").lower()]), "rank", "from_last")
    for m in _TOP.finditer(text) if has("top ") else ():
        n = m.group("n").lower()
        add(m, float(n) if n.isdigit() else float(WORDS[n]), "rank", "at_most")
    return out
