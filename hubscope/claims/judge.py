"""Verdicts: each claim against the store's verified figures, and against the document itself."""

from __future__ import annotations

import math
import re
from collections import defaultdict
from dataclasses import replace

import pandas as pd

from ..errors import HubscopeError
from ..metrics.money import Rates, convert, currency_of
from ..model import _num
from ..periods import Period
from ..units import conversion_factor
from .model import Claim, Evidence, Verdict
from .precision import agrees, tolerance
from .reasons import AlsoList, Entity, Fig, Indicator, Or, Part, When, fig, for_period, say

BASE = {"percent": "percent", "percentage_point": "percent", "rank": "rank", "count": None, "multiple": None}
SEVERITY = {"contradicted": 0, "mismatch": 1, "inconsistent": 2, "outdated": 3, "unverifiable": 4, "supported": 5}


class Judge:
    """Judges claims with one read of the store."""

    def __init__(self, store, entities: list[str]):
        self.store = store
        # an organisation outside the catalog (org:Name) has no stored figures: its claims are unverifiable
        df = store.observations([e for e in dict.fromkeys(entities) if e and e in store.catalog.entities])
        df = df[df["value"].notna() | df["lower"].notna()]
        self.by: dict[tuple[str, str], list[dict]] = defaultdict(list)
        for r in df.to_dict("records"):
            self.by[(r["entity"], r["indicator"])].append(r)
        self.frame = df
        self._rates: Rates | None = None
        self._ctx = None
        from ..metrics import derived_catalog

        derived = derived_catalog()
        self.derived_ids = set(derived)
        self.units = {i.id: i.unit for i in store.catalog.indicators.values()}
        self.units |= {d.id: d.unit for d in derived.values()}

    @property
    def rates(self) -> Rates:
        if self._rates is None:
            self._rates = Rates.from_store(self.store)
        return self._rates

    def in_claim_unit(self, c: Claim, r: dict) -> tuple[float | None, float | None, float | None, str]:
        """A stored figure (value, low, high) in the claim's unit, and the arithmetic used."""
        vals = [r["value"], r["lower"], r["upper"]]
        vals = [None if v is None or (isinstance(v, float) and math.isnan(v)) else float(v) for v in vals]
        unit = r["unit"]
        if c.unit in ("percent", "percentage_point", "rank"):
            return (*vals, "")
        if len(c.unit) == 3 and c.unit.isupper():  # money
            have = currency_of(unit)
            if have is None:
                return None, None, None, ""
            factor = conversion_factor(unit, have)
            out = [None if v is None else v * factor for v in vals]
            if have != c.unit:
                try:
                    conv = [None if v is None else convert(self.rates, v, have, c.unit, r["period"]).value for v in out]
                except HubscopeError:
                    return None, None, None, f"no {have}/{c.unit} rate for {r['period']}"
                rate = convert(self.rates, 1.0, have, c.unit, r["period"])
                return (
                    *conv,
                    f"{_num(out[0] or out[1])} {have} at {rate.formula.split('=')[0].strip()} "
                    f"per unit ({r['period']} rate)",
                )
            return (*out, "")
        try:  # counts: people, companies, applications, in any scale
            factor = conversion_factor(unit, unit.split("*")[-1].strip()) if "*" in unit else 1.0
        except HubscopeError:
            factor = 1.0
        return (*[None if v is None else v * factor for v in vals], "")

    def evidence(self, r: dict) -> Evidence:
        def clean(v):
            return None if v is None or (isinstance(v, float) and math.isnan(v)) else v

        return Evidence(
            r["entity"],
            r["indicator"],
            r["period"],
            clean(r["value"]),
            r["display_std"],
            r["display_unit"],
            r["status"],
            r["source"],
            r["publisher"],
            clean(r["url"]),
            clean(r["vintage"]),
        )

    def derived(self, entity: str, indicator: str) -> list[dict]:
        """Rows for a derived indicator (GDP per person), computed from the stored figures."""
        key = (entity, indicator)
        if key not in self.by:
            from ..metrics.derive import Context, derive

            if self._ctx is None:
                self._ctx = Context(self.frame, store=self.store)
            for d in derive(self.store, indicator, [entity], ctx=self._ctx):
                unit = d.unit.split("/")[0].strip() if "/ person" in d.unit else d.unit
                self.by[key].append(
                    {
                        **d.row(),
                        "lower": None,
                        "upper": None,
                        "unit": unit,
                        "qualifier": "approx" if d.approx else "exact",
                        "display_std": _num(d.value),
                        "display_unit": d.unit,
                        "url": None,
                        "vintage": None,
                        "rank_of": None,
                        "preferred": True,
                    }
                )
        return self.by[key]

    def rows_for(self, c: Claim) -> list[dict]:
        derived = self.derived_ids
        return [
            r
            for i in c.indicators
            for r in (self.derived(c.entity or "", i) if i in derived else self.by.get((c.entity, i), []))
        ]

    def judge(self, c: Claim) -> Verdict:
        first = c.indicators[0] if c.indicators else None
        if c.unit == "multiple":
            return _verdict(c, "unverifiable", say("multiple"), 0.4, indicator=first)
        if not c.indicators:
            return _verdict(c, "unverifiable", say("no_indicator"), 0.3)
        if c.entity is None:
            return _verdict(c, "unverifiable", say("no_entity"), 0.3)
        if (
            c.unit == "count"
            and c.value
            and c.value >= 1e6
            and any(
                "money" in str(self.units.get(i, ""))
                or currency_of(str(self.units.get(i, "")).replace("LCU", "USD"))
                for i in c.indicators
            )
        ):
            return _verdict(c, "unverifiable", say("no_currency"), 0.5, indicator=first)
        rows = self.rows_for(c)
        # a publisher's own projection (METI's 2030 shortage) is evidence; hubscope's are not
        verified = [r for r in rows if r["status"] == "verified" and not str(r["source"]).startswith("hubscope-")]
        confidence = (
            c.link_score
            * (0.75 if c.period_inferred else 1.0)
            * ({"sentence": 1.0, "paragraph": 0.85}.get(c.entity_how, 0.7))
        )
        if not verified:
            need = [Indicator(i) for i in c.indicators[:2]]
            part = say(
                "no_verified",
                entity=Entity(c.entity),
                need=Or(need),
                for_period=for_period(c.period),
            )
            return _verdict(
                c,
                "unverifiable",
                part,
                round(min(0.95, confidence), 2),
                indicator=first,
                evidence=[self.evidence(r) for r in rows[:3]],
            )
        scored = []
        for r in verified:
            v, lo, hi, how = self.in_claim_unit(c, r)
            if v is None and lo is None:
                continue
            ok = agrees(c, v if v is not None else lo, lo, hi, approximate=r["qualifier"] == "approx")
            if (
                c.unit == "rank"
                and c.rank_of
                and r["rank_of"]
                and not pd.isna(r["rank_of"])
                and int(r["rank_of"]) != c.rank_of
            ):
                ok = False  # "92nd of 116" is not "92nd of 123"; it can still be a newer edition
            scored.append((r, v, lo, hi, how, ok))
        if not scored:
            return _verdict(c, "unverifiable", say("need_rate"), 0.4, indicator=first)
        return self._decide(c, scored, confidence)

    def _decide(self, c: Claim, scored: list, confidence: float) -> Verdict:
        def end(r):
            return Period.parse(r["period"]).end

        rank = {ind: n for n, ind in enumerate(c.indicators)}

        def best_first(s):
            # the claim's own currency first (yen GDP for a yen claim), then its best-linked
            # indicator (the internationally comparable R&D series before the national one),
            # then the latest, then the preferred
            own = len(c.unit) == 3 and currency_of(str(s[0]["unit"])) == c.unit
            exact = s[0]["period"] == c.period  # "in 2023": calendar 2023 before FY2023
            return (own, -rank.get(s[0]["indicator"], 99), exact, end(s[0]), bool(s[0]["preferred"]))

        same = [s for s in scored if _same_period(c, s[0])]
        if c.role == "to":  # "from 10% to 1%": the new value holds in the period that follows
            same += [s for s in _neighbours(c, scored, later_only=True) if s not in same]
        latest = max(scored, key=lambda s: (end(s[0]), s[0]["preferred"], -_span(s[0])))
        if c.period_inferred:
            pool, near = scored, False
        elif same:
            pool, near = same, False
        else:
            pool, near = _neighbours(c, scored), True
        ok = [s for s in pool if s[5]]
        if ok and near and len(ok) < len(pool):
            ok = []  # near the period, only a claim that agrees with every neighbour counts
        if ok:
            ok.sort(key=best_first, reverse=True)
            r = ok[0][0]
            kind = Period.parse(r["period"]).kind
            newer = [
                s
                for s in scored
                if end(s[0]) > end(r)
                and not s[5]
                and s[0]["indicator"] == r["indicator"]
                and Period.parse(s[0]["period"]).kind == kind
                and c.role != "from"
            ]
            ev = [self.evidence(s[0]) for s in ok[:2]]
            arith = _arith(c, ok[0])
            if newer:
                n = max(newer, key=lambda s: end(s[0]))[0]
                part = say(
                    "outdated",
                    period=When(r["period"]),
                    newer_period=When(n["period"]),
                    newer=fig(n),
                    newer_publisher=n["publisher"],
                )
                return _verdict(
                    c, "outdated", part, round(min(0.95, confidence), 2), ev, arith, self.evidence(n), r["indicator"]
                )
            parts = [say("supported", publisher=r["publisher"], figure=fig(r), period=When(r["period"]))]
            # another source for the same period that disagrees: say so, the reader may prefer it
            rival = [s for s in pool if not s[5] and s[0]["period"] == r["period"]]
            if rival:
                o = rival[0][0]
                parts.append(say("also_source", publisher=o["publisher"], figure=fig(o), period=When(o["period"])))
            conf = round(min(0.97, confidence + 0.05), 2)
            return _verdict(c, "supported", parts, conf, ev, arith, None, r["indicator"])
        if not pool:
            periods = ", ".join(sorted({s[0]["period"] for s in scored}))
            return _verdict(
                c,
                "unverifiable",
                say("none_near", period=When(c.period or ""), periods=periods),
                round(min(0.8, confidence), 2),
                [self.evidence(s[0]) for s in scored[:3]],
                indicator=scored[0][0]["indicator"],
            )
        for s in sorted(pool, key=lambda s: end(s[0]), reverse=True):
            mismatch = self._mismatch(c, s)
            if mismatch:
                return _verdict(
                    c,
                    "mismatch",
                    mismatch,
                    round(min(0.9, confidence), 2),
                    [self.evidence(s[0])],
                    _arith(c, s),
                    indicator=s[0]["indicator"],
                )
        best = latest if c.period_inferred else max(pool, key=lambda s: (end(s[0]), s[0]["preferred"]))
        if rank.get(best[0]["indicator"], 99):  # judge against the best-linked indicator when the store has it
            mine = [s for s in (scored if c.period_inferred else pool) if rank.get(s[0]["indicator"], 99) == 0]
            best = max(mine, key=lambda s: (end(s[0]), s[0]["preferred"])) if mine else best
        shown = sorted(pool, key=lambda s: end(s[0]), reverse=True)[:3]
        ev = [self.evidence(s[0]) for s in shown]
        where = "as its latest figure" if c.period_inferred else "near the period" if near else "for the period"
        also = [(replace(fig(s[0]), en=s[0]["display_std"]), s[0]["period"]) for s in shown[1:]]
        part = say(
            "contradicted",
            figure=fig(best[0]),
            where=where,
            period=When(best[0]["period"]),
            publisher=best[0]["publisher"],
            also=AlsoList(also),
        )
        conf = round(min(0.95, confidence), 2)
        return _verdict(c, "contradicted", part, conf, ev, _arith(c, best), indicator=best[0]["indicator"])

    def _mismatch(self, c: Claim, s) -> Part | None:
        """A wrong scale (thousand/million/billion) or currency that would make the claim right."""
        r, v = s[0], s[1]
        if v is None or c.value is None:
            return None
        for k, word in ((1e3, "thousand"), (1e6, "million"), (1e9, "billion"), (1e-3, "thousandth")):
            if abs(v - c.value * k) <= max(tolerance(c) * k, 0.1 * abs(c.value * k)):
                where = {"period": When(r["period"]), "publisher": r["publisher"]}
                return say("off_by_scale", word=word, figure=fig(r), k=f"{k:g}", **where)
        if len(c.unit) == 3 and c.unit.isupper():
            for other in ("USD", "JPY", "EUR"):
                if other == c.unit:
                    continue
                try:
                    as_other = convert(self.rates, c.value, other, c.unit, r["period"]).value
                except HubscopeError:
                    continue
                if abs(as_other - v) <= 0.15 * abs(v):
                    return say(
                        "wrong_currency",
                        other=other,
                        unit=c.unit,
                        claim=Fig(f"{_num(c.value / 1e9)} bn {other}", c.value / 1e9, f"billion * {other}"),
                        converted=Fig(f"{_num(as_other / 1e9)} bn {c.unit}", as_other / 1e9, f"billion * {c.unit}"),
                        period=When(r["period"]),
                        figure=fig(r),
                        publisher=r["publisher"],
                    )
        return None


