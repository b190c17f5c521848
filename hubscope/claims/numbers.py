"""Numbers as reports write them, in English and Japanese, parsed into quantities.

>>> [(q.value, q.unit, q.qualifier) for q in find_quantities("Microsoft has pledged $2.9 billion")]
[(2900000000.0, 'USD', 'exact')]
>>> [(q.value, q.unit) for q in find_quantities("研究開発費は19兆7408億円")]
[(19740800000000.0, 'JPY')]
>>> [(q.lower, q.upper, q.unit) for q in find_quantities("fees of up to 30-45% of salaries")]
[(30.0, 45.0, 'percent')]
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

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
JA_SCALES = {"万": 1e4, "億": 1e8, "兆": 1e12, "千": 1e3}
CURRENCY_PREFIX = {
    "US$": "USD",
    "S$": "SGD",
    "C$": "CAD",
    "A$": "AUD",
    "$": "USD",
    "¥": "JPY",
    "￥": "JPY",
    "€": "EUR",
    "£": "GBP",
    "Rs.": "INR",
    "Rs": "INR",
    "₹": "INR",
    "₩": "KRW",
    "₪": "ILS",
    "RMB": "CNY",
    "CNY": "CNY",
    "USD": "USD",
    "JPY": "JPY",
    "EUR": "EUR",
    "GBP": "GBP",
}
CURRENCY_WORDS = {
    "yen": "JPY",
    "円": "JPY",
    "dollars": "USD",
    "dollar": "USD",
    "ドル": "USD",
    "euros": "EUR",
    "euro": "EUR",
    "ユーロ": "EUR",
    "pounds": "GBP",
    "won": "KRW",
    "yuan": "CNY",
    "元": "CNY",
    "rupees": "INR",
    "rupee": "INR",
    "shekels": "ILS",
}
WORDS = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "hundred": 100,
}
ORDINALS = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
}
FRACTIONS = {
    "a half": 50.0,
    "half": 50.0,
    "a third": 100 / 3,
    "one third": 100 / 3,
    "two thirds": 200 / 3,
    "two-thirds": 200 / 3,
    "a quarter": 25.0,
    "one quarter": 25.0,
    "three quarters": 75.0,
    "a fifth": 20.0,
    "one fifth": 20.0,
    "a tenth": 10.0,
}
FOLDS = {
    "twofold": 2,
    "threefold": 3,
    "fourfold": 4,
    "fivefold": 5,
    "tenfold": 10,
    "hundredfold": 100,
    "twice": 2,
    "doubled?": 2,
    "tripled?": 3,
}

# Qualifiers written before a number (English) or after it (Japanese).
BEFORE = [
    ("more than", "more_than"),
    ("over", "more_than"),
    ("above", "more_than"),
    ("exceeding", "more_than"),
    ("in excess of", "more_than"),
    ("at least", "at_least"),
    ("no less than", "at_least"),
    ("less than", "less_than"),
    ("fewer than", "less_than"),
    ("under", "less_than"),
    ("below", "less_than"),
    ("up to", "at_most"),
    ("at most", "at_most"),
    ("no more than", "at_most"),
    ("nearly", "approx"),
    ("almost", "approx"),
    ("about", "approx"),
    ("approximately", "approx"),
    ("around", "approx"),
    ("roughly", "approx"),
    ("some", "approx"),
    ("circa", "approx"),
    ("c.", "approx"),
    ("~", "approx"),
    ("約", "approx"),
    ("およそ", "approx"),
    ("ほぼ", "approx"),
]
AFTER_JA = [
    ("超", "more_than"),
    ("以上", "at_least"),
    ("未満", "less_than"),
    ("以下", "at_most"),
    ("弱", "approx_below"),
    ("強", "approx_above"),
    ("程度", "approx"),
    ("近く", "approx"),
    ("前後", "approx"),
    ("余り", "more_than"),
]

NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_JA_NUM = re.compile(r"(?:(?:\d+(?:\.\d+)?|[〇一二三四五六七八九十百千]+)[兆億万千])+(?:\d+(?:\.\d+)?)?")


@dataclass(frozen=True)
class Quantity:
    """One number found in text, with what it measures."""

    start: int
    end: int
    text: str
    value: float | None
    unit: str  # percent, percentage_point, rank, multiple, USD/JPY/..., count, or a plain unit
    qualifier: str = "exact"
    lower: float | None = None
    upper: float | None = None
    rank_of: int | None = None
    decimals: int = 0  # digits after the point as written: the claim's own precision
    words: tuple[str, ...] = field(default=(), compare=False)  # unit words that followed

    @property
    def is_money(self) -> bool:
        return self.unit.isupper() and len(self.unit) == 3


def _float(text: str) -> float:
    return float(text.replace(",", ""))


def _decimals(text: str) -> int:
    return len(text.split(".")[1]) if "." in text else 0


_KANJI = {"〇": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


def _kanji_small(text: str) -> float:
    """A number under 10,000 written in digits or kanji (二千三百 -> 2300)."""
    if re.fullmatch(r"\d+(?:\.\d+)?", text):
        return float(text)
    total, current = 0, 0
    for ch in text:
        if ch in _KANJI:
            current = _KANJI[ch]
        elif ch in "十百千":
            total += (current or 1) * {"十": 10, "百": 100, "千": 1000}[ch]
            current = 0
    return float(total + current)


def parse_japanese_number(text: str) -> float:
    """19兆7408億 -> 1.97408e13; 90万8300 -> 908300; 3.5万 -> 35000.

    >>> parse_japanese_number("19兆7408億"), parse_japanese_number("90万8300")
    (19740800000000.0, 908300.0)
    """
    total = 0.0
    rest = text
    for unit in ("兆", "億", "万"):
        if unit in rest:
            head, rest = rest.split(unit, 1)
            total += _kanji_small(head) * JA_SCALES[unit] if head else JA_SCALES[unit]
    if rest:
        total += _kanji_small(rest)
    return total


_GLUED = ("~", "約", "およそ", "ほぼ", "c.")
_BEFORE = re.compile(
    "|".join((r"" if p in _GLUED else r"(?:^|(?<=[\s(]))") + "(" + re.escape(p) + r")\s*$" for p, _ in BEFORE)
)
_BEFORE_Q = dict(BEFORE)


def _qualifier_before(text: str, start: int) -> tuple[str, int]:
    """A qualifier just before a number ("over", "nearly", 約) and where it starts."""
    lo = max(0, start - 24)
    m = _BEFORE.search(text[lo:start].lower())
    if not m:
        return "exact", start
    phrase = next(g for g in m.groups() if g is not None)
    return _BEFORE_Q[phrase], lo + m.start()


def _qualifier_after_ja(text: str, end: int) -> tuple[str, int]:
    for phrase, q in AFTER_JA:
        if text.startswith(phrase, end):
            return q, end + len(phrase)
    return "exact", end


_EN = re.compile(
    r"(?P<cur>US\$|S\$|C\$|A\$|\$|¥|￥|€|£|₹|₩|₪|Rs\.?\s?|(?:USD|JPY|EUR|GBP|CNY|RMB)\s?)?"
    r"(?P<num>" + NUM + r")"
    r"(?:\s?(?P<dash>[-–—~〜])\s?(?P<num2>" + NUM + r"))?"
    r"(?P<ord>st|nd|rd|th)?"
    r"(?:\s?(?P<scale>thousand|million|billion|trillion|bn|mn|mln|tn|crores?|lakhs?|m|k|b)\b)?"
    r"(?P<jascale>[兆億万])?"
    r"(?:\s?(?P<pct>%|％|percentage points?|percent|per cent|pp\b|ポイント|pts?\b))?"
    r"(?:\s?(?P<fold>-?fold|x\b|倍))?"
    r"(?:\s?(?P<curword>yen|円|dollars?|ドル|euros?|ユーロ|pounds|won|yuan|元|rupees?|shekels))?",
    re.IGNORECASE,
)


def find_quantities(text: str) -> list[Quantity]:
    """Every number in ``text`` with its unit, scale, currency, qualifier and range."""
    out: list[Quantity] = []
    taken: list[tuple[int, int]] = []
    for q in _japanese(text) + _words(text):
        out.append(q)
        taken.append((q.start, q.end))
    for m in _EN.finditer(text):
        if any(a <= m.start() < b for a, b in taken):
            continue  # inside a quantity already read (a Japanese numeral, "92nd out of 116")
        # a number glued to letters is part of a name: 5G, COVID-19, H100, 2nm is a node
        before = text[m.start() - 1] if m.start() else " "
        if (before.isalpha() and before.isascii()) or before in "-_/":
            continue
        after = text[m.end() : m.end() + 1]
        if after.isalpha() and after.isascii() and not m.group("scale") and not m.group("curword"):
            continue  # "2nm", "3D": a number glued to letters is a name or a unit we do not read
        q = _from_match(text, m)
        if q is not None:
            out.append(q)
            taken.append((q.start, q.end))
    return _between(text, sorted(out, key=lambda q: q.start))


def _between(text: str, qs: list[Quantity]) -> list[Quantity]:
    """ "between 700 and 800 billion yen": one range that shares the second number's unit."""
    out: list[Quantity] = []
    i = 0
    while i < len(qs):
        a = qs[i]
        b = qs[i + 1] if i + 1 < len(qs) else None
        lead = text[max(0, a.start - 8) : a.start].lower()
        if b and lead.rstrip().endswith("between") and re.fullmatch(r"\s+and\s+", text[a.end : b.start]):
            scale = (b.value or 0) / _float(re.search(NUM, b.text).group()) if b.value else 1.0
            lo = a.value * (scale if a.unit == "count" else 1)
            start = a.start - (len(lead) - lead.rstrip().rfind("between"))
            out.append(
                Quantity(
                    start,
                    b.end,
                    text[start : b.end],
                    None,
                    b.unit,
                    "range",
                    lo,
                    b.value,
                    decimals=max(a.decimals, b.decimals),
                    words=b.words,
                )
            )
            i += 2
            continue
        out.append(a)
        i += 1
    return out


