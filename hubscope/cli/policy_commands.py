"""`hubscope policy ...`: the AI policy tracker on the command line."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from .. import policy as pol
from .app import CsvOpt, DbOpt, Format, JsonOpt, _fmt, _store, app, emit, handles_errors, out, report

policy_app = typer.Typer(help="AI laws, strategies and guidelines compared field by field.", no_args_is_help=True)
app.add_typer(policy_app, name="policy")


@policy_app.command("list")
@handles_errors
def list_(
    jurisdictions: Annotated[list[str] | None, typer.Argument(help="Only these jurisdictions")] = None,
    db: DbOpt = None,
    as_json: JsonOpt = False,
    as_csv: CsvOpt = False,
):
    """List the records: jurisdiction, instrument, status and key date."""
    df = pol.listing(pol.policies(_store(db), jurisdictions or ()))
    emit(df, _fmt(as_json, as_csv), list(df.columns), title="AI policy records")


@policy_app.command("compare")
@handles_errors
def compare(
    jurisdictions: Annotated[list[str], typer.Argument(help="e.g. JPN EU27 CHN USA")],
    every: Annotated[
        bool, typer.Option("--all", help="Every record, not only each jurisdiction's principal instrument")
    ] = False,
    db: DbOpt = None,
    as_json: JsonOpt = False,
    as_csv: CsvOpt = False,
):
    """A field-by-field matrix; values where sources disagree are all shown with their sources."""
    store = _store(db)
    ids = [store.catalog.resolve_entity(j) for j in jurisdictions]
    recs = pol.pick(pol.policies(store), ids, every=every)
    fmt = _fmt(as_json, as_csv)
    if fmt is Format.json:
        out.out(json.dumps([r.to_json() for r in recs], ensure_ascii=False, indent=2), highlight=False)
        return
    df = pol.matrix(recs)
    emit(df, fmt, list(df.columns), title="AI policy compared field by field")
    if fmt is Format.table:
        conflicts = [c for r in recs for c in r.conflicts()]
        for c in conflicts:
            out.print(
                f"sources disagree: {escape(c['record'])} {escape(c['what'])}: {escape(pol.cited(c))}", highlight=False
            )


@policy_app.command("show")
@handles_errors
def show(record: str, db: DbOpt = None, as_json: JsonOpt = False, as_csv: CsvOpt = False):
    """One record: every field with its sources, its events, conflicts and revision history."""
    store = _store(db)
    rec = pol.policy(store, record)
    hist = pol.history(store, record)
    fmt = _fmt(as_json, as_csv)
    if fmt is Format.json:
        doc = rec.to_json() | {
            "conflicts": rec.conflicts(),
            "history": [h | {"created_at": h["created_at"].isoformat()} for h in hist],
        }
        out.out(json.dumps(doc, ensure_ascii=False, indent=2), highlight=False)
        return
    if fmt is Format.table:
        out.print(
            f"[bold]{escape(rec.title_en)}[/] ({escape(rec.jurisdiction)})"
            + (f"\n{escape(rec.title_ja)}" if rec.title_ja else ""),
            highlight=False,
        )
    emit(pol.field_table(rec), fmt, ["field", "value", "source", "status", "note"], title="Fields")
    if fmt is not Format.table:
        return
    tl = pol.timeline([rec])
    emit(tl, fmt, ["date", "event", "source", "conflict", "status", "note"], title="Events")
    for c in rec.conflicts():
        out.print(f"sources disagree on {escape(c['what'])}: {escape(pol.cited(c))}", highlight=False)
    out.print("[bold]Sources[/]", highlight=False)
    for s in rec.sources().values():
        out.print(f"  {escape(s.id)}: {escape(s.cite())}", highlight=False, soft_wrap=True)
    out.print("[bold]History[/]", highlight=False)
    for h in hist:
        out.print(
            f"  revision {h['number']} {h['created_at']:%Y-%m-%d %H:%M} by {escape(h['author'])}: "
            f"{escape(h['reason'])}",
            highlight=False,
        )
        for line in h["changes"]:
            out.print(f"    {escape(line)}", highlight=False)


@policy_app.command("timeline")
@handles_errors
def timeline_(
    jurisdictions: Annotated[list[str] | None, typer.Argument(help="Only these jurisdictions")] = None,
    db: DbOpt = None,
    as_json: JsonOpt = False,
    as_csv: CsvOpt = False,
):
    """Every dated event (proposed, passed, in force, phases, revoked), oldest first, with sources."""
    df = pol.timeline(pol.policies(_store(db), jurisdictions or ()))
    emit(
        df,
        _fmt(as_json, as_csv),
        ["date", "jurisdiction", "instrument", "event", "source", "conflict", "status", "note"]
        if not (as_json or as_csv)
        else list(df.columns),
        title="AI policy timeline",
    )


@policy_app.command("load")
@handles_errors
def load(
    path: Path,
    author: Annotated[str, typer.Option(help="Who made the change")] = "cli",
    reason: Annotated[str, typer.Option(help="Why, e.g. 'EO revoked'")] = "policy records loaded",
    db: DbOpt = None,
    as_json: JsonOpt = False,
    as_csv: CsvOpt = False,
):
    """Load policy records from YAML; a changed record gets a new revision. All or nothing."""
    store = _store(db)
    counts = pol.record_policies(store, pol.read_policies(path, store.catalog), author, reason)
    report(
        counts,
        _fmt(as_json, as_csv),
        f"{counts['added']} added, {counts['revised']} revised, {counts['unchanged']} unchanged",
    )
