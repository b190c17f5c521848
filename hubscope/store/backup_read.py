"""Reading a backup without trusting it: its hashes only show it was not damaged by accident,
since anyone can edit a table and re-hash it. So every member, table, column, type and value is
checked against what this hubscope writes, and a secret or an unknown setting is refused."""

from __future__ import annotations

import base64
import hashlib
import json
import math
import zipfile
import zlib
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Boolean, Date, DateTime, Float, Integer, LargeBinary, String, Table

from ..errors import HubscopeError
from . import schema as t

Row = dict[str, Any]
FORMAT = "hubscope-backup/1"
# Never in a backup, never restored: the session-signing key, and the live sessions it signs.
SKIP_SETTINGS = {"session_secret", "init_pending"}
SKIP_TABLES = {"sessions"}
ALLOWED_SETTINGS: set[str] = set()  # settings a backup may carry (none yet)
MAX_MEMBER = 1 << 30  # bytes, uncompressed: a bigger member is a zip bomb, not a hubscope table
ROLES = ("contributor", "editor", "admin")
CHOICES = {("users", "role"): ROLES, ("tokens", "scope"): ROLES}


def tables() -> dict[str, Table]:
    """The tables a backup may hold, by name."""
    return {tb.name: tb for tb in t.metadata.sorted_tables if tb.name not in SKIP_TABLES}


def _revisions() -> set[str]:
    from alembic.script import ScriptDirectory

    from .core import MIGRATIONS

    return {s.revision for s in ScriptDirectory(str(MIGRATIONS)).walk_revisions()}


def _boolean(v: object) -> bool:
    if isinstance(v, bool):
        return v
    if v in (0, 1) and isinstance(v, int):
        return bool(v)
    if isinstance(v, str) and v.strip().lower() in ("true", "false"):
        return v.strip().lower() == "true"  # "false" is a non-empty string: bool() would say True
    raise ValueError(f"expected true or false, not {v!r}")


def _value(table: Table, name: str, v: object) -> object:
    col = table.columns[name]
    if v is None:
        if not col.nullable:
            raise ValueError(f"{name} may not be empty")
        return None
    kind = col.type
    if isinstance(kind, Boolean):
        return _boolean(v)
    if isinstance(kind, Integer):
        if isinstance(v, bool) or not isinstance(v, int):
            raise ValueError(f"{name}: expected a whole number, not {v!r:.40}")
        return v
    if isinstance(kind, Float):
        if isinstance(v, bool) or not isinstance(v, int | float) or not math.isfinite(v):
            raise ValueError(f"{name}: expected a finite number, not {v!r:.40}")
        return v
    if isinstance(kind, DateTime | Date):
        if not isinstance(v, str):
            raise ValueError(f"{name}: expected an ISO date, not {v!r:.40}")
        return datetime.fromisoformat(v) if isinstance(kind, DateTime) else date.fromisoformat(v)
    if isinstance(kind, LargeBinary):
        if not isinstance(v, dict) or not isinstance(v.get("base64"), str):
            raise ValueError(f"{name}: expected {{\"base64\": ...}}")
        return base64.b64decode(v["base64"], validate=True)
    if isinstance(kind, String):  # Text is a String too
        if not isinstance(v, str):
            raise ValueError(f"{name}: expected text, not {v!r:.40}")
        if kind.length is not None and len(v) > kind.length:
            raise ValueError(f"{name}: longer than {kind.length} characters")
        allowed = CHOICES.get((table.name, name))
        if allowed and v not in allowed:
            raise ValueError(f"{name}: {v!r:.40} is not one of {', '.join(allowed)}")
        return v
    raise ValueError(f"{name}: a column of type {kind} cannot be restored")  # pragma: no cover


def typed(table: Table, row: object) -> Row:
    """One JSON row as column values, each checked against the column's type."""
    if not isinstance(row, dict):
        raise ValueError(f"expected a JSON object, not {type(row).__name__}")
    extra = sorted(set(row) - set(table.columns.keys()))
    if extra:
        raise ValueError(f"unknown column {extra[0]!r:.60}")
    for col in table.columns:
        required = not col.nullable and col.default is None and not (col.primary_key and col.autoincrement is True)
        if required and col.name not in row:
            raise ValueError(f"{col.name} is missing")
    out = {name: _value(table, name, v) for name, v in row.items()}
    if table.name == "settings" and (out["key"] in SKIP_SETTINGS or out["key"] not in ALLOWED_SETTINGS):
        raise ValueError(f"setting {out['key']!r:.60} is not one a backup may hold (secrets never are)")
    return out


