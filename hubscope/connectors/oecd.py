"""OECD Data Explorer through its SDMX REST API: SDMX-CSV data checked against the SDMX-ML structure.

Any dataflow named in ``mappings/oecd.yml`` is read the same way: one request per dataflow and
key, its CSV rows filtered by the entry's ``select`` codes.
"""

from __future__ import annotations

import csv
import io
from functools import lru_cache

from ..errors import ConnectorError
from .base import Record
from .mapping import SeriesRule
from .records import MappedConnector, Records
from .sdmxkit import by_request, flow_parts, selected, series_names, times_ten_to
from .snapshot import Snapshot

ENDPOINT = "https://sdmx.oecd.org/public/rest"


class OECD(MappedConnector):
    """OECD series: one snapshot folder per request, holding data.csv and structure.xml as received."""

    name = "oecd"
    source_prefix = "oecd-sdmx-"  # "oecd-" alone would take in the bundled, hand-checked OECD sources
    reason_label = "OECD"
    mapping_name = "oecd"
    default_endpoint = ENDPOINT
    publisher = "OECD"


    def data_url(self, rule: SeriesRule) -> str:
        q = rule.query
        start = f"startPeriod={q['start']}&" if q.get("start") else ""
        return (
            f"{self.endpoint}/data/{q['dataflow']}/{q.get('key', 'all')}"
            f"?{start}dimensionAtObservation=AllDimensions&format=csv"
        )

    def structure_url(self, rule: SeriesRule) -> str:
        agency, fid, version = flow_parts(rule.query["dataflow"])
        return f"{self.endpoint}/dataflow/{agency}/{fid}/{version}?references=all"

    def fetch(self, progress=None) -> Snapshot:
        """Fetch every request's data and structure, check them, then write one snapshot (or nothing)."""
        files: dict[str, bytes] = {}
        groups = by_request(self.mapping)
        for i, (folder, rules) in enumerate(groups.items()):
            rule = rules[0]
            where = f"oecd {rule.series}"
            files[f"{folder}/structure.xml"] = self.get(self.structure_url(rule), f"{where} structure")
            files[f"{folder}/data.csv"] = self.get(self.data_url(rule), f"{where} data")
            _structure(files[f"{folder}/structure.xml"], f"{where} structure.xml")  # refuse a broken answer now
            if progress:
                progress("oecd requests", i + 1, len(groups))
        return self.keep(files, f"{self.endpoint}/data/<dataflow>/<key>?format=csv")

    def read(self, snapshot: Snapshot) -> list[Record]:
        out = self.records()
        vintage = snapshot.retrieved[:10]  # SDMX-CSV carries no last-updated date: the retrieval date stands
        for folder, rules in by_request(self.mapping).items():
            if not any(f.path == f"{folder}/data.csv" for f in snapshot.files):
                continue  # a snapshot taken before this request was mapped
            where = f"oecd {series_names(rules)} {folder}"
            dims, areas = _structure(snapshot.read_bytes(f"{folder}/structure.xml"), f"{where} structure.xml")
            text = snapshot.read_bytes(f"{folder}/data.csv").decode("utf-8-sig")
            reader = csv.DictReader(io.StringIO(text))
            missing = [c for c in ["DATAFLOW", *dims, "OBS_VALUE"] if c not in (reader.fieldnames or [])]
            if missing:
                raise ConnectorError(
                    f"{where} data.csv: changed schema, no column {', '.join(missing)}; nothing written"
                )
            for rule in rules:
                self._read_rule(out, rule, reader_rows(text), areas, vintage, f"{folder}/data.csv")
        return out.items

    def _read_rule(self, out: Records, rule: SeriesRule, rows, areas, vintage: str, path: str) -> None:
        q = rule.query
        url = self.data_url(rule)
        source = out.source(rule.series, f"OECD {flow_parts(q['dataflow'])[1]}: {rule.series}", url)
        for n, row in rows:
            if not selected(rule, row):
                continue
            where = f"oecd {rule.series} {path} line {n}"
            code = row.get(q.get("area", "REF_AREA")) or ""
            entity = out.country(code, where, areas)
            value = row.get("OBS_VALUE")
            if entity is None or value in ("", None):
                continue  # an economy or aggregate outside the catalog, or no figure
            raw = times_ten_to(value, row.get("UNIT_MULT"), where)
            currency = row.get(q["currency"]) if "currency" in q else None
            out.add(rule, entity, row["TIME_PERIOD"], raw, source, vintage, url, f"{path} line {n}", currency)


def reader_rows(text: str):
    """(line number, row) for each data row of an SDMX-CSV text."""
    return enumerate(csv.DictReader(io.StringIO(text)), 2)


def _structure(body: bytes, where: str) -> tuple[tuple[str, ...], frozenset[str]]:
    """The dimension ids of the message's data structure and the codes its area codelist defines (sdmx1)."""
    try:
        return _parse_structure(body)
    except LookupError:
        raise ConnectorError(f"{where}: the message holds no data structure; nothing written") from None
    except Exception as e:  # sdmx1 raises many types for a malformed or truncated message
        raise ConnectorError(
            f"{where}: not a readable SDMX-ML structure message ({type(e).__name__}); nothing written"
        ) from None


@lru_cache(maxsize=8)  # a fetch checks the message and the read parses it again: parse once
def _parse_structure(body: bytes) -> tuple[tuple[str, ...], frozenset[str]]:
    import sdmx
    from sdmx.message import StructureMessage

    msg = sdmx.read_sdmx(io.BytesIO(body), format="XML")
    if not isinstance(msg, StructureMessage) or not msg.structure:
        raise LookupError("no data structure")
    dsd = next(iter(msg.structure.values()))
    dims = tuple(d.id for d in dsd.dimensions if d.id != "TIME_PERIOD") + ("TIME_PERIOD",)
    areas: set[str] = set()
    for d in dsd.dimensions:
        rep = d.local_representation
        if d.id in ("REF_AREA", "LOCATION", "COUNTRY") and rep is not None and rep.enumerated is not None:
            areas |= {c.id for c in rep.enumerated}
    return dims, frozenset(areas)
