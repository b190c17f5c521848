"""What a claim is about: the subject of its own clause or sentence, else the passage's.

Countries, cities and catalog organisations are found by name; other organisations by how
text introduces them ("venture capital firm Global Brain", "MGX, a sovereign wealth fund",
"Meity Startup Hub", 米Stripe) and become ``org:Name``, with their country beside them.
Publishers (ministries, agencies, "according to ...", ...によると) are never the entity.

>>> [(m.entity, m.country) for m in mentions("Japanese venture capital firm Global Brain will invest")]
[('org:Global Brain', 'JPN')]
>>> [m.entity for m in mentions("米Microsoftが「ChatGPT」のOpenAIに100億ドルを出資")]
['microsoft', 'openai']
>>> [m.entity for m in mentions("according to the China Academy of Information, Japan had 15")]
['JPN']
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from ..catalog import load_catalog

DEMONYMS = {
    "Japanese": "JPN",
    "American": "USA",
    "Chinese": "CHN",
    "German": "DEU",
    "British": "GBR",
    "French": "FRA",
    "Korean": "KOR",
    "South Korean": "KOR",
    "Israeli": "ISR",
    "Indian": "IND",
    "Canadian": "CAN",
    "Singaporean": "SGP",
    "European": "EU27",
    "Silicon Valley": "USA",
    "Britons": "GBR",
}
DEMONYMS |= {k + "s": v for k, v in list(DEMONYMS.items()) if k.endswith(("an", "i")) and k != "Silicon Valley"}
# 米Microsoft, 英Arm: a one-letter country before a company's name
JA_PREFIX = {"米": "USA", "英": "GBR", "独": "DEU", "仏": "FRA", "中": "CHN", "韓": "KOR", "日": "JPN", "印": "IND",
             "豪": "AUS", "加": "CAN", "伊": "ITA", "露": "RUS"}
# the short Japanese names the press writes beside the catalog's (CLDR) ones
JA_SHORT = {"豪州": "AUS", "英国": "GBR", "独国": "DEU", "仏国": "FRA", "露国": "RUS"}
# "ソフトバンクグループ", "トヨタ自動車", "サムスン電子": a katakana name and a company word
_JA_COMPANY = (
    r"グループ|ホールディングス|自動車|電子|電機|銀行|証券|製作所|工業|化学|商事|物産|通信|重工業|重工|電気|製薬"
    r"|不動産|生命|航空|ファンド|キャピタル|ベンチャーズ|パートナーズ|テクノロジーズ"
)
# names that publish figures rather than being what the figures are about
PUBLISHER = re.compile(
    r"\b(?:Ministry|Ministries|Agency|Office|Bureau|Academy|Cabinet|Commission|Council|Committee|Department"
    r"|Statistics|Organization|Organisation|Board|Secretariat)\b|METI|JETRO|省|庁|研究院|機構|委員会"
)
_NAME = r"[A-Z][\w&.\-]*(?:[ \t]+(?:of[ \t]+|and[ \t]+|for[ \t]+|&[ \t]+)?[A-Z][\w&.\-]*){0,4}"
_KIND = (
    r"(?:firm|fund|company|companies|startup|start-up|investor|lender|bank|group|conglomerate|giant|maker"
    r"|chipmaker|operator|developer|unicorn|platform|carrier|insurer|institute|university|lab|laboratory)"
)
_ORG_PATTERNS = [
    # "venture capital firm Global Brain", "chipmaker Rapidus"
    re.compile(r"(?<![A-Za-z])" + _KIND + r"[ \t]+(?P<name>" + _NAME + r")"),
    # "MGX, a tech sovereign wealth fund"
    re.compile(r"(?P<name>" + _NAME + r"),[ \t]+(?:a|an|the)[ \t]+(?:[\w-]+[ \t]+){0,5}?" + _KIND + r"\b"),
    # "Meity Startup Hub", "SoftBank Group", "Sakana AI Inc." (not the "Bank" inside "SoftBank")
    re.compile(
        r"(?<![\w&.\-])(?P<name>(?:[A-Z][\w&.\-]*[ \t]+){0,4}(?:Hub|Fund|Capital|Ventures|Partners|Holdings|Group"
        r"|Inc\.?|Corp\.?|Corporation|Ltd\.?|Labs?|Technologies|Bank|Foundation|Investments|Securities))\b"
    ),
    # "University of Cambridge", "Tsinghua University"
    re.compile(
        r"(?P<name>University[ \t]+of[ \t]+[A-Z][\w\-]*(?:[ \t]+[A-Z][\w\-]*)?"
        r"|(?:(?!The\b)[A-Z][\w.\-]*[ \t]+){1,3}University)"
    ),
    re.compile(r"(?<![ァ-ヴー・])(?P<name>[ァ-ヴー・]{2,}(?:" + _JA_COMPANY + r"))"),
    re.compile(
        r"(?P<pre>[" + "".join(JA_PREFIX) + r"])(?P<name>[A-Z][A-Za-z0-9&.\-]+(?:[ \t][A-Z][A-Za-z0-9&.\-]+)*)"
    ),
    # "ABEJAの累計調達額は": a Latin name before a Japanese particle (acronyms aside, LATIN_NOT_NAMES)
    re.compile(r"(?<![A-Za-z0-9&.\-])(?P<latin>[A-Z][A-Za-z0-9&\-]{2,})(?=[はがのもと、])"),
]
_SOURCE_PHRASE = re.compile(
    r"\baccording to\b[^,.;:\n]*|\b(?:data|figures|estimates|a survey|a report|statistics) (?:from|by|of)\b[^,.;:\n]*",
    re.I,
)
# ...によると: the publisher is the phrase before the word, back to the clause's start
_JA_SOURCE = re.compile(r"によると|によれば|の調査で|の調べで|の調査によると|が公表した|が発表した")


@dataclass(frozen=True)
class Mention:
    """An entity named in text: where, its id, its kind and (for an organisation) its country."""

    start: int
    end: int
    entity: str
    kind: str  # country, bloc, region, city, cluster, organisation
    country: str | None = None


@lru_cache(maxsize=1)
def _catalog_names() -> tuple[re.Pattern, dict[str, str], dict[str, tuple[str, str | None]]]:
    cat = load_catalog()
    names: dict[str, str] = {}
    for e in cat.entities.values():
        for n in (e.name_en, e.name_ja, *e.aliases):
            # bare codes ("IT", "CAN", "PRT") are ordinary words and acronyms in running text; the
            # ones people do write as names (US, UK, EU) are added below
            if n and len(n) >= 2 and not (n.isupper() and n.isascii() and len(n) <= 3):
                names.setdefault(n, e.id)
    for n in ("U.S.", "US", "USA", "UK", "U.K.", "EU", "Japan", "China", "Germany", "Israel", "Korea"):
        names.setdefault(n, cat.resolve_entity(n))
    names.update(DEMONYMS)
    for n, eid in JA_SHORT.items():
        if eid in cat.entities:
            names.setdefault(n, eid)
    names["the University of Tokyo"] = "utokyo"
    kinds = {e.id: (e.type, e.parent) for e in cat.entities.values()}
    alts = sorted(names, key=len, reverse=True)
    # short upper-case names (US, EU) match case-sensitively, as every name does
    pattern = re.compile(r"(?<![A-Za-z])(" + "|".join(re.escape(a) for a in alts) + r")(?![A-Za-z])")
    return pattern, names, kinds


def _org_id(name: str) -> str:
    _, names, kinds = _catalog_names()
    known = names.get(name) or names.get(name.removeprefix("The ").removeprefix("the "))
    return known if known and kinds.get(known, ("",))[0] == "organisation" else f"org:{name}"


LATIN_NOT_NAMES = {
    "GDP", "GNP", "CEO", "CFO", "CTO", "COO", "IPO", "GPU", "CPU", "CVC", "ICT", "IoT", "SaaS", "API", "LLM",
    "ESG", "SDGs", "PPP", "PCT", "STEM", "GII", "ChatGPT", "GPT", "SNS", "NEDO", "IMF", "WTO", "OECD", "AI",
}


def _orgs(text: str) -> list[Mention]:
    found: list[Mention] = []
    _, names, kinds = _catalog_names()
    for pat in _ORG_PATTERNS:
        for m in pat.finditer(text):
            if "latin" in pat.groupindex:
                word = m["latin"]
                known = names.get(word)
                place = known and kinds[known][0] != "organisation"
                if word in LATIN_NOT_NAMES or (word.isupper() and len(word) <= 3) or place:
                    continue
                found.append(Mention(m.start(), m.end(), _org_id(word), "organisation", None))
                continue
            # a sentence's end is not inside a name: "United Kingdom. Small Venture Capital"
            raw = re.split(r"\.[ \t]+(?=[A-Z])", m["name"])[-1]
            name = re.sub(r"^(?:The|the)\s+", "", raw).rstrip(".,")
            name = re.sub(r"\s+(?:will|has|had|is|was|and|in|to)$", "", name)
            if len(name) < 2 or PUBLISHER.search(name) or name in DEMONYMS:
                continue
            start = m.start("name") + m["name"].rfind(name)
            country = JA_PREFIX.get(m.groupdict().get("pre") or "")
            found.append(Mention(start, start + len(name), _org_id(name), "organisation", country))
    out: list[Mention] = []  # the longest of overlapping names: "University of Cambridge", not "Cambridge"
    for m in sorted(found, key=lambda m: m.start - m.end):
        if not any(o.start < m.end and m.start < o.end for o in out):
            out.append(m)
    return out


def _masked(text: str) -> list[tuple[int, int]]:
    """Spans that name publishers or currencies, where a place is not the subject."""
    spans = [(m.start(), m.end()) for m in _SOURCE_PHRASE.finditer(text)]
    for m in _JA_SOURCE.finditer(text):
        start = max(m.start() - 40, *(text.rfind(c, 0, m.start()) + 1 for c in "、。\n"))
        spans.append((start, m.end()))
    money = r"(?:U\.S\.|US|Singapore|Hong Kong|Canadian|Australian)\s?dollars?|US\$"
    spans += [(m.start(), m.end()) for m in re.finditer(money, text)]
    # "日本(OECD推計)", "OECD estimates": an organisation that made the figure
    spans += [(m.start(), m.end()) for m in re.finditer(r"OECD\s?(?:推計|調べ|estimates?|data)", text)]
    return spans


def mentions(text: str) -> list[Mention]:
    """Every entity named in ``text``, in order; organisations beat the places inside their names."""
    pattern, names, kinds = _catalog_names()
    # characters inside a publisher phrase (1) or an organisation's name (2): one pass, linear
    cover = bytearray(len(text) + 1)
    for x, y in _masked(text):
        cover[x:y] = b"\x01" * (y - x)
    orgs = [o for o in _orgs(text) if not any(cover[o.start : o.end])]
    for o in orgs:
        cover[o.start : o.end] = b"\x02" * (o.end - o.start)
    out = list(orgs)
    for m in pattern.finditer(text):
        a, b = m.span(1)
        if any(cover[a:b]):
            continue
        eid = names[m.group(1)]
        kind, parent = kinds.get(eid, ("country", None))
        if kind == "organisation" and PUBLISHER.search(load_catalog().entities[eid].name_en + m.group(1)):
            continue  # METI publishes figures about Japan; it is not what they are about
        out.append(Mention(a, b, eid, kind, parent))
    out.sort(key=lambda o: o.start)
    return _with_countries(text, out)


def _with_countries(text: str, ms: list[Mention]) -> list[Mention]:
    """ "Japanese venture capital firm Global Brain": the demonym is the firm's country, not a
    subject of its own."""
    out: list[Mention] = []
    for i, m in enumerate(ms):
        nxt = ms[i + 1] if i + 1 < len(ms) else None
        if (
            nxt
            and nxt.kind == "organisation"
            and m.kind in ("country", "bloc")
            and re.fullmatch(r"[\s\w-]{0,40}", text[m.end : nxt.start])
            and not re.search(r"\b(?:in|to|from|with|and|of|than|for)\b", text[m.end : nxt.start])
        ):
            ms[i + 1] = Mention(nxt.start, nxt.end, nxt.entity, nxt.kind, nxt.country or m.entity)
            continue
        out.append(m)
    return out


def entity_mentions(text: str) -> list[tuple[int, int, str]]:
    return [(m.start, m.end, m.entity) for m in mentions(text)]


_PREP = re.compile(
    r"(?:\b(?:in|at|to|from|with|of|for|than|like|by|into|across|on|as|versus|vs\.?|between|among|including"
    r"|over|outside|within|towards?|behind|after|before|against)\s+(?:the\s+)?)$",
    re.I,
)
_JA_SUBJECT = re.compile(r"^(?:は|が|では|でも|も|の[^、。]{0,20}?(?:は|が))")
_JA_NOT_SUBJECT = re.compile(r"^(?:に|へ|を|から|と比|より|に比べ|と|や)")
_LIST = re.compile(r"\s*(?:や|、|,|と|及び|および|and|or|&)\s*(?:the\s+)?")
_COMPARE = re.compile(r"^\s*(?:of|than(?: that of)?|vs\.?|versus|compared (?:with|to)|relative to)\s+(?:the\s+)?")


def _first_of_list(text: str, ms: list[Mention], i: int) -> Mention:
    """ "中国や米国、ドイツは約9割": a number said of a list is filed under its first member."""
    while i > 0 and _LIST.fullmatch(text[ms[i - 1].end : ms[i].start]) and ms[i - 1].kind == ms[i].kind:
        i -= 1
    return ms[i]


_JA_BREAK = re.compile(r"が、|一方で?、|ものの、|のに対し、?")


# "Global Brain, a venture capital firm, invested": the commas of an apposition split no clause
_APPOSITION = re.compile(r",[ \t]+(?:a|an|the|which|who)\b[^,;()]{1,80},")


def _clause_start(text: str, sent_start: int, q_start: int, ja: bool) -> int:
    marks = ("、", "。") if ja else (",", ";", "(", " vs", " while", " whereas", " but", " than")
    found = [at + len(c) for c in marks if (at := text.rfind(c, sent_start, q_start)) >= 0]
    if not ja and "," in marks:
        inside = {p for m in _APPOSITION.finditer(text, sent_start, q_start) for p in (m.start(), m.end() - 1)}
        if inside:  # the last comma that is not one of an apposition's
            at = text.rfind(",", sent_start, q_start)
            while at in inside:
                at = text.rfind(",", sent_start, at)
            found = [f for f in found if text[f - 1] != ","] + ([at + 1] if at >= 0 else [])
    if not ja:  # "... and Korea had 22" starts a clause; "... and investing £35 million" does not
        found += [sent_start + m.start() + 5 for m in re.finditer(r" and (?:the )?[A-Z]", text[sent_start:q_start])]
    return max([sent_start, *found])


def _subject(text: str, sent_start: int, q_start: int, before: list[Mention], ja: bool) -> Mention | None:
    """The subject of the number's clause: in English the first mention in it that is not the
    object of a preposition, in Japanese the last that carries は/が (or is not marked as an
    object); organisations are their own subject."""
    start = _clause_start(text, sent_start, q_start, ja)
    pool = [m for m in before if m.start >= start]
    if ja:
        subj = [i for i, m in enumerate(pool) if _JA_SUBJECT.match(text[m.end : m.end + 24])]
        if not subj:  # "マイクロソフトは2か月後に、…アジア投資として175億ドル": the sentence's topic
            topic = [m for m in before if m.start < start and re.match(r"^(?:は|が)", text[m.end : m.end + 2])]
            if topic:
                return _first_of_list(text, before, before.index(topic[-1]))
        plain = [i for i, m in enumerate(pool) if not _JA_NOT_SUBJECT.match(text[m.end : m.end + 4])]
        pick = (subj or plain)[-1:]
    else:
        pick = [i for i, m in enumerate(pool) if not _PREP.search(text[max(sent_start, m.start - 14) : m.start])][:1]
    return _first_of_list(text, before, before.index(pool[pick[0]])) if pick else None


def entity_for(text: str, q, sent_start: int, ms: list[Mention], ja: bool) -> tuple[Mention | None, list[str]]:
    """The entity a number is about, and the entities it is compared with ("8% of the US").

    Right after it ("0.10% US", "9.1% of Japanese citizens") names it, unless an amount's
    subject is named before it ("Global Brain ... investing £35 million in UK startups": the
    investor); else the subject of its clause; else the nearest before it in the sentence;
    "Between €30 billion and €50 billion will come from MGX": the source after it."""
    others: list[str] = []
    ms = [m for m in ms if not (m.start < q.end and q.start < m.end)]
    before = [m for m in ms if m.end <= q.start]
    if ja:  # "…が、この2件を除くと総額は600億ドル": a contrast ends what the subject covers
        before = [m for m in before if not _JA_BREAK.search(text[m.end : q.start])]
    after = [m for m in ms if m.start >= q.end]
    subject = _subject(text, sent_start, q.start, before, ja)
    money = len(q.unit) == 3 and q.unit.isupper()
    if after:
        m = after[0]
        gap = text[q.end : m.start]
        if text[m.start : m.end] in DEMONYMS and re.fullmatch(r"\s*of\s+", gap):
            return m, others  # "9.1% of Japanese citizens": the subject, not a comparison
        if _COMPARE.match(gap) and len(gap) < 24:
            others.append(m.entity)
        elif re.fullmatch(r"\s*(?:in|for|of)?\s*(?:the\s+)?", gap) and len(gap) <= 9:
            if not (money and subject is not None and re.match(r"\s*(?:in|for)\b", gap)):
                return m, others
        elif re.fullmatch(r"\s*(?:in|for|at)\s[^,.;:\d()]{0,24}", gap) and not (money and subject):
            return m, others  # "15% in markets like the United Kingdom"
        elif re.fullmatch(r"[^,.;:\d()]{0,30}\b(?:from|by)\s+(?:the\s+)?", gap) and not before:
            return m, others  # "... will come from MGX": the money's source
    before = [m for m in before if m.entity not in others]
    if subject is not None and subject.entity not in others:
        return subject, others
    in_clause = [i for i, m in enumerate(before) if m.start >= _clause_start(text, sent_start, q.start, ja)]
    if in_clause:
        return _first_of_list(text, before, in_clause[-1]), others
    if before:  # "the U.S. (600)", or the subject earlier in the sentence
        return before[-1], others
    return None, others  # only mentions after it: "the country" is the paragraph's


_DOMESTIC = re.compile(r"国内(?!総生産)|我が国|わが国|本邦|令和|平成|円")
_ANAPHOR_ORG = re.compile(r"\b(?:the|The) (?:company|firm|fund|group|university|startup)\b|同社|同大学|同ファンド")


def fallback(text: str, sent_start: int, lang: str, known: list[Mention] | None = None) -> tuple[str | None, str]:
    """ "the country": what this part of the document is about. Places named in the 1,500
    characters before the sentence, a city counting for its country (the most recent on a tie);
    an organisation only when the sentence says "the company" (同社). A Japanese text that names
    no place but writes 国内, yen or an era year is about Japan."""
    lo = max(0, sent_start - 1500)
    if known is None:
        earlier = mentions(text[lo:sent_start])
    else:  # the document's mentions, read once: this stays linear in the document's length
        a, b = (bisect_left(known, x, key=lambda m: m.start) for x in (lo, sent_start))
        earlier = known[a:b]
    sentence = text[sent_start : sent_start + 300]
    if _ANAPHOR_ORG.search(sentence[:80]):
        orgs = [m.entity for m in earlier if m.kind == "organisation"]
        if orgs:
            return orgs[-1], "paragraph"
    places = [
        m.country if m.kind in ("city", "cluster", "region") and m.country else m.entity
        for m in earlier
        if m.kind != "organisation"
    ]
    if places:
        counts = Counter(places)
        top = max(counts.values())
        return next(e for e in reversed(places) if counts[e] == top), "paragraph"
    return None, ""


def document_entity(text: str, lang: str, known: list[Mention] | None = None) -> str | None:
    """The country a whole document is about: the one it names most; for a Japanese text that
    names none, Japan when it writes 国内, yen or an era year."""
    counts = Counter(m.entity for m in (mentions(text) if known is None else known) if m.kind == "country")
    if counts:
        return counts.most_common(1)[0][0]
    if lang == "ja" and _DOMESTIC.search(text):
        return "JPN"
    return None
