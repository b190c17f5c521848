"""The GitHub Innovation Graph input: locate the CSV files, check them row by row, describe the snapshot."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

import pycountry

from ..errors import PipelineError
from .provenance import InputSnapshot, check_snapshot_json, sha256_file, sha256_files

BUNDLED = "github-innovation-graph-8faec9d72c7e"
AGGREGATES = {"EU"}  # the files' European Union aggregate: a sum of member economies, not an economy
USER_ASSIGNED = {"XK"}  # Kosovo: a real economy with a user-assigned ISO code
HEADERS = {
    "economy_collaborators": ["weight", "source", "destination", "year", "quarter"],
    "developers": ["developers", "iso2_code", "year", "quarter"],
    "git_pushes": ["git_pushes", "iso2_code", "year", "quarter"],
    "topics": ["num_pushers", "topic", "iso2_code", "year", "quarter"],
}
CODE_COLUMNS = {"economy_collaborators": ("source", "destination")}


@dataclass(frozen=True)
class GitHubInput:
    root: Path
    snapshot: InputSnapshot
    rows: dict[str, int]  # data rows per file

    def path(self, name: str) -> str:
        return str(self.root / "data" / f"{name}.csv")


def default_root() -> Path:
    """The snapshot bundled in the package, so a fresh install runs with no --input."""
    return Path(str(resources.files("hubscope") / "data" / "snapshots" / BUNDLED))


@lru_cache(maxsize=1024)
def is_code(code: str) -> bool:
    return code in AGGREGATES or code in USER_ASSIGNED or pycountry.countries.get(alpha_2=code) is not None


def check_file(path: Path, name: str) -> int:
    """Check one CSV's header and every row (integers, quarter 1-4, known codes); return its data rows."""
    header = HEADERS[name]
    codes = CODE_COLUMNS.get(name, ("iso2_code",))
    count_col = header[0]
    try:
        with path.open(encoding="utf-8", newline="") as f:
            reader = csv.reader(f)
            first = next(reader, None)
            if first != header:
                raise PipelineError(f"{path} line 1: columns {first}; expected {header}; nothing written")
            n = 0
            for n, row in enumerate(reader, 1):
                line = n + 1
                if len(row) != len(header):
                    raise PipelineError(
                        f"{path} line {line}: {len(row)} fields; expected {len(header)}; nothing written"
                    )
                rec = dict(zip(header, row, strict=True))
                for col in (count_col, "year"):
                    if not rec[col].isdigit():
                        raise PipelineError(
                            f"{path} line {line}: {col} {rec[col]!r} is not a whole number; nothing written"
                        )
                if rec["quarter"] not in ("1", "2", "3", "4"):
                    raise PipelineError(
                        f"{path} line {line}: quarter {rec['quarter']!r}; expected 1-4; nothing written"
                    )
                for col in codes:
                    if not is_code(rec[col]):
                        raise PipelineError(
                            f"{path} line {line}: {col} {rec[col]!r} is not an ISO 3166 country code; nothing written"
                        )
    except FileNotFoundError:
        raise PipelineError(f"{path}: no such file (the input needs data/{name}.csv); nothing written") from None
    except UnicodeDecodeError:
        raise PipelineError(f"{path}: not UTF-8 text; nothing written") from None
    if n == 0:
        raise PipelineError(f"{path}: no data rows; nothing written")
    return n


def open_input(uri: str | None) -> GitHubInput:
    """Check the input directory (default: the bundled snapshot) and describe its snapshot."""
    if uri and "://" in uri and not uri.startswith("file://"):
        raise PipelineError(f"{uri}: github-collaboration reads a local directory holding data/*.csv")
    root = default_root() if not uri else Path(uri.removeprefix("file://")).expanduser()
    if not root.is_dir():
        raise PipelineError(f"{root}: no such directory (expected the Innovation Graph files under data/)")
    files = [f"data/{n}.csv" for n in HEADERS]
    rows = {f"{n}.csv rows": check_file(root / "data" / f"{n}.csv", n) for n in HEADERS}
    if (root / "snapshot.json").is_file():
        meta = check_snapshot_json(root, files)
        sid, date = str(meta["id"]), str(meta.get("retrieved") or "")[:10] or None
        digest = sha256_file(root / "snapshot.json")
    else:  # a plain copy of the repository's files: its identity is the digest of the files read
        digest = sha256_files(root, files)
        sid, date = f"github-innovation-graph-files-{digest[:12]}", None
    snap = InputSnapshot(
        dataset="GitHub Innovation Graph",
        uri=str(root) if uri else f"bundled snapshot {BUNDLED}",
        snapshot=sid,
        date=date,
        sha256=digest,
        publisher="GitHub",
        url="https://github.com/github/innovationgraph",  # stable: the snapshot is in the vintage
        licence="CC0-1.0",
    )
    return GitHubInput(root, snap, rows)
