"""Where a pipeline's input came from: the dataset, its snapshot, date and sha256, as one typed object."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from ..errors import PipelineError
from ..provenance import Provenance, Source


@dataclass(frozen=True)
class InputSnapshot:
    """One input snapshot. ``sha256`` is of its manifest (snapshot.json, works/manifest) or of its files."""

    dataset: str  # "GitHub Innovation Graph"
    uri: str  # where it was read from, as given (a path or an s3:// / https:// URI)
    snapshot: str  # the snapshot's id or date, e.g. "github-innovation-graph-8faec9d72c7e"
    date: str | None  # the snapshot's date (retrieved or published), ISO
    sha256: str
    publisher: str
    url: str | None = None  # a page a reader can follow to the upstream data
    licence: str | None = None

    @property
    def vintage(self) -> str:
        """The edition label stored with every figure: a new snapshot gives new revisions."""
        return f"{self.snapshot} sha256:{self.sha256[:12]}"


def sha256_file(path: Path) -> str:
    """The sha256 of a file, read in blocks."""
    h = hashlib.sha256()
    try:
        with path.open("rb") as f:
            for block in iter(lambda: f.read(1 << 20), b""):
                h.update(block)
    except OSError as e:
        raise PipelineError(f"{path}: cannot read ({e.strerror})") from None
    return h.hexdigest()


def sha256_files(root: Path, paths: list[str]) -> str:
    """One digest over named files: each path and its own sha256, in path order."""
    h = hashlib.sha256()
    for p in sorted(paths):
        h.update(p.encode() + b"\0" + bytes.fromhex(sha256_file(root / p)))
    return h.hexdigest()


def check_snapshot_json(root: Path, paths: list[str]) -> dict:
    """Read ``root/snapshot.json`` and check the named files against its sha256s; return the record."""
    meta_path = root / "snapshot.json"
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        listed = {f["path"]: f["sha256"] for f in meta["files"]}
    except (OSError, ValueError, KeyError, TypeError) as e:
        raise PipelineError(f"{meta_path}: unreadable snapshot record ({e})") from None
    for p in paths:
        if p not in listed:
            raise PipelineError(f"{meta_path}: lists no file {p!r}; nothing written")
        if sha256_file(root / p) != listed[p]:
            raise PipelineError(f"{root / p}: does not match its sha256 in snapshot.json; nothing written")
    return dict(meta)


def provenance(pipeline_name: str, title: str, inp: InputSnapshot) -> Provenance:
    """The provenance of every figure a pipeline run writes: one stable source, the snapshot as vintage.

    The source id names the pipeline and the dataset, not the snapshot, so a new snapshot of the
    same dataset revises the same figures instead of adding parallel ones.
    """
    source = Source(
        id=f"pipeline-{pipeline_name}",
        publisher=f"hubscope, from {inp.dataset}",  # hubscope computed it; the dataset's publisher did not
        title=f"{title} (computed by hubscope pipeline {pipeline_name} from {inp.dataset} records)",
        url=inp.url,
        licence=inp.licence,
        # the version goes in each figure's note, not here: a stored source never changes
        note=(
            f"computed from records by hubscope pipeline {pipeline_name}; "
            "version and record counts in each figure's note"
        ),
        priority=75,  # after the publishers' own figures and the connectors' (70)
    )
    return Provenance(source=source, vintage=inp.vintage, method="derived", status="verified")
