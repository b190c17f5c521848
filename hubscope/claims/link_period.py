"""The period a claim is for: years, fiscal years, halves, quarters, months, era years and
relative words ("last year", 前年, 来年度), in the store's forms (``2024``, ``FY2014``,
``2023H1``, ``2023Q3``, ``2025-09``).

>>> [p.period for p in periods_in("平成26年度の研究費総額は18兆円", 0)]
['FY2014']
>>> [p.period for p in periods_in("2023年上半期の資金調達額は3354億円", 0)]
['2023H1']
>>> [p.period for p in periods_in("2023年7月から9月にかけての3ヶ月で", 0)]
['2023Q3']
>>> [p.period for p in periods_in("in the third quarter of 2023 and in FY21", 0)]
['2023Q3', 'FY2021']
>>> from datetime import date
>>> [(p.period, p.inferred) for p in periods_in("昨年の調達額", 0, today=date(2024, 5, 1))]
[('2023', True)]
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from .document import MONTHS

ERAS = {"令和": 2018, "平成": 1988, "昭和": 1925}  # era year 1 is the base + 1
_MONTH_NO = {m.lower(): i for i, m in enumerate(MONTHS.split("|"), start=1)}
_MONTH_ABBR = {m[:3].lower(): i for m, i in _MONTH_NO.items()} | {"sept": 9}
_ORDINAL = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4}
# fiscal years that are calendar years: 年度 and "FY" for these countries are the calendar year
CALENDAR_FISCAL = frozenset({"KOR", "CHN", "FRA", "DEU", "NLD", "CHE", "BRA", "RUS", "SWE", "NOR", "DNK", "TWN"})

_Y = r"(?:19|20)\d{2}"
_JA_YEAR = (
    rf"(?:(?P<era>令和|平成|昭和)(?P<eray>元|\d{{1,2}})|(?P<y>{_Y})|(?P<y2>(?<![\d.,])\d{{2}})(?=年)"
    r"|(?P<same>同)(?=年))"
)
_PATTERNS = [
    # Japanese: 2023年度, 平成26年度, 2023年上半期, 2023年第3四半期, 2023年7月〜9月, 25年9月, 2020年
    re.compile(
        _JA_YEAR
        + r"(?:(?P<nendo>年度)|年(?:の|は|に)?(?:(?P<half>上半期|下半期|前半|後半)"
        r"|第(?P<q>[1-4１-４])四半期|(?P<m1>\d{1,2})月(?:\s*(?:から|〜|~|～|-|－)\s*(?P<m2>\d{1,2})月)?)?)"
    ),
    # Japanese month ranges with no year: 4月〜6月 (the year is the one last named)
    re.compile(r"(?<![\d年])(?P<m1>\d{1,2})月\s*(?:から|〜|~|～|-|－)\s*(?P<m2>\d{1,2})月"),
    re.compile(r"(?<![\d年])第(?P<q>[1-4１-４])四半期"),
    # Japanese relative years
    re.compile(r"(?P<rel>(?:今|本|来|昨|前)年度|今年|本年|来年|昨年|去年|前年)(?!度|比|同期)"),
    # English
    re.compile(rf"(?P<fy>FY|fiscal(?: year)?\s)\s?(?P<fyy>{_Y}|\d{{2}}\b)", re.I),
    re.compile(
        rf"(?P<ord>first|second|third|fourth|1st|2nd|3rd|4th)\s+(?P<unit>quarter|half)\s+(?:of\s+)?(?:(?:fiscal|FY)\s*)?(?P<oy>{_Y})",
        re.I,
    ),
    re.compile(rf"\b(?:(?P<qn>[1-4])Q|Q(?P<qn2>[1-4]))\s*(?P<qy>{_Y})\b|\b(?P<qy2>{_Y})\s*Q(?P<qn3>[1-4])\b"),
    re.compile(rf"\b(?:(?P<hn>[12])H|H(?P<hn2>[12]))\s*(?P<hy>{_Y})\b|\b(?P<hy2>{_Y})\s*H(?P<hn3>[12])\b"),
    re.compile(rf"(?P<mon>{MONTHS}|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?)\s+(?:\d{{1,2}},?\s+)?(?P<my>{_Y})"),
    re.compile(rf"\bas of (?P<asof>{MONTHS})\b(?!\s+\d)", re.I),
    re.compile(
        r"\b(?P<erel>last year|this year|next year|the previous year|a year earlier|the year before"
        r"|last fiscal year|this fiscal year|next fiscal year)\b",
        re.I,
    ),
    # not a year inside or before an amount: "4兆2000億ドル", "2000人", "2020万円"
    re.compile(rf"(?<![\d.,$€£¥兆億万])(?P<py>{_Y})(?![\d%]|[.,]\d|\s?(?:[兆億万千百人社件円]|ドル|ウォン))"),
]
_ANY = re.compile(
    r"(?:19|20)\d{2}|\d年|\d月|年度|四半期|昨年|来年|今年|去年|前年|本年|FY|fiscal|year|quarter|half|[QH][1-4]|as of",
    re.I,
)
# "from 2023", "than in 2022": a period named as the base of a comparison, for the numbers before it
BASE_BEFORE = re.compile(
    r"(?:\bfrom|\bsince|\bthan(?: in)?|compared (?:with|to)|relative to|\bversus|\bvs\.?)\s+"
    r"(?:the\s+)?(?:same\s+(?:period|quarter|month)\s+(?:of|in)\s+)?$",
    re.I,
)
# "2022年上半期の1,058社から17%増": a Japanese period with its base word, for the numbers after it
BASE_AFTER = re.compile(r"^(?:の同時期|の同期|同期)?(?:の[^、。]{0,14}?)?(?:から|と比較|に比べ|と比べ|を上回|を下回)")


@dataclass(frozen=True)
class PeriodMention:
    """A period named in a sentence: where, in the store's form, and whether it was inferred."""

    start: int
    end: int
    period: str
    inferred: bool = False
    base: bool = False  # "from 2023", "2022年と比較": the base of a change, not a claim's period
    relative: str = ""  # "prev" for "a year earlier": one year before the claim's other period


