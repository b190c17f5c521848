"""Scenarios that show their arithmetic: match a peer's ratio, or reach a target by a date."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pandas as pd

from ..errors import MetricError
from ..model import _num
from ..periods import Period
from ..units import conversion_factor, pretty_unit
from .money import Rates, convert

if TYPE_CHECKING:
    from ..store import Store


@dataclass(frozen=True)
class Scenario:
    """A scenario's answer, its steps and the figures behind them."""

    question: str
    lines: tuple[str, ...]
    table: pd.DataFrame = field(compare=False)

    def explain(self) -> str:
        return "\n".join([self.question, *[f"  {x}" for x in self.lines]])


def _latest(store: Store, entity: str, indicator: str, period: str | None = None) -> dict[str, Any]:
    from .compare import compare

    found = [
        f
        for f in compare([entity], [indicator], [period] if period else (), store=store)
        if f.value is not None and f.qualifier in ("exact", "approx")
    ]
    if not found:
        raise MetricError(f"no usable {indicator} figure for {entity}" + (f" in {period}" if period else ""))
    return found[0].record()


def match(
    store: Store,
    entity: str,
    peer: str,
    indicator: str,
    amount: str | None = None,
    entity_period: str | None = None,
    peer_period: str | None = None,
    amount_value: tuple[float, str, str] | None = None,
) -> Scenario:
    """What would ``entity``'s amount be at ``peer``'s ratio (an indicator in % of GDP)?

    The entity's own ratio is taken from the store, or computed from ``amount`` (an indicator
    holding the money amount, e.g. ``vc_fund_investment``) over GDP of the same period;
    ``amount_value`` = (value, unit, period) states an amount directly (e.g. a report's figure).
    """
    from .derive import Context, derive

    (eid, pid), _ = store.resolve([entity, peer])
    ind = store.catalog.indicator(indicator)
    if ind.unit != "percent" or "gdp" not in indicator:
        raise MetricError(f"{indicator}: a match scenario needs a share of GDP in percent")
    p = _latest(store, pid, indicator, peer_period)
    peer_ratio = float(p["value"])
    rates = Rates.from_store(store)
    lines: list[str] = []
    rows: list[dict[str, Any]] = []
    lines.append(f"{pid} {indicator} = {_num(peer_ratio)}% ({p['period']}, {p['publisher']}, {p['status']})")
    rows.append(
        {
            "what": f"{pid} ratio",
            "value": peer_ratio,
            "unit": "%",
            "period": p["period"],
            "source": p["publisher"],
            "status": p["status"],
        }
    )
    if amount_value:
        value, unit, period = amount_value
        gdp = _gdp_for(store, eid, unit, period)
        now = value * conversion_factor(unit, gdp["base"])
        own_ratio = 100 * now / gdp["value"]
        basis = f"stated amount {_num(value)} {pretty_unit(unit)} ({period})"
    elif amount:
        ctx = Context.from_store(store, [eid])
        from .derive import derived_catalog

        share = next((d for d in derived_catalog().values() if d.of == amount and d.kind == "share_of_gdp"), None)
        if share is None:
            raise MetricError(f"no share-of-GDP derivation is declared for {amount}")
        found = derive(store, share.id, [eid], (), ctx)
        if not found:
            raise MetricError(f"cannot compute {share.id} for {eid}: " + "; ".join(ctx.skipped))
        dv = found[-1]
        own_ratio = dv.value
        num = dv.inputs[0]
        value, unit, period = num.value, num.unit, num.period
        gdp = _gdp_for(store, eid, unit, period)
        now = value * conversion_factor(unit, gdp["base"])
        basis = f"{amount} {_num(value)} {pretty_unit(unit)} ({period}, {num.publisher}, {num.status}); {dv.formula}"
    else:
        e = _latest(store, eid, indicator, entity_period)
        own_ratio, period = float(e["value"]), e["period"]
        gdp = _gdp_for(store, eid, "billion * JPY" if eid == "JPN" else "billion * USD", period)
        now = own_ratio / 100 * gdp["value"]
        basis = f"{eid} {indicator} = {_num(own_ratio)}% ({period}, {e['publisher']}, {e['status']})"
    if gdp.get("note"):
        lines.append(f"note: {gdp['note']}")
    target_amount = peer_ratio / 100 * gdp["value"]
    multiple = peer_ratio / own_ratio if own_ratio else float("inf")
    lines += [
        f"{eid} today: {basis}",
        f"{eid} ratio = {_num(own_ratio)}% of GDP",
        f"{eid} GDP ({gdp['period']}) = {_num(gdp['value'] / 1e9)} bn {gdp['base']} ({gdp['publisher']})",
        f"at {pid}'s ratio: {_num(peer_ratio)}% × {_num(gdp['value'] / 1e9)} bn {gdp['base']} = "
        f"{_num(target_amount / 1e9)} bn {gdp['base']}",
        f"multiple of today: {_num(peer_ratio)} ÷ {_num(own_ratio)} = {multiple:.1f}×",
    ]
    rows += [
        {"what": f"{eid} ratio", "value": own_ratio, "unit": "%", "period": period},
        {"what": f"{eid} amount today", "value": now / 1e9, "unit": f"bn {gdp['base']}", "period": period},
        {
            "what": f"{eid} amount at {pid} ratio",
            "value": target_amount / 1e9,
            "unit": f"bn {gdp['base']}",
            "period": gdp["period"],
        },
        {"what": "multiple", "value": multiple, "unit": "×", "period": ""},
    ]
    if gdp["base"] != "USD":
        try:
            conv = convert(rates, target_amount / 1e9, f"billion * {gdp['base']}", "USD", gdp["rate_period"])
            fy = (
                " (a fiscal year: the rate of the calendar year it starts in)" if gdp["period"].startswith("FY") else ""
            )
            lines.append(f"in US dollars: {conv.formula}, rate of {gdp['rate_period']}{fy}")
            rows.append(
                {
                    "what": f"{eid} amount at {pid} ratio",
                    "value": conv.value,
                    "unit": "bn USD",
                    "period": gdp["rate_period"],
                    "source": conv.rates[0].describe(),
                }
            )
        except MetricError as exc:
            lines.append(f"in US dollars: not converted ({exc})")
    return Scenario(f"What would {eid}'s amount be at {pid}'s {indicator}?", tuple(lines), pd.DataFrame(rows))


