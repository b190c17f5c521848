"""World Bank World Development Indicators through the API v2 (JSON), paged completely or not at all."""

from __future__ import annotations

import json

from ..catalog import Catalog
from ..errors import ConnectorError
from .base import Record
from .records import MappedConnector
from .snapshot import Snapshot

ENDPOINT = "https://api.worldbank.org/v2"
PER_PAGE = 1000


class WDI(MappedConnector):
    """The World Bank WDI connector: one snapshot file per series and page, as received."""

    name = "wdi"
    source_prefix = "wdi-api-"
    reason_label = "WDI"
    mapping_name = "wdi"
    publisher = "World Bank"
    default_endpoint = ENDPOINT

    def __init__(
        self,
        endpoint: str | None = None,
        countries: tuple[str, ...] | None = None,
        catalog: Catalog | None = None,
        series: tuple[str, ...] | None = None,
        snapshot_root=None,
        sleep=None,
    ):
        super().__init__(catalog, snapshot_root, endpoint, sleep)
        self.countries = countries or tuple(sorted(e.id for e in self.catalog.entities.values() if e.type == "country"))
        self.series = series or tuple(self.mapping.series)

    def url(self, series: str, page: int | None = None) -> str:
        base = f"{self.endpoint}/country/{';'.join(self.countries)}/indicator/{series}?format=json&per_page={PER_PAGE}"
        return base if page is None else f"{base}&page={page}"

    def fetch(self, progress=None) -> Snapshot:
        """Fetch every page of every series, check each, then write one snapshot (or nothing)."""
        files: dict[str, bytes] = {}
        for i, series in enumerate(self.series):
            page, pages = 1, 1
            while page <= pages:
                where = f"wdi {series} page {page}"
                body = self.get(self.url(series, page), where)
                header, _ = parse_page(body, where)
                pages = int(header.get("pages") or 1)
                files[f"{series}/page-{page}.json"] = body
                page += 1
            if progress:
                progress("wdi series", i + 1, len(self.series))
        request = (
            f"{self.endpoint}/country/{';'.join(self.countries)}/indicator/<series>?format=json&per_page={PER_PAGE}"
        )
        return self.keep(files, request, series=list(self.series))

    def read(self, snapshot: Snapshot) -> list[Record]:
        """Every non-empty value of every mapped series in the snapshot."""
        out = self.records()
        for f in snapshot.files:
            series, _, page = f.path.partition("/")
            rule = self.mapping.series.get(series)
            if rule is None:
                raise ConnectorError(f"wdi {series}: series not in mappings/wdi.yml; nothing written")
            header, rows = parse_page(snapshot.read_bytes(f.path), f"wdi {series} {page}")
            vintage = str(header.get("lastupdated") or snapshot.retrieved[:10])
            title = next((r["indicator"].get("value") for r in rows if isinstance(r, dict) and "indicator" in r), None)
            source = out.source(
                series, f"World Development Indicators: {series}" + (f" ({title})" if title else ""), self.url(series)
            )
            for n, row in enumerate(rows, 1):
                where = f"{page} row {n}"
                try:
                    entity, period, value = row["countryiso3code"], str(row["date"]), row["value"]
                    code = row["indicator"]["id"]
                except (KeyError, TypeError):
                    raise ConnectorError(
                        f"wdi {series} {where}: changed schema (expected countryiso3code, date, value, indicator.id); "
                        "nothing written"
                    ) from None
                if code != series:
                    raise ConnectorError(f"wdi {series} {where}: row is for series {code!r}; nothing written")
                if value is not None:  # a null is a figure the source does not give: it stays missing
                    out.add(rule, entity, period, value, source, vintage, self.url(series), where)
        return out.items


def parse_page(body: bytes, where: str) -> tuple[dict, list]:
    """An API v2 page: ``[header, rows]``; an error message or anything else is a clear error."""
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        raise ConnectorError(f"{where}: truncated or malformed JSON; nothing written") from None
    if isinstance(data, list) and data and isinstance(data[0], dict) and "message" in data[0]:
        msg = "; ".join(str(m.get("value") or m.get("key")) for m in data[0]["message"] if isinstance(m, dict))
        raise ConnectorError(f"{where}: the API answered with an error: {msg}; nothing written")
    if not (isinstance(data, list) and len(data) == 2 and isinstance(data[0], dict)):
        raise ConnectorError(f"{where}: changed schema (expected [header, rows]); nothing written")
    header, rows = data
    if rows is None:
        rows = []
    if not isinstance(rows, list) or "pages" not in header:
        raise ConnectorError(
            f"{where}: changed schema (expected a page header and a list of rows); nothing written"
        )
    return header, rows
