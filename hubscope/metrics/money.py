"""Money: convert between currencies at the period-average market rate or at PPP.

Rates are observations in the store (``fx_lcu_per_usd``, ``ppp_lcu_per_intl_usd``), each with
its source. A figure is converted at the rate for its own period; when that rate is missing,
the error names it. Falling back to another year happens only when the caller asks for it
(``rate_period``), and the result says so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pandas as pd

from ..errors import RateMissing, UnitError
from ..model import _num
from ..units import CURRENCIES, pretty_unit

if TYPE_CHECKING:
    from ..store import Store

MARKET, PPP = "market", "ppp"
_TOKEN = re.compile(r"\b(" + "|".join(CURRENCIES) + r")\b")


@dataclass(frozen=True)
class Rate:
    """Units of ``currency`` per US dollar for one period, with where the number came from."""

    currency: str
    period: str
    value: float
    basis: str
    entity: str
    source: str
    publisher: str
    url: str | None
    vintage: str | None
    observation_id: int | None = None

    def describe(self) -> str:
        kind = "PPP factor" if self.basis == PPP else "market rate, period average"
        return (
            f"{_num(self.value)} {self.currency} per USD ({kind}, {self.entity} {self.period}; "
            f"{self.publisher}{', ' + self.vintage if self.vintage else ''})"
        )


@dataclass(frozen=True)
class Conversion:
    """A converted figure, the rates used, and the arithmetic as text."""

    value: float
    unit: str
    rates: tuple[Rate, ...]
    formula: str
    note: str | None = None


def currency_of(unit: str) -> str | None:
    """The single currency in a unit expression, or None."""
    found = set(_TOKEN.findall(unit))
    if len(found) > 1:
        raise UnitError(f"unit {unit!r} holds several currencies; convert one money figure at a time")
    return found.pop() if found else None


class Rates:
    """All preferred rates in a store, loaded once (conversion in bulk makes no queries)."""

    def __init__(self, market: dict[tuple[str, str], Rate], ppp: dict[tuple[str, str], Rate]):
        self.market = market
        self.ppp = ppp

    @classmethod
    def from_store(cls, store: Store) -> Rates:
        df = store.observations(indicators=["fx_lcu_per_usd", "ppp_lcu_per_intl_usd"])
        df = df[df["preferred"] & df["value"].notna()].sort_values(["priority", "entity"], kind="stable")
        market: dict[tuple[str, str], Rate] = {}
        ppp: dict[tuple[str, str], Rate] = {}
        r: Any  # a row of the observations frame; pandas types its fields as any scalar
        for r in df.itertuples():
            cur = currency_of(r.unit.split("/")[0])
            if cur is None:
                continue
            rate = Rate(
                cur,
                r.period,
                float(r.value),
                PPP if r.indicator.startswith("ppp") else MARKET,
                r.entity,
                r.source,
                r.publisher,
                None if pd.isna(r.url) else r.url,
                None if pd.isna(r.vintage) else r.vintage,
                int(r.observation_id),
            )
            if rate.basis == MARKET:
                market.setdefault((cur, r.period), rate)  # first = highest-priority source
            else:
                ppp.setdefault((r.entity, r.period), rate)
        return cls(market, ppp)

    def periods(self, currency: str) -> list[str]:
        return sorted(p for c, p in self.market if c == currency)

    def market_rate(self, currency: str, period: str) -> Rate | None:
        if currency == "USD":
            return None
        if currency not in CURRENCIES:
            raise UnitError(f"unknown currency {currency!r}; expected one of {', '.join(CURRENCIES)}")
        rate = self.market.get((currency, period))
        if rate is None:
            have = ", ".join(self.periods(currency)) or "none"
            raise RateMissing(
                f"no market rate {currency} per USD for period {period} in the store "
                f"(periods with a rate: {have}); add the rate, or choose a rate "
                "period explicitly (it will be stated)"
            )
        return rate

    def ppp_rate(self, entity: str, period: str) -> Rate:
        rate = self.ppp.get((entity, period))
        if rate is None:
            have = ", ".join(sorted(p for e, p in self.ppp if e == entity)) or "none"
            raise RateMissing(f"no PPP conversion factor for {entity} in period {period} (periods with one: {have})")
        return rate


def convert(
    store_or_rates: Store | Rates,
    value: float,
    unit: str,
    to: str,
    period: str,
    basis: str = MARKET,
    entity: str | None = None,
    rate_period: str | None = None,
) -> Conversion:
    """Convert ``value`` (in ``unit``, e.g. "billion * JPY") to currency ``to``.

    ``basis="ppp"`` converts to international (PPP) dollars with the PPP factor of ``entity``.
    ``rate_period`` uses another period's rate, on request only, and the result notes it.
    """
    rates = store_or_rates if isinstance(store_or_rates, Rates) else Rates.from_store(store_or_rates)
    src = currency_of(unit)
    if src is None:
        raise UnitError(f"unit {unit!r} is not money; only money figures convert between currencies")
    if to not in CURRENCIES:
        raise UnitError(f"unknown currency {to!r}; expected one of {', '.join(CURRENCIES)}")
    at = rate_period or period
    note = (f"rate for {at} used for a figure of period {period}, as asked") if rate_period else None
    new_unit = _TOKEN.sub(to, unit)
    if basis == PPP:
        if to != "USD":
            raise UnitError("PPP conversion gives international (PPP) dollars: convert to USD")
        if entity is None:
            raise UnitError("PPP conversion needs the entity whose price level applies")
        r = rates.ppp_rate(entity, at)
        if r.currency != src:
            raise UnitError(f"{entity}'s PPP factor is in {r.currency}, the figure is in {src}")
        return Conversion(
            value / r.value,
            new_unit,
            (r,),
            f"{_num(value)} {pretty_unit(unit)} ÷ {_num(r.value)} {src} per international $ "
            f"= {_num(value / r.value)} {pretty_unit(new_unit)} (PPP)",
            note,
        )
    if src == to:
        return Conversion(value, unit, (), "same currency", note)
    used: list[Rate] = []
    usd = value
    formula = f"{_num(value)} {pretty_unit(unit)}"
    if src != "USD":
        r = _rate(rates.market_rate(src, at))
        used.append(r)
        usd = value / r.value
        formula += f" ÷ {_num(r.value)} {src}/USD"
    out = usd
    if to != "USD":
        r = _rate(rates.market_rate(to, at))
        used.append(r)
        out = usd * r.value
        formula += f" × {_num(r.value)} {to}/USD"
    return Conversion(out, new_unit, tuple(used), formula + f" = {_num(out)} {pretty_unit(new_unit)}", note)


def _rate(rate: Rate | None) -> Rate:
    """A non-USD currency's rate: ``market_rate`` returns None only for USD itself."""
    assert rate is not None
    return rate
