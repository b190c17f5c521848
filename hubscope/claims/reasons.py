"""Why a verdict is what it is, in the reader's language: a message table keyed by kind.

A reason is a list of parts, each a kind and its arguments; figures, entities, indicators and
periods are formatted when the reason is read, Japanese figures through
hubscope/figures/display.py.

>>> p = say("supported", publisher="OECD", figure=Fig("3.44 %", 3.44125, "percent"), period=When("FY2023"))
>>> p.text("en")
"Matches OECD's 3.44 % for FY2023."
>>> p.text("ja")
'OECDの3.44%（2023年度）と一致します。'
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from ..figures.display import amount

MESSAGES: dict[str, dict[str, str]] = {
    "multiple": {
        "en": "A multiple: checked against the document's own numbers.",
        "ja": "倍率です。文書自身の数値と照合します。",
    },
    "no_indicator": {
        "en": "No indicator in the store matches what this number measures.",
        "ja": "この数値が表すものに合う指標がストアにありません。",
    },
    "no_entity": {
        "en": "The text does not say which country or organisation this is.",
        "ja": "どの国・組織についての数値か、本文から分かりません。",
    },
    "no_currency": {
        "en": "The amount has no currency, so it cannot be compared.",
        "ja": "金額に通貨がないため比較できません。",
    },
    "no_verified": {
        "en": "No verified figure for {entity}: it would need {need}{for_period} from a citable source.",
        "ja": "{entity}の検証済みの数値がありません。引用できる出典による{for_period}{need}が必要です。",
    },
    "need_rate": {
        "en": "The stored figures are in units that need a missing rate.",
        "ja": "ストアの数値の単位を換算するレートがありません。",
    },
    "outdated": {
        "en": "Right for {period}, but {newer_period} is {newer} ({newer_publisher}).",
        "ja": "{period}については正しいですが、{newer_period}は{newer}です（{newer_publisher}）。",
    },
    "supported": {
        "en": "Matches {publisher}'s {figure} for {period}.",
        "ja": "{publisher}の{figure}（{period}）と一致します。",
    },
    "also_source": {
        "en": "{publisher} gives {figure} for {period}.",
        "ja": "{publisher}は{period}を{figure}としています。",
    },
    "none_near": {
        "en": "No verified figure for {period} or near it; the store has {periods}.",
        "ja": "{period}やその前後の検証済みの数値がありません。ストアにあるのは{periods}です。",
    },
    "off_by_scale": {
        "en": "Off by a factor of {word}: the store's {figure} ({period}, {publisher}) matches the claim scaled "
        "by {k}.",
        "ja": "桁が違います（{word_ja}倍）。ストアの{figure}（{period}、{publisher}）は主張を{k}倍すると一致します。",
    },
    "wrong_currency": {
        "en": "Reads as {other}, not {unit}: {claim} is {converted} at the {period} rate, close to the store's "
        "{figure} ({publisher}).",
        "ja": "{unit}ではなく{other}と読めます。{claim}は{period}のレートで{converted}で、"
        "ストアの{figure}（{publisher}）に近い値です。",
    },
    "contradicted": {
        "en": "The store has {figure} {where} ({period}, {publisher}){also}.",
        "ja": "ストアでは{where}{figure}です（{period}、{publisher}）{also}。",
    },
    "change": {
        "en": "The store gives a change of {change} ({now_publisher}; {then_publisher}).",
        "ja": "ストアの数値では変化率は{change}です（{now_publisher}、{then_publisher}）。",
    },
    "ratio_store": {
        "en": "The store gives {arith} ({publisher}).",
        "ja": "ストアの数値では{arith}です（{publisher}）。",
    },
    "far_apart": {
        "en": "The document also says {span} ({period}) for the same measure: {times} times this figure.",
        "ja": "文書は同じ指標について{span}（{period}）とも述べており、この数値の{times}倍です。",
    },
    "not_follow_multiple": {
        "en": "'{span}' does not follow from the document's numbers: {notes}.",
        "ja": "「{span}」は文書自身の数値から導かれません。{notes}。",
    },
    "internally": {"en": "Internally: {notes}.", "ja": "文書内では、{notes}。"},
    "own_amounts": {
        "en": "its own amounts ({a} to {b}) imply {x}×",
        "ja": "文書の金額（{a}から{b}）からは{x}倍です",
    },
    "own_ratios": {"en": "its own ratios give {ratios}", "ja": "文書の比率からは{ratios}です"},
    "consistent_share": {
        "en": "Consistent with the document: {calc}{bound}.",
        "ja": "文書の数値と整合します。{calc}{bound}。",
    },
    "bound": {"en": " ({bound} that, since {span} is a bound)", "ja": "（{span}は上限・下限のため{bound_ja}）"},
    "share_calc": {
        "en": "the document's own numbers give {a} ÷ {b} = {ratio}",
        "ja": "文書の数値では{a} ÷ {b} = {ratio}",
    },
    "not_follow": {"en": "Does not follow: {calc}.", "ja": "導かれません。{calc}。"},
    "also_inconsistent": {
        "en": "Also inconsistent within the document: {inner}",
        "ja": "文書内でも矛盾しています。{inner}",
    },
    "covers": {"en": "“{span}”:", "ja": "「{span}」："},
}
VERDICT_NAMES = {
    "en": {v: v for v in ("supported", "contradicted", "outdated", "mismatch", "inconsistent", "unverifiable")},
    "ja": {
        "supported": "裏付けあり",
        "contradicted": "食い違い",
        "outdated": "古い数値",
        "mismatch": "桁・通貨の取り違え",
        "inconsistent": "文書内で不整合",
        "unverifiable": "検証できず",
    },
}
_WHERE_JA = {
    "as its latest figure": "最新の数値として",
    "near the period": "その前後の期間で",
    "for the period": "その期間について",
}
_SCALE_JA = {"thousand": "千", "million": "百万", "billion": "十億", "thousandth": "千分の一"}
_BOUND_JA = {"under": "それ以下", "over": "それ以上"}


@dataclass(frozen=True)
class Fig:
    """A figure in a reason: its English text as the store displays it, and what Japanese needs."""

    en: str
    value: float | None
    unit: str
    qualifier: str = "exact"
    lower: float | None = None
    upper: float | None = None
    rank_of: int | None = None

    def text(self, lang: str) -> str:
        if lang == "en":
            return self.en
        return amount(
            self.value,
            self.unit,
            lang,
            qualifier=self.qualifier,
            lower=self.lower,
            upper=self.upper,
            rank_of=self.rank_of,
            text=self.en,
        )


@dataclass(frozen=True)
class Entity:
    id: str

    def text(self, lang: str) -> str:
        return entity_name(self.id, lang)


@dataclass(frozen=True)
class Indicator:
    id: str

    def text(self, lang: str) -> str:
        return indicator_name(self.id, lang)


@dataclass(frozen=True)
class When:
    period: str

    def text(self, lang: str) -> str:
        return period_label(self.period, lang)


@dataclass(frozen=True)
class Part:
    """One sentence of a reason: a message kind and its arguments."""

    kind: str
    args: dict[str, Any] = field(default_factory=dict)

    def text(self, lang: str = "en") -> str:
        lang = lang if lang in ("en", "ja") else "en"
        args = {k: _render(v, lang) for k, v in self.args.items()}
        if lang == "ja":
            args.setdefault("word_ja", _SCALE_JA.get(str(self.args.get("word", "")), ""))
            args.setdefault("bound_ja", _BOUND_JA.get(str(self.args.get("bound", "")), ""))
            if "where" in args:
                args["where"] = _WHERE_JA.get(str(self.args["where"]), args["where"])
        return MESSAGES[self.kind][lang].format(**args)


def _render(v: Any, lang: str) -> str:
    if isinstance(v, list | tuple):
        return ("、" if lang == "ja" else "; ").join(_render(x, lang) for x in v)
    if hasattr(v, "text"):
        return str(v.text(lang))
    return "" if v is None else str(v)


def say(kind: str, **args: Any) -> Part:
    """A reason part; unknown kinds fail at once, not when a reader opens the page."""
    if kind not in MESSAGES:
        raise KeyError(f"no message {kind!r}; known: {', '.join(MESSAGES)}")
    return Part(kind, args)


def joined(parts: list[Part], lang: str = "en") -> str:
    return ("" if lang == "ja" else " ").join(p.text(lang) for p in parts)


@lru_cache(maxsize=1)
def _names() -> tuple[dict[str, tuple[str, str]], dict[str, tuple[str, str]]]:
    from ..catalog import load_catalog
    from ..metrics import derived_catalog

    cat = load_catalog()
    ent = {e.id: (e.name_en, e.name_ja or e.name_en) for e in cat.entities.values()}
    ind = {i.id: (i.name_en, i.name_ja or i.name_en) for i in cat.indicators.values()}
    ind |= {d.id: (d.name_en, d.name_ja) for d in derived_catalog().values()}
    return ent, ind


def entity_name(eid: str, lang: str = "en") -> str:
    """ "JPN" in English is JPN (as the checker has always written it); in Japanese 日本."""
    if eid.startswith(("org:", "place:")):
        return eid.split(":", 1)[1]
    if eid == "WLD":  # the world's total (世界の…), not a catalog entity
        return "世界" if lang == "ja" else "World"
    if lang != "ja":
        return eid
    return _names()[0].get(eid, (eid, eid))[1]


def indicator_name(iid: str, lang: str = "en") -> str:
    names = _names()[1].get(iid, (iid, iid))
    return names[1] if lang == "ja" else names[0]


def period_label(period: str, lang: str = "en") -> str:
    """ "FY2023" is 2023年度, "2023H1" 2023年上半期, "2023Q3" 2023年第3四半期, "2025-09" 2025年9月."""
    if lang != "ja" or not period:
        return period
    if m := re.fullmatch(r"FY(\d{4})", period):
        return f"{m[1]}年度"
    if m := re.fullmatch(r"(\d{4})H([12])", period):
        return f"{m[1]}年{'上' if m[2] == '1' else '下'}半期"
    if m := re.fullmatch(r"(\d{4})Q([1-4])", period):
        return f"{m[1]}年第{m[2]}四半期"
    if m := re.fullmatch(r"(\d{4})-(\d{2})", period):
        return f"{m[1]}年{int(m[2])}月"
    if re.fullmatch(r"\d{4}", period):
        return f"{period}年"
    return period


def fig(r: dict[str, Any]) -> Fig:
    """A stored figure for a reason: the store's display text, and the number for Japanese."""
    from ..store.queries import none_if_missing as clean
    from ..units import pretty_unit

    rank_of = clean(r.get("rank_of"))

    return Fig(
        f"{r['display_std']} {pretty_unit(r['display_unit'])}",
        clean(r["value"]),
        str(r["unit"]),
        str(r.get("qualifier") or "exact"),
        clean(r.get("lower")),
        clean(r.get("upper")),
        int(rank_of) if rank_of else None,
    )


@dataclass(frozen=True)
class Or:
    items: list[Any]

    def text(self, lang: str) -> str:
        return ("または" if lang == "ja" else " or ").join(i.text(lang) for i in self.items)


@dataclass(frozen=True)
class ForPeriod:
    """ " for 2023" / "2023年の": a period the reason may or may not name."""

    period: str | None

    def text(self, lang: str) -> str:
        if not self.period:
            return ""
        return When(self.period).text(lang) + "の" if lang == "ja" else f" for {self.period}"


@dataclass(frozen=True)
class AlsoList:
    items: list[Any]

    def text(self, lang: str) -> str:
        if not self.items:
            return ""
        if lang == "ja":
            return "。ほかに" + "、".join(f"{When(p).text(lang)}の{f.text(lang)}" for f, p in self.items)
        return "; also " + ", ".join(f"{f.text(lang)} ({p})" for f, p in self.items)


def for_period(period: str | None) -> ForPeriod:
    return ForPeriod(period)
