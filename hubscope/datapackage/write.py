"""Write the store as a Frictionless data package: datapackage.json and one CSV per table."""

from __future__ import annotations

import csv
import hashlib
import io
import json
from datetime import datetime
from pathlib import Path

from sqlalchemy import select

from .. import __version__
from ..store import schema as t
from ..store.core import Store
from .spec import ORDER, field_names, table_schema

LICENCE = {
    "name": "CC-BY-4.0",
    "title": "Creative Commons Attribution 4.0",
    "path": "https://creativecommons.org/licenses/by/4.0/",
}


def _text(v) -> str:
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float):
        return str(int(v)) if v.is_integer() and abs(v) < 1e15 else repr(v)
    if isinstance(v, datetime):
        return v.isoformat(timespec="seconds")
    return str(v)


def _rows(store: Store) -> dict[str, list[dict]]:
    o, r = t.observations, t.revisions
    with store.read() as conn:
        out = {
            name: [dict(x) for x in conn.execute(select(table).order_by(table.c.id)).mappings()]
            for name, table in (("entities", t.entities), ("indicators", t.indicators), ("sources", t.sources))
        }
        q = (
            select(
                o.c.entity_id.label("entity"),
                o.c.indicator_id.label("indicator"),
                o.c.period,
                o.c.source_id.label("source"),
                r,
            )
            .join(r, r.c.observation_id == o.c.id)
            .order_by(o.c.entity_id, o.c.indicator_id, o.c.period, o.c.source_id, r.c.number)
        )
        revs = [dict(x) for x in conn.execute(q).mappings()]
    for row in revs:
        row["revision"] = row["number"]
    out["revisions"] = revs
    latest: dict[tuple, dict] = {}
    for row in revs:  # ordered by number, so the last one seen per figure is current
        latest[(row["entity"], row["indicator"], row["period"], row["source"])] = row
    out["observations"] = list(latest.values())
    return out


def export_package(
    store: Store, directory: Path | str, name: str = "hubscope-export", title: str = "hubscope indicator store"
) -> Path:
    """Write every table, with full revision history, as a data package in ``directory``."""
    store.require_initialised()
    root = Path(directory)
    root.mkdir(parents=True, exist_ok=True)
    rows = _rows(store)
    resources = []
    for res in ORDER:
        buf = io.StringIO()
        fields = field_names(res)
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(fields)
        for row in rows[res]:
            w.writerow([_text(row.get(f)) for f in fields])
        data = buf.getvalue().encode("utf-8")
        (root / f"{res}.csv").write_bytes(data)
        resources.append(
            {
                "name": res,
                "path": f"{res}.csv",
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "bytes": len(data),
                "hash": "sha256:" + hashlib.sha256(data).hexdigest(),
                "schema": table_schema(res),
            }
        )
    descriptor = {
        "profile": "tabular-data-package",
        "name": name,
        "title": title,
        "description": "Indicators with their sources and full revision history, exported by hubscope.",
        "licenses": [LICENCE],
        "created": "",
        "hubscope_version": __version__,
        "resources": resources,
    }
    descriptor.pop("created")  # a timestamp would make identical exports differ
    (root / "datapackage.json").write_text(
        json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    return root
