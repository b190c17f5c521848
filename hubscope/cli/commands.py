"""Store commands: init, show, compare, history, sources, import, export, info."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import pandas as pd
import typer

from .. import __version__
from ..errors import PackageError
from ..model import _num
from ..store import Store
from ..units import pretty_unit
from .app import (
    CsvOpt,
    DbOpt,
    Format,
    JsonOpt,
    LangOpt,
    _fmt,
    _progress,
    _store,
    app,
    emit,
    err,
    handles_errors,
    out,
    report,
)


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
    report({"url": store.public_url, **counts, "added_observations": added.get("observations", 0),
            "added_revisions": added.get("revisions", 0)}, _fmt(as_json, as_csv),
           f"store {store.public_url}: {counts['entities']} entities, {counts['indicators']} indicators, "
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
        p = store.catalog.pillars.get(str(pillar))
        title = (p.name_ja if ja else p.name_en) if p else str(pillar)
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
            peers: Annotated[str | None, typer.Option(
                help="Comma-separated peers: rank, ratio and gap of ENTITY to each and to their median")] = None,
            chart: Annotated[Path | None, typer.Option(
                help="Also draw it: .svg, .png or .json (Vega-Lite); one file per indicator")] = None,
            db: DbOpt = None, as_json: JsonOpt = False, as_csv: CsvOpt = False):
    """Compare entities on reported or derived indicators: one preferred figure per cell, sources kept."""
    from ..metrics import compare_peers, figures
    store = _store(db)
    fmt = _fmt(as_json, as_csv)
    if peers:
        if len(entities) != 1:
            raise typer.BadParameter("with --peers, give exactly one entity to compare with them")
        df = compare_peers(store, entities[0], peers.split(","), indicator, period or ())
        focus = store.resolve(entities)[0][0]
        _charts(df, chart, focus, "value_cmp")
        if fmt is not Format.table:
            return emit(df, fmt, PEER_COLUMNS)
        return _peer_table(df, store)
    df = figures(store, entities, indicator, period or (), latest)
    _charts(df.assign(cmp_unit=df["display_unit"]), chart, None, "value_std")
    if fmt is Format.table:
        return _compare_table(df, store)
    return emit(df, fmt, COMPARE_COLUMNS + ["value", "lower", "upper", "qualifier", "url", "formula", "inputs"])


PEER_COLUMNS = ["indicator", "entity", "period", "value_cmp", "cmp_unit", "rank", "ranked", "ratio", "gap",
                "status", "publisher", "rate_used", "method", "url"]


def _charts(df: pd.DataFrame, path: Path | None, focus: str | None, value: str) -> None:
    if path is None:
        return
    from ..metrics.chart import comparison_chart, save_chart
    inds = list(dict.fromkeys(df["indicator"]))
    for ind in inds:
        target = path if len(inds) == 1 else path.with_name(f"{path.stem}-{ind}{path.suffix}")
        save_chart(comparison_chart(df, ind, _indicator_name(ind), highlight=focus, value=value), target)
        err.print(f"chart written to {target}", highlight=False)


def _indicator_name(ind: str) -> str:
    from ..catalog import load_catalog
    from ..metrics import derived_catalog
    meta = load_catalog().indicators.get(ind) or derived_catalog().get(ind)
    return meta.name_en if meta else ind


def _peer_table(df: pd.DataFrame, store: Store) -> None:
    for note in df.attrs.get("notes", []):
        err.print(f"[yellow]note:[/] {note}", highlight=False)
    def fmt_num(v):
        return "" if v is None or pd.isna(v) else _num(float(v))
    for ind, part in df.groupby("indicator", sort=False):
        unit = pretty_unit(part["cmp_unit"].iloc[0])
        part = part.assign(value=part["value_cmp"].map(fmt_num), ratio=part["ratio"].map(
            lambda v: "" if v is None or pd.isna(v) else f"{v:.2f}×"),
            gap=part["gap"].map(fmt_num),
            rank=[f"{int(r)} of {int(n)}" if not pd.isna(r) else "" for r, n in zip(part["rank"], part["ranked"],
                                                                                   strict=True)])
        emit(part, Format.table, ["entity", "period", "value", "rank", "ratio", "gap", "status", "publisher"],
             title=f"{ind} [{unit}]: ratio and gap are the first entity's value to / minus each row's")


def _compare_table(df: pd.DataFrame, store: Store) -> None:
    if df.empty:
        out.print("no figures match")
        return
    for note in df.attrs.get("notes", []):
        err.print(f"[yellow]note:[/] {note}", highlight=False)
    for ind, part in df.groupby("indicator", sort=False):
        meta = store.catalog.indicators.get(str(ind))
        part = part.assign(
            value=part["display"],
            **{"in indicator unit": part["value_std"].map(lambda v: "" if pd.isna(v) else f"{v:,.4g}")},
            source=part["publisher"] + part["vintage"].map(lambda v: "" if pd.isna(v) else f" ({v})"),
            others=part["alternatives"].map(lambda n: f"+{int(n)} other source(s)" if n and not pd.isna(n) else ""))
        part = part.assign(unit=part["unit"].map(pretty_unit))
        emit(part, Format.table, ["entity", "period", "value", "unit", "in indicator unit", "source",
                                  "status", "method", "others"],
             title=f"{meta.name_en if meta else str(ind)} [{pretty_unit(part['display_unit'].iloc[0])}]")


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
    from ..datapackage import import_package
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
    from ..datapackage import export_package
    store = _store(db)
    path = export_package(store, directory)
    report({"path": str(path / "datapackage.json"), **store.counts()}, _fmt(as_json, as_csv),
           f"exported to {path}/datapackage.json")


@app.command()
@handles_errors
def info(db: DbOpt = None, as_json: JsonOpt = False, as_csv: CsvOpt = False):
    """The store's location, schema version and counts."""
    store = _store(db)
    data = {"url": store.public_url, "schema": store.schema_version(), "version": __version__,
            **store.counts()}
    report(data, _fmt(as_json, as_csv), "\n".join(f"{k}: {v}" for k, v in data.items()))




@app.command()
@handles_errors
def serve(host: Annotated[str, typer.Option(help="Interface to listen on")] = "127.0.0.1",
          port: Annotated[int, typer.Option(help="Port")] = 8000,
          workers: Annotated[int, typer.Option(help="Worker processes (one per core)")] = 1, db: DbOpt = None):
    """Serve the web observatory and JSON API (uvicorn)."""
    import os

    import uvicorn

    from ..web import create_app

    store = _store(db)
    store.require_initialised()
    store.migrate()  # a store made by an earlier release is upgraded in place before serving
    out.print(f"hubscope observatory on http://{host}:{port}/ (store {store.public_url})", highlight=False)
    if workers > 1:  # each worker process builds its own app (and cache) over the same store
        os.environ["HUBSCOPE_DB"] = store.url
        uvicorn.run("hubscope.web.app:create_app", factory=True, host=host, port=port, workers=workers,
                    log_level="warning")
    else:
        uvicorn.run(create_app(store), host=host, port=port, log_level="warning")
