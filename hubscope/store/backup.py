"""backup() and restore(): every table (figures, history, policies, users, tokens, comments,
proposals, contributed sections) to one zip file and back, losslessly, on any backend.

The zip holds ``manifest.json`` (format, schema version, row counts and a SHA-256 per table) and
one JSON-lines file per table. The session-signing key is left out on purpose: a restored server
makes a new one, so cookies issued before the backup stop working."""

from __future__ import annotations

import base64
import hashlib
import json
import os
import tempfile
import zipfile
from collections.abc import Callable, Iterator
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Boolean, Connection, Date, DateTime, Integer, Table, func, insert, select, text

from .. import __version__
from ..errors import HubscopeError
from . import schema as t

if TYPE_CHECKING:
    from .core import Store

Row = dict[str, Any]
Progress = Callable[[str], object] | None  # called with each table's name once it is done

FORMAT = "hubscope-backup/1"
SKIP_SETTINGS = {"session_secret"}


def _plain(v: object) -> object:
    if isinstance(v, datetime | date):
        return v.isoformat()
    if isinstance(v, bytes):
        return {"base64": base64.b64encode(v).decode()}
    return v


def _rows(conn: Connection, table: Table) -> Iterator[Row]:
    q = select(table).order_by(*table.primary_key.columns)
    for row in conn.execute(q).mappings():
        if table is t.settings and row["key"] in SKIP_SETTINGS:
            continue
        yield {k: _plain(v) for k, v in row.items()}


def backup(store: Store, path: Path | str, progress: Progress = None) -> dict[str, int]:
    """Write every table to ``path`` (a zip), atomically; returns the row count per table."""
    store.require_initialised()
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    os.close(fd)
    counts: dict[str, int] = {}
    digests: dict[str, str] = {}
    try:
        # One read transaction: on PostgreSQL a consistent snapshot even while others write.
        with store.read() as conn, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as z:
            if conn.dialect.name == "postgresql":
                conn.execute(text("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ"))
            version = _version(conn)
            for table in t.metadata.sorted_tables:
                lines = [json.dumps(r, ensure_ascii=False, sort_keys=True) for r in _rows(conn, table)]
                data = ("\n".join(lines) + ("\n" if lines else "")).encode()
                z.writestr(f"{table.name}.jsonl", data)
                counts[table.name], digests[table.name] = len(lines), hashlib.sha256(data).hexdigest()
                if progress:
                    progress(table.name)
            z.writestr(
                "manifest.json",
                json.dumps(
                    {
                        "format": FORMAT,
                        "schema_version": version,
                        "hubscope": __version__,
                        "created": datetime.now().isoformat(timespec="seconds"),
                        "source": store.public_url,
                        "tables": {n: {"rows": counts[n], "sha256": digests[n]} for n in counts},
                    },
                    indent=1,
                ),
            )
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return counts


def _version(conn: Connection) -> str | None:
    from alembic.runtime.migration import MigrationContext

    return MigrationContext.configure(conn).get_current_revision()


def _typed(table: Table, row: Row) -> Row:
    out: Row = {}
    for col in table.columns:
        v = row.get(col.name)
        if v is not None:
            if isinstance(col.type, DateTime):
                v = datetime.fromisoformat(v)
            elif isinstance(col.type, Date):
                v = date.fromisoformat(v)
            elif isinstance(col.type, Boolean):
                v = bool(v)
            elif isinstance(v, dict) and "base64" in v:
                v = base64.b64decode(v["base64"])
        out[col.name] = v
    return out


def read_backup(path: Path | str) -> tuple[dict[str, Any], dict[str, list[Row]]]:
    """The manifest and every table's rows, checked (format, files, hashes, JSON) before use."""
    path = Path(path)
    try:
        z = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile) as e:
        raise HubscopeError(f"{path}: not a hubscope backup ({e})") from None
    with z:
        try:
            manifest = json.loads(z.read("manifest.json"))
        except (KeyError, json.JSONDecodeError) as e:
            raise HubscopeError(f"{path}: manifest.json is missing or not JSON ({e})") from None
        if manifest.get("format") != FORMAT:
            raise HubscopeError(f"{path}: format {manifest.get('format')!r}; expected {FORMAT!r}")
        tables: dict[str, list[Row]] = {}
        known = {tb.name: tb for tb in t.metadata.sorted_tables}
        for name, meta in manifest["tables"].items():
            if name not in known:
                raise HubscopeError(f"{path}: table {name!r} is not one this version of hubscope knows")
            try:
                data = z.read(f"{name}.jsonl")
            except KeyError:
                raise HubscopeError(f"{path}: {name}.jsonl is missing") from None
            if hashlib.sha256(data).hexdigest() != meta["sha256"]:
                raise HubscopeError(
                    f"{path}: {name}.jsonl does not match its SHA-256 in manifest.json "
                    "(the file is damaged or was edited)"
                )
            rows: list[Row] = []
            for n, line in enumerate(data.decode().splitlines(), 1):
                try:
                    rows.append(_typed(known[name], json.loads(line)))
                except (json.JSONDecodeError, ValueError) as e:
                    raise HubscopeError(f"{path}: {name}.jsonl, line {n}: {e}") from None
            if len(rows) != meta["rows"]:
                raise HubscopeError(f"{path}: {name}.jsonl has {len(rows)} rows; manifest.json says {meta['rows']}")
            tables[name] = rows
    return manifest, tables


def restore(store: Store, path: Path | str, progress: Progress = None) -> dict[str, int]:
    """Load a backup into an empty store (one transaction: all of it or nothing); returns counts.

    The store is first built at the backup's schema version, then upgraded to the current one,
    so an older backup restores into a newer hubscope."""
    manifest, tables = read_backup(path)
    if store.schema_version() is None:
        store.migrate(manifest["schema_version"])
    elif _has_data(store):
        raise HubscopeError(
            f"store {store.public_url} already holds data; restore into a new, empty store (nothing was changed)"
        )
    with store.write() as conn:
        for table in t.metadata.sorted_tables:
            rows = tables.get(table.name, [])
            for i in range(0, len(rows), 1000):
                conn.execute(insert(table), rows[i : i + 1000])
            if progress:
                progress(table.name)
        if conn.dialect.name == "postgresql":  # explicit ids leave the sequences behind
            for table in t.metadata.sorted_tables:
                pk = list(table.primary_key.columns)
                if len(pk) == 1 and isinstance(pk[0].type, Integer) and tables.get(table.name):
                    conn.execute(
                        text(
                            f"SELECT setval(pg_get_serial_sequence('{table.name}', '{pk[0].name}'), "
                            f"(SELECT max({pk[0].name}) FROM {table.name}))"
                        )
                    )
    store.migrate()
    return {name: len(rows) for name, rows in tables.items()}


def _has_data(store: Store) -> bool:
    with store.read() as conn:
        return any(conn.scalar(select(func.count()).select_from(tb)) for tb in t.metadata.sorted_tables)
