"""Japanese (and Korean) numerals: 1,234億5,600万円, 三千億, 18兆9 713億, 3割, 第2位, 半分.

>>> parse_japanese_number("1,234億5,600万")
123456000000.0
>>> [(q.text, q.value, q.unit) for q in find_japanese("予算は三千億円、利用者は1億2693万3千人")]
[('三千億円', 300000000000.0, 'JPY'), ('1億2693万3千人', 126933000.0, 'count')]
"""

from __future__ import annotations

import re
from typing import Any

from .quantity import JA_CURRENCIES, Quantity, alternation, decimals_of, to_float, too_long

SCALES = {"兆": 1e12, "億": 1e8, "万": 1e4, "조": 1e12, "억": 1e8, "만": 1e4}
_KANJI = {"〇": 0, "零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_SMALL_UNITS = {"十": 10, "百": 100, "千": 1000, "천": 1000}

# One group under 10,000: grouped digits (commas, or spaces between scale words as in 18兆9 713億),
# digits with 千 (3千), or kanji (二千三百). Quantifiers are bounded so that matching stays linear.
_DIGITS = r"\d{1,3}(?:,\d{3}){1,10}(?:\.\d{1,12})?|\d{1,3}(?: \d{3}){1,4}(?=[兆億万千조억만천])|\d{1,30}(?:\.\d{1,12})?"
_KAN = r"[〇零一二三四五六七八九十百千]{1,12}"
_GROUP = r"(?:(?:" + _DIGITS + r")[千천]?|" + _KAN + r")"
_SCALE = r"(?:[兆億万]|[조억만] ?)"  # Korean spaces its groups: 3조 5천억 원
_COUNTERS = (
    "人",
    "名",
    "社",
    "件",
    "校",
    "機関",
    "団体",
    "都市",
    "か国",
    "カ国",
    "ヶ国",
    "ヵ国",
    "台",
    "基",
    "本",
    "個",
    "拠点",
    "種類",
    "世帯",
)
_UNITS = r" ?(?:" + alternation(JA_CURRENCIES) + r")|" + alternation(_COUNTERS)
# A compound with at least one scale word, or a number with a Japanese unit after it; never the
# tail of a longer number ("500億" inside "1,500億") nor a vague one (数十億).
_NUMBER = re.compile(
    r"(?<![\d数何幾])(?<!\d[.,])(?P<num>(?:" + _GROUP + _SCALE + r"){1,4}(?:" + _GROUP + r")?"
    r"|(?:" + _DIGITS + r")[千천]"
    r"|[一二三四五六七八九]?[十百千][〇一二三四五六七八九十百千]{0,8}(?=" + _UNITS + r")"
    r"|(?:" + _DIGITS + r")(?=" + _UNITS + r"))"
    r"(?P<unit>" + _UNITS + r")?"
)

_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
_START = r"(?<!\d)(?<!\d[.,])"  # never inside a longer number
_WARI = re.compile(_START + r"(?P<n>\d{1,2}(?:\.\d)?|[一二三四五六七八九十])割(?:(?P<r>\d|[一二三四五六七八九])分)?")
_DOUBLE = re.compile(r"倍増|(?<![\d一二三四五六七八九十百千数何])倍(?=近く|以上|強|弱|に|へ|と)")
_FRACTION = re.compile(_START + r"(?P<d>\d{1,6}|[一二三四五六七八九十])分の(?P<n>\d{1,6}|[一二三四五六七八九十])")

BEFORE = (("約", "approx"), ("およそ", "approx"), ("ほぼ", "approx"), ("最大", "at_most"), ("最低", "at_least"),
          ("少なくとも", "at_least"))
AFTER = (
    ("を突破", "more_than"),
    ("を超え", "more_than"),
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
    ("あまり", "more_than"),
    ("ほど", "approx"),
    ("くらい", "approx"),
    ("ぐらい", "approx"),
)


def _small(text: str) -> float:
    """A group under 10,000: "2,693", "9 713", "3千", "二千三百", "千"."""
    if text[-1] in "千천" and text[:-1] and text[0].isdigit():
        return to_float(text[:-1]) * 1000
    if text[0].isdigit():
        return to_float(text)
    total, current, digit = 0, 0, False
    for ch in text:
        if ch in _KANJI:  # 二〇二三 is positional, 二千 is not
            current, digit = (current * 10 + _KANJI[ch] if digit else _KANJI[ch]), True
        elif ch in _SMALL_UNITS:
            total += (current or 1) * _SMALL_UNITS[ch]
            current, digit = 0, False
    return float(total + current)


def parse_japanese_number(text: str) -> float:
    """19兆7408億 -> 1.97408e13; 90万8300 -> 908300; 3.5万 -> 35000; 三千億 -> 3e11.

    >>> parse_japanese_number("19兆7408億"), parse_japanese_number("90万8300")
    (19740800000000.0, 908300.0)
    """
    total = 0.0
    group = ""
    for ch in text.strip():
        if ch in SCALES:
            total += (_small(group) if group else 1.0) * SCALES[ch]
            group = ""
        else:
            group += ch
    return total + (_small(group) if group else 0.0)


def _lead_scale(text: str) -> float:
    """The factor of a compound's first scale word: 4500億 -> 1e8 (a range's bare bound takes it)."""
    m = re.search(_SCALE, text)
    return SCALES[m.group().strip()] if m else (1000.0 if "千" in text else 1.0)


def qualifier_before(text: str, start: int) -> tuple[str, int]:
    for phrase, q in BEFORE:
        if text.endswith(phrase, 0, start):
            return q, start - len(phrase)
    return "exact", start


def qualifier_after(text: str, end: int) -> tuple[str, int]:
    for phrase, q in AFTER:
        if text.startswith(phrase, end):
            return q, end + len(phrase)
    return "exact", end


def _quantity(text: str, start: int, end: int, value: float, unit: str, **kw: Any) -> Quantity:
    q, start = qualifier_before(text, start) if "qualifier" not in kw else (kw.pop("qualifier"), start)
    after, end = qualifier_after(text, end)
    return Quantity(start, end, text[start:end], value, unit, after if after != "exact" else q, **kw)


def find_japanese(text: str) -> list[Quantity]:
    """Japanese amounts, counts, shares (3割, 3分の1), multiples (3倍, 倍増), ranks (第2位) and streaks."""
    out: list[Quantity] = []
    if not _CJK.search(text):
        return out
    for m in _NUMBER.finditer(text):
        num = m.group("num")
        scales = [SCALES[ch] for ch in num if ch in SCALES]
        if too_long(num) or any(a <= b for a, b in zip(scales, scales[1:], strict=False)):
            continue  # "1億1億", "5万3億": not one number
        unit_word = (m.group("unit") or "").strip()
        unit = JA_CURRENCIES.get(unit_word, "count")
        factor = 1e7 if unit_word == "クローレ" else 1.0  # 1万300クローレ: 10,300 crore
        out.append(
            _quantity(
                text,
                m.start(),
                m.end(),
                parse_japanese_number(num.replace(" ", "")) * factor,
                unit,
                decimals=decimals_of(num),
                scale=_lead_scale(num),
            )
        )
    for m in _WARI.finditer(text):
        n, r = m.group("n"), m.group("r")
        value = (_small(n)) * 10 + (_small(r) if r else 0)
        out.append(_quantity(text, m.start(), m.end(), value, "percent", decimals=1 if r else 0))
    for m in _FRACTION.finditer(text):
        d = _small(m.group("d"))
        if d:
            out.append(_quantity(text, m.start(), m.end(), 100 * _small(m.group("n")) / d, "percent", decimals=1))
    for m in re.finditer(r"(?<!\d)(?<!\d[.,])(?P<n>[一二三四五六七八九十百]{1,4})倍", text):
        out.append(_quantity(text, m.start(), m.end(), _small(m.group("n")), "multiple"))
    for m in _DOUBLE.finditer(text):  # 倍増, and 倍 with no number before it: "倍近く" is about double
        out.append(_quantity(text, m.start(), m.end(), 2.0, "multiple"))
    for m in re.finditer(r"過半数|半分|半数", text):
        q = "more_than" if m.group() == "過半数" else "exact"
        out.append(_quantity(text, m.start(), m.end(), 50.0, "percent", qualifier=q))
    for m in re.finditer(r"半減", text):
        out.append(Quantity(m.start(), m.end(), m.group(), -50.0, "percent", sign=-1))
    for m in re.finditer(r"(?<!\d)(?<!\d[.,])(?P<n>\d{1,3})年連続", text):
        out.append(Quantity(m.start(), m.end(), m.group(), float(m.group("n")), "count"))
    out.extend(_ranks(text))
    return out


_OF_N = re.compile(
    r"(?<!\d)(?<!\d[.,])(?P<n>\d{1,4})(?:カ国|か国|ヶ国|ヵ国|国・地域|国|都市|社|校|人|大学)?中(?:で)?(?:第)?(?P<r>\d{1,4})位"
)


def _ranks(text: str) -> list[Quantity]:
    """ "123カ国中96位" (96th of 123), "第3位", "3位", "2番目", "首位"."""
    out, spans = [], []
    for m in _OF_N.finditer(text):
        out.append(Quantity(m.start(), m.end(), m.group(), float(m.group("r")), "rank", rank_of=int(m.group("n"))))
        spans.append((m.start(), m.end()))
    for m in re.finditer(r"(?:第)?(?<!\d)(?<!\d[.,])(?P<r>\d{1,4})(?:位|番目)", text):
        if not any(a <= m.start() < b for a, b in spans):
            out.append(Quantity(m.start(), m.end(), m.group(), float(m.group("r")), "rank"))
    for m in re.finditer(r"首位", text):
        out.append(Quantity(m.start(), m.end(), m.group(), 1.0, "rank"))
    return out
