"""Find the numeric claims in a document and what each is about: entity, indicator, period."""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import yaml

from ..catalog import load_catalog
from . import link_entity, link_period
from .document import Document
from .link_entity import document_entity, entity_mentions  # noqa: F401  (entity_mentions: public)
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


@lru_cache(maxsize=1)
def keywords() -> dict[str, dict]:
    path = resources.files("hubscope.claims") / "keywords.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    from ..metrics import derived_catalog

    known = set(load_catalog().indicators) | set(derived_catalog())
    unknown = [k for k in data if k not in known]
    if unknown:
        raise ValueError(f"keywords.yml names unknown indicators: {unknown}")
    return data


def _kind(q: Quantity) -> str:
    if q.unit in ("percent", "percentage_point"):
        return "percent"
    if q.unit in ("rank", "multiple"):
        return q.unit
    if q.is_money or (q.value and q.value >= 1e6 and re.search(r"\d\s?(bn|billion|m|million|tn|trillion)\b", q.text)):
        return "money"  # "7.4bn" with no currency: an amount, whose currency the text leaves out
    return "count"


@lru_cache(maxsize=1)
def _sudachi():
    from sudachipy import Dictionary, SplitMode

    return Dictionary(dict="core").tokenizer(mode=SplitMode.C)


SUDACHI_CHARS = 12_000  # SudachiPy refuses input over 49,149 bytes; 4 bytes a character at most


@lru_cache(maxsize=64)  # every claim in a sentence asks about the same sentence
def _ja_terms(sentence: str) -> frozenset[str]:
    """Japanese words (SudachiPy, normalised) and runs of up to three of them."""
    tok = _sudachi()
    tokens = [t for i in range(0, len(sentence), SUDACHI_CHARS) for t in tok.tokenize(sentence[i : i + SUDACHI_CHARS])]
    surf = [t.surface() for t in tokens]
    terms = {t.normalized_form() for t in tokens} | set(surf)
    for n in (2, 3):
        terms |= {"".join(surf[i : i + n]) for i in range(len(surf) - n + 1)}
    return frozenset(terms)


_CLAUSE_END = re.compile(r",\s|;\s|。|\s(?:and|but|while|whereas)\s")  # 、 often joins one clause


def _clause(text: str, start: int, end: int) -> str:
    """The clause of ``text`` around ``start:end``: from the last boundary before to the first after."""
    lo = max([0, *(m.end() for m in _CLAUSE_END.finditer(text, 0, start))])
    after = _CLAUSE_END.search(text, end)
    return text[lo : after.start() if after else len(text)]


LINK_WINDOW = 600  # characters either side of a number that may name what it measures


def link_indicators(q: Quantity, sentence: Span, lang: str) -> tuple[list[str], float]:
    """Indicators this number may measure, best first, and how sure (0-1)."""
    kind = _kind(q)
    text = sentence.text
    pos = q.start - sentence.start
    if len(text) > 2 * LINK_WINDOW:  # a run-on "sentence": look near the number, so a check stays linear
        lo = max(0, pos - LINK_WINDOW)
        text, pos = text[lo : pos + LINK_WINDOW], pos - lo
    terms = _ja_terms(text) if lang == "ja" or re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", text) else set()
    scores: dict[str, float] = {}
    # "unless" words ("% of GDP") rule an indicator out for their own clause, not the whole sentence:
    # "3.4% of GDP on R&D, and its GDP was $4.2 trillion" holds a GDP figure too
    clause = _clause(text, pos, pos + len(q.text)).lower()
    for ind, spec in keywords().items():
        if kind not in spec.get("units", []) and kind != "multiple":
            continue
        if spec.get("needs") and not any(n.lower() in text.lower() for n in spec["needs"]):
            continue
        if any(u.lower() in clause for u in spec.get("unless", [])):
            continue  # "generative AI use among firms" is the firms' measure, not people's
        best = 0.0
        for phrase in spec.get("en", []):
            for m in re.finditer(r"(?<![A-Za-z])" + re.escape(phrase) + r"(?![A-Za-z])", text, re.I):
                distance = min(abs(m.start() - pos), abs(m.end() - pos))
                best = max(best, len(phrase) / (len(phrase) + 8) / (1 + distance / 60))
        for phrase in spec.get("ja", []):
            if phrase in terms:
                best = max(best, 0.8)
        if best:
            scores[ind] = best
    if not scores:
        scores = _by_name(text, kind)
    if not scores:
        return [], 0.0
    top = max(scores.values())
    chosen = sorted((i for i, s in scores.items() if s >= 0.8 * top), key=lambda i: -scores[i])
    return chosen, min(1.0, top * 1.6)


STOP = {
    "a",
    "an",
    "the",
    "of",
    "in",
    "by",
    "for",
    "and",
    "to",
    "on",
    "as",
    "who",
    "with",
    "per",
    "have",
    "has",
    "been",
    "that",
    "from",
    "at",
    "or",
    "its",
    "their",
    "than",
    "national",
    "current",
    "gdp",
    # units alone do not name a measure: "900 billion yuan (126.7 billion U.S. dollars)" is not GDP
    "dollar",
    "dollars",
    "local",
    "currency",
    "yen",
}


def _words_of(text: str) -> set[str]:
    return {w.rstrip("s") for w in re.findall(r"[a-z]+", text.lower()) if w not in STOP and len(w) > 2}


@lru_cache(maxsize=1)
def _catalog_words() -> dict[str, tuple[set[str], str]]:
    """Each indicator's content words (from its English name) and the kind of number it holds."""
    out = {}
    for ind in load_catalog().indicators.values():
        u = ind.unit
        kind = (
            "percent"
            if u == "percent"
            else "rank"
            if u == "rank"
            else "money"
            if re.search(r"\b(USD|JPY|LCU)\b", u) and "/" not in u
            else "count"
        )
        out[ind.id] = (_words_of(ind.name_en), kind)
    return out


def _by_name(text: str, kind: str) -> dict[str, float]:
    """Fallback linking for indicators without phrases: share of the name's words in the sentence."""
    words = _words_of(text)
    scores = {}
    for ind, (name, ikind) in _catalog_words().items():
        if ikind != kind or not name:
            continue
        share = len(name & words) / len(name)
        if share >= 0.5:
            scores[ind] = 0.6 * share
    return scores


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
                claims.append(_claim(doc, q, sent, mentions, ctx, len(claims)))
                claims[-1].role = roles.get(q.start - sent.start, "")
                _carry_over(claims, para)
            ctx.done(sent, claims)
    return claims


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
    c.indicators = list(prev.indicators)
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


def _claim(doc: Document, q: Quantity, sent: Span, mentions, ctx: _Context, n: int) -> Claim:
    ja = doc.lang == "ja" or bool(re.search(r"[\u3040-\u30ff]", sent.text))
    subject, others = link_entity.entity_for(doc.text, q, sent.start, mentions, ja)
    entity, how, country = (subject.entity, "sentence", subject.country) if subject else (None, "", None)
    if entity is None:
        entity, how = link_entity.fallback(doc.text, sent.start, doc.lang, ctx.known)
        if entity is None and ctx.main:
            entity, how = ctx.main, "document"
    period, inferred = _period_for(q, sent, ctx, entity, "ja" if ja else "en")
    inds, score = link_indicators(_shift(q, -sent.start + sent.start), sent, doc.lang)
    return Claim(
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
        indicators=inds,
        period=period,
        period_inferred=inferred,
        link_score=score,
    )


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