def _gdp_for(store: Store, entity: str, unit: str, period: str) -> dict[str, Any]:
    """GDP of the same period, in the amount's currency where the store has it."""
    from .money import currency_of

    cur = currency_of(unit) or "USD"
    ind = "gdp_current_lcu" if cur != "USD" else "gdp_current_usd"
    df = store.observations([entity], [ind])
    df = df[df["preferred"] & df["unit"].str.contains(cur)]
    exact = df[df["period"] == period]
    note = None
    if exact.empty:
        # the ratio's own period has no GDP (a report's undated figure): use the latest GDP
        # of the same kind of period that ends before it, and say so
        end = Period.parse(period).end
        kind = Period.parse(period).kind
        earlier = df[(pd.to_datetime(df["period_end"]) <= pd.Timestamp(end)) & (df["period_kind"] == kind)]
        if earlier.empty:
            raise MetricError(f"no GDP in {cur} for {entity} in {period} or before")
        exact = earlier.sort_values("period_end").tail(1)
        note = f"no GDP for {period}; latest earlier GDP ({exact.iloc[0]['period']}) used"
    g = exact.iloc[0]
    return {
        "value": float(g["value"]) * conversion_factor(g["unit"], cur),
        "base": cur,
        "period": g["period"],
        "publisher": g["publisher"],
        "rate_period": g["period"].removeprefix("FY"),
        "note": note,
    }


def target(
    store: Store, entity: str, indicator: str, value: float, unit: str, by: str, start_period: str | None = None
) -> Scenario:
    """The annual growth rate needed to go from the latest figure to ``value`` by period ``by``."""
    (eid,), _ = store.resolve([entity])
    start = _latest(store, eid, indicator, start_period)
    end = Period.parse(by)
    begin = Period.parse(start["period"])
    years = (end.end - begin.end).days / 365.25
    if years <= 0:
        raise MetricError(f"target period {by} is not after the latest figure ({start['period']})")
    now = float(start["value"]) * conversion_factor(start["unit"], unit)
    if now <= 0:
        raise MetricError(f"{indicator} for {eid} in {start['period']} is not positive; no growth rate")
    rate = (value / now) ** (1 / years) - 1
    lines = (
        f"from {_num(now)} {pretty_unit(unit)} ({start['period']}, {start['publisher']}, {start['status']})",
        f"to {_num(value)} {pretty_unit(unit)} by {by}: {years:.2f} years (end of {start['period']} to end of {by})",
        f"needed growth: ({_num(value)} ÷ {_num(now)})^(1/{years:.2f}) − 1 = {100 * rate:.1f}% a year",
        f"multiple: {value / now:.1f}×",
    )
    table = pd.DataFrame(
        [
            {"what": "start", "value": now, "unit": unit, "period": start["period"]},
            {"what": "target", "value": value, "unit": unit, "period": by},
            {"what": "annual growth needed", "value": 100 * rate, "unit": "%", "period": ""},
        ]
    )
    return Scenario(
        f"What growth takes {eid}'s {indicator} to {_num(value)} {pretty_unit(unit)} by {by}?", lines, table
    )
