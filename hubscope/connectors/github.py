"""GitHub Innovation Graph: quarterly CSV files per economy, made annual by the mapping's rule."""

from __future__ import annotations

import csv
import io
from collections import defaultdict

from ..catalog import Catalog
from ..errors import ConnectorError
from .base import Record
from .records import MappedConnector, Records
from .snapshot import Snapshot

REPO = "github/innovationgraph"
RAW = "https://raw.githubusercontent.com/github/innovationgraph/{ref}/data/{name}.csv"
NOT_COUNTRIES = {"EU", "XK"}  # the file's EU aggregate and Kosovo's user-assigned code: real, not catalog countries


class GitHubInnovationGraph(MappedConnector):
    """Developers, organisations, repositories and git pushes per economy and year."""

    name = "github"
    source_prefix = "github-innovation-graph-"
    reason_label = "GitHub Innovation Graph"
    mapping_name = "github-innovation-graph"
    publisher = "GitHub"

    def __init__(self, ref: str = "main", catalog: Catalog | None = None, snapshot_root=None):
        super().__init__(catalog, snapshot_root)
        self.ref = ref

    def fetch(self, progress=None) -> Snapshot:
        files = {}
        for i, name in enumerate(self.mapping.series):
            files[f"data/{name}.csv"] = self.get(RAW.format(ref=self.ref, name=name), f"github {name}")
            if progress:
                progress("github files", i + 1, len(self.mapping.series))
        return self.keep(files, RAW.format(ref=self.ref, name="<series>"), repository=REPO, commit=self.ref)

    def read(self, snapshot: Snapshot) -> list[Record]:
        commit = str(snapshot.meta.get("commit") or self.ref)
        out = self.records()
        for series, rule in self.mapping.series.items():
            path = f"data/{series}.csv"
            url = f"https://github.com/{REPO}/blob/{commit}/{path}"
            source = out.source(
                series,
                f"GitHub Innovation Graph: {series} per economy and quarter",
                url,
                f"annual rule: {rule.period.replace('_', ' ')} (connectors/mappings/github-innovation-graph.yml)",
            )
            for entity, year, raw, n in self._annual(out, snapshot, series, rule.period, path):
                out.add(rule, entity, year, raw, source, commit, url, f"{path} line {n}")
        return out.items

    def _annual(self, out: Records, snapshot: Snapshot, series: str, rule: str, path: str):
        """(entity, year, value, line) for each complete year, by the mapping's annual rule."""
        quarters: dict[tuple[str, str], dict[int, tuple[str, int]]] = defaultdict(dict)
        reader = csv.DictReader(io.StringIO(snapshot.read_bytes(path).decode("utf-8")))
        if reader.fieldnames != [series, "iso2_code", "year", "quarter"]:
            raise ConnectorError(f"github {series} {path}: changed schema {reader.fieldnames}; nothing written")
        for n, row in enumerate(reader, 2):
            entity = out.country(row["iso2_code"], f"github {series} {path} line {n}", NOT_COUNTRIES)
            if entity is None:
                continue  # a real economy outside the catalog
            try:
                quarters[(entity, row["year"])][int(row["quarter"])] = (row[series], n)
            except (TypeError, ValueError):
                raise ConnectorError(
                    f"github {series} {path} line {n}: quarter {row['quarter']!r} is not 1-4; nothing written"
                ) from None
        for (entity, year), qs in sorted(quarters.items()):
            if rule == "last_quarter" and 4 in qs:
                yield entity, year, *qs[4]
            elif rule == "sum_of_quarters" and set(qs) == {1, 2, 3, 4}:
                try:
                    yield entity, year, str(sum(int(v) for v, _ in qs.values())), qs[4][1]
                except ValueError:
                    bad = next(line for v, line in qs.values() if not v.isdigit())
                    raise ConnectorError(
                        f"github {series} {path} line {bad}: value is not a number; nothing written"
                    ) from None
            # else an incomplete year gives no annual figure
