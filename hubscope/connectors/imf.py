"""IMF through its SDMX 3.0 API: SDMX-JSON 2.0 data messages, decoded series by series."""

from __future__ import annotations

import json

from ..errors import ConnectorError
from .base import Record
from .mapping import SeriesRule
from .records import Records
from .sdmxkit import SDMXConnector, by_request, flow_parts, selected, series_names, times_ten_to
from .snapshot import Snapshot

ENDPOINT = "https://api.imf.org/external/sdmx/3.0"


class IMF(SDMXConnector):
    """IMF series: one snapshot file per request (the JSON body as received)."""

    name = "imf"
    source_prefix = "imf-sdmx-"  # "imf-" alone would take in the bundled, hand-checked IMF sources
    reason_label = "IMF"
    mapping_name = "imf"
    data_file = "data.json"
    default_endpoint = ENDPOINT
    publisher = "International Monetary Fund"


    def url(self, rule: SeriesRule) -> str:
        agency, fid, version = flow_parts(rule.query["dataflow"])
        return (
            f"{self.endpoint}/data/dataflow/{agency}/{fid}/{version}/{rule.query.get('key', '*')}"
            "?dimensionAtObservation=TIME_PERIOD&attributes=dsd&measures=all"
        )


    def read(self, snapshot: Snapshot) -> list[Record]:
        out = self.records()
        vintage = snapshot.retrieved[:10]  # the message's meta gives no preparation date
        for folder, rules in by_request(self.mapping).items():
            path = f"{folder}/data.json"
            if any(f.path == path for f in snapshot.files):
                series = decode(snapshot.read_bytes(path), f"imf {series_names(rules)} {path}")
                for rule in rules:
                    self._read_rule(out, rule, series, vintage, int(vintage[:4]), path)
        return out.items

    def _read_rule(self, out: Records, rule: SeriesRule, series, vintage: str, first_projection: int, path: str):
        url = self.url(rule)
        source = out.source(
            rule.series, f"IMF {flow_parts(rule.query['dataflow'])[1]}: {rule.series}", url,
            f"{rule.note}; from {first_projection} on: projection" if rule.note else None,
        )
        area = rule.query.get("area", "COUNTRY")
        for key, codes, scale, obs in series:
            if not selected(rule, codes):
                continue
            where = f"imf {rule.series} {path} series {key}"
            entity = out.country(codes.get(area, ""), where)
            if entity is None:
                continue
            for period, value in obs:
                if value in (None, ""):
                    continue  # no figure: it stays missing
                raw = times_ten_to(value, scale, f"{where} {period}")
                method = "projection" if period[:4].isdigit() and int(period[:4]) >= first_projection else "reported"
                out.add(rule, entity, period, raw, source, vintage, url, f"{path} series {key} {period}", None, method)


def decode(body: bytes, where: str) -> list[tuple[str, dict, object, list[tuple[str, object]]]]:
    """Every series of an SDMX-JSON 2.0 data message: (key, {dimension: code}, SCALE, [(period, value)])."""
    if not body.strip():  # the API answers 204 with no body for a dataflow it does not have
        raise ConnectorError(f"{where}: the API answered with no content (unknown dataflow or key?); nothing written")
    try:
        msg = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        raise ConnectorError(f"{where}: truncated or malformed JSON; nothing written") from None
    try:
        st = msg["data"]["structures"][0]
        dims = [(d["id"], [v["id"] for v in d["values"]]) for d in st["dimensions"]["series"]]
        times = [v.get("value") or v["id"] for v in st["dimensions"]["observation"][0]["values"]]
        series_attrs = [a["id"] for a in st["attributes"].get("series") or []]
        scale_at = series_attrs.index("SCALE") if "SCALE" in series_attrs else None
        scale_values = st["attributes"]["series"][scale_at]["values"] if scale_at is not None else []
        out = []
        for key, s in msg["data"]["dataSets"][0]["series"].items():
            idx = [int(i) for i in key.split(":")]
            codes = {d: values[i] for (d, values), i in zip(dims, idx, strict=True)}
            scale = None
            if scale_at is not None and s["attributes"][scale_at] is not None:
                scale = scale_values[s["attributes"][scale_at]]["id"]
            obs = [(times[int(t)], v[0]) for t, v in s["observations"].items()]
            out.append((key, codes, scale, obs))
    except (KeyError, IndexError, TypeError, ValueError, AttributeError) as e:
        raise ConnectorError(
            f"{where}: changed schema (not an SDMX-JSON 2.0 data message: {type(e).__name__} {e}); nothing written"
        ) from None
    return out
