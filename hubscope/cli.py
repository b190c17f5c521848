"""The command line: one thin command per verb over the library."""

from __future__ import annotations

import functools
import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import pandas as pd
import typer
from rich import box
from rich.console import Console
from rich.progress import Progress
from rich.table import Table

from . import __version__
from .errors import HubscopeError, PackageError
from .store import Store, default_url
from .units import pretty_unit

app = typer.Typer(help="hubscope: a sourced observatory of national AI ecosystems.",
                  no_args_is_help=True, add_completion=False, pretty_exceptions_show_locals=False)
# Wide enough that tables do not fold in logs and pipes; a terminal's own width wins.
out = Console(width=None if sys.stdout.isatty() else 200)
err = Console(stderr=True)


class Format(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


DbOpt = Annotated[str | None, typer.Option("--db", help="SQLAlchemy URL or SQLite path; "
                                           "default $HUBSCOPE_DB or the platform data dir")]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON records")]
CsvOpt = Annotated[bool, typer.Option("--csv", help="Print CSV")]
LangOpt = Annotated[str, typer.Option("--lang", help="Names in English (en) or Japanese (ja)")]


def _fmt(as_json: bool, as_csv: bool) -> Format:
    if as_json and as_csv:
        raise typer.BadParameter("choose one of --json and --csv")
    return Format.json if as_json else Format.csv if as_csv else Format.table


def _store(db: str | None) -> Store:
    if db and "://" not in db:
        db = f"sqlite:///{Path(db).expanduser().resolve()}"
    return Store(db or default_url())


def handles_errors(fn):
    """Print hubscope errors as one clear message and exit 1, never a traceback."""
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except HubscopeError as exc:
            err.print(f"[bold red]error:[/] {exc}", markup=True, highlight=False, soft_wrap=True)
            raise typer.Exit(1) from None
    return wrapper


def emit(df: pd.DataFrame, fmt: Format, columns: list[str], title: str | None = None) -> None:
    """Render a result frame as a table, JSON records or CSV."""
    df = df[[c for c in columns if c in df.columns]]
    if fmt is Format.json:
        out.out(df.to_json(orient="records", date_format="iso", force_ascii=False, indent=2),
                highlight=False)
    elif fmt is Format.csv:
        sys.stdout.write(df.to_csv(index=False))
    else:
        # light rules: readable in a terminal, and small when pasted into an issue or a log
        table = Table(title=title, box=box.SIMPLE_HEAD, header_style="bold", title_justify="left")
        for c in df.columns:
            table.add_column(c, overflow="fold")
        for row in df.itertuples(index=False):
            table.add_row(*["" if pd.isna(v) else str(v) for v in row])
        with out.capture() as captured:
            out.print(table)
        # rich pads every line to the console width; trailing blanks only bloat logs and pastes
        sys.stdout.write("\n".join(line.rstrip() for line in captured.get().splitlines()) + "\n")


def _progress():
    """A rich progress bar as a library progress callback, shown only on a terminal."""
    bar = Progress(console=err, transient=True, disable=not sys.stderr.isatty())
    tasks: dict[str, int] = {}

    def update(stage: str, done: int, total: int) -> None:
        if stage not in tasks:
            tasks[stage] = bar.add_task(stage, total=total)
        bar.update(tasks[stage], completed=done)
    return bar, update


def report(data: dict, fmt: Format, sentence: str) -> None:
    """Print a command's summary as a sentence, JSON or one CSV row."""
    if fmt is Format.json:
        out.out(json.dumps(data, ensure_ascii=False), highlight=False)
    elif fmt is Format.csv:
        sys.stdout.write(pd.DataFrame([data]).to_csv(index=False))
    else:
        out.print(sentence, highlight=False)


@app.command()
@handles_errors
def init(db: DbOpt = None, empty: Annotated[bool, typer.Option(help="Create the tables only")] = False,
         as_json: JsonOpt = False, as_csv: CsvOpt = False):
    """Create the store and load the bundled Japan AI-hub dataset (safe to re-run)."""
    store = _store(db)
    bar, update = _progress()
    with bar:
        added = store.init(bundled=not empty, progress=update)
    counts = store.counts()
    report({"url": store.url, **counts, "added_observations": added.get("observations", 0),
            "added_revisions": added.get("revisions", 0)}, _fmt(as_json, as_csv),
           f"store {store.url}: {counts['entities']} entities, {counts['indicators']} indicators, "
           f"{counts['sources']} sources, {counts['observations']} observations, "
           f"{counts['revisions']} revisions (+{added.get('observations', 0)} observations, "
           f"+{added.get('revisions', 0)} revisions)")


PROFILE_COLUMNS = ["pillar", "indicator", "indicator_name", "display_std", "display_unit", "period",
                   "display", "unit", "publisher", "status", "conflict"]


@app.command()
@handles_errors
def show(entity: str, peers: Annotated[str | None, typer.Option(help="Comma-separated peers")] = None,
         db: DbOpt = None, as_json: JsonOpt = False, as_csv: CsvOpt = False, lang: LangOpt = "en"):
    """An entity's profile: every indicator's latest figure, by pillar, with its peers beside it."""
    store = _store(db)
    df = store.profile(entity, peers.split(",") if peers else None)
    fmt = _fmt(as_json, as_csv)
    peer_cols = [c for c in df.columns if c.startswith("peer:")]
    if fmt is not Format.table:
        return emit(df, fmt, PROFILE_COLUMNS + ["value", "lower", "upper", "value_text", "source",
                                                "url", "vintage", "note"] + peer_cols)
    ja = lang == "ja"
    if ja:
        df = df.assign(indicator_name=df["indicator_name_ja"].fillna(df["indicator_name"]))
    eid = df["entity"].iloc[0] if len(df) else entity
    name = store.catalog.entities.get(eid)
    entity_name = (name.name_ja if ja and name.name_ja else name.name_en) if name else eid
    for pillar, part in df.groupby("pillar", sort=False):
        p = store.catalog.pillars.get(pillar)
        title = (p.name_ja if ja else p.name_en) if p else pillar
        part = part.assign(
            status=part["status"] + part["conflict"].map({True: " ⚠ sources differ", False: ""}),
            shown_unit=part["display_unit"].map(pretty_unit),
            publisher=part["publisher"].str.slice(0, 40))
        part = part.drop(columns=["value", "indicator", "unit"]).rename(
            columns={"indicator_name": "indicator", "display_std": "value", "shown_unit": "unit"}
            | {c: c.removeprefix("peer:") for c in peer_cols})
        emit(part, fmt, ["indicator", "value", "unit", "period", "publisher", "status",
                         *[c.removeprefix("peer:") for c in peer_cols]],
             title=f"{entity_name} · {title}")
    return None


COMPARE_COLUMNS = ["entity", "indicator", "period", "display", "unit", "value_std", "indicator_unit",
                   "source", "publisher", "vintage", "status", "alternatives", "note"]


@app.command()
@handles_errors
def compare(entities: Annotated[list[str], typer.Argument(help="Entity ids or names")],
            indicator: Annotated[list[str], typer.Option("--indicator", "-i", help="Repeat for several")],
            period: Annotated[list[str] | None,
                              typer.Option("--period", "-p", help="Repeat for several")] = None,
            latest: Annotated[bool, typer.Option("--latest", help="Latest period only")] = False,
            db: DbOpt = None, as_json: JsonOpt = False, as_csv: CsvOpt = False):
    """Compare entities on one or more indicators: one preferred figure per cell, sources kept."""
    store = _store(db)
    df = store.compare(entities, indicator, period or (), latest=latest)
    fmt = _fmt(as_json, as_csv)
    if fmt is Format.table:
        return _compare_table(df, store)
    return emit(df, fmt, COMPARE_COLUMNS + ["value", "lower", "upper", "qualifier", "url"])


def _compare_table(df: pd.DataFrame, store: Store) -> None:
    if df.empty:
        out.print("no figures match")
        return
    for note in df.attrs.get("notes", []):
        err.print(f"[yellow]note:[/] {note}", highlight=False)
    for ind, part in df.groupby("indicator", sort=False):
        meta = store.catalog.indicators.get(ind)
        part = part.assign(
            value=part["display"],
            **{"in indicator unit": part["value_std"].map(lambda v: "" if pd.isna(v) else f"{v:,.4g}")},
            source=part["publisher"] + part["vintage"].map(lambda v: "" if pd.isna(v) else f" ({v})"),
            others=part["alternatives"].map(lambda n: f"+{n} other source(s)" if n else ""))
        part = part.assign(unit=part["unit"].map(pretty_unit))
        emit(part, Format.table, ["entity", "period", "value", "unit", "in indicator unit", "source",
                                  "status", "others"],
             title=f"{meta.name_en if meta else ind} [{part['indicator_unit'].iloc[0]}]")


HISTORY_COLUMNS = ["period", "source", "revision", "display", "unit", "vintage", "status",
                   "revised_at", "author", "reason"]


@app.command()
@handles_errors
def history(entity: str, indicator: str,
            period: Annotated[str | None, typer.Option("--period", "-p")] = None,
            source: Annotated[str | None, typer.Option("--source", "-s")] = None,
            db: DbOpt = None, as_json: JsonOpt = False, as_csv: CsvOpt = False):
    """Every revision of a figure: value, source, when, who and why."""
    df = _store(db).history(entity, indicator, period, source)
    emit(df, _fmt(as_json, as_csv), HISTORY_COLUMNS + ["value", "url", "note"],
         title=f"History of {indicator} for {entity}")


@app.command()
@handles_errors
def sources(db: DbOpt = None, as_json: JsonOpt = False, as_csv: CsvOpt = False):
    """Every source, with how many figures cite it."""
    df = _store(db).sources()
    emit(df, _fmt(as_json, as_csv), ["id", "figures", "publisher", "title", "url", "licence", "note"],
         title="Sources")


@app.command("import")
@handles_errors
def import_(package: Annotated[Path, typer.Argument(help="Directory or datapackage.json")],
            db: DbOpt = None, author: Annotated[str, typer.Option()] = "cli",
            as_json: JsonOpt = False, as_csv: CsvOpt = False):
    """Import a Frictionless data package: all of it, or nothing if any row is wrong."""
    from .datapackage import import_package
    store = _store(db)
    bar, update = _progress()
    try:
        with bar:
            summary = import_package(store, package, author=author, progress=update)
    except PackageError as exc:
        err.print(f"[bold red]error:[/] cannot import {package}: {exc}", highlight=False)
        raise typer.Exit(1) from None
    report(summary, _fmt(as_json, as_csv),
           f"imported {package}: {summary['observations']} new observations, "
           f"{summary['revisions']} revisions, {summary['unchanged']} unchanged, "
           f"{summary['sources']} new sources")


@app.command()
@handles_errors
def export(directory: Path, db: DbOpt = None, as_json: JsonOpt = False, as_csv: CsvOpt = False):
    """Export the whole store, history included, as a Frictionless data package."""
    from .datapackage import export_package
    store = _store(db)
    path = export_package(store, directory)
    report({"path": str(path / "datapackage.json"), **store.counts()}, _fmt(as_json, as_csv),
           f"exported to {path}/datapackage.json")


@app.command()
@handles_errors
def info(db: DbOpt = None, as_json: JsonOpt = False, as_csv: CsvOpt = False):
    """The store's location, schema version and counts."""
    store = _store(db)
    data = {"url": store.url, "schema": store.schema_version(), "version": __version__,
            **store.counts()}
    report(data, _fmt(as_json, as_csv), "\n".join(f"{k}: {v}" for k, v in data.items()))


if __name__ == "__main__":  # pragma: no cover
    app()
