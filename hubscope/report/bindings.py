"""Bindings: the functions a report's {{ ... }} expressions call, each one citing its source."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from .._yaml import safe_load
from ..errors import HubscopeError, UnknownEntity, UnknownIndicator
from ..figures.display import amount, scaled
from ..metrics import convert, derived_catalog, figures
from ..metrics.derive import Context
from ..periods import Period
from ..units import pretty_unit

if TYPE_CHECKING:
    from ..store import Store

JA_UNITS = {
    "%": "%",
    "people": "人",
    "m people": "百万人",
    "USD bn": "十億ドル",
    "JPY bn": "十億円",
    "companies": "社",
    "applications": "件",
    "rank": "位",
}


@cache
def text_ja() -> dict[tuple[str, str], str]:
    """Japanese translations of text figures, keyed by indicator and the exact English source text
    (a changed source text is shown as stored until someone translates it again)."""
    path = Path(__file__).parent / "bundled" / "text.ja.yml"
    return {(r["indicator"], r["en"]): r["ja"] for r in safe_load(path.read_text(encoding="utf-8"))}


PER_MILLION = re.compile(r"(\w+) / \(million \* person\)")
JA_PERIOD = (
    (re.compile(r"FY(\d{4})"), r"\1年度"),
    (re.compile(r"(\d{4})-0?(\d{1,2})-0?(\d{1,2})"), r"\1年\2月\3日"),
    (re.compile(r"(\d{4})-0?(\d{1,2})"), r"\1年\2月"),
    (re.compile(r"(\d{4})/(\d{4})"), r"\1〜\2年"),
    (re.compile(r"(\d{4})"), r"\1年"),
)


def period_text(period: str, lang: str = "en") -> str:
    """A period as prose: "FY2023" stays in English; in Japanese it is 2023年度, 2025-05-28 is 2025年5月28日.

    >>> period_text("FY2023", "ja"), period_text("2025-09", "ja"), period_text("2024", "ja")
    ('2023年度', '2025年9月', '2024年')
    """
    if lang != "ja":
        return period
    for pattern, repl in JA_PERIOD:
        if pattern.fullmatch(period):
            return pattern.sub(repl, period)
    return period


def _clean(v):
    return None if v is None or (isinstance(v, float) and pd.isna(v)) else v


def readable(v: float) -> str:
    """Three significant figures for prose: 3.44, 26.7, 0.045, 33,797."""
    a = abs(v)
    if a >= 100 or float(v).is_integer():
        return f"{v:,.0f}"
    if a >= 10:
        return f"{v:.1f}"
    return f"{v:.3g}" if a >= 1 else f"{v:.2g}"


class BindingError(HubscopeError):
    """A binding that does not resolve (unknown name, no figure, no rate)."""


@dataclass
class Bound:
    """One value the report shows, with its provenance: an entry of the render's manifest."""

    key: str
    entity: str
    indicator: str
    period: str
    value: float | None
    display: str
    source: str
    publisher: str
    vintage: str | None
    revision: int | None
    revised_at: str | None
    status: str
    stale: str | None = None
    author: str | None = None
    reason: str | None = None


