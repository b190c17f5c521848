"""Find the numeric claims in a document and what each is about: entity, indicator, period."""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

from . import link_entity, link_period
from .document import Document
from .link_entity import document_entity, entity_mentions  # noqa: F401  (entity_mentions: public)
from .link_indicator import fits_subject, link, link_indicators  # noqa: F401  (link_indicators: public)
from .model import Claim
from .nonclaims import non_claim
from .numbers import Quantity, find_quantities

ABBREVIATIONS = (
    "U.S",
    "U.K",
    "e.g",
    "i.e",
    "No",
    "Fig",
    "vs",
    "approx",
    "Inc",
    "Co",
    "Ltd",
    "St",
    "Mr",
    "Dr",
    "etc",
    "al",
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "Jun",
    "Jul",
    "Aug",
    "Sep",
    "Sept",
    "Oct",
    "Nov",
    "Dec",
)

@dataclass(frozen=True)
class Span:
    start: int
    end: int
    text: str


def sentences(text: str, start: int, end: int) -> list[Span]:
    """Sentences of text[start:end], not split at "U.S." or decimals; 。 ends Japanese ones."""
    out, s = [], start
    for m in re.finditer(r"(?<=[.!?])\s+(?=[\"“'(A-Z0-9])|(?<=[。！？])", text[start:end]):
        cut = start + m.start()
        before = text[s:cut]
        word = re.search(r"([A-Za-z.]+)\.$", before)
        if word and (word.group(1).rstrip(".") in ABBREVIATIONS or len(word.group(1)) == 1):
            continue
        if re.fullmatch(r"\s*\d{1,2}\.", before):
            continue  # "1.  Background": a numbered heading, not a sentence
        if text[s:cut].strip():
            out.append(Span(s, cut, text[s:cut]))
        s = start + m.end()
    if text[s:end].strip():
        out.append(Span(s, end, text[s:end]))
    return out


def paragraphs(text: str) -> list[Span]:
    """Lines and blank-line-separated blocks; a bullet is its own paragraph."""
    return [Span(m.start(), m.end(), m.group()) for m in re.finditer(r"[^\n]+", text)]


def is_claim(q: Quantity, text: str) -> bool:
    """Not a year, date, quarter, reference, version, list marker, label, age group or sample size."""
    return non_claim(q, text) is None


def extract(doc: Document) -> list[Claim]:
    """Every numeric claim in ``doc``, linked to an entity, indicators and a period."""
    text = doc.text
    known = link_entity.mentions(text)
    ctx = _Context(doc, document_entity(text, doc.lang, known), known)
    claims: list[Claim] = []
    for para in paragraphs(text):
        for sent in sentences(text, para.start, para.end):
            quantities = [q for q in find_quantities(sent.text) if is_claim(q, sent.text)]
            ctx.read(sent)
            if not quantities:
                continue
            found = [_shift(q, sent.start) for q in quantities]
            mentions = [
                m for m in ctx.mentions_in(sent) if not any(q.start < m.end and m.start < q.end for q in found)
            ]
            roles = _roles(sent.text, quantities)
            for q in found:
                claim, why = _claim(doc, q, sent, mentions, ctx, len(claims))
                claim.role = roles.get(q.start - sent.start, "")
                claims.append(claim)
                if not why:  # a change or a plan takes no measure from the claim before it either
                    _carry_over(claims, para)
            ctx.done(sent, claims)
    _currency_from_context(claims, text)
    return claims


