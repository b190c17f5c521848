"""WDI extracts published as Frictionless data packages (datasets/world-development-indicators)."""

from __future__ import annotations

import csv
import io
import json
from collections import Counter

from ..catalog import Catalog, load_catalog
from ..errors import ConnectorError
from ..provenance import Source
from .base import Record
from .mapping import load_mapping
from .records import CONNECTOR_PRIORITY, SkipRow, make_record
from .snapshot import Snapshot

REPO = "datasets/world-development-indicators"


class WDIPackage:
    """Reads kept snapshots of the long-format WDI CSVs (one folder per series code, lower case).

    Codes outside the catalog (regional aggregates such as WLD or EUU, and small economies) are
    skipped; every figure for a catalog country is read.
    """

    name = "wdi-package"
    source_prefix = "wdi-pkg-"
    reason_label = "WDI"

    def __init__(self, catalog: Catalog | None = None):
        self.catalog = catalog or load_catalog()
        self.mapping = load_mapping("wdi")

    def fetch(self, progress=None) -> Snapshot:
        raise ConnectorError("wdi-package: this source is read from kept snapshots only; use --snapshot ID")

    def read(self, snapshot: Snapshot) -> list[Record]:
        commit = str(snapshot.meta.get("commit", ""))
        out: list[Record] = []
        self.skipped: Counter[str] = Counter()
        for f in snapshot.files:
            if not f.path.endswith("/data.csv"):
                continue
            folder = f.path.split("/")[0]
            rule = next((r for code, r in self.mapping.series.items() if code.lower() == folder), None)
            if rule is None:
                raise ConnectorError(f"wdi-package {folder}: series not in mappings/wdi.yml; nothing written")
            meta = json.loads(snapshot.read_bytes(f"{folder}/datapackage.json"))
            url = f"https://github.com/{REPO}/blob/{commit}/indicators/{folder}/data.csv"
            source = Source(
                id=f"wdi-pkg-{folder.replace('.', '-')}",
                publisher="World Bank",
                title=f"World Development Indicators: {rule.series} ({meta.get('title', folder)})",
                url=url,
                licence="CC-BY-4.0",
                note=f"long-format extract by {REPO}@{commit} of https://api.worldbank.org/v2/en/indicator/{rule.series}?downloadformat=csv",
                priority=CONNECTOR_PRIORITY,
            )
            reader = csv.DictReader(io.StringIO(snapshot.read_bytes(f.path).decode("utf-8-sig")))
            if reader.fieldnames != ["Country Name", "Country Code", "Year", "Value"]:
                raise ConnectorError(
                    f"wdi-package {rule.series} {f.path}: changed schema {reader.fieldnames}; nothing written"
                )
            vintage = f"{REPO}@{commit}"
            for n, row in enumerate(reader, 2):
                if row["Country Code"] not in self.catalog.entities or row["Value"] in ("", None):
                    continue
                try:
                    out.append(
                        make_record(
                            self.catalog,
                            self.mapping,
                            rule,
                            row["Country Code"],
                            row["Year"],
                            row["Value"],
                            source,
                            vintage,
                            url,
                            f"{f.path} line {n}",
                        )
                    )
                except SkipRow as e:  # counted and reported, never guessed
                    self.skipped[str(e)] += 1
        return out
