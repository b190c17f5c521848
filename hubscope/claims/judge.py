"""Verdicts: each claim against the store's verified figures, and against the document itself."""

from __future__ import annotations

import math
import re
from collections import defaultdict

import pandas as pd

from ..errors import HubscopeError
from ..metrics.money import Rates, convert, currency_of
from ..model import _num
from ..periods import Period
from ..units import conversion_factor, pretty_unit
from .model import Claim, Evidence, Verdict

BASE = {"percent": "percent", "percentage_point": "percent", "rank": "rank", "count": None, "multiple": None}
SEVERITY = {"contradicted": 0, "mismatch": 1, "inconsistent": 2, "outdated": 3, "unverifiable": 4, "supported": 5}


def tolerance(c: Claim) -> float:
    """Half a unit of the claim's last written digit ("3.65" ±0.005, "289,200" ±50, "600" ±50)."""
    if c.value is None:
        return 0.0
    if c.decimals:
        step = 10**-c.decimals
    else:
        digits = str(int(abs(c.value))) if abs(c.value) < 1e15 else "1"
        zeros = len(digits) - len(digits.rstrip("0")) if digits != "0" else 0
        # the scale word carries the rounding: "$2.9 billion" is written to 0.1 billion
        step = 10**zeros
        written = c.span.replace(",", "")
        mantissa = next((t for t in written.replace("$", " ").split() if t[:1].isdigit()), "")
        if "." in mantissa:
            step = abs(c.value) / float(mantissa.rstrip("%")) * 10 ** -len(mantissa.split(".")[1].rstrip("%bnmk"))
        # a round "200" may mean 150-250, but not a figure 20% away: cap at 10% of the value
        step = min(step, 0.2 * abs(c.value)) if zeros else step
    return step / 2


def agrees(c: Claim, v: float, lo: float | None = None, hi: float | None = None, approximate: bool = False) -> bool:
    """Does a stored value (or range) support the claim, given both figures' precision and the
    claim's qualifier? ``approximate``: the stored figure is itself "about" (±5%)."""
    tol = tolerance(c) + 1e-9 * max(1.0, abs(v)) + (0.05 * abs(v) if approximate else 0.0)
    q = c.qualifier
    if q == "range":
        top, bottom = (hi if hi is not None else v), (lo if lo is not None else v)
        return bottom <= c.upper + 1e-9 and top >= c.lower - 1e-9
    if lo is not None and hi is not None:  # the store holds a range: the claim must fall in it
        return lo - tol <= c.value <= hi + tol
    if q == "more_than":
        return v > c.value
    if q == "at_least":
        return v >= c.value - tol
    if q in ("less_than",):
        return v < c.value
    if q == "at_most":
        return v <= c.value + tol
    if q in ("approx", "approx_below", "approx_above"):
        return abs(v - c.value) <= max(tol, 0.10 * abs(c.value))
    return abs(v - c.value) <= tol


