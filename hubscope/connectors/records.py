"""Turning one source value into one typed record, the same way for every connector."""

from __future__ import annotations

import math
import os
import re
from collections import Counter
from collections.abc import Collection
from datetime import UTC, datetime
from decimal import Decimal
from functools import lru_cache

from ..catalog import Catalog
from ..errors import ConnectorError
from ..model import Observation
from ..periods import Period
from ..provenance import Provenance, Source
from ..units import CURRENCIES, fits
from . import http
from .base import Record
from .mapping import Mapping, SeriesRule, load_mapping
from .snapshot import Snapshot, write_snapshot

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


def scaled(raw: object, scale: float) -> float:
    """``raw`` times ``scale`` in decimal, so that a scaled figure reads as its source wrote it.

    >>> scaled("4251700.121", 1e-3), 4251700.121 * 1e-3
    (4251.700121, 4251.700121000001)
    """
    if scale == 1:
        return float(raw)  # type: ignore[arg-type]
    return float(Decimal(str(raw)) * Decimal(repr(scale)))


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
    currency: str | None = None,
    method: str = "reported",
) -> Record:
    """Check a value's country, number and unit, then scale it; errors name source, series and row.

    ``currency`` is the currency the source itself states for an "LCU" value; without it, the
    economy's current currency is assumed.
    """
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
        cur = currency if currency is not None else currency_of(e.iso2)
        if cur not in CURRENCIES:
            raise SkipRow(f"{entity}: its currency ({cur or 'unknown'}) is not one hubscope's unit registry knows")
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
        value=scaled(raw, rule.scale),
        price_basis="nominal" if rule.indicator in ("gdp_current_usd", "gdp_current_lcu", "fx_lcu_per_usd") else None,
        provenance=Provenance(source=source, vintage=vintage, method=method),
    )
    return Record(obs, mapping.dataset, rule.series, request, row)


class Records:
    """The records of one read: every value goes through ``make_record``; rows left out are counted."""

    def __init__(self, catalog: Catalog, mapping: Mapping, prefix: str, publisher: str):
        self.catalog, self.mapping, self.prefix, self.publisher = catalog, mapping, prefix, publisher
        self.items: list[Record] = []
        self.skipped: Counter[str] = Counter()
        entities = catalog.entities.values() if catalog else ()
        self._iso2 = {e.iso2: e.id for e in entities if e.type == "country" and e.iso2}

    def country(self, code: str, where: str, listed: Collection[str] = ()) -> str | None:
        """The catalog entity of an ISO 3166 alpha-3 or alpha-2 code, or None for a real economy outside it.

        ``listed`` are other codes the source itself defines (aggregates such as "EU" or "OECD"),
        also left out; any other code is an error naming ``where``.
        """
        import pycountry

        found = self._iso2.get(code) if len(code) == 2 else code if code in self.catalog.entities else None
        if found is not None:
            return found
        real = pycountry.countries.get(alpha_2=code) if len(code) == 2 else pycountry.countries.get(alpha_3=code)
        if code in listed or real:
            return None
        raise ConnectorError(f"{where}: unknown country code {code!r}; nothing written")

    def source(self, key: str, title: str, url: str, note: str | None = None) -> Source:
        """The store source of one series (or file): its id is the prefix plus ``key`` in lower-case-dashes.

        >>> from hubscope.connectors.mapping import Mapping
        >>> Records(None, Mapping("s", "d", "CC0-1.0", {}), "wdi-api-", "World Bank").source("NY.GDP_X", "t", "u").id
        'wdi-api-ny-gdp-x'
        """
        return Source(
            id=self.prefix + re.sub(r"[._ ]+", "-", key.lower()),
            publisher=self.publisher,
            title=title,
            url=url,
            licence=self.mapping.licence,
            note=note,
            priority=CONNECTOR_PRIORITY,
        )

    def add(
        self, rule: SeriesRule, entity: str, period: str, raw: object, source: Source, vintage: str, request: str,
        row: str,
        currency: str | None = None,
        method: str = "reported",
    ) -> None:
        try:
            self.items.append(
                make_record(
                    self.catalog, self.mapping, rule, entity, period, raw, source, vintage, request, row, currency,
                    method,
                )
            )
        except SkipRow as e:  # counted and reported, never guessed
            self.skipped[str(e)] += 1


class MappedConnector:
    """What every mapped connector shares: its catalog and mapping, the records of a read, writing a snapshot."""

    name: str
    source_prefix: str
    reason_label: str
    mapping_name: str  # connectors/mappings/<mapping_name>.yml
    publisher: str
    default_endpoint = ""  # an API's base URL; HUBSCOPE_<NAME>_ENDPOINT or ``endpoint`` replaces it
    skipped: Counter[str]

    def __init__(self, catalog: Catalog | None = None, snapshot_root=None, endpoint: str | None = None, sleep=None):
        from ..catalog import load_catalog

        self.catalog = catalog or load_catalog()
        self.mapping = load_mapping(self.mapping_name)
        self.snapshot_root = snapshot_root
        env = f"HUBSCOPE_{self.name.upper().replace('-', '_')}_ENDPOINT"
        self.endpoint = (endpoint or os.environ.get(env) or self.default_endpoint).rstrip("/")
        self.sleep = sleep  # tests pass a no-op so retries do not wait
        self.skipped = Counter()

    def read(self, snapshot: Snapshot) -> list[Record]:
        raise NotImplementedError  # each source parses its own files

    def get(self, url: str, where: str) -> bytes:
        """One GET through the connectors' HTTP layer (timeouts, retries, cache)."""
        return http.get(url, where, **({"sleep": self.sleep} if self.sleep else {}))

    def records(self) -> Records:
        """A fresh collector for one read; its skipped counts are the connector's until the next read."""
        r = Records(self.catalog, self.mapping, self.source_prefix, self.publisher)
        self.skipped = r.skipped
        return r

    def keep(self, files: dict[str, bytes], request: str, **extra) -> Snapshot:
        """Write what was fetched as a new snapshot of this mapping's source, stamped with the time now.

        The snapshot is read once before it is kept: an answer that cannot be read is not kept.
        """
        retrieved = datetime.now(UTC).isoformat(timespec="seconds")
        return write_snapshot(
            self.mapping.source, request, retrieved, self.mapping.licence, files, self.snapshot_root, extra=extra,
            check=self.read,
        )
