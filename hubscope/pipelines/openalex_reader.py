"""Reading the OpenAlex works snapshot in its own layout: ``works/manifest`` and ``works/updated_date=*/part_*.gz``.

The manifest (Redshift manifest JSON) lists every part with its record count; it is the snapshot's
identity (its sha256 is the vintage). Each engine reads the parts as text lines and parses them
itself, so a malformed line is counted per part instead of being dropped or ending the run.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlparse

from ..errors import PipelineError
from .provenance import InputSnapshot

# Above this share of malformed lines the run fails; at or below, those lines are skipped and counted.
MAX_MALFORMED_SHARE = 0.001
REMOTE = ("s3://", "s3a://", "gs://", "https://", "http://")
LAYOUT = "works/manifest and works/updated_date=*/part_*.gz"
# The fields the pipeline reads; everything else in a record is ignored by both engines.
DUCKDB_STRUCTURE = json.dumps(
    {
        "id": "VARCHAR",
        "publication_year": "INTEGER",
        "authorships": [{"countries": ["VARCHAR"]}],
        "concepts": [{"id": "VARCHAR", "score": "DOUBLE"}],
        "primary_topic": {"subfield": {"id": "VARCHAR"}},
    }
)
SPARK_SCHEMA = (
    "id STRING, publication_year INT, authorships ARRAY<STRUCT<countries: ARRAY<STRING>>>, "
    "concepts ARRAY<STRUCT<id: STRING, score: DOUBLE>>, primary_topic STRUCT<subfield: STRUCT<id: STRING>>"
)


@dataclass(frozen=True)
class Part:
    """One part file: its name under ``works/`` (``updated_date=…/part_000.gz``), where to read it, its record count."""

    name: str
    path: str
    records: int


@dataclass(frozen=True)
class WorksSnapshot:
    """A works snapshot as its manifest describes it."""

    uri: str
    root: str  # the works/ prefix, local path or URI
    manifest_sha256: str
    parts: tuple[Part, ...]

    @property
    def date(self) -> str | None:
        """The snapshot's date: the latest ``updated_date`` partition it holds."""
        dates = [m[1] for p in self.parts if (m := re.match(r"updated_date=(\d{4}-\d{2}-\d{2})/", p.name))]
        return max(dates) if dates else None

    @property
    def records(self) -> int:
        return sum(p.records for p in self.parts)

    def input_snapshot(self) -> InputSnapshot:
        return InputSnapshot(
            dataset="OpenAlex works",  # notes read "input OpenAlex works snapshot <label>"
            uri=self.uri,
            snapshot=f"openalex-works-{self.date or 'undated'}",
            date=self.date,
            sha256=self.manifest_sha256,
            publisher="OurResearch (OpenAlex)",
            url="https://docs.openalex.org/download-all-data/openalex-snapshot",
            licence="CC0-1.0",
        )


def _is_remote(uri: str) -> bool:
    return uri.startswith(REMOTE)


def _read_bytes(uri: str) -> bytes:
    """A whole (small) file, local or remote; remote files are read through DuckDB's httpfs."""
    if not _is_remote(uri):
        with open(uri, "rb") as f:
            return f.read()
    import duckdb

    try:
        row = duckdb.connect().execute("SELECT content FROM read_blob(?)", [uri]).fetchone()
    except duckdb.Error as e:
        raise PipelineError(f"{uri}: cannot read ({str(e).strip().splitlines()[0]})") from None
    return bytes(row[0]) if row else b""


def _manifest_uri(uri: str) -> tuple[str, str]:
    """(works root, manifest) for a snapshot root, a works/ prefix or the manifest itself."""
    base = uri[len("file://") :] if uri.startswith("file://") else uri
    base = base.rstrip("/")
    if base.endswith("/manifest") or base == "manifest":
        return base.rpartition("/")[0] or ".", base
    if _is_remote(base):
        return (base, f"{base}/manifest") if base.endswith("/works") else (f"{base}/works", f"{base}/works/manifest")
    if not os.path.exists(base):
        raise PipelineError(f"{uri}: no such file or directory (expected an OpenAlex snapshot: {LAYOUT})")
    for root in (os.path.join(base, "works"), base):
        if os.path.isfile(os.path.join(root, "manifest")):
            return root, os.path.join(root, "manifest")
    raise PipelineError(f"{uri}: no works/manifest here (expected an OpenAlex snapshot: {LAYOUT})")


