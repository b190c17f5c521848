"""`hubscope update` and `hubscope snapshots`: refresh figures from open data through kept snapshots."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from ..connectors import REGISTRY
from .app import DbOpt, Format, JsonOpt, _progress, _store, app, emit, handles_errors, out

KNOWN = ", ".join(REGISTRY)
SourcesArg = Annotated[list[str] | None, typer.Argument(help=f"Sources to update: {KNOWN}")]


@app.command()
@handles_errors
def update(
    sources: SourcesArg = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Show what would change; write nothing")] = False,
    snapshot: Annotated[str | None, typer.Option("--snapshot", help="Replay this kept snapshot offline")] = None,
    db: DbOpt = None,
    as_json: JsonOpt = False,
):
    """Fetch a source into a new raw snapshot (or replay one), show the diff and apply it as revisions."""
    from ..connectors import BY_SNAPSHOT_SOURCE, find_snapshot
    from ..connectors.update import update as run

    if not sources:
        if not snapshot:
            raise typer.BadParameter(f"name a source ({KNOWN}) or give --snapshot ID")
        sources = [BY_SNAPSHOT_SOURCE.get(find_snapshot(snapshot).source, "?")]
    if snapshot and len(sources) > 1:
        raise typer.BadParameter("--snapshot replays one snapshot: name one source")
    store = _store(db)
    bar, progress = _progress()
    with bar:
        plans = [run(store, s, snapshot, dry_run=dry_run, progress=progress) for s in sources]
    if as_json:
        data = [
            {**p.summary(), "changes": [c.as_dict() for c in p.changes], "disappeared_figures": p.disappeared}
            for p in plans
        ]
        out.out(json.dumps(data, ensure_ascii=False, indent=2), highlight=False)
        return
    import pandas as pd

    for p in plans:
        if p.changes:
            from ..figures.display import number

            rows = [
                {**d, **{k: "" if d[k] is None else number(d[k]) for k in ("old_value", "new_value")}}
                for d in (c.as_dict() for c in p.changes[:20])
            ]
            emit(
                pd.DataFrame(rows),
                Format.table,
                ["kind", "entity", "indicator", "period", "old_value", "new_value", "old_vintage", "new_vintage"],
                title=f"{p.source}: first {len(rows)} of {len(p.changes)} changes",
            )
    emit(
        pd.DataFrame([p.summary() for p in plans]),
        Format.table,
        ["source", "snapshot", "vintage", "new", "revised", "unchanged", "disappeared", "skipped", "applied"],
        title="dry run: nothing written" if dry_run else "update summary",
    )


@app.command()
@handles_errors
def snapshots(as_json: JsonOpt = False):
    """List the raw snapshots: bundled ones and those fetched into the data directory."""
    import pandas as pd

    from ..connectors import snapshots as all_snapshots

    rows = [
        {
            "id": s.id,
            "source": s.source,
            "retrieved": s.retrieved,
            "bundled": s.bundled,
            "licence": s.licence,
            "files": len(s.files),
            "bytes": sum(f.bytes for f in s.files),
            **({"sha256": {f.path: f.sha256 for f in s.files}} if as_json else {}),
        }
        for s in all_snapshots()
    ]
    if as_json:
        out.out(json.dumps(rows, ensure_ascii=False, indent=2), highlight=False)
    else:
        emit(
            pd.DataFrame(rows),
            Format.table,
            ["id", "source", "retrieved", "bundled", "licence", "files", "bytes"],
            title="raw snapshots",
        )
