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

from sqlalchemy import Connection, Integer, Table, func, insert, select, text

from .. import __version__
from ..errors import HubscopeError, StoreError
from . import schema as t
from .backup_read import FORMAT, SKIP_SETTINGS, read_backup, tables

if TYPE_CHECKING:
    from .core import Store

Row = dict[str, Any]
Progress = Callable[[str], object] | None  # called with each table's name once it is done

__all__ = ["backup", "read_backup", "restore"]


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
            for table in tables().values():
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


def restore(store: Store, path: Path | str, progress: Progress = None) -> dict[str, int]:
    """Load a backup into an empty store (one transaction: all of it or nothing); returns counts.

    The store is first built at the backup's schema version, then upgraded to the current one,
    so an older backup restores into a newer hubscope."""
    manifest, rows_by_table = read_backup(path)
    if store.schema_version() is None:
        store.migrate(manifest["schema_version"])
    elif _has_data(store):
        raise HubscopeError(
            f"store {store.public_url} already holds data; restore into a new, empty store (nothing was changed)"
        )
    try:
        _load(store, rows_by_table, progress)
    except StoreError as e:  # rows of the right types that still break a constraint (a duplicate id...)
        raise HubscopeError(
            f"{path}: the backup's rows do not fit together; nothing was restored ({' '.join(str(e).split())})"
        ) from None
    store.migrate()
    return {name: len(rows) for name, rows in rows_by_table.items()}


def _load(store: Store, rows_by_table: dict[str, list[Row]], progress: Progress) -> None:
    with store.write() as conn:
        for table in t.metadata.sorted_tables:
            rows = rows_by_table.get(table.name, [])
            for i in range(0, len(rows), 1000):
                conn.execute(insert(table), rows[i : i + 1000])
            if progress:
                progress(table.name)
        if conn.dialect.name == "postgresql":  # explicit ids leave the sequences behind
            for table in t.metadata.sorted_tables:
                pk = list(table.primary_key.columns)
                if len(pk) == 1 and isinstance(pk[0].type, Integer) and rows_by_table.get(table.name):
                    conn.execute(
                        text(
                            f"SELECT setval(pg_get_serial_sequence('{table.name}', '{pk[0].name}'), "
                            f"(SELECT max({pk[0].name}) FROM {table.name}))"
                        )
                    )


def _has_data(store: Store) -> bool:
    with store.read() as conn:
        return any(conn.scalar(select(func.count()).select_from(tb)) for tb in t.metadata.sorted_tables)