# Countries whose own currency is written "$": a bare "$" in a Singapore text is SGD
DOLLAR_COUNTRIES = {"SGP": "SGD", "AUS": "AUD", "CAN": "CAD", "HKG": "HKD", "NZL": "NZD", "TWN": "TWD"}
_BARE_SCALE = re.compile(r"(?:trillion|billion|million|bn|mn|tn|兆|億)$")
_AFTER_BARE = re.compile(
    r"^(?:\s*(?:[,.;:)(（）、。]|$)|\s+(?:in|to|for|from|by|on|at|of|and|or|this|last|next|was|is|were|are|will|would|over)\b"
    r"|[のをにでとはがも(（)）、。])"
)
_SCALE_WORD = re.compile(r"trillion|billion|million|bn|mn|tn|兆|億|万")
# with no other amount to follow, a money word before the number and the country's own currency
_MONEY_BEFORE = re.compile(
    r"(?:費|額|金|予算|売上|投資|資金)(?:は|が|も|を)?\s*(?:約|およそ)?$"
    r"|\b(?:spending|budget|revenues?|worth|valued at|cost)\s+(?:of\s+)?(?:about\s+)?$"
)
HOME_CURRENCY = {"JPN": "JPY", "KOR": "KRW", "CHN": "CNY", "USA": "USD", "GBR": "GBP", "IND": "INR", "EU27": "EUR",
                 "FRA": "EUR", "DEU": "EUR", "ISR": "ILS", **DOLLAR_COUNTRIES}


def _currency_from_context(claims: list[Claim], text: str) -> None:
    """An amount's currency when its own words leave it out: "1.2 trillion" after "1.2 trillion
    won" is KRW, "18兆9 713億" beside "11兆1 574億円" is JPY (the nearest amount in the paragraph
    or written with the same scale word, that first; with none, "研究費総額は18兆9 713億" in the
    country's own currency); "$20 million" said of Singapore is SGD."""
    money = [c for c in claims if len(c.unit) == 3 and c.unit.isupper()]
    for c in claims:
        if c.unit == "USD" and re.search(r"(?<![A-Za-z.$])\$", c.span):
            home = DOLLAR_COUNTRIES.get(c.entity_country or c.entity or "")
            if home:
                c.unit = home
        if c.unit != "count" or not _BARE_SCALE.search(c.span) or not _AFTER_BARE.match(text[c.end :]):
            continue
        if not money:
            home = HOME_CURRENCY.get(c.entity_country or c.entity or "")
            if home and _MONEY_BEFORE.search(text[max(0, c.start - 12) : c.start]):
                c.unit = home
            continue
        scale = _SCALE_WORD.findall(c.span)[-1:]
        para = _para_start(text, c.start)
        near = [m for m in money if _para_start(text, m.start) == para or _SCALE_WORD.findall(m.span)[-1:] == scale]
        if near:  # the paragraph's amounts, or ones written with the same scale word ("1.2 trillion won")
            best = min(near, key=lambda m: (_SCALE_WORD.findall(m.span)[-1:] != scale, abs(m.start - c.start)))
            c.unit = best.unit


class _Context:
    """What the text has said so far: the year last named (for 同年, a bare 4月〜6月) and the
    last period a claim was given (for a sentence that names none)."""

    def __init__(self, doc: Document, main: str | None, known: list[link_entity.Mention]):
        self.doc, self.main, self.known = doc, main, known
        self.year: int | None = None
        self.last: tuple[int, str] | None = None  # (paragraph start, period) of the last dated claim
        self.periods: list[link_period.PeriodMention] = []

    def mentions_in(self, sent: Span) -> list[link_entity.Mention]:
        """The entities the sentence names (read once for the whole document)."""
        a, b = (bisect_left(self.known, x, key=lambda m: m.start) for x in (sent.start, sent.end))
        return [m for m in self.known[a:b] if m.end <= sent.end]

    def read(self, sent: Span) -> None:
        self.periods = link_period.periods_in(sent.text, sent.start, self.doc.date, self.year)
        for p in self.periods:
            if p.period[:4].isdigit() and not p.inferred:
                self.year = int(p.period[:4])

    def done(self, sent: Span, claims: list[Claim]) -> None:
        mine = []
        for c in reversed(claims):  # this sentence's claims are the last ones
            if c.start < sent.start:
                break
            mine.append(c)
        dated = [c for c in reversed(mine) if c.period and not c.period_inferred]
        if dated:
            self.last = (sent.start, dated[-1].period or "")