def _from_match(text: str, m: re.Match) -> Quantity | None:
    num = m.group("num")
    value = _float(num)
    decimals = _decimals(num)
    scale_word = (m.group("scale") or "").lower()
    cur = m.group("cur")
    curword = (m.group("curword") or "").lower()
    currency = CURRENCY_PREFIX.get(cur.strip()) if cur else None
    if curword:
        currency = CURRENCY_WORDS.get(curword, currency)
    # "m" and "b" alone are scale words only next to money ("$59m"), never in "5 m" of distance
    if scale_word in ("m", "b", "k") and not (currency or curword):
        nxt = text[m.end() : m.end() + 6].lower()
        if not re.match(r"\s?(yen|円|dollars?|euros?)", nxt):
            scale_word = ""
    scale = SCALES.get(scale_word, 1.0)
    if m.group("jascale"):
        scale *= JA_SCALES[m.group("jascale")]
    pct = (m.group("pct") or "").lower()
    fold = m.group("fold")
    if pct.startswith(("percentage point", "pp", "ポイント", "pt")):
        unit = "percentage_point"
    elif pct:
        unit = "percent"
    elif fold:
        unit = "multiple"
    elif currency:
        unit = currency
    elif m.group("ord"):
        unit = "rank"
    else:
        unit = "count"
    end = m.end()
    # trim a trailing space the optional groups may have eaten
    while end > m.start() and text[end - 1] == " ":
        end -= 1
    qualifier, start = _qualifier_before(text, m.start())
    ja_q, end = _qualifier_after_ja(text, end)
    if ja_q != "exact":
        qualifier = ja_q
    lower = upper = None
    if m.group("num2"):
        lower, upper = value * scale, _float(m.group("num2")) * scale
        if upper < lower:
            return None
        qualifier = "range"
    rank_of = None
    if unit == "rank" or (unit == "count" and re.match(r"\s*(out )?of \d", text[end : end + 12])):
        r = re.match(r"\s*(?:place\s*)?(?:out of|of)\s+(\d+)", text[end : end + 20])
        if r:
            rank_of = int(r.group(1))
            end += r.end()
            unit = "rank"
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
    )


