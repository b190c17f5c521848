"""Store commands: init, show, compare, history, sources, import, export, info."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.markup import escape

from .. import __version__
from ..errors import PackageError
from ..figures import Figure, FigureSet, amount
from ..figures.display import difference, unit_label
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

if TYPE_CHECKING:  # loaded by the commands that open a store, not by --help
    import pandas as pd

    from ..store import Store


@app.command()
@handles_errors
def init(
    db: DbOpt = None,
    empty: Annotated[bool, typer.Option(help="Create the tables only")] = False,
    as_json: JsonOpt = False,
    as_csv: CsvOpt = False,
):
    """Create the store and load the bundled Japan AI-hub dataset (safe to re-run)."""
    store = _store(db)
    bar, update = _progress()
    with bar:
        added = store.init(bundled=not empty, progress=update)
    counts = store.counts()
    report(
        {
            "url": store.public_url,
            **counts,
            "added_observations": added.get("observations", 0),
            "added_revisions": added.get("revisions", 0),
        },
        _fmt(as_json, as_csv),
        f"store {store.public_url}: {counts['entities']} entities, {counts['indicators']} indicators, "
        f"{counts['sources']} sources, {counts['observations']} observations, "
        f"{counts['revisions']} revisions (+{added.get('observations', 0)} observations, "
        f"+{added.get('revisions', 0)} revisions)",
    )


def _label(store: Store, kind: str, key: str, lang: str) -> str:
    """The English or Japanese name of an entity, indicator or pillar (its id if unknown)."""
    from ..metrics import derived_catalog

    tables: dict[str, dict[str, Any]] = {
        "entity": store.catalog.entities,
        "pillar": store.catalog.pillars,
        "indicator": {**store.catalog.indicators, **derived_catalog()},
    }
    table = tables[kind]
    item = table.get(key)
    if item is None:
        return key
    return (getattr(item, "name_ja", None) if lang == "ja" else None) or item.name_en


def _status(f: Figure, lang: str = "en") -> str:
    return f.provenance.status + (" ⚠ sources differ" if f.flags.conflict else "") + (" (old)" if f.flags.stale else "")


@app.command()
@handles_errors
def show(
    entity: str,
    peers: Annotated[str | None, typer.Option(help="Comma-separated peers")] = None,
    db: DbOpt = None,
    as_json: JsonOpt = False,
    as_csv: CsvOpt = False,
    lang: LangOpt = "en",
):
    """An entity's profile: every indicator's latest figure, by pillar, with its peers beside it."""
    import pandas as pd

    from ..metrics.profile import profile

    store = _store(db)
    prof = profile(entity, peers.split(",") if peers else None, store=store)
    fmt = _fmt(as_json, as_csv)
    rows = []
    for f, theirs in prof.rows():
        rec = {"pillar": store.catalog.indicators[f.indicator].pillar, **f.record(), "display": f.display(lang)}
        for p, g in zip(prof.peers, theirs, strict=True):
            rec[f"peer:{p}"] = g.value_std if g else None
            rec[f"peer:{p}:display"] = g.display(lang) if g else None
            rec[f"peer:{p}:period"] = g.period.text if g else None
        rows.append(rec)
    if fmt is not Format.table:
        return emit(pd.DataFrame(rows), fmt, list(rows[0]) if rows else [])
    title = _label(store, "entity", prof.entity, lang)
    by_pillar: dict[str, list[dict]] = {}
    for (f, theirs), rec in zip(prof.rows(), rows, strict=True):
        by_pillar.setdefault(rec["pillar"], []).append(
            {
                "indicator": _label(store, "indicator", f.indicator, lang),
                "value": f.display(lang),
                "period": f.period.text,
                "publisher": f.source.publisher[:40],
                "status": _status(f),
                **{
                    p: (f"{g.display(lang)} ({g.period.text})" if g else "")
                    for p, g in zip(prof.peers, theirs, strict=True)
                },
            }
        )
    for pillar, part in by_pillar.items():
        emit(
            pd.DataFrame(part),
            fmt,
            ["indicator", "value", "period", "publisher", "status", *prof.peers],
            title=f"{title} · {_label(store, 'pillar', pillar, lang)}",
        )
    return None


@app.command()
@handles_errors
def compare(
    entities: Annotated[list[str], typer.Argument(help="Entity ids or names")],
    indicator: Annotated[list[str], typer.Option("--indicator", "-i", help="Repeat for several")],
    period: Annotated[list[str] | None, typer.Option("--period", "-p", help="Repeat for several")] = None,
    latest: Annotated[bool, typer.Option("--latest", help="Latest period only")] = False,
    mode: Annotated[str, typer.Option(help="absolute, per_capita or pct_gdp")] = "absolute",
    peers: Annotated[
        str | None,
        typer.Option(help="Comma-separated peers: rank, ratio and gap of ENTITY to each and to their median"),
    ] = None,
    chart: Annotated[
        Path | None, typer.Option(help="Also draw it: .svg, .png or .json (Vega-Lite); one file per indicator")
    ] = None,
    db: DbOpt = None,
    as_json: JsonOpt = False,
    as_csv: CsvOpt = False,
    lang: LangOpt = "en",
):
    """Compare entities on reported or derived indicators: one preferred figure per cell, sources kept."""
    import pandas as pd

    from ..metrics import compare as compare_figures

    store = _store(db)
    fmt = _fmt(as_json, as_csv)
    result = compare_figures(
        entities,
        indicator,
        period or (),
        mode,
        peers.split(",") if peers else None,
        store=store,
        latest=latest or not period,
    )
    df = result.frame(lang)
    if peers:
        medians = [{"entity": "peer median", "indicator": m.indicator, **m.record()} for m in result.medians]
        df = pd.concat([df, pd.DataFrame(medians)], ignore_index=True) if medians else df
        _charts(df, chart, result[0].entity if len(result) else None, "value_cmp")
    elif len(df):
        _charts(df.assign(cmp_unit=df["unit_std"]), chart, None, "value_std")
    if fmt is not Format.table:
        return emit(df, fmt, PEER_COLUMNS if peers else COMPARE_COLUMNS)
    for note in result.notes:
        err.print(f"[yellow]note:[/] {escape(note)}", highlight=False)
    if not len(result):
        out.print("no figures match")
        return None
    for ind in result.indicators:
        part = result.where(indicator=ind)
        unit = unit_label(part[0].unit_std or part[0].unit, lang)
        emit(
            pd.DataFrame(_compare_rows(part, lang, bool(peers))),
            fmt,
            [
                "entity",
                "period",
                "value",
                *(["rank", "ratio", "gap"] if peers else []),
                "source",
                "status",
                "method",
                "others",
            ],
            title=f"{_label(store, 'indicator', ind, lang)} [{unit}]"
            + (": ratio and gap are the first entity's value to / minus each row's" if peers else ""),
        )
    return None


def _compare_rows(part: FigureSet, lang: str, peers: bool) -> list[dict]:
    rows = []
    for f in part:
        s = f.standing
        row = {
            "entity": f.entity,
            "period": f.period.text,
            "value": f.display(lang),
            "source": f.source.publisher + (f" ({f.provenance.vintage})" if f.provenance.vintage else ""),
            "status": _status(f),
            "method": f.provenance.method,
            "others": f"+{f.flags.alternatives} other source(s)" if f.flags.alternatives else "",
        }
        if peers and s is not None:
            row |= {
                "value": amount(s.value, s.unit, lang),
                "rank": f"{s.rank} of {s.ranked}" if s.rank else "",
                "ratio": f"{s.ratio:.2f}×" if s.ratio is not None else "",
                "gap": difference(s.gap, s.unit, lang) if s.gap is not None else "",
            }
        rows.append(row)
    m = part.median(part[0].indicator) if peers and len(part) else None
    if m is not None:
        rows.append(
            {
                "entity": "peer median",
                "period": "",
                "value": amount(m.value, m.unit, lang),
                "rank": "",
                "ratio": f"{m.ratio:.2f}×" if m.ratio is not None else "",
                "gap": difference(m.gap, m.unit, lang) if m.gap is not None else "",
                "source": "",
                "status": "",
                "method": "",
                "others": "",
            }
        )
    return rows


COMPARE_COLUMNS = [
    "entity",
    "indicator",
    "period",
    "value",
    "lower",
    "upper",
    "value_text",
    "qualifier",
    "unit",
    "value_std",
    "unit_std",
    "display",
    "source",
    "publisher",
    "url",
    "vintage",
    "method",
    "status",
    "preferred",
    "conflict",
    "stale",
    "alternatives",
    "note",
    "formula",
]
PEER_COLUMNS = [
    "indicator",
    "entity",
    "period",
    "value_cmp",
    "cmp_unit",
    "rank",
    "ranked",
    "ratio",
    "gap",
    "display",
    "status",
    "publisher",
    "rate_used",
    "method",
    "url",
]


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


HISTORY_COLUMNS = [
    "period",
    "source",
    "revision",
    "display",
    "unit",
    "vintage",
    "status",
    "revised_at",
    "author",
    "reason",
]


@app.command()
@handles_errors
def history(
    entity: str,
    indicator: str,
    period: Annotated[str | None, typer.Option("--period", "-p")] = None,
    source: Annotated[str | None, typer.Option("--source", "-s")] = None,
    db: DbOpt = None,
    as_json: JsonOpt = False,
    as_csv: CsvOpt = False,
    lang: LangOpt = "en",
):
    """Every revision of a figure: value, source, when, who and why."""
    import pandas as pd

    hist = _store(db).history(entity, indicator, period, source)
    fmt = _fmt(as_json, as_csv)
    rows = [
        {**f.record(), "display": f.display(lang, std=False), "reason": f.revision.reason if f.revision else None}
        for f in hist
    ]
    if fmt is Format.table:
        rows = [{**r, "revised_at": (r["revised_at"] or "").replace("T", " ")} for r in rows]
    emit(
        pd.DataFrame(rows, columns=[*HISTORY_COLUMNS, "value", "url", "note"]),
        fmt,
        HISTORY_COLUMNS + ([] if fmt is Format.table else ["value", "url", "note"]),
        title=f"History of {indicator} for {entity}",
    )


@app.command()
@handles_errors
def sources(db: DbOpt = None, as_json: JsonOpt = False, as_csv: CsvOpt = False):
    """Every source, with how many figures cite it."""
    import pandas as pd

    rows = [c.record() for c in _store(db).sources()]
    emit(
        pd.DataFrame(rows, columns=["id", "figures", "publisher", "title", "url", "licence", "note"]),
        _fmt(as_json, as_csv),
        ["id", "figures", "publisher", "title", "url", "licence", "note"],
        title="Sources",
    )


@app.command("import")
@handles_errors
def import_(
    package: Annotated[Path, typer.Argument(help="Directory or datapackage.json")],
    db: DbOpt = None,
    author: Annotated[str, typer.Option()] = "cli",
    as_json: JsonOpt = False,
    as_csv: CsvOpt = False,
):
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
    report(
        summary,
        _fmt(as_json, as_csv),
        f"imported {package}: {summary['observations']} new observations, "
        f"{summary['revisions']} revisions, {summary['unchanged']} unchanged, "
        f"{summary['sources']} new sources",
    )


@app.command()
@handles_errors
def export(directory: Path, db: DbOpt = None, as_json: JsonOpt = False, as_csv: CsvOpt = False):
    """Export the whole store, history included, as a Frictionless data package."""
    from ..datapackage import export_package

    store = _store(db)
    path = export_package(store, directory)
    report(
        {"path": str(path / "datapackage.json"), **store.counts()},
        _fmt(as_json, as_csv),
        f"exported to {path}/datapackage.json",
    )


@app.command()
@handles_errors
def info(db: DbOpt = None, as_json: JsonOpt = False, as_csv: CsvOpt = False):
    """The store's location, schema version and counts."""
    store = _store(db)
    data = {"url": store.public_url, "schema": store.schema_version(), "version": __version__, **store.counts()}
    report(data, _fmt(as_json, as_csv), "\n".join(f"{k}: {v}" for k, v in data.items()))


@app.command()
@handles_errors
def serve(
    host: Annotated[str, typer.Option(help="Interface to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port")] = 8000,
    workers: Annotated[int, typer.Option(help="Worker processes (one per core)")] = 1,
    db: DbOpt = None,
):
    """Serve the web observatory and JSON API (uvicorn)."""
    import os

    import uvicorn

    from ..web import create_app
    from ..web.server import options

    store = _store(db)
    store.require_initialised()
    store.migrate()  # a store made by an earlier release is upgraded in place before serving
    out.print(f"hubscope observatory on http://{host}:{port}/ (store {store.public_url})", highlight=False)
    if workers > 1:  # each worker process builds its own app (and cache) over the same store
        os.environ["HUBSCOPE_DB"] = store.url
        uvicorn.run("hubscope.web.app:create_app", **options(factory=True, host=host, port=port, workers=workers))
    else:
        uvicorn.run(create_app(store), **options(host=host, port=port))