def _verdict(
    c: Claim,
    verdict: str,
    parts: Part | list[Part],
    confidence: float,
    evidence: list[Evidence] | None = None,
    arithmetic: str = "",
    newer: Evidence | None = None,
    indicator: str | None = None,
) -> Verdict:
    parts = parts if isinstance(parts, list) else [parts]
    v = Verdict(c, verdict, "", confidence, evidence or [], arithmetic, newer, indicator)
    v.say(*parts)
    return v


def _span(r: dict) -> int:
    p = Period.parse(r["period"])
    return (p.end - p.start).days


def _same_period(c: Claim, r: dict) -> bool:
    """The figure is for the claim's period: the same text, the same year as a fiscal year
    ("in 2022" for FY2022), or the year of the edition it was published in ("the 2024 White
    Paper" for the FY2023 survey that edition reports)."""
    if c.period is None:
        return False
    period = r["period"]
    if period == c.period:
        return True
    year = c.period.removeprefix("FY")
    if period.removeprefix("FY") == year and "/" not in period:
        return True
    if re.fullmatch(r"\d{4}", c.period) and re.match(c.period + r"-\d{2}", period):
        return True  # "in 2022" and a figure as of October 2022
    vintage = r.get("vintage")
    return isinstance(vintage, str) and year in vintage and not c.period_inferred


def _neighbours(c: Claim, scored: list, later_only: bool = False) -> list:
    """Figures within two years of the claim's period (after it, with ``later_only``)."""
    if c.period is None:
        return []
    p = Period.parse(c.period)
    out = []
    for s in scored:
        if "/" in s[0]["period"]:
            continue
        days = (Period.parse(s[0]["period"]).end - p.end).days
        if (0 < days <= 800) if later_only else abs(days) <= 800:
            out.append(s)
    return out


def _arith(c: Claim, s) -> str:
    r, v, lo, hi, how, ok = s
    shown = f"{_num(v)}" if v is not None else f"{_num(lo)}–{_num(hi)}"
    claim = c.span
    rel = "" if v is None or not c.value else f"; difference {_num(v - c.value)} ({100 * (v / c.value - 1):+.1f}%)"
    basis = f" [{how}]" if how else ""
    fy = " (fiscal year)" if r["period"].startswith("FY") and c.period and not c.period.startswith("FY") else ""
    return f"claim '{claim}' vs store {shown}{basis} for {r['period']}{fy}{rel}; tolerance ±{_num(tolerance(c))}"
