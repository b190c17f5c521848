"""Numbers that are not claims, typed as bench/claims/README.md types them: ``meta`` (dates,
quarters, figure and note references, versions, list markers, labels) or ``definition`` (age
groups, survey samples and scopes, durations that frame a plan).

>>> from hubscope.claims.numbers import find_quantities
>>> text = "2023年第3四半期の30代の利用率は45%(図3)"
>>> [(q.text, non_claim(q, text)) for q in find_quantities(text)]
[('2023', 'meta'), ('3', 'meta'), ('30', 'definition'), ('45%', None), ('3', 'meta')]
"""

from __future__ import annotations

import re

from .document import MONTHS
from .quantity import Quantity

_MON = MONTHS + r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec"
_MONTH_BEFORE = re.compile(r"\b(?:" + _MON + r")\.?\s*$")  # case-sensitive: "20 may rise"
_MONTH_AFTER = re.compile(r"\s*(?:" + _MON + r")\b")
_YEAR = re.compile(r"(?:19|20)\d{2}")
_REF_BEFORE = re.compile(
    r"(?:\b(?:figure|fig\.?|table|chart|exhibit|box|annex|appendix|section|chapter|article|page|pp?\.|para\.?|"
    r"paragraph|note|footnote|slide|no\.|version|v|step|phase|level|tier|grade|item|edition|vol\.?|issue|stage|"
    r"round|wave|part)|#|図表|(?<![一-龥])[図表]|注|資料|参考|第)\s*[A-Za-zⅠ-Ⅻ\d.\-–]{0,12}$",
    re.I,
)
_JA_DATE_AFTER = re.compile(r"\s?(?:年(?!連続|間)|月|日|時|四半期|期(?!間)|Q\b|代|世紀)")
_AGE_AFTER = re.compile(
    r"(?:代|歳代|歳以上|歳以下|歳未満|歳から|歳~|-year-olds|\s?year-olds|\s(?:and|or) (?:over|older))"
)
_AGE_BEFORE = re.compile(r"\b(?:aged|ages|age group)\s*$", re.I)
_SAMPLE_BEFORE = re.compile(
    r"(?:\b[nN]\s?=\s?|\b(?:surveyed|sampled|polled|interviewed|sample of|survey of|poll of|respondents:?)\s+"
    r"(?:some |about |over |more than |nearly )?|回答者|有効回答|回答数|対象者?(?:は|数)?|サンプル数?)$",
    re.I,
)
_SAMPLE_AFTER = re.compile(
    r"\s?(?:を対象|に対し|へのアンケート|が回答|から回答|の回答|respondents\b|participants\b)", re.I
)
_TIME = r"(?:years?|months?|weeks?|days?|decades?)"
_DURATION_AFTER = re.compile(r"\s?(?:ヶ月|か月|カ月|ヵ月|年間|週間|日間|時間)|\s?-?\s?" + _TIME + r"\s+ago\b", re.I)
_PLAN_BEFORE = re.compile(
    r"\b(?:next|past|last|over|within|coming|for|in)\s+(?:the\s+)?(?:next\s+|past\s+|last\s+)?$", re.I
)
_PLAN_AFTER = re.compile(r"\s?-?\s?" + _TIME + r"\b", re.I)
_BACKREF = re.compile(r"(?:この|その|これら|上記の?|前記の?)$")
_TOP_CLAIM = re.compile(
    r"\b(?:rank(?:s|ed|ing)?|placed?|is|was|are|were|remain(?:s|ed)?|stay(?:s|ed)?)"
    r"(?:\s+(?:in|among|within))?\s+(?:the\s+)?$",
    re.I,
)
_NAME_BEFORE = re.compile(r"\b([A-Z][A-Za-z]+) $")
_NOT_NAMES = {"The", "A", "An", "In", "On", "At", "By", "For", "Of", "To", "And", "But", "Or", "Only", "Just", "About",
              "Over", "Some", "Nearly", "Almost", "Around", "With", "From", "Since", "Its", "Their", "His", "Her"}