@dataclass
class Binder:
    """Resolves bindings against one store, numbering citations in order of first use."""

    store: Store
    lang: str = "en"
    today: date = field(default_factory=date.today)
    max_age_years: float = 3.0
    citations: dict[str, int] = field(default_factory=dict)
    sources: dict[str, dict] = field(default_factory=dict)
    manifest: list[Bound] = field(default_factory=list)

    def __post_init__(self) -> None:
        from ..store.queries import latest, pick

        self.ctx = Context.from_store(self.store)
        self.catalog = self.store.catalog
        # every stored cell's preferred figure, and each entity and indicator's latest, computed once
        frame = self.ctx.frame
        self._cell = {
            (r["entity"], r["indicator"], r["period"]): r
            for r in pick(frame, sorted(set(frame["entity"]))).to_dict("records")
        }
        self._latest = {(r["entity"], r["indicator"]): r for r in latest(frame).to_dict("records")}
        self._series: dict[tuple[str, str], list[dict]] = {}
        for r in self._cell.values():
            self._series.setdefault((r["entity"], r["indicator"]), []).append(r)
        self._figures: dict[tuple, dict] = {}

    # --- names -----------------------------------------------------------------------------
    def entity(self, name: str) -> str:
        try:
            return self.store.resolve([name])[0][0]
        except UnknownEntity as exc:
            raise BindingError(str(exc)) from None

    def name(self, entity: str) -> str:
        e = self.catalog.entities.get(self.entity(entity))
        return (e.name_ja if self.lang == "ja" and e.name_ja else e.name_en) if e else entity

    def indicator_name(self, indicator: str) -> str:
        meta = self.catalog.indicators.get(indicator) or derived_catalog().get(indicator)
        if meta is None:
            raise BindingError(str(UnknownIndicator(indicator, [*self.catalog.indicators, *derived_catalog()])))
        return meta.name_ja if self.lang == "ja" and meta.name_ja else meta.name_en

    def unit(self, unit: str) -> str:
        pretty = pretty_unit(unit)
        return JA_UNITS.get(pretty, pretty) if self.lang == "ja" else pretty

    # --- figures ---------------------------------------------------------------------------
    def figure(self, entity: str, indicator: str, period: str = "latest") -> dict:
        """The preferred figure for a cell: a row with provenance (stored or derived)."""
        eid = self.entity(entity)
        self.indicator_name(indicator)  # unknown indicators fail here, with a suggestion
        key = (eid, indicator, period)
        if key in self._figures:
            return self._figures[key]
        if indicator in self.catalog.indicators:
            row = self._latest.get((eid, indicator)) if period == "latest" else self._cell.get(key)
        else:
            df = figures(
                self.store,
                [eid],
                [indicator],
                () if period == "latest" else [period],
                latest=period == "latest",
                ctx=self.ctx,
            )
            row = None if df.empty else df.iloc[0].to_dict()
        if row is None:
            raise BindingError(
                f"no figure for {indicator} for {eid}"
                + ("" if period == "latest" else f" in {period}")
                + self._periods_hint(eid, indicator)
            )
        self._figures[key] = row
        return row

    def rows(
        self, entities: list[str], indicator: str, period: str | None = None, all_periods: bool = False
    ) -> pd.DataFrame:
        """Preferred figures for several entities: latest, one period, or every period."""
        if indicator not in self.catalog.indicators:
            return figures(
                self.store,
                entities,
                [indicator],
                [period] if period else (),
                latest=not (period or all_periods),
                ctx=self.ctx,
            )
        out = []
        for e in entities:
            if all_periods:
                out += self._series.get((e, indicator), [])
            elif period:
                r = self._cell.get((e, indicator, period))
                out += [r] if r else []
            else:
                r = self._latest.get((e, indicator))
                out += [r] if r else []
        return pd.DataFrame(out)

    def _periods_hint(self, eid: str, indicator: str) -> str:
        df = figures(self.store, [eid], [indicator], ctx=self.ctx)
        have = sorted(set(df["period"])) if not df.empty else []
        return f" (periods with figures: {', '.join(have)})" if have else " (the store has none for it)"

    def cite(self, row: dict) -> str:
        """The citation marker for a figure's source (derived figures cite their inputs)."""
        refs = []
        if row.get("method") == "derived" and isinstance(row.get("inputs"), str):
            import json

            for i in json.loads(row["inputs"]):
                refs.append(
                    (
                        i["source"],
                        {
                            "publisher": i["publisher"],
                            "title": i["publisher"],
                            "url": i["url"],
                            "vintage": i["vintage"],
                        },
                    )
                )
        else:
            refs.append(
                (
                    row["source"],
                    {
                        "publisher": row["publisher"],
                        "title": _clean(row.get("source_title")),
                        "url": _clean(row.get("url")),
                        "vintage": _clean(row.get("vintage")),
                    },
                )
            )
        nums = []
        for sid, meta in refs:
            if sid not in self.citations:
                self.citations[sid] = len(self.citations) + 1
                self.sources[sid] = meta
            nums.append(self.citations[sid])
        links = ",".join(f'<a href="#ref-{n}">{n}</a>' for n in sorted(set(nums)))
        return f'<sup class="ref">[{links}]</sup>'

    def record(self, key: str, row: dict, display: str) -> Bound:
        def clean(v):
            return None if v is None or (isinstance(v, float) and pd.isna(v)) else v

        stale = None
        try:
            end = Period.parse(str(row["period"]).split("/")[-1]).end
            age = (self.today - end).days / 365.25
            if age > self.max_age_years:
                stale = f"{age:.1f}年前の数値" if self.lang == "ja" else f"{age:.1f} years old"
        except HubscopeError:
            pass
        b = Bound(
            key,
            row["entity"],
            row["indicator"],
            str(row["period"]),
            clean(row.get("value_std")) or clean(row.get("value")),
            display,
            row["source"],
            row["publisher"],
            clean(row.get("vintage")),
            clean(row.get("revision")),
            str(clean(row.get("revised_at")) or ""),
            row["status"],
            stale,
            clean(row.get("author")),
            clean(row.get("reason")),
        )
        self.manifest.append(b)
        return b

    # --- the functions reports call -----------------------------------------------------------
    def value(
        self,
        entity: str,
        indicator: str,
        period: str = "latest",
        to: str | None = None,
        fmt: str | None = None,
        unit: bool = True,
        cite: bool = True,
    ) -> str:
        """{{ value("JPN", "rd_expenditure_pct_gdp") }} -> "3.44%[1]"."""
        row = self.figure(entity, indicator, period)
        number = row.get("value_std")
        if number is None or pd.isna(number):
            number = row.get("value")
        shown_unit = row.get("display_unit") or row["unit"]
        if self.lang == "ja" and not fmt and row["unit"] != "text" and number is not None and not pd.isna(number):
            return self._value_ja(row, float(number), shown_unit, period, to, unit, cite)
        if row["unit"] == "text":
            text, shown_unit = self.text(row), ""  # a sourced phrase: no "text" unit after it
        elif row["unit"] == "rank" and not to:
            text, shown_unit = str(row.get("display")), ""  # "96 of 123": a rank keeps its N
        elif number is None or pd.isna(number):
            text = str(row.get("display") or row.get("value_text") or "")
        else:
            number = float(number)
            if to:
                c = convert(self.ctx.rates, number, shown_unit, to.upper(), str(row["period"]))
                number, shown_unit = c.value, c.unit
            text = format(number, _format_spec(fmt)) if fmt else readable(number)
            if row.get("qualifier") == "approx":
                text = "~" + text
        u = self.unit(shown_unit) if shown_unit else ""
        if unit and u:
            tight = u == "%" or (self.lang == "ja" and not u.isascii())  # 26.7%, 641社
            text = f"{text}{u}" if tight else f"{text} {u}"
        key = f"value:{row['entity']}:{indicator}:{period}:{to or ''}"
        b = self.record(key, row, text)
        flag = f'<span class="stale" title="{b.stale}">⚠</span>' if b.stale else ""
        return f'<span class="bound" data-key="{key}">{text}</span>{flag}' + (self.cite(row) if cite else "")

    def _value_ja(
        self, row: dict, number: float, shown_unit: str, period: str, to: str | None, unit: bool, cite: bool
    ) -> str:
        """A figure in Japanese, formatted by figures.display: 4兆1,900億ドル, 3.44%, 92位（116中）."""
        if to:
            c = convert(self.ctx.rates, number, shown_unit, to.upper(), str(row["period"]))
            number, shown_unit = c.value, c.unit
        rank_of = _clean(row.get("rank_of"))
        qualifier = _clean(row.get("qualifier")) or "exact"
        per_million = PER_MILLION.fullmatch(shown_unit)
        text = amount(
            number,
            per_million[1] if per_million else shown_unit,
            "ja",
            qualifier="exact" if qualifier == "range" else qualifier,
            rank_of=int(rank_of) if rank_of and row["unit"] == "rank" and not to else None,
        )
        if not unit:
            text = scaled(number, shown_unit, "ja")[0]
        elif per_million:
            text += "（人口100万人当たり）"
        text = text.replace("~", "約", 1)
        key = f"value:{row['entity']}:{row['indicator']}:{period}:{to or ''}"
        b = self.record(key, row, text)
        flag = f'<span class="stale" title="{b.stale}">⚠</span>' if b.stale else ""
        return f'<span class="bound" data-key="{key}">{text}</span>{flag}' + (self.cite(row) if cite else "")

    def text(self, row: dict) -> str:
        """A text figure; in Japanese, the team's translation of exactly that source text."""
        original = str(row.get("display") or row.get("value_text") or "")
        if self.lang == "ja":
            return text_ja().get((row["indicator"], original), original)
        return original

    def period(self, entity: str, indicator: str) -> str:
        """The period of the latest figure ("2024", "FY2023"; in Japanese "2024年", "2023年度")."""
        return period_text(str(self.figure(entity, indicator)["period"]), self.lang)

    def ratio(self, a: str, b: str, indicator: str, period: str = "latest", fmt: str = ".0f") -> str:
        """{{ ratio("JPN", "USA", "gdp_per_capita_usd") }} -> "39%[1]": a's figure as a share of b's."""
        ra, rb = self.figure(a, indicator, period), self.figure(b, indicator, period)
        va, vb = (
            float(r["value_std"])
            if r.get("value_std") is not None and not pd.isna(r["value_std"])
            else float(r["value"])
            for r in (ra, rb)
        )
        if not vb:
            raise BindingError(f"{indicator} for {rb['entity']} is zero; no ratio")
        text = f"{format(100 * va / vb, _format_spec(fmt))}%"
        self.record(f"ratio:{ra['entity']}:{rb['entity']}:{indicator}:{period}", ra, text)
        self.record(f"ratio-base:{ra['entity']}:{rb['entity']}:{indicator}:{period}", rb, text)
        marks = self.cite(ra) + (self.cite(rb) if rb["source"] != ra["source"] else "")
        return f'<span class="bound">{text}</span>{marks}'


# A format spec for one number: width and precision bounded (fmt="999999999" asked for 1 GB of spaces).
_FORMAT_SPEC = re.compile(r"[<>^=]?[+\- ]?#?0?(\d{1,2})?[,_]?(\.\d{1,2})?[eEfFgGn%]?")


def _format_spec(fmt: str) -> str:
    if not isinstance(fmt, str) or not _FORMAT_SPEC.fullmatch(fmt):
        raise BindingError(f"fmt={str(fmt)[:30]!r} is not a number format such as '.1f' or ',.0f' (width and "
                           "precision at most 99)")
    return fmt