class Judge:
    """Judges claims with one read of the store."""

    def __init__(self, store, entities: list[str]):
        self.store = store
        df = store.observations([e for e in dict.fromkeys(entities) if e])
        df = df[df["value"].notna() | df["lower"].notna()]
        self.by: dict[tuple[str, str], list[dict]] = defaultdict(list)
        for r in df.to_dict("records"):
            self.by[(r["entity"], r["indicator"])].append(r)
        self._rates: Rates | None = None
        self.names = {i.id: i.name_en for i in store.catalog.indicators.values()}

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

    def judge(self, c: Claim) -> Verdict:
        if c.unit == "multiple":
            return Verdict(
                c,
                "unverifiable",
                "A multiple: checked against the document's own numbers.",
                0.4,
                indicator=c.indicators[0] if c.indicators else None,
            )
        if not c.indicators:
            return Verdict(c, "unverifiable", "No indicator in the store matches what this number measures.", 0.3)
        if c.entity is None:
            return Verdict(c, "unverifiable", "The text does not say which country or organisation this is.", 0.3)
        if (
            c.unit == "count"
            and c.value
            and c.value >= 1e6
            and any(
                "money" in str(self.store.catalog.indicators[i].unit)
                or currency_of(self.store.catalog.indicators[i].unit.replace("LCU", "USD"))
                for i in c.indicators
            )
        ):
            return Verdict(
                c,
                "unverifiable",
                "The amount has no currency, so it cannot be compared.",
                0.5,
                indicator=c.indicators[0],
            )
        rows = [r for i in c.indicators for r in self.by.get((c.entity, i), [])]
        # a publisher's own projection (METI's 2030 shortage) is evidence; hubscope's are not
        verified = [r for r in rows if r["status"] == "verified" and not str(r["source"]).startswith("hubscope-")]
        confidence = (
            c.link_score
            * (0.75 if c.period_inferred else 1.0)
            * ({"sentence": 1.0, "paragraph": 0.85}.get(c.entity_how, 0.7))
        )
        if not verified:
            need = " or ".join(self.names.get(i, i) for i in c.indicators[:2])
            return Verdict(
                c,
                "unverifiable",
                f"No verified figure for {c.entity}: it would need {need}"
                f"{' for ' + c.period if c.period else ''} from a citable source.",
                round(min(0.95, confidence), 2),
                indicator=c.indicators[0],
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
            return Verdict(
                c,
                "unverifiable",
                "The stored figures are in units that need a missing rate.",
                0.4,
                indicator=c.indicators[0],
            )
        return self._decide(c, scored, confidence)

    def _decide(self, c: Claim, scored: list, confidence: float) -> Verdict:
        def end(r):
            return Period.parse(r["period"]).end

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
            ok.sort(key=lambda s: (end(s[0]), s[0]["preferred"]), reverse=True)
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
                n = max(newer, key=lambda s: end(s[0]))
                return Verdict(
                    c,
                    "outdated",
                    f"Right for {r['period']}, but {n[0]['period']} is "
                    f"{n[0]['display_std']} {pretty_unit(n[0]['display_unit'])} ({n[0]['publisher']}).",
                    round(min(0.95, confidence), 2),
                    ev,
                    arith,
                    self.evidence(n[0]),
                    r["indicator"],
                )
            return Verdict(
                c,
                "supported",
                f"Matches {r['publisher']}'s {r['display_std']} {pretty_unit(r['display_unit'])} for {r['period']}.",
                round(min(0.97, confidence + 0.05), 2),
                ev,
                arith,
                indicator=r["indicator"],
            )
        if not pool:
            periods = ", ".join(sorted({s[0]["period"] for s in scored}))
            return Verdict(
                c,
                "unverifiable",
                f"No verified figure for {c.period} or near it; the store has {periods}.",
                round(min(0.8, confidence), 2),
                [self.evidence(s[0]) for s in scored[:3]],
                indicator=scored[0][0]["indicator"],
            )
        for s in sorted(pool, key=lambda s: end(s[0]), reverse=True):
            mismatch = self._mismatch(c, s)
            if mismatch:
                return Verdict(
                    c,
                    "mismatch",
                    mismatch,
                    round(min(0.9, confidence), 2),
                    [self.evidence(s[0])],
                    _arith(c, s),
                    indicator=s[0]["indicator"],
                )
        best = latest if c.period_inferred else max(pool, key=lambda s: (end(s[0]), s[0]["preferred"]))
        ev = [self.evidence(s[0]) for s in sorted(pool, key=lambda s: end(s[0]), reverse=True)[:3]]
        where = "as its latest figure" if c.period_inferred else "near the period" if near else "for the period"
        return Verdict(
            c,
            "contradicted",
            f"The store has {best[0]['display_std']} "
            f"{pretty_unit(best[0]['display_unit'])} {where} ({best[0]['period']}, {best[0]['publisher']})"
            + ("; also " + ", ".join(f"{e.display} ({e.period})" for e in ev[1:]) if len(ev) > 1 else "")
            + ".",
            round(min(0.95, confidence), 2),
            ev,
            _arith(c, best),
            indicator=best[0]["indicator"],
        )

    def _mismatch(self, c: Claim, s) -> str | None:
        """A wrong scale (thousand/million/billion) or currency that would make the claim right."""
        r, v = s[0], s[1]
        if v is None or c.value is None:
            return None
        for k, word in ((1e3, "thousand"), (1e6, "million"), (1e9, "billion"), (1e-3, "thousandth")):
            if abs(v - c.value * k) <= max(tolerance(c) * k, 0.1 * abs(c.value * k)):
                return (
                    f"Off by a factor of {word}: the store's {r['display_std']} {pretty_unit(r['display_unit'])} "
                    f"({r['period']}, {r['publisher']}) matches the claim scaled by {k:g}."
                )
        if len(c.unit) == 3 and c.unit.isupper():
            for other in ("USD", "JPY", "EUR"):
                if other == c.unit:
                    continue
                try:
                    as_other = convert(self.rates, c.value, other, c.unit, r["period"]).value
                except HubscopeError:
                    continue
                if abs(as_other - v) <= 0.15 * abs(v):
                    return (
                        f"Reads as {other}, not {c.unit}: {_num(c.value / 1e9)} bn {other} is "
                        f"{_num(as_other / 1e9)} bn {c.unit} at the {r['period']} rate, close to the store's "
                        f"{r['display_std']} {pretty_unit(r['display_unit'])} ({r['publisher']})."
                    )
        return None


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
