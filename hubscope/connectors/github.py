"""GitHub Innovation Graph: quarterly CSV files per economy, made annual by the mapping's rule."""

from __future__ import annotations

import csv
import io
from collections import Counter, defaultdict
from datetime import UTC, datetime

import pycountry

from ..catalog import Catalog, load_catalog
from ..errors import ConnectorError
from ..provenance import Source
from . import http
from .base import Record
from .mapping import load_mapping
from .records import CONNECTOR_PRIORITY, SkipRow, make_record
from .snapshot import Snapshot, write_snapshot

REPO = "github/innovationgraph"
RAW = "https://raw.githubusercontent.com/github/innovationgraph/{ref}/data/{name}.csv"
NOT_COUNTRIES = {"EU", "XK"}  # the file's EU aggregate and Kosovo's user-assigned code: real, not catalog countries


class GitHubInnovationGraph:
    """Developers, organisations, repositories and git pushes per economy and year."""

    name = "github"
    source_prefix = "github-innovation-graph-"
    reason_label = "GitHub Innovation Graph"

    def __init__(self, ref: str = "main", catalog: Catalog | None = None, snapshot_root=None):
        self.ref = ref
        self.catalog = catalog or load_catalog()
        self.mapping = load_mapping("github-innovation-graph")
        self.snapshot_root = snapshot_root
        self.by_iso2 = {e.iso2: e.id for e in self.catalog.entities.values() if e.type == "country" and e.iso2}

    def fetch(self, progress=None) -> Snapshot:
        files = {}
        for i, name in enumerate(self.mapping.series):
            files[f"data/{name}.csv"] = http.get(RAW.format(ref=self.ref, name=name), f"github {name}")
            if progress:
                progress("github files", i + 1, len(self.mapping.series))
        retrieved = datetime.now(UTC).isoformat(timespec="seconds")
        return write_snapshot(
            "github-innovation-graph",
            RAW.format(ref=self.ref, name="<series>"),
            retrieved,
            self.mapping.licence,
            files,
            self.snapshot_root,
            extra={"repository": REPO, "commit": self.ref},
        )

    def read(self, snapshot: Snapshot) -> list[Record]:
        commit = str(snapshot.meta.get("commit") or self.ref)
        out: list[Record] = []
        self.skipped: Counter[str] = Counter()
        for series, rule in self.mapping.series.items():
            path = f"data/{series}.csv"
            url = f"https://github.com/{REPO}/blob/{commit}/{path}"
            source = Source(
                id=f"github-innovation-graph-{series.replace('_', '-')}",
                publisher="GitHub",
                title=f"GitHub Innovation Graph: {series} per economy and quarter",
                url=url,
                licence="CC0-1.0",
                note=f"annual rule: {rule.period.replace('_', ' ')} (connectors/mappings/github-innovation-graph.yml)",
                priority=CONNECTOR_PRIORITY,
            )
            quarters: dict[tuple[str, str], dict[int, tuple[str, int]]] = defaultdict(dict)
            text = snapshot.read_bytes(path).decode("utf-8")
            reader = csv.DictReader(io.StringIO(text))
            if reader.fieldnames != [series, "iso2_code", "year", "quarter"]:
                raise ConnectorError(f"github {series} {path}: changed schema {reader.fieldnames}; nothing written")
            for n, row in enumerate(reader, 2):
                code = row["iso2_code"]
                entity = self.by_iso2.get(code)
                if entity is None:
                    if code in NOT_COUNTRIES or pycountry.countries.get(alpha_2=code):
                        continue  # a real economy outside the catalog
                    raise ConnectorError(
                        f"github {series} {path} line {n}: unknown country code {code!r}; nothing written"
                    )
                try:
                    quarters[(entity, row["year"])][int(row["quarter"])] = (row[series], n)
                except (TypeError, ValueError):
                    raise ConnectorError(
                        f"github {series} {path} line {n}: quarter {row['quarter']!r} is not 1-4; nothing written"
                    ) from None
            for (entity, year), qs in sorted(quarters.items()):
                if rule.period == "last_quarter" and 4 in qs:
                    raw, n = qs[4]
                elif rule.period == "sum_of_quarters" and set(qs) == {1, 2, 3, 4}:
                    try:
                        raw, n = str(sum(int(v) for v, _ in qs.values())), qs[4][1]
                    except ValueError:
                        bad = next(line for v, line in qs.values() if not v.isdigit())
                        raise ConnectorError(
                            f"github {series} {path} line {bad}: value is not a number; nothing written"
                        ) from None
                else:
                    continue  # an incomplete year gives no annual figure
                try:
                    out.append(
                        make_record(
                            self.catalog, self.mapping, rule, entity, year, raw, source, commit, url, f"{path} line {n}"
                        )
                    )
                except SkipRow as e:  # counted and reported, never guessed
                    self.skipped[str(e)] += 1
        return out