def _carry_over(claims: list[Claim], para: Span) -> None:
    """ "South Korea led the group with 5.21%.": a number with no measure named in its own
    sentence takes the measure (and period) of the claim before it in the same paragraph."""
    c = claims[-1]
    prev = claims[-2] if len(claims) > 1 else None
    if c.indicators or prev is None or prev.start < para.start or not prev.indicators or prev.unit != c.unit:
        return
    c.indicators = [i for i in prev.indicators if fits_subject(i, c.entity)]
    c.link_score = prev.link_score * 0.7
    if c.period_inferred and prev.period and not prev.period_inferred:
        c.period, c.period_inferred = prev.period, False


def _roles(text: str, qs: list[Quantity]) -> dict[int, str]:
    """ "from 10% to 1%": the first number is the old value, the second the new one."""
    roles = {}
    for a, b in zip(qs, qs[1:], strict=False):
        if re.search(r"\bfrom\s*$", text[max(0, a.start - 6) : a.start]) and re.fullmatch(
            r"\s+(?:to\s+)+", text[a.end : b.start]
        ):
            roles[a.start], roles[b.start] = "from", "to"
    return roles


def _shift(q: Quantity, offset: int) -> Quantity:
    from dataclasses import replace

    return replace(q, start=q.start + offset, end=q.end + offset)


def _claim(doc: Document, q: Quantity, sent: Span, mentions, ctx: _Context, n: int) -> tuple[Claim, str]:
    ja = doc.lang == "ja" or bool(re.search(r"[\u3040-\u30ff]", sent.text))
    subject, others = link_entity.entity_for(doc.text, q, sent.start, mentions, ja)
    entity, how, country = (subject.entity, "sentence", subject.country) if subject else (None, "", None)
    if entity is None:
        entity, how = link_entity.fallback(doc.text, sent.start, doc.lang, ctx.known)
        if entity is None and ctx.main:
            entity, how = ctx.main, "document"
    period, inferred = _period_for(q, sent, ctx, entity, "ja" if ja else "en")
    linked = link(q, sent, doc.lang, entity, period)
    claim = Claim(
        id=f"c{n + 1}",
        start=q.start,
        end=q.end,
        span=q.text,
        sentence=sent.text.strip(),
        value=q.value,
        lower=q.lower,
        upper=q.upper,
        unit=q.unit,
        qualifier=q.qualifier,
        rank_of=q.rank_of,
        decimals=q.decimals,
        entity=entity,
        entity_how=how,
        entity_country=country,
        other_entities=others,
        indicators=list(linked.indicators),
        period=period,
        period_inferred=inferred,
        link_score=linked.score,
    )
    return claim, linked.ruled_out


def _period_for(q: Quantity, sent: Span, ctx: _Context, entity: str | None, lang: str) -> tuple[str | None, bool]:
    """The number's own period; else, inferred, the one the paragraph's last dated claim had or
    the document's year. "a year earlier" is one year before the sentence's period."""
    p = link_period.period_for(q.start, q.end, sent.text, sent.start, ctx.periods, lang)
    if p is not None and p.relative == "prev":
        anchor = [x for x in ctx.periods if x.period and x is not p]
        p = None
        if anchor and anchor[0].period.removeprefix("FY")[:4].isdigit():
            a = anchor[0].period
            fy = a.startswith("FY")
            year = int(a.removeprefix("FY")[:4]) - 1
            return (f"FY{year}" if fy else str(year)), False
    if p is not None:
        period = p.period
        if period.startswith("FY") and entity in link_period.CALENDAR_FISCAL:
            period = period[2:]  # Korea's 年度 is the calendar year
        return period, p.inferred
    if ctx.last and ctx.last[0] >= _para_start(ctx.doc.text, sent.start) - 1:
        return ctx.last[1], True  # the paragraph's period, carried over: a guess the judge may widen
    if ctx.doc.date:
        return str(ctx.doc.date.year), True
    return None, True


def _para_start(text: str, pos: int) -> int:
    return text.rfind("\n", 0, pos) + 1
