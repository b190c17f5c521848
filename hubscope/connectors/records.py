"""Turning one source value into one typed record, the same way for every connector."""

from __future__ import annotations

import math
from functools import lru_cache

from ..catalog import Catalog
from ..errors import ConnectorError
from ..model import Observation
from ..periods import Period
from ..provenance import Provenance, Source
from ..units import CURRENCIES, fits
from .base import Record
from .mapping import Mapping, SeriesRule

# Where a reference figure and a connector figure give the same cell, the reference (checked by
# hand, with its citation) is preferred; the connector's stands beside it as an alternative.
CONNECTOR_PRIORITY = 70


class SkipRow(Exception):  # noqa: N818  (internal: a row left out on purpose, counted by the caller)
    """A row the catalog cannot hold yet, left out and counted, never guessed."""


@lru_cache(maxsize=256)
def currency_of(iso2: str | None) -> str | None:
    """The economy's current currency (CLDR via Babel), if hubscope's unit registry knows it."""
    if not iso2:
        return None
    from babel.numbers import get_territory_currencies

    found = get_territory_currencies(iso2)
    return found[0] if found and found[0] in CURRENCIES else None


def make_record(
    catalog: Catalog,
    mapping: Mapping,
    rule: SeriesRule,
    entity: str,
    period: str,
    raw: object,
    source: Source,
    vintage: str,
    request: str,
    row: str,
) -> Record:
    """Check a value's country, number and unit, then scale it; errors name source, series and row."""
    where = f"{mapping.source} {rule.series} {row}"
    e = catalog.entities.get(entity)
    if e is None:
        raise ConnectorError(f"{where}: unknown country code {entity!r}; nothing written")
    try:
        value = float(raw)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise ConnectorError(f"{where}: value {raw!r} is not a number; nothing written") from None
    if not math.isfinite(value):
        raise ConnectorError(f"{where}: value {raw!r} is not finite; nothing written")
    unit = rule.unit
    if "LCU" in unit:
        cur = currency_of(e.iso2)
        if cur is None:
            raise SkipRow(f"{entity}: its currency is not one hubscope's unit registry knows")
        if cur == "USD" and unit.endswith("/ USD"):
            raise SkipRow(f"{entity}: US dollars per US dollar is 1 by definition")
        unit = unit.replace("LCU", cur)
    indicator = catalog.indicator(rule.indicator)
    if not fits(unit, indicator.unit):
        raise ConnectorError(
            f"{where}: unit {unit!r} does not fit indicator {indicator.id!r} ({indicator.unit}); nothing written"
        )
    obs = Observation(
        entity=entity,
        indicator=rule.indicator,
        period=Period.parse(period),
        unit=unit,
        value=value * rule.scale,
        price_basis="nominal" if rule.indicator in ("gdp_current_usd", "gdp_current_lcu", "fx_lcu_per_usd") else None,
        provenance=Provenance(source=source, vintage=vintage),
    )
    return Record(obs, mapping.dataset, rule.series, request, row)
