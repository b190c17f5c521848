"""Which catalog indicator a number measures, or none.

Evidence: the indicator's words (keywords.yml, English and Japanese) near the number, the kind of
number it must be (a share, an amount, a count, a rank), and the number's own clause. A number
links to nothing when nothing fits, and when what it says is not a value of a level indicator:
a change ("rose 6%", "前年比10.1%増"), a plan, budget, policy or forecast for a measured
indicator, a share of another whole ("研究費総額の71.6%を占める" is not a share of GDP), a
subgroup (an age band), a streak ("6年連続"), or a country's measure said of an organisation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import yaml

from ..catalog import load_catalog
from .numbers import Quantity

SPEC_KEYS = {"en", "ja", "needs", "unless", "units", "measured", "subject", "change"}


@lru_cache(maxsize=1)
def keywords() -> dict[str, dict]:
    path = resources.files("hubscope.claims") / "keywords.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    from ..metrics import derived_catalog

    known = set(load_catalog().indicators) | set(derived_catalog())
    unknown = [k for k in data if k not in known]
    if unknown:
        raise ValueError(f"keywords.yml names unknown indicators: {unknown}")
    odd = [f"{k}.{key}" for k, spec in data.items() for key in spec if key not in SPEC_KEYS]
    if odd:
        raise ValueError(f"keywords.yml has unknown keys: {odd}")
    return data


def _needs(spec: dict) -> list[list[str]]:
    """``needs`` as groups, each of which must be met: a list of words is one group."""
    needs = spec.get("needs") or []
    return [g for g in needs if isinstance(g, list)] or ([needs] if needs else [])


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


def _own_clause(text: str, start: int, end: int) -> str:
    """The clause, or the bracket the number stands in: "(日本では3.59%)" is said apart."""
    opened = max(text.rfind("(", 0, start), text.rfind("（", 0, start))
    if opened >= 0 and not re.search(r"[)）]", text[opened:start]):
        close = re.search(r"[)）]", text[end:])
        return text[opened + 1 : end + close.start()] if close else text[opened + 1 :]
    return _clause(text, start, end)


# What a number says when it is not a level: a change, a plan, a subgroup, a streak.
_QUAL = r"(?:about|nearly|almost|around|roughly|some|over|more than|less than|just|only|a further|another|an?)"
_VERB = (
    r"rose|rise[sn]?|rising|jump(?:ed|s|ing)?|surg(?:ed|es|ing)|soar(?:ed|s|ing)?|grew|grow(?:s|ing|n)?|climb(?:ed|s|ing)?"
    r"|increas(?:ed|es|ing)|fell|falls?|falling|dropp(?:ed|ing)|drops?|declin(?:ed|es|ing)|decreas(?:ed|es|ing)"
    r"|plung(?:ed|es|ing)|slid|slump(?:ed|s)?|shr[ua]nk|gain(?:ed|s)?|lost|add(?:ed|s)"
)
_NOUN = r"growth|increase|decrease|rise|drop|fall|decline|gain|jump|surge|change"
_EN_CHANGE_BEFORE = re.compile(
    rf"(?:\b(?:{_VERB})(?:\s+by)?|\b(?:{_NOUN})\s+of|\b(?:up|down)(?:\s+by)?)\s+(?:{_QUAL}\s+)*$", re.I
)
_EN_CHANGE_AFTER = re.compile(
    r"^[\s-]*(?:year[- ]on[- ]year\s+|annual\s+|yearly\s+)?(?:increase|decrease|rise|drop|fall|decline|gain|jump|growth"
    r"|higher|lower|up|down)\b",
    re.I,
)
# "前年比", "前年同期に比べ": a comparison with an earlier period; "対GDP比" is a ratio, not one
_JA_CHANGE_BEFORE = re.compile(
    r"(?:前年|前年度|前年同期|前年同月|前月|前期|前回|同期|昨年|前年同期)"
    r"(?:比|に比べ(?:て|ると)?|と比べ(?:て|ると)?|と比較して|と比較すると)(?:で|は|では)?[、,]?\s*"
    r"(?:約|およそ|ほぼ|概ね|実質)?$|(?:プラス|マイナス)$"
)
_JA_CHANGE_AFTER = re.compile(
    r"^(?:程度|ほど|あまり|余り|超|強|弱|近く|前後)?(?:の)?(?:増|減|上昇|下落|低下|伸び|成長|落ち込|拡大|縮小|アップ|ダウン|悪化|改善)"
)
_EN_PLAN = re.compile(
    r"\b(?:plans?|planned|planning|intends?|aims?|aiming|seeks?|expects?|expected|targets?|targeting|goal"
    r"|pledg\w*|commit(?:s|ted|ment)|earmark\w*|allocat\w*|budget\w*|forecasts?|projected|projections?|opportunity"
    r"|to (?:invest|spend|raise|be invested|be spent)|(?:next|coming) (?:\w+ )?(?:years?|decade))\b",
    re.I,
)
# "will invest" is a plan, unless the sentence gives it as data: "According to OECD data, the
# United States will invest more than $60 billion in AI R&D in 2024" is an estimate for a year
_EN_WILL = re.compile(r"\b(?:will|shall|is to|are to)\b", re.I)
_EN_DATA = re.compile(r"\baccording to\b|\bdata\b|\bfigures\b|\bstatistics\b|\bestimates?\b|\bsurvey\b", re.I)
_JA_PLAN = re.compile(r"方針|予定|計画|目標|見込|見通し|予測|予算|計上|検討|投じる|投資する|拠出する|支出する")
_AGE_BAND = re.compile(
    r"[0-9０-９]0代|[0-9０-９]+歳|\baged\b|\bages\b"
    r"|\bin their (?:\d0s|teens|twenties|thirties|forties|fifties|sixties)",
    re.I,
)
_STREAK = re.compile(r"^\s*(?:年連続|consecutive|straight|years? in a row)", re.I)
_JA_SHARE_AFTER = re.compile(r"^(?:程度|ほど|強|弱|超)?を占め")
_JA_WHOLE_BEFORE = re.compile(r"(?:総額|全体|合計|総数|総計|内訳|うち)の?\s*$")
_EN_WHOLE_AFTER = re.compile(
    r"^\s*(?:%|percent|per cent)?\s*of\s+(?:the\s+|its\s+|their\s+|all\s+|[A-Z][\w.]*'s\s+|country's\s+)*"
)
# "the average deal worth £5.9 million", "1社当たりの調達額": an average is not the total
_AVERAGE = re.compile(r"\baverage\b|\bmedian\b|\bper (?:deal|round|company|firm|startup)\b|平均|当たり|あたり", re.I)
_GDP = re.compile(r"GDP|ＧＤＰ|gross domestic|economic output|国内総生産|the economy", re.I)


def is_change(q: Quantity, text: str, pos: int) -> bool:
    """ "rose 6% to 334 million": the 6% is a change; "前年比10.1%増の3兆円": the 10.1% is."""
    if q.sign < 0 or q.unit == "percentage_point":
        return True
    before, after = text[max(0, pos - 40) : pos], text[pos + len(q.text) : pos + len(q.text) + 30]
    if re.search(r"(?:増|減|増加|減少)$", q.text):
        return True
    if _EN_CHANGE_BEFORE.search(before) or _EN_CHANGE_AFTER.match(after):
        return True
    return bool(_JA_CHANGE_BEFORE.search(before[-14:]) or _JA_CHANGE_AFTER.match(after))


def ruled_out(q: Quantity, text: str, pos: int) -> str:
    """Why no indicator's level is what this number says ("" when one may be)."""
    if q.unit == "multiple":
        return ""  # "doubled": judged against the indicator's own series
    if is_change(q, text, pos):
        return "change"
    if _STREAK.match(text[pos + len(q.text) :]) or "年連続" in q.text:
        return "streak"
    near = text[max(0, pos - 14) : pos]
    if _AGE_BAND.search(near):
        return "subgroup"
    return ""


