"""Raw snapshots: the files as received, with their sha256, the request and the retrieval time.

A snapshot is immutable: writing one never touches another, and reading one checks every
file's sha256 against ``snapshot.json`` first.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from ..errors import SnapshotError

BUNDLED = Path(__file__).resolve().parent.parent / "data" / "snapshots"


def user_dir() -> Path:
    """Where new fetches go: ``HUBSCOPE_SNAPSHOTS`` or the platform data dir, never the package."""
    configured = os.environ.get("HUBSCOPE_SNAPSHOTS")
    if configured:
        return Path(configured)
    import platformdirs

    return Path(platformdirs.user_data_dir("hubscope", appauthor=False)) / "snapshots"


@dataclass(frozen=True)
class SnapshotFile:
    path: str
    bytes: int
    sha256: str


@dataclass(frozen=True)
class Snapshot:
    """One raw snapshot on disk and its record."""

    id: str
    source: str
    request: str
    retrieved: str
    licence: str | None
    files: tuple[SnapshotFile, ...]
    root: Path
    meta: dict

    @property
    def bundled(self) -> bool:
        return self.root.parent == BUNDLED

    def read_bytes(self, path: str) -> bytes:
        """A file's bytes, after checking them against the recorded sha256."""
        entry = next((f for f in self.files if f.path == path), None)
        if entry is None:
            raise SnapshotError(f"snapshot {self.id}: no file {path!r} in snapshot.json")
        try:
            data = (self.root / path).read_bytes()
        except OSError as e:
            raise SnapshotError(f"snapshot {self.id}: cannot read {path}: {e.strerror}") from None
        if hashlib.sha256(data).hexdigest() != entry.sha256:
            raise SnapshotError(f"snapshot {self.id}: {path} does not match its sha256; the snapshot was altered")
        return data


def write_snapshot(
    source: str,
    request: str,
    retrieved: str,
    licence: str | None,
    files: dict[str, bytes],
    root: Path | None = None,
    extra: dict | None = None,
    check=None,
) -> Snapshot:
    """Write a new snapshot whose id is the source plus the first 12 hex of its content hash.

    ``check(snapshot)`` runs on the files written but not yet kept; if it raises, nothing is kept.
    """
    digest = hashlib.sha256()
    for name in sorted(files):
        digest.update(name.encode() + b"\0" + hashlib.sha256(files[name]).digest())
    sid = f"{source}-{retrieved[:10]}-{digest.hexdigest()[:12]}"
    base = (root or user_dir()) / sid
    record = {
        "id": sid,
        "source": source,
        "request": request,
        "retrieved": retrieved,
        "licence": licence,
        **(extra or {}),
        "files": [
            {"path": n, "bytes": len(b), "sha256": hashlib.sha256(b).hexdigest()} for n, b in sorted(files.items())
        ],
    }
    if base.exists():  # same content already kept: snapshots are never rewritten
        return read_snapshot(base)
    tmp = base.with_name(base.name + ".partial")
    for name, data in files.items():
        (tmp / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp / name).write_bytes(data)
    (tmp / "snapshot.json").write_text(json.dumps(record, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    if check is not None:
        try:
            check(read_snapshot(tmp))
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
    tmp.rename(base)  # all files or none
    return read_snapshot(base)


def read_snapshot(root: Path) -> Snapshot:
    """Read a snapshot's record (files are checked when read)."""
    try:
        meta = json.loads((root / "snapshot.json").read_text(encoding="utf-8"))
        files = tuple(SnapshotFile(f["path"], int(f["bytes"]), f["sha256"]) for f in meta["files"])
        return Snapshot(
            meta["id"], meta["source"], meta["request"], str(meta["retrieved"]), meta.get("licence"), files, root, meta
        )
    except FileNotFoundError:
        raise SnapshotError(f"{root}: no snapshot.json") from None
    except (ValueError, KeyError, TypeError) as e:
        raise SnapshotError(f"{root / 'snapshot.json'}: malformed ({e})") from None


def snapshots(roots: tuple[Path, ...] | None = None) -> list[Snapshot]:
    """Every snapshot, bundled first, then the user's, each sorted by id."""
    out: list[Snapshot] = []
    for base in roots or (BUNDLED, user_dir()):
        if base.is_dir():
            out += [read_snapshot(p) for p in sorted(base.iterdir()) if (p / "snapshot.json").is_file()]
    return out


def find_snapshot(sid: str) -> Snapshot:
    """The snapshot with this id (a unique prefix is enough)."""
    hits = [s for s in snapshots() if s.id == sid] or [s for s in snapshots() if s.id.startswith(sid)]
    if len(hits) != 1:
        known = ", ".join(s.id for s in snapshots()) or "none"
        raise SnapshotError(f"no single snapshot {sid!r}; known: {known}")
    return hits[0]