def _ja_year(m: re.Match[str], context: int | None) -> int | None:
    if m.groupdict().get("era"):
        n = 1 if m["eray"] == "元" else int(m["eray"])
        return ERAS[m["era"]] + n
    if m.groupdict().get("y"):
        return int(m["y"])
    if m.groupdict().get("y2"):
        return 2000 + int(m["y2"])
    return context  # 同年


def _months(year: int, m1: int, m2: int | None) -> str:
    """A month, or a range that is a quarter, half or whole year, in the store's form."""
    if m2 is None or m2 == m1:
        return f"{year}-{m1:02d}"
    if m1 == 1 and m2 == 12:
        return str(year)
    if m2 - m1 == 2 and m1 % 3 == 1:
        return f"{year}Q{(m1 + 2) // 3}"
    if m2 - m1 == 5 and m1 in (1, 7):
        return f"{year}H{1 if m1 == 1 else 2}"
    return str(year)


def _relative(word: str, today: date | None) -> tuple[str | None, str]:
    w = word.lower()
    if w in ("the previous year", "a year earlier", "the year before", "前年"):
        return None, "prev"
    if today is None:
        return None, ""
    back = ("last year", "last fiscal year", "昨年", "去年", "昨年度", "前年度")
    shift = -1 if w in back else 1 if "next" in w or "来" in w else 0
    fiscal = "fiscal" in w or "年度" in w
    if fiscal:
        fy = today.year if today.month >= 4 else today.year - 1
        return f"FY{fy + shift}", ""
    return str(today.year + shift), ""


def periods_in(text: str, offset: int, today: date | None = None, context: int | None = None) -> list[PeriodMention]:
    """Every period named in ``text`` (a sentence starting at ``offset`` in the document).

    ``today`` is the document's date, for "last year" and "as of September"; ``context`` the
    year last named before the sentence, for 同年 and a bare 4月〜6月."""
    if not _ANY.search(text):
        return []  # most sentences name no period: skip the dozen patterns
    found: list[re.Match[str]] = []
    taken = bytearray(len(text) + 1)
    for pat in _PATTERNS:  # earlier patterns win where two overlap
        for m in pat.finditer(text):
            if not any(taken[m.start() : m.end()]):
                found.append(m)
                taken[m.start() : m.end()] = b"\x01" * (m.end() - m.start())
    out: list[PeriodMention] = []
    for m in sorted(found, key=lambda m: m.start()):  # in order, so that 同年 is the year last named
        got = _one(m, today, context)
        if got is None:
            continue
        period, inferred, relative = got
        if period and period[:4].isdigit() and not inferred:
            context = int(period[:4])
        out.append(PeriodMention(offset + m.start(), offset + m.end(), period or "", inferred, False, relative))
    out.sort(key=lambda p: p.start)
    return [_mark_base(p, text, offset) for p in out]