_NAME_AFTER = re.compile(r"\s*(?:$|[,.;:)\"”]|\s[A-Z])")
_LIST_AFTER = re.compile(r"[.)]\s")
_BARE = re.compile(r"(?:between\s+)?[~約]?\s?[\d,.]+(?:\s?(?:[-–~]|to|and|から)\s?[\d,.]+)?", re.I)


def _bare(q: Quantity) -> bool:
    """A count written as plain digits: no scale word, currency or counter beside it."""
    return q.unit == "count" and bool(_BARE.fullmatch(q.text))


def non_claim(q: Quantity, text: str) -> str | None:
    """ "meta" or "definition" when ``q`` (found in ``text``) is not a claim, else None."""
    before = text[max(0, q.start - 24) : q.start]
    after = text[q.end : q.end + 24]
    bare = _bare(q)
    if q.unit in ("count", "rank") and (_JA_DATE_AFTER.match(after) or re.match(r"年度", after)):
        return "definition" if after.startswith("代") else "meta"  # 令和2年, 7~9月, 第3四半期, 30代
    if bare:
        bounds = [q.lower, q.upper] if q.is_range else [q.value]
        raw = re.findall(r"[\d,.]+", q.text)
        if raw and all(_YEAR.fullmatch(t) for t in raw) and None not in bounds:
            return "meta"  # a year, or a span of years
        if _MONTH_BEFORE.search(before) or _MONTH_AFTER.match(after):
            return "meta"  # a day of a date: "June 18", "16 Feb 2024", "Oct. 1"
        if re.match(r"\s?(?:[ap]\.m\.|[ap]m\b)|:\d\d", after, re.I):
            return "meta"  # a time of day: "3 pm", "10:30"
        if _REF_BEFORE.search(before):
            return "meta"  # Figure 4, (注2), 図表Ⅰ-1-2-12, section 3
        line = text.rfind("\n", 0, q.start) + 1
        if not text[line : q.start].strip() and _LIST_AFTER.match(after):
            return "meta"  # a list marker: "1. Background"
        item = before.endswith("(") and after.startswith(")") and (q.value or 0) <= 20
        if item and re.search(r"(?:^|[:;,。、]\s*)\($", text[line : q.start]):
            return "meta"  # "(2)" numbering a list item
        if re.match(r"(?:st|nd|rd|th)?\s*(?:century|edition)", after, re.I):
            return "meta"
        name = _NAME_BEFORE.search(before)
        named = name is not None and name.group(1) not in _NOT_NAMES and (q.value or 0) < 100
        if named and (re.fullmatch(r"\d{1,2}\.\d", q.text) or (q.decimals == 0 and _NAME_AFTER.match(after))):
            return "meta"  # "NAIS 2.0", "Society 5.0", "France 2": a name, not a count
        if re.search(r"(?:トップ|上位)\s?$", before):
            return "meta"
    if q.unit == "count" and _BACKREF.search(before):
        return "meta"  # この2件: the two deals just named
    if q.unit in ("count", "rank") and (_AGE_AFTER.match(after) or (bare and _AGE_BEFORE.search(before))):
        return "definition"  # 30代, "aged 18", "65 and over"
    if q.unit == "count" and (_SAMPLE_BEFORE.search(before) or _SAMPLE_AFTER.match(after)):
        return "definition"  # n=1,000; 1,000人を対象; 4か国を対象
    plan = _PLAN_BEFORE.search(before) and _PLAN_AFTER.match(after)
    if q.unit == "count" and (_DURATION_AFTER.match(after) or plan):
        return "definition"  # 3ヶ月, "3 years ago", "over the next 5 years"
    top = q.unit == "rank" and q.qualifier == "at_most" and q.text.lower().startswith("top")
    if top and not _TOP_CLAIM.search(text[max(0, q.start - 30) : q.start]):
        return "meta"  # "the world's top three AI powers" names a goal, not a ranking
    if q.unit == "rank" and re.match(r"\s*(?:quarter|half)\b", after, re.I):
        return "meta"  # "3rd quarter"
    return None