def _japanese(text: str) -> list[Quantity]:
    out = []
    pattern = re.compile(
        r"(?P<pre>約|およそ|ほぼ)?(?P<num>" + _JA_NUM.pattern + r")"
        r"(?P<unit>円|ドル|人|件|社|名)?"
    )
    for m in pattern.finditer(text):
        value = parse_japanese_number(m.group("num"))
        unit = {"円": "JPY", "ドル": "USD"}.get(m.group("unit") or "", "count")
        qualifier, end = _qualifier_after_ja(text, m.end())
        if m.group("pre"):
            qualifier = "approx"
        out.append(
            Quantity(m.start(), end, text[m.start() : end], value, unit, qualifier, decimals=_decimals(m.group("num")))
        )
    for m in re.finditer(r"(?P<pre>約|およそ)?(?P<n>\d+(?:\.\d+)?)割(?P<r>\d)?分?", text):
        value = float(m.group("n")) * 10 + (float(m.group("r")) if m.group("r") else 0)
        qualifier, end = _qualifier_after_ja(text, m.end())
        out.append(
            Quantity(m.start(), end, text[m.start() : end], value, "percent", "approx" if m.group("pre") else qualifier)
        )
    # ranks: "123カ国中96位" (96th of 123), "第3位", "3位"
    ranked_spans = []
    of_n = r"(?P<n>\d+)(?:カ国|か国|ヶ国|ヵ国|国・地域|国|都市|社|校|人)?中(?:で)?(?:第)?(?P<r>\d+)位"
    for m in re.finditer(of_n, text):
        out.append(Quantity(m.start(), m.end(), m.group(0), float(m.group("r")), "rank", rank_of=int(m.group("n"))))
        ranked_spans.append((m.start(), m.end()))
    for m in re.finditer(r"(?:第)?(?P<r>\d+)位", text):
        if not any(a <= m.start() < b for a, b in ranked_spans):
            out.append(Quantity(m.start(), m.end(), m.group(0), float(m.group("r")), "rank"))
    for m in re.finditer(r"(?P<pre>約|およそ)?(?P<d>\d+)分の(?P<n>\d+)", text):
        value = 100 * float(m.group("n")) / float(m.group("d"))
        qualifier, end = _qualifier_after_ja(text, m.end())
        out.append(
            Quantity(
                m.start(),
                end,
                text[m.start() : end],
                value,
                "percent",
                "approx" if m.group("pre") else qualifier,
                decimals=1,
            )
        )
    return out