def open_snapshot(uri: str) -> WorksSnapshot:
    """Read and check the manifest at ``uri`` (a local path or an s3:// / https:// URI); every part must exist."""
    root, manifest = _manifest_uri(uri)
    try:
        raw = _read_bytes(manifest)
    except OSError as e:
        raise PipelineError(f"{manifest}: cannot read ({e.strerror})") from None
    try:
        entries = json.loads(raw)["entries"]
        listed = [(str(e["url"]), int(e["meta"]["record_count"])) for e in entries]
    except (ValueError, KeyError, TypeError) as e:
        raise PipelineError(
            f"{manifest}: not an OpenAlex manifest (expected JSON with entries[].url and "
            f"entries[].meta.record_count): {type(e).__name__} {e}"
        ) from None
    parts = []
    for i, (url, count) in enumerate(listed, 1):
        # the manifest names parts by their s3 URL; they are found under the same relative path here
        m = re.search(r"(?:^|/)works/(updated_date=[^/]+/[^/]+)$", urlparse(url).path or url)
        if not m:
            raise PipelineError(
                f"{manifest}: entry {i}: url {url!r} is not a works part (…/works/updated_date=…/part_….gz)"
            )
        path = f"{root}/{m[1]}" if _is_remote(root) else os.path.join(root, *m[1].split("/"))
        parts.append(Part(m[1], path, count))
    if not _is_remote(root):
        missing = [p.name for p in parts if not os.path.isfile(p.path)]
        if missing:
            raise PipelineError(
                f"{manifest}: {len(missing)} of {len(parts)} listed parts are missing under {root} "
                f"(first: {missing[0]}); a partial snapshot would undercount; nothing written"
            )
    return WorksSnapshot(uri, root, hashlib.sha256(raw).hexdigest(), tuple(parts))


def _sql_list(paths: list[str]) -> str:
    return "[" + ", ".join("'" + p.replace("'", "''") + "'" for p in paths) + "]"


def load(con: Any, engine: str, snap: WorksSnapshot, name: str = "openalex_works") -> Any:
    """The works as an ibis table: part, ok (the line is JSON), and the parsed fields the pipeline reads.

    Blank lines are ignored by both engines; every other line is one row, so ``ok`` counts malformed lines.
    """
    paths = [p.path for p in snap.parts]
    if engine == "duckdb":
        # one VARCHAR column per line: \x01 never occurs unescaped in valid JSON, so it never splits a record;
        # lines up to 64 MB (works with thousands of authors run to megabytes; DuckDB allocates this per thread)
        con.raw_sql(
            f"CREATE OR REPLACE TEMP VIEW {name}_lines AS SELECT filename AS part, line "
            f"FROM read_csv({_sql_list(paths)}, columns={{'line': 'VARCHAR'}}, delim=chr(1), quote='', escape='', "
            "header=false, auto_detect=false, filename=true, max_line_size=67108864) "
            "WHERE line IS NOT NULL AND trim(line) <> ''"
        )
        structure = DUCKDB_STRUCTURE.replace("'", "''")
        con.raw_sql(
            f"CREATE OR REPLACE TEMP VIEW {name} AS SELECT part, ok, r.* FROM ("
            f"SELECT part, json_valid(line) AS ok, "
            f"CASE WHEN json_valid(line) THEN json_transform(line, '{structure}') END AS r FROM {name}_lines)"
        )
    elif engine == "spark":
        from pyspark.sql import functions as F

        session = con._session
        df = session.read.text(paths).withColumn("part", F.input_file_name()).where(F.trim("value") != "")
        df = df.select(
            "part",
            F.expr("try_parse_json(value) IS NOT NULL").alias("ok"),
            F.from_json("value", SPARK_SCHEMA).alias("r"),
        ).select("part", "ok", "r.*")
        df.createOrReplaceTempView(name)
    else:
        raise PipelineError(f"unknown engine {engine!r}")
    return con.table(name)


def part_name(path: str) -> str:
    """``updated_date=…/part_….gz`` from a path or URI as an engine reports it."""
    m = re.search(r"(updated_date=[^/]+/[^/]+)$", path)
    return m[1] if m else path


def check_lines(counts: dict[str, tuple[int, int]], snap: WorksSnapshot) -> int:
    """Compare lines read per part ({part: (lines, malformed)}) with the manifest; return the malformed total.

    A part with fewer or more lines than its manifest count, or malformed lines above
    MAX_MALFORMED_SHARE of all lines, is an error naming the part and the bad lines.
    """
    for p in snap.parts:
        lines, _ = counts.get(p.name, (0, 0))
        if lines != p.records:
            raise PipelineError(
                f"{p.path}: {lines} non-blank lines, but the manifest lists {p.records} records "
                "(a truncated or replaced part); nothing written"
            )
    bad = sum(m for _, m in counts.values())
    total = sum(n for n, _ in counts.values())
    if bad and bad > MAX_MALFORMED_SHARE * total:
        where = [f"{p.path}:{line}" for p in snap.parts if counts[p.name][1] for line in malformed_lines(p.path)]
        shown = ", ".join(where[:5]) + (f" and {len(where) - 5} more" if len(where) > 5 else "")
        raise PipelineError(
            f"{bad} of {total} lines are not valid JSON ({bad / total:.2%}, above the "
            f"{MAX_MALFORMED_SHARE:.1%} threshold): {shown or 'in remote parts'}; nothing written"
        )
    return bad


def malformed_lines(path: str) -> list[int]:
    """Line numbers (1-based) of the non-blank lines of a local part that are not valid JSON."""
    if _is_remote(path):
        return []
    path = path[len("file:") :] if path.startswith("file:") else path
    bad = []
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8", errors="replace") as f:
        for i, line in enumerate(f, 1):
            if line.strip():
                try:
                    json.loads(line)
                except ValueError:
                    bad.append(i)
    return bad
