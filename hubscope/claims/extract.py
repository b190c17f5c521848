"""Find the numeric claims in a document and what each is about: entity, indicator, period."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import yaml

from ..catalog import load_catalog
from .document import MONTHS, Document
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
DEMONYMS = {
    "Japanese": "JPN",
    "American": "USA",
    "Chinese": "CHN",
    "German": "DEU",
    "British": "GBR",
    "French": "FRA",
    "Korean": "KOR",
    "Israeli": "ISR",
    "Indian": "IND",
    "Canadian": "CAN",
    "Singaporean": "SGP",
    "European": "EU27",
    "Silicon Valley": "USA",
    "Britons": "GBR",
}
DEMONYMS |= {k + "s": v for k, v in list(DEMONYMS.items()) if k.endswith(("an", "i")) and k not in ("Silicon Valley",)}

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
def _entity_pattern() -> tuple[re.Pattern, dict[str, str]]:
    cat = load_catalog()
    names: dict[str, str] = {}
    for e in cat.entities.values():
        for n in (e.name_en, e.name_ja, *e.aliases):
            if n and len(n) >= 2:
                names.setdefault(n, e.id)
    for n in ("U.S.", "US", "USA", "UK", "U.K.", "EU", "Japan", "China", "Germany", "Israel", "Korea"):
        names.setdefault(n, cat.resolve_entity(n))
    names.update(DEMONYMS)
    names["the University of Tokyo"] = "utokyo"
    alts = sorted(names, key=len, reverse=True)
    # short upper-case names (US, EU) match case-sensitively; others ignore case via explicit classes
    pattern = re.compile(r"(?<![A-Za-z])(" + "|".join(re.escape(a) for a in alts) + r")(?![A-Za-z])")
    return pattern, names


def entity_mentions(text: str) -> list[tuple[int, int, str]]:
    pattern, names = _entity_pattern()
    return [(m.start(), m.end(), names[m.group(1)]) for m in pattern.finditer(text)]


@lru_cache(maxsize=1)
def keywords() -> dict[str, dict]:
    path = resources.files("hubscope.claims") / "keywords.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    known = load_catalog().indicators
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
    for ind, spec in keywords().items():
        if kind not in spec.get("units", []) and kind != "multiple":
            continue
        if spec.get("needs") and not any(n.lower() in text.lower() for n in spec["needs"]):
            continue
        if any(u.lower() in text.lower() for u in spec.get("unless", [])):
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


_YEAR = re.compile(
    r"(?:(?P<fy>FY|fiscal(?: year)?\s)\s?(?P<fyy>(?:19|20)\d{2})|(?P<mon>"
    + MONTHS
    + r")\s+(?P<my>(?:19|20)\d{2})|(?P<y>(?:19|20)\d{2})(?P<nendo>年度)?)"
)
_MONTH_NO = {m: i for i, m in enumerate(MONTHS.split("|"), start=1)}


def periods_in(sentence: Span) -> list[tuple[int, str]]:
    out = []
    for m in _YEAR.finditer(sentence.text):
        if m.group("fy"):
            out.append((sentence.start + m.start(), f"FY{m.group('fyy')}"))
        elif m.group("mon"):
            out.append((sentence.start + m.start(), f"{m.group('my')}-{_MONTH_NO[m.group('mon')]:02d}"))
        elif m.group("nendo"):
            out.append((sentence.start + m.start(), f"FY{m.group('y')}"))
        else:
            out.append((sentence.start + m.start(), m.group("y")))
    return out


def is_claim(q: Quantity, text: str) -> bool:
    """Not a year, date, quarter, reference, version, list marker, label, age group or sample size."""
    return non_claim(q, text) is None


def extract(doc: Document) -> list[Claim]:
    """Every numeric claim in ``doc``, linked to an entity, indicators and a period."""
    text = doc.text
    counts = Counter(e for _, _, e in entity_mentions(text) if len(e) == 3 and e.isupper())
    main = counts.most_common(1)[0][0] if counts else None
    claims: list[Claim] = []
    for para in paragraphs(text):
        para_mentions = entity_mentions(para.text)
        para_entity = para_mentions[0][2] if para_mentions else None
        for sent in sentences(text, para.start, para.end):
            quantities = [q for q in find_quantities(sent.text) if is_claim(q, sent.text)]
            if not quantities:
                continue
            mentions = [(a + sent.start, b + sent.start, e) for a, b, e in entity_mentions(sent.text)]
            years = periods_in(sent)
            roles = _roles(sent.text, quantities)
            for q in quantities:
                role = roles.get(q.start, "")
                q = _shift(q, sent.start)
                claims.append(_claim(doc, q, sent, mentions, years, para_entity, main, len(claims)))
                claims[-1].role = role
                _carry_over(claims, para)
    return claims


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


def _claim(doc, q, sent, mentions, years, para_entity, main, n) -> Claim:
    entity, how, others = _entity_for(doc.text, q, sent, mentions)
    if entity is None:
        # "the country": what this part of the document is about, the entity named most often in
        # the text before the sentence (the most recent one on a tie)
        earlier = [e for _, _, e in entity_mentions(doc.text[max(0, sent.start - 1500) : sent.start])]
        if earlier:
            counts = Counter(earlier)
            top = max(counts.values())
            entity, how = next(e for e in reversed(earlier) if counts[e] == top), "paragraph"
        else:
            entity, how = main, "document"
    period, inferred = _period_for(q, sent, years, doc)
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
        other_entities=others,
        indicators=inds,
        period=period,
        period_inferred=inferred,
        link_score=score,
    )


_COMPARE = re.compile(r"^\s*(?:of|than(?: that of)?|vs\.?|versus|compared (?:with|to)|relative to)\s+(?:the\s+)?")


def _entity_for(text, q, sent, mentions):
    """The entity a number is about: right after it ("0.10% US"), else the nearest before it in
    its clause, else the sentence's first; "8% of the US" also names the US as the comparison."""
    others = []
    after = [(a, b, e) for a, b, e in mentions if a >= q.end]
    if after:
        a, b, e = after[0]
        gap = text[q.end : a]
        if text[a:b] in DEMONYMS and re.fullmatch(r"\s*of\s+", gap):
            return e, "sentence", others  # "9.1% of Japanese citizens": the subject, not a comparison
        if _COMPARE.match(gap) and len(gap) < 24:
            others.append(e)
        elif re.fullmatch(r"\s*(?:in|for|of)?\s*(?:the\s+)?", gap) and len(gap) <= 9:
            return e, "sentence", others
        elif re.fullmatch(r"\s*(?:in|for|at)\s[^,.;:\d()]{0,24}", gap):
            return e, "sentence", others  # "15% in markets like the United Kingdom"
    clause_start = max(text.rfind(c, sent.start, q.start) for c in (",", ";", "(", " vs", " while", " than"))
    before = [(a, b, e) for a, b, e in mentions if b <= q.start and e not in others]
    in_clause = [m for m in before if m[0] >= clause_start]
    if in_clause:
        return in_clause[-1][2], "sentence", others
    if before:  # "the U.S. (600)", or the subject earlier in the sentence
        return before[-1][2], "sentence", others
    return None, "", others  # only mentions after it: "the country" is the paragraph's


def _period_for(q, sent, years, doc):
    if years:
        nearest = min(years, key=lambda y: min(abs(y[0] - q.start), abs(y[0] - q.end)))
        period = nearest[1]
        if re.search(r"a year earlier|the previous year|前年", sent.text[q.end - sent.start : q.end - sent.start + 40]):
            period = str(int(period.removeprefix("FY")) - 1)
        return period, False
    if doc.date:
        return str(doc.date.year), True
    return None, True