_WORD_NUM = re.compile(
    r"\b(?P<w>(?:"
    + "|".join(sorted(WORDS, key=len, reverse=True))
    + r")(?:[- ](?:"
    + "|".join(k for k in WORDS if WORDS[k] < 10)
    + r"))?)\s+(?P<pct>percent|per cent)\b",
    re.IGNORECASE,
)


_FRACTION = re.compile(
    r"\b(" + "|".join(re.escape(k) for k in sorted(FRACTIONS, key=len, reverse=True)) + r")\b(?= of\b)", re.IGNORECASE
)
_FOLD = re.compile(r"\b(" + "|".join(FOLDS) + r")\b", re.IGNORECASE)
_FOLD_VALUE = [(re.compile(k + "$", re.IGNORECASE), v) for k, v in FOLDS.items()]
_ORDINAL = "|".join(ORDINALS)
_RANKED = re.compile(r"\b(" + _ORDINAL + r")[- ](?:ranked|largest|place|highest|biggest)\b", re.IGNORECASE)
_TO_LAST = re.compile(r"\b(" + _ORDINAL + r") to last\b", re.IGNORECASE)
_TOP = re.compile(r"\btop (?P<n>" + "|".join(WORDS) + r"|\d+)\b", re.IGNORECASE)
_NM = re.compile(r"(?P<sub>sub-)?(?P<n>\d+(?:\.\d+)?)\s?nm\b")
_WORDY = re.compile(r"[a-z]", re.IGNORECASE)


def _words(text: str) -> list[Quantity]:
    """Numbers in words: "Sixty-eight percent", "a third", "tenfold", "third-ranked"."""
    out = []
    if _WORDY.search(text):
        for m in _WORD_NUM.finditer(text):
            parts = re.split(r"[- ]", m.group("w").lower())
            value = sum(WORDS[p] for p in parts)
            out.append(Quantity(m.start(), m.end(), m.group(0), float(value), "percent"))
        for m in _FRACTION.finditer(text):
            out.append(
                Quantity(m.start(), m.end(), m.group(0), FRACTIONS[m.group(1).lower()], "percent", "approx", decimals=1)
            )
        for m in _FOLD.finditer(text):
            n = next(v for pat, v in _FOLD_VALUE if pat.match(m.group(1)))
            out.append(Quantity(m.start(), m.end(), m.group(0), float(n), "multiple"))
        for m in _RANKED.finditer(text):
            out.append(Quantity(m.start(), m.end(), m.group(0), float(ORDINALS[m.group(1).lower()]), "rank"))
        for m in _TO_LAST.finditer(text):
            out.append(
                Quantity(m.start(), m.end(), m.group(0), float(ORDINALS[m.group(1).lower()]), "rank", "from_last")
            )
        for m in _TOP.finditer(text):
            n = m.group("n").lower()
            value = float(n) if n.isdigit() else float(WORDS[n])
            out.append(Quantity(m.start(), m.end(), m.group(0), value, "rank", "at_most"))
    for m in _NM.finditer(text):
        out.append(
            Quantity(
                m.start(), m.end(), m.group(0), float(m.group("n")), "nm", "less_than" if m.group("sub") else "exact"
            )
        )
    # overlapping word matches (e.g. "a third" inside "two thirds"): keep the longest
    out.sort(key=lambda q: (q.start, -(q.end - q.start)))
    kept: list[Quantity] = []
    for q in out:
        if not kept or q.start >= kept[-1].end:
            kept.append(q)
    return kept
