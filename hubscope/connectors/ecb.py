"""ECB Data Portal through its SDMX 2.1 REST API: SDMX-ML data messages read with sdmx1."""

from __future__ import annotations

import io
from decimal import Decimal

from ..errors import ConnectorError
from .base import Record
from .mapping import SeriesRule
from .records import Records
from .sdmxkit import SDMXConnector, by_request, flow_parts, selected, series_names, times_ten_to
from .snapshot import Snapshot

ENDPOINT = "https://data-api.ecb.europa.eu/service"


class ECB(SDMXConnector):
    """ECB series (exchange rates): one snapshot file per request, the SDMX-ML as received."""

    name = "ecb"
    source_prefix = "ecb-sdmx-"
    reason_label = "ECB"
    mapping_name = "ecb"
    default_endpoint = ENDPOINT
    publisher = "European Central Bank"

    def url(self, rule: SeriesRule) -> str:
        return f"{self.endpoint}/data/{flow_parts(rule.query['dataflow'])[1]}/{rule.query['key']}"


    def read(self, snapshot: Snapshot) -> list[Record]:
        out = self.records()
        for folder, rules in by_request(self.mapping).items():
            path = f"{folder}/data.xml"
            if any(f.path == path for f in snapshot.files):
                prepared, series = decode(snapshot.read_bytes(path), f"ecb {series_names(rules)} {path}")
                for rule in rules:
                    self._read_rule(out, rule, series, prepared or snapshot.retrieved[:10], path)
        return out.items

    def _read_rule(self, out: Records, rule: SeriesRule, series, vintage: str, path: str) -> None:
        url = self.url(rule)
        source = out.source(rule.series, f"ECB {rule.series}", url, rule.note)
        entity = rule.query["entity"]
        invert = bool(rule.query.get("invert"))
        for codes, obs in series:
            if not selected(rule, codes):
                continue
            for period, value, mult in obs:
                where = f"ecb {rule.series} {path} {period}"
                raw = times_ten_to(value, mult, where)
                if invert:
                    if Decimal(raw) == 0:
                        raise ConnectorError(f"{where}: a zero rate cannot be inverted; nothing written")
                    raw = str(1 / Decimal(raw))
                out.add(rule, entity, period, raw, source, vintage, url, f"{path} {period}", None,
                        "derived" if invert else "reported")


def decode(body: bytes, where: str) -> tuple[str | None, list[tuple[dict, list[tuple[str, object, object]]]]]:
    """The message's prepared date and each series: ({dimension: code}, [(period, value, UNIT_MULT)])."""
    import sdmx
    from sdmx.message import DataMessage

    try:
        msg = sdmx.read_sdmx(io.BytesIO(body), format="XML")
    except Exception as e:  # sdmx1 raises many types for a malformed or truncated message
        raise ConnectorError(
            f"{where}: not a readable SDMX-ML data message ({type(e).__name__}); nothing written"
        ) from None
    if not isinstance(msg, DataMessage) or not msg.data:
        raise ConnectorError(f"{where}: changed schema (no data set in the message); nothing written")
    prepared = msg.header.prepared.date().isoformat() if msg.header.prepared else None
    out = []
    for key, observations in msg.data[0].series.items():
        codes = {k: str(v.value) for k, v in key.values.items()}
        obs = []
        for o in observations:
            attrs = {**{k: v.value for k, v in key.attrib.items()}, **{k: v.value for k, v in o.attrib.items()}}
            obs.append((str(o.dimension.values["TIME_PERIOD"].value), o.value, attrs.get("UNIT_MULT")))
        out.append((codes, obs))
    return prepared, out