def _other_whole(q: Quantity, text: str, pos: int) -> bool:
    """A share of something that is not GDP: "研究費総額の71.6%を占める", "18% of total exports"."""
    after = text[pos + len(q.text) :]
    if _JA_SHARE_AFTER.match(after) or _JA_WHOLE_BEFORE.search(text[max(0, pos - 8) : pos]):
        return not _GDP.search(text[max(0, pos - 12) : pos])
    m = _EN_WHOLE_AFTER.match(after)
    return bool(m) and not _GDP.match(after[m.end() :])


def is_organisation(entity: str | None) -> bool:
    if not entity:
        return False
    e = load_catalog().entities.get(entity)
    return entity.startswith("org:") or (e is not None and e.type == "organisation")


def fits_subject(indicator: str, entity: str | None) -> bool:
    """A country's measure is not said of a company, nor a company's of a country."""
    subject = keywords().get(indicator, {}).get("subject", "place")
    return subject == "any" or (subject == "organisation") == is_organisation(entity)


@dataclass(frozen=True)
class Link:
    indicators: tuple[str, ...]
    score: float
    ruled_out: str = ""  # "change", "plan", ...: no measure may be carried over to it either


LINK_WINDOW = 600  # characters either side of a number that may name what it measures


def link(q: Quantity, sentence, lang: str, entity: str | None = None, period: str | None = None) -> Link:
    """The indicators this number may measure, best first, how sure (0-1), and why none may."""
    text = sentence.text
    pos = q.start - sentence.start
    if len(text) > 2 * LINK_WINDOW:  # a run-on "sentence": look near the number, so a check stays linear
        lo = max(0, pos - LINK_WINDOW)
        text, pos = text[lo : pos + LINK_WINDOW], pos - lo
    why = ruled_out(q, text, pos)
    if why and why != "change":
        return Link((), 0.0, why)
    kind = _kind(q)
    ja_text = lang == "ja" or bool(re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", text))
    terms = _ja_terms(text) if ja_text else frozenset()
    # "unless" words ("% of GDP") rule an indicator out for their own clause, not the whole sentence:
    # "3.4% of GDP on R&D, and its GDP was $4.2 trillion" holds a GDP figure too
    clause = _clause(text, pos, pos + len(q.text))
    low = clause.lower()
    plan = bool(
        _EN_PLAN.search(clause)
        or (_EN_WILL.search(clause) and not _EN_DATA.search(text))
        or (ja_text and _JA_PLAN.search(clause))
    )
    other_whole = kind == "percent" and _other_whole(q, text, pos)
    average = kind == "money" and bool(_AVERAGE.search(text[max(0, pos - 30) : pos]))
    scores: dict[str, float] = {}
    for ind, spec in keywords().items():
        if kind not in spec.get("units", []) and kind != "multiple":
            continue
        if bool(why) != bool(spec.get("change")):
            continue  # "fell by 40%" is a value of a change indicator only
        needs = _needs(spec)
        if any(not any(n.lower() in text.lower() for n in group) for group in needs):
            continue
        if any(u.lower() in low for u in spec.get("unless", [])):
            continue  # "generative AI use among firms" is the firms' measure, not people's
        if (plan and spec.get("measured")) or not fits_subject(ind, entity):
            continue
        if other_whole and any(_GDP.search(" ".join(g)) for g in needs):
            continue
        if average and "per_" not in ind:
            continue
        best = _phrase_score(spec, text, pos, terms)
        if best:
            scores[ind] = best
    if not scores and not (plan or why or other_whole or average):
        scores = {i: s for i, s in _by_name(text, kind).items() if fits_subject(i, entity)}
    if not scores:
        held = "share" if other_whole else "average" if average else ""
        return Link((), 0.0, why or ("plan" if plan else held))
    top = max(scores.values())
    chosen = sorted((i for i, s in scores.items() if s >= 0.8 * top), key=lambda i: -scores[i])
    chosen = _rd_basis(chosen, text, pos, q, entity, period)
    return Link(tuple(chosen), min(1.0, top * 1.6))


def link_indicators(q: Quantity, sentence, lang: str, entity: str | None = None) -> tuple[list[str], float]:
    """Indicators this number may measure, best first, and how sure (0-1)."""
    got = link(q, sentence, lang, entity)
    return list(got.indicators), got.score


def _phrase_score(spec: dict, text: str, pos: int, terms: frozenset[str]) -> float:
    best = 0.0
    for phrase in spec.get("en", []):
        # "VC-to-GDP ratios" does not name GDP: a word inside a compound is not the measure
        for m in re.finditer(r"(?<![A-Za-z/-])" + re.escape(phrase) + r"(?![A-Za-z/-])", text, re.I):
            distance = min(abs(m.start() - pos), abs(m.end() - pos))
            best = max(best, len(phrase) / (len(phrase) + 8) / (1 + distance / 60))
    if any(phrase in terms for phrase in spec.get("ja", [])):
        best = max(best, 0.8)
    return best


RD_NATIONAL, RD_OECD = "rd_expenditure_pct_gdp_national", "rd_expenditure_pct_gdp"
_NATIONAL = re.compile(r"科学技術研究調査|総務省|national definition|national basis|Statistics Bureau", re.I)


def _rd_basis(chosen: list[str], text: str, pos: int, q: Quantity, entity: str | None, period: str | None) -> list[str]:
    """Japan's R&D share of GDP on its own (national) basis or the OECD's: the OECD's unless
    the number's clause says otherwise; "日本(OECD推計)…3.29%(日本では3.59%)" holds both."""
    if RD_NATIONAL not in chosen:
        return chosen
    rest = [i for i in chosen if i not in (RD_NATIONAL, RD_OECD)]
    if entity != "JPN":
        return [i for i in chosen if i != RD_NATIONAL]
    own = _own_clause(text, pos, pos + len(q.text))
    if "OECD" in own:
        return [RD_OECD, *rest]
    national = (
        _NATIONAL.search(own)
        or ("研究費" in own and "研究開発費" not in own)
        or (period or "").startswith("FY")
        or "OECD" in text  # the sentence names the OECD's figure, this clause does not: the other one
    )
    return [RD_NATIONAL, RD_OECD, *rest] if national else [RD_OECD, RD_NATIONAL, *rest]


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
    """Fallback linking for indicators without phrases: share of the name's words in the sentence;
    one shared word of a longer name ("organisations" of "GitHub organisations") is not enough."""
    words = _words_of(text)
    scores = {}
    for ind, (name, ikind) in _catalog_words().items():
        if ikind != kind or not name:
            continue
        shared = name & words
        share = len(shared) / len(name)
        if share >= 0.5 and (len(shared) >= 2 or len(name) == 1):
            scores[ind] = 0.6 * share
    return scores