def _member(z: zipfile.ZipFile, name: str, path: Path) -> bytes:
    try:
        info = z.getinfo(name)
    except KeyError:
        raise HubscopeError(f"{path}: {name} is missing") from None
    if info.is_dir():
        raise HubscopeError(f"{path}: {name} is a directory; expected a file")
    if info.file_size > MAX_MEMBER:
        raise HubscopeError(f"{path}: {name} is larger than {MAX_MEMBER:,} bytes; not a hubscope backup")
    try:
        return z.read(info)
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError, RuntimeError) as e:
        raise HubscopeError(f"{path}: {name} cannot be read; the archive is damaged ({e})") from None


def _manifest(z: zipfile.ZipFile, path: Path, known: dict[str, Table]) -> dict[str, Any]:
    try:
        manifest = json.loads(_member(z, "manifest.json", path).decode())
    except (json.JSONDecodeError, UnicodeDecodeError) as e:
        raise HubscopeError(f"{path}: manifest.json is not JSON ({e})") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        found = manifest.get("format") if isinstance(manifest, dict) else None
        raise HubscopeError(f"{path}: format {found!r}; expected {FORMAT!r}")
    if manifest.get("schema_version") not in _revisions():
        raise HubscopeError(
            f"{path}: schema version {manifest.get('schema_version')!r:.60} is not one this hubscope knows"
        )
    tabs = manifest.get("tables")
    if not isinstance(tabs, dict):
        raise HubscopeError(f"{path}: manifest.json 'tables' must be an object of table names")
    for name, meta in tabs.items():
        if name not in known:
            raise HubscopeError(f"{path}: table {name!r:.60} is not one a hubscope backup holds")
        if not (
            isinstance(meta, dict)
            and isinstance(meta.get("rows"), int)
            and not isinstance(meta.get("rows"), bool)
            and isinstance(meta.get("sha256"), str)
        ):
            raise HubscopeError(f"{path}: manifest.json, table {name}: expected {{\"rows\": <int>, \"sha256\": <hex>}}")
    return manifest


def read_backup(path: Path | str) -> tuple[dict[str, Any], dict[str, list[Row]]]:
    """The manifest and every table's rows, checked (members, hashes, columns, types) before use."""
    path = Path(path)
    if not path.is_file():
        raise HubscopeError(f"{path}: not a file; expected a hubscope backup (.zip)")
    try:
        z = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile, zlib.error, EOFError, ValueError) as e:
        raise HubscopeError(f"{path}: not a hubscope backup ({e})") from None
    known = tables()
    with z:
        names = z.namelist()
        allowed = {"manifest.json"} | {f"{n}.jsonl" for n in known}
        odd = [n for n in names if n not in allowed]
        if odd or len(names) != len(set(names)):
            what = f"member {odd[0]!r:.80} is not one" if odd else "a member appears twice; not what"
            raise HubscopeError(f"{path}: {what} a hubscope backup holds")
        manifest = _manifest(z, path, known)
        out: dict[str, list[Row]] = {}
        for name, meta in manifest["tables"].items():
            data = _member(z, f"{name}.jsonl", path)
            if hashlib.sha256(data).hexdigest() != meta["sha256"]:
                raise HubscopeError(
                    f"{path}: {name}.jsonl does not match its SHA-256 in manifest.json "
                    "(the file is damaged or was edited)"
                )
            try:
                lines = data.decode().splitlines()
            except UnicodeDecodeError as e:
                raise HubscopeError(f"{path}: {name}.jsonl is not UTF-8 text ({e})") from None
            rows: list[Row] = []
            for n, line in enumerate(lines, 1):
                try:
                    rows.append(typed(known[name], json.loads(line)))
                except (json.JSONDecodeError, ValueError, TypeError, RecursionError) as e:
                    raise HubscopeError(f"{path}: {name}.jsonl, line {n}: {e}") from None
            if len(rows) != meta["rows"]:
                raise HubscopeError(f"{path}: {name}.jsonl has {len(rows)} rows; manifest.json says {meta['rows']}")
            out[name] = rows
    return manifest, out
