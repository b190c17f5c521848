"""The nouns of the store: entities, indicators and observations."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from .periods import Period
from .provenance import Provenance, Revision
from .units import CURRENCIES, NON_QUANTITY, parse_unit

ENTITY_TYPES = ("country", "bloc", "region", "city", "cluster", "organisation")
QUALIFIERS = ("exact", "approx", "at_least", "more_than", "at_most", "less_than", "range")
PRICE_BASES = ("nominal", "ppp", "constant")


@dataclass(frozen=True)
class Entity:
    """A country, bloc, region, city, cluster or organisation."""

    id: str
    type: str
    name_en: str
    name_ja: str | None = None
    iso2: str | None = None
    parent: str | None = None  # the country a city or organisation belongs to
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Indicator:
    """What is measured: its unit, pillar, direction and definition."""

    id: str
    name_en: str
    name_ja: str | None
    unit: str
    pillar: str
    higher_is_better: bool | None
    definition: str
    peers_note: str | None = None


@dataclass(frozen=True)
class Observation:
    """One figure for one entity, indicator and period, with its provenance."""

    entity: str
    indicator: str
    period: Period
    unit: str
    provenance: Provenance
    value: float | None = None
    lower: float | None = None  # for ranges and bounds
    upper: float | None = None
    value_text: str | None = None  # qualitative facts: a date, a name, a description
    qualifier: str = "exact"
    price_basis: str | None = None
    rank_of: int | None = None  # "92nd of 116": the 116
    note: str | None = None
    revision: Revision | None = field(default=None, compare=False)
    id: int | None = field(default=None, compare=False)

    @property
    def key(self) -> tuple[str, str, str, str]:
        """The identity of a figure: one per entity, indicator, period and source."""
        return (self.entity, self.indicator, self.period.text, self.provenance.source.id)

    @property
    def currency(self) -> str | None:
        """The ISO 4217 code of a money figure's unit, or None."""
        if self.unit in NON_QUANTITY:
            return None
        dims = parse_unit(self.unit).dimensionality
        hits = [c for c in CURRENCIES if f"[currency_{c.lower()}]" in dims]
        return hits[0] if len(hits) == 1 else None

    def display_value(self) -> str:
        """The value as a person would read it, with its qualifier."""
        if self.value_text is not None and self.value is None:
            return self.value_text
        if self.qualifier == "range":
            return f"{_num(self.lower)}–{_num(self.upper)}"
        prefix = {"approx": "~", "at_least": "≥", "more_than": ">", "at_most": "≤", "less_than": "<"}.get(
            self.qualifier, ""
        )
        out = prefix + _num(self.value)
        if self.rank_of:
            out += f" of {self.rank_of}"
        return out


def _num(x: float | None) -> str:
    """Every integer digit, four significant digits in all, thousands separators, never an exponent.

    >>> _num(4190.008188), _num(0.02), _num(4.19e12), _num(92.0), _num(31.3512), _num(0.000123456)
    ('4,190', '0.02', '4,190,000,000,000', '92', '31.35', '0.0001235')
    """
    if x is None:
        return ""
    if float(x).is_integer() and abs(x) < 1e15:
        return f"{int(x):,}"
    digits = max(0, 3 - math.floor(math.log10(abs(x))))
    text = f"{x:,.{digits}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text
