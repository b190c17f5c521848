"""WDI extracts published as Frictionless data packages (datasets/world-development-indicators)."""

from __future__ import annotations

import csv
import io
import json

from ..errors import ConnectorError
from .base import Record
from .records import MappedConnector
from .snapshot import Snapshot

REPO = "datasets/world-development-indicators"


class WDIPackage(MappedConnector):
    """Reads kept snapshots of the long-format WDI CSVs (one folder per series code, lower case).

    Codes outside the catalog (regional aggregates such as WLD or EUU, and small economies) are
    skipped; every figure for a catalog country is read.
    """

    name = "wdi-package"
    source_prefix = "wdi-pkg-"
    reason_label = "WDI"
    mapping_name = "wdi"
    publisher = "World Bank"

    def fetch(self, progress=None) -> Snapshot:
        raise ConnectorError("wdi-package: this source is read from kept snapshots only; use --snapshot ID")

    def read(self, snapshot: Snapshot) -> list[Record]:
        commit = str(snapshot.meta.get("commit", ""))
        out = self.records()
        for f in snapshot.files:
            if not f.path.endswith("/data.csv"):
                continue
            folder = f.path.split("/")[0]
            rule = next((r for code, r in self.mapping.series.items() if code.lower() == folder), None)
            if rule is None:
                raise ConnectorError(f"wdi-package {folder}: series not in mappings/wdi.yml; nothing written")
            meta = json.loads(snapshot.read_bytes(f"{folder}/datapackage.json"))
            url = f"https://github.com/{REPO}/blob/{commit}/indicators/{folder}/data.csv"
            source = out.source(
                folder,
                f"World Development Indicators: {rule.series} ({meta.get('title', folder)})",
                url,
                f"long-format extract by {REPO}@{commit} of "
                f"https://api.worldbank.org/v2/en/indicator/{rule.series}?downloadformat=csv",
            )
            reader = csv.DictReader(io.StringIO(snapshot.read_bytes(f.path).decode("utf-8-sig")))
            if reader.fieldnames != ["Country Name", "Country Code", "Year", "Value"]:
                raise ConnectorError(
                    f"wdi-package {rule.series} {f.path}: changed schema {reader.fieldnames}; nothing written"
                )
            vintage = f"{REPO}@{commit}"
            for n, row in enumerate(reader, 2):
                if row["Country Code"] in self.catalog.entities and row["Value"] not in ("", None):
                    out.add(rule, row["Country Code"], row["Year"], row["Value"], source, vintage, url,
                            f"{f.path} line {n}")
        return out.items
