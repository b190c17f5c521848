"""Any Frictionless data package, by URL or path: the descriptor and the mapped resources, as published.

A mapping file (``mappings/datapackage-<name>.yml``) names the package, and for each series the
resource and the fields holding the entity, the period and the value.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from urllib.parse import urljoin

from ..catalog import Catalog
from ..errors import ConnectorError, UnknownEntity
from .base import Record
from .mapping import SeriesRule
from .records import MappedConnector, Records
from .snapshot import Snapshot


class DataPackage(MappedConnector):
    """Long-format tabular resources of a data package (one row per entity, period and value)."""

    name = "datapackage"
    source_prefix = "datapackage-"
    reason_label = "Data package"
    publisher = "Data package"

    def __init__(
        self,
        mapping: str = "datapackage-fred-fx",
        package: str | None = None,
        catalog: Catalog | None = None,
        snapshot_root=None,
        sleep=None,
    ):
        self.mapping_name = mapping
        super().__init__(catalog, snapshot_root, package, sleep)
        self.endpoint = self.endpoint or str(self.mapping.extra.get("package", ""))
        self.source_prefix = f"{mapping}-"  # one package's figures never mix with another's

    def _load(self, where: str, ref: str) -> bytes:
        if ref.startswith(("http://", "https://")):
            return self.get(ref, where)
        try:
            return Path(ref).read_bytes()
        except OSError as e:
            raise ConnectorError(f"{where}: cannot read {ref}: {e.strerror}; nothing written") from None

    def fetch(self, progress=None) -> Snapshot:
        """The descriptor and every mapped resource, kept byte for byte."""
        if not self.endpoint:
            raise ConnectorError(f"{self.mapping_name}: no package given (mapping field 'package'); nothing written")
        if "://" not in self.endpoint:  # a path: kept absolute, a folder means its datapackage.json
            where = Path(self.endpoint).resolve()
            self.endpoint = str(where / "datapackage.json" if where.is_dir() else where)
        descriptor = self._load(f"{self.mapping_name} datapackage.json", self.endpoint)
        files = {"datapackage.json": descriptor}
        resources = _resources(descriptor, f"{self.mapping_name} datapackage.json")
        wanted = {r.query["resource"] for r in self.mapping.series.values()}
        for i, name in enumerate(sorted(wanted)):
            res = resources.get(name)
            if res is None or not isinstance(res.get("path"), str):
                raise ConnectorError(
                    f"{self.mapping_name} datapackage.json: no resource {name!r} with a path; nothing written"
                )
            parts = Path(res["path"]).parts
            if "://" in res["path"] or Path(res["path"]).is_absolute() or ".." in parts:
                # a snapshot keeps the package's own layout: a path outside it would be written outside
                raise ConnectorError(
                    f"{self.mapping_name} datapackage.json: resource {name!r} path {res['path']!r} is not "
                    "relative to the package; nothing written"
                )
            ref = _join(self.endpoint, res["path"])
            files[res["path"]] = self._load(f"{self.mapping_name} {name}", ref)
            if progress:
                progress("resources", i + 1, len(wanted))
        return self.keep(files, self.endpoint, package=self.endpoint, mapping=self.mapping_name)

    def read(self, snapshot: Snapshot) -> list[Record]:
        out = self.records()
        raw = snapshot.read_bytes("datapackage.json")
        resources = _resources(raw, f"{self.mapping_name} datapackage.json")
        descriptor = json.loads(raw)
        for rule in self.mapping.series.values():
            res = resources.get(rule.query["resource"]) or {}
            path = str(res.get("path", ""))
            if not any(f.path == path for f in snapshot.files):
                raise ConnectorError(f"{self.mapping_name} {rule.series}: resource {path!r} not in the snapshot")
            self._read_rule(out, rule, res, snapshot, path, descriptor)
        return out.items

    def _read_rule(
        self, out: Records, rule: SeriesRule, res: dict, snapshot: Snapshot, path: str, descriptor: dict
    ) -> None:
        q = rule.query
        cols = q["columns"]
        where = f"{self.mapping_name} {rule.series} {path}"
        fields = [f.get("name") for f in (res.get("schema") or {}).get("fields", [])]
        reader = csv.DictReader(io.StringIO(snapshot.read_bytes(path).decode("utf-8-sig")))
        for role, col in cols.items():
            if col not in (reader.fieldnames or []) or (fields and col not in fields):
                raise ConnectorError(f"{where}: changed schema, no {role} field {col!r}; nothing written")
        package = str(snapshot.meta.get("package") or snapshot.request)
        url = _join(package, path)
        source = out.source(rule.series, f"{self.mapping.dataset}: {rule.series}", url, rule.note)
        # the package's own date where it states one (Frictionless "created"), else the retrieval date
        vintage = str(descriptor.get("created") or snapshot.retrieved)[:10]
        names = self.mapping.extra.get("names", {})
        currencies = self.mapping.extra.get("currencies", {})
        for n, row in enumerate(reader, 2):
            if None in row or None in row.values():
                raise ConnectorError(
                    f"{where} line {n}: {_width(row)} fields where the header has "
                    f"{len(reader.fieldnames or [])} (a cut or malformed row); nothing written"
                )
            label, value = row[cols["entity"]], row[cols["value"]]
            entity = self._entity(
                out, label, names, q.get("entity_by", "code"), f"{where} line {n} field {cols['entity']!r}"
            )
            if entity is None or value == "":
                continue
            period = row[cols["period"]][:4] if q.get("period_from") == "year" else row[cols["period"]]
            out.add(
                rule, entity, period, value, source, vintage, url, f"{path} line {n}", currencies.get(label),
                field=cols["value"],
            )

    def _entity(self, out: Records, label: str, names: dict, by: str, where: str) -> str | None:
        if label in names:
            return names[label]
        if by == "code":
            return out.country(label, where)
        try:
            return self.catalog.resolve_entity(label)
        except UnknownEntity:
            raise ConnectorError(
                f"{where}: unknown country name {label!r} (add it to the mapping's names); nothing written"
            ) from None


def _width(row: dict) -> int:
    """How many fields a csv.DictReader row really had (missing ones are None, extra ones under None)."""
    return sum(v is not None for k, v in row.items() if k is not None) + len(row.get(None) or [])


def _join(package: str, path: str) -> str:
    """A resource's URL or file path, relative to its descriptor's.

    >>> _join("https://h/x/datapackage.json", "data/a.csv"), _join("/d/datapackage.json", "data/a.csv")
    ('https://h/x/data/a.csv', '/d/data/a.csv')
    """
    if "://" in package:
        return urljoin(package, path)
    return str(Path(package).parent / path)


def _resources(descriptor: bytes, where: str) -> dict[str, dict]:
    try:
        data = json.loads(descriptor)
        return {r["name"]: r for r in data["resources"]}
    except (ValueError, KeyError, TypeError):
        raise ConnectorError(
            f"{where}: not a data package descriptor (resources with names); nothing written"
        ) from None