def _one(m: re.Match[str], today: date | None, context: int | None) -> tuple[str | None, bool, str] | None:
    g = {k: v for k, v in m.groupdict().items() if v}
    if "py" in g:
        return g["py"], False, ""
    if "rel" in g or "erel" in g:
        period, relative = _relative(g.get("rel") or g["erel"], today)
        if period is None and not relative:
            return None
        return period, True, relative
    if "fy" in g:
        y = g["fyy"]
        return f"FY{y if len(y) == 4 else '20' + y}", False, ""
    if "ord" in g:
        n, y = _ORDINAL[g["ord"].lower()], g["oy"]
        return (f"{y}Q{n}" if g["unit"].lower() == "quarter" else f"{y}H{min(n, 2)}"), False, ""
    if "qy" in g or "qy2" in g:
        return f"{g.get('qy') or g['qy2']}Q{g.get('qn') or g.get('qn2') or g['qn3']}", False, ""
    if "hy" in g or "hy2" in g:
        return f"{g.get('hy') or g['hy2']}H{g.get('hn') or g.get('hn2') or g['hn3']}", False, ""
    if "mon" in g:
        name = g["mon"].rstrip(".").lower()
        mo = _MONTH_NO.get(name) or _MONTH_ABBR[name[:4] if name.startswith("sept") else name[:3]]
        return f"{g['my']}-{mo:02d}", False, ""
    if "asof" in g:
        if today is None:
            return None
        mo = _MONTH_NO[g["asof"].lower()]
        return f"{today.year if mo <= today.month else today.year - 1}-{mo:02d}", True, ""
    year = _ja_year(m, context) if {"era", "y", "y2", "same"} & g.keys() else context
    if year is None:
        return None
    if "nendo" in g:
        return f"FY{year}", False, ""
    if "half" in g:
        return f"{year}H{1 if g['half'] in ('上半期', '前半') else 2}", False, ""
    if "q" in g:
        return f"{year}Q{int(g['q'].translate(str.maketrans('１２３４', '1234')))}", False, ""
    if "m1" in g:
        return _months(year, int(g["m1"]), int(g["m2"]) if "m2" in g else None), False, ""
    return str(year), False, ""


def _mark_base(p: PeriodMention, text: str, offset: int) -> PeriodMention:
    if BASE_BEFORE.search(text[max(0, p.start - offset - 40) : p.start - offset]):
        return PeriodMention(p.start, p.end, p.period, p.inferred, True, p.relative)
    return p


def period_for(
    q_start: int, q_end: int, text: str, offset: int, mentions: list[PeriodMention], lang: str
) -> PeriodMention | None:
    """The period of the number at ``q_start:q_end`` among its sentence's ``mentions``
    (``text`` is the sentence, starting at ``offset``), or None when it names none of its own.

    A base period ("up 15.8% from 2023", "2022年と比較すると23%") is not the number's. Japanese
    puts the time before what it dates: the nearest period before the number wins, else one
    after it in the same clause ("1620億ドルに達していた2022年第1四半期")."""

    def between(a: int, b: int) -> str:
        return text[a - offset : b - offset]

    before = [p for p in mentions if p.end <= q_start and not BASE_AFTER.match(between(p.end, q_start))]
    after = [p for p in mentions if p.start >= q_end and not p.base]
    if lang == "ja":
        after = [p for p in after if not re.search(r"[、。,]", between(q_end, p.start))]
        return before[-1] if before else (after[0] if after else None)
    usable = before + after
    if not usable:
        return None
    return min(usable, key=lambda p: min(abs(p.start - q_end), abs(p.end - q_start)))
