"""Metrics commands: explain, convert, scenario match/target, project."""

from __future__ import annotations

from typing import Annotated

import typer

from ..model import _num
from ..units import pretty_unit
from .app import CsvOpt, DbOpt, Format, JsonOpt, _fmt, _progress, _store, app, emit, handles_errors, out, report

scenario_app = typer.Typer(help="Scenarios that show their arithmetic.", no_args_is_help=True)
app.add_typer(scenario_app, name="scenario")


@app.command()
@handles_errors
def explain(
    entity: str, indicator: str, period: str, db: DbOpt = None, as_json: JsonOpt = False, as_csv: CsvOpt = False
):
    """How a derived figure was made: inputs, their sources, the formula and the rates."""
    from ..metrics import explain as explain_figure

    d = explain_figure(_store(db), entity, indicator, period)
    fmt = _fmt(as_json, as_csv)
    if fmt is Format.table:
        out.out(d.explain(), highlight=False)
    else:
        report(d.row(), fmt, "")


@app.command()
@handles_errors
def convert(
    entity: str,
    indicator: str,
    period: str,
    to: Annotated[str, typer.Option("--to", help="Currency code, e.g. USD, EUR, JPY")] = "USD",
    ppp: Annotated[bool, typer.Option("--ppp", help="At PPP (international dollars)")] = False,
    rate_period: Annotated[str | None, typer.Option(help="Use this period's rate instead")] = None,
    db: DbOpt = None,
    as_json: JsonOpt = False,
    as_csv: CsvOpt = False,
):
    """Convert a stored money figure to another currency at its own period's rate."""
    from ..metrics import compare
    from ..metrics import convert as convert_money
    from ..metrics.money import MARKET, PPP

    store = _store(db)
    found = compare([entity], [indicator], [period], store=store)
    if not found:
        raise typer.BadParameter(f"no {indicator} figure for {entity} in {period}")
    fig = found[0]
    row = {**fig.record(), "display": fig.display(std=False)}
    c = convert_money(
        store,
        float(row["value"]),
        row["unit"],
        to.upper(),
        period,
        PPP if ppp else MARKET,
        entity=row["entity"],
        rate_period=rate_period,
    )
    data = {
        "entity": row["entity"],
        "indicator": indicator,
        "period": period,
        "value": float(row["value"]),
        "unit": row["unit"],
        "converted": c.value,
        "converted_unit": c.unit,
        "formula": c.formula,
        "rates": " | ".join(r.describe() for r in c.rates),
        "note": c.note,
        "source": row["publisher"],
        "status": row["status"],
    }
    report(
        data,
        _fmt(as_json, as_csv),
        f"{row['entity']} {indicator} {period}: {row['display']} "
        f"({row['publisher']}, {row['status']})\n= {_num(c.value)} {pretty_unit(c.unit)}\n"
        f"  {c.formula}\n"
        + "".join(f"  rate: {r.describe()}\n" for r in c.rates)
        + (f"  note: {c.note}\n" if c.note else ""),
    )


def _scenario_out(s, fmt: Format) -> None:
    if fmt is Format.table:
        out.out(s.explain(), highlight=False)
    else:
        emit(s.table, fmt, list(s.table.columns))


@scenario_app.command("match")
@handles_errors
def scenario_match(
    entity: str,
    peer: Annotated[str, typer.Option("--peer")],
    indicator: Annotated[str, typer.Option("--indicator", "-i")],
    amount: Annotated[
        str | None,
        typer.Option(
            help="Indicator holding the entity's money amount (e.g. vc_fund_investment); "
            "its share of GDP is computed from the store"
        ),
    ] = None,
    value: Annotated[float | None, typer.Option(help="A stated amount instead")] = None,
    unit: Annotated[str, typer.Option(help="Unit of --value")] = "billion * JPY",
    period: Annotated[str | None, typer.Option(help="Period of --value")] = None,
    peer_period: Annotated[str | None, typer.Option()] = None,
    db: DbOpt = None,
    as_json: JsonOpt = False,
    as_csv: CsvOpt = False,
):
    """What would ENTITY's amount be at the peer's ratio (a share of GDP)?"""
    from ..metrics import match

    stated = None
    if value is not None:
        if not period:
            raise typer.BadParameter("--value needs --period")
        stated = (value, unit, period)
    s = match(_store(db), entity, peer, indicator, amount=amount, peer_period=peer_period, amount_value=stated)
    _scenario_out(s, _fmt(as_json, as_csv))


@scenario_app.command("target")
@handles_errors
def scenario_target(
    entity: str,
    indicator: Annotated[str, typer.Option("--indicator", "-i")],
    value: Annotated[float, typer.Option(help="Target value")],
    by: Annotated[str, typer.Option(help="Target period, e.g. FY2027")],
    unit: Annotated[str | None, typer.Option(help="Unit of the target")] = None,
    db: DbOpt = None,
    as_json: JsonOpt = False,
    as_csv: CsvOpt = False,
):
    """The growth rate needed to reach a target value by a period."""
    from ..metrics import target

    store = _store(db)
    s = target(store, entity, indicator, value, unit or store.catalog.indicator(indicator).unit, by)
    _scenario_out(s, _fmt(as_json, as_csv))


@app.command("project")
@handles_errors
def project_cmd(
    entity: str,
    indicator: str,
    to: Annotated[int, typer.Option("--to", help="Last year")],
    save: Annotated[bool, typer.Option(help="Store the projection (method: projection)")] = False,
    db: DbOpt = None,
    as_json: JsonOpt = False,
    as_csv: CsvOpt = False,
):
    """Extrapolate a yearly series (CAGR, with a band from past growth); labelled a projection."""
    import pandas as pd

    from ..metrics import project

    obs = project(_store(db), entity, indicator, to, save=save)
    from ..figures import amount

    fmt = _fmt(as_json, as_csv)
    table = fmt is Format.table  # a table shows numbers as people read them; JSON and CSV keep them whole
    df = pd.DataFrame(
        [
            {
                "entity": o.entity,
                "indicator": o.indicator,
                "period": o.period.text,
                **{
                    k: amount(v, o.unit) if table else v
                    for k, v in (("value", o.value), ("low", o.lower), ("high", o.upper))
                },
                "unit": o.unit,
                "method": o.provenance.method,
                "basis": o.provenance.source.note,
            }
            for o in obs
        ]
    )
    columns = [c for c in df.columns if not (fmt is Format.table and c == "unit")]
    emit(df, fmt, columns, title=f"Projection (not data): {indicator} for {entity}")


@app.command()
@handles_errors
def check(
    file: Annotated[str, typer.Argument(help="Text, Markdown, HTML or PDF file; - for standard input")],
    html: Annotated[str | None, typer.Option("--html", help="Also write the highlighted document here")] = None,
    lang: Annotated[str, typer.Option("--lang", help="Language of the reasons: en or ja")] = "en",
    db: DbOpt = None,
    as_json: JsonOpt = False,
    as_csv: CsvOpt = False,
):
    """Check every numeric claim in a report against the store, with evidence."""
    import json
    import sys
    from pathlib import Path

    import pandas as pd

    from ..claims import check as check_claims
    from ..claims import read_document, read_stream
    from ..claims.html import to_html

    if lang not in ("en", "ja"):
        raise typer.BadParameter(f"--lang {lang!r}: expected en or ja")
    doc = read_stream(sys.stdin.buffer) if file == "-" else read_document(file)
    report = check_claims(_store(db), doc)
    if html:
        Path(html).write_text(to_html(report, lang), encoding="utf-8")
    fmt = _fmt(as_json, as_csv)
    if fmt is Format.json:
        out.out(json.dumps(report.to_dict(lang), ensure_ascii=False, indent=2, default=str), highlight=False)
        return
    rows = pd.DataFrame(
        [
            {
                "id": v.claim.id,
                "claim": v.claim.span,
                "entity": v.claim.entity,
                "indicator": v.indicator,
                "period": (v.claim.period or "") + (" (inferred)" if v.claim.period_inferred else ""),
                "verdict": v.verdict,
                "confidence": v.confidence,
                "reason": v.reason_in(lang),
                "arithmetic": v.arithmetic,
            }
            for v in report.verdicts
        ]
    )
    if not len(rows):
        out.print(f"{doc.name}: no numeric claims found", highlight=False)
        return
    if fmt is Format.csv:
        return emit(rows, fmt, list(rows.columns))
    emit(
        rows,
        fmt,
        ["id", "claim", "entity", "indicator", "period", "verdict", "confidence", "reason"],
        title=f"Claims in {doc.name}",
    )
    counts = ", ".join(f"{k} {n}" for k, n in report.counts.items() if n)
    out.print(f"{len(rows)} claims: {counts}", highlight=False)
    out.print(
        "worth a look first: "
        + "; ".join(f"{v.claim.id} '{v.claim.span}' ({v.verdict})" for v in report.worth_a_look()),
        highlight=False,
    )


@app.command()
@handles_errors
def render(
    report: Annotated[str | None, typer.Argument(help="Markdown report; default: the bundled one")] = None,
    html: Annotated[str | None, typer.Option("--html", help="Write one self-contained HTML file")] = None,
    pdf: Annotated[str | None, typer.Option("--pdf", help="Write a paginated PDF")] = None,
    lang: Annotated[str, typer.Option("--lang", help="en or ja")] = "en",
    changes: Annotated[bool, typer.Option("--changes", help="List what changed since the last render")] = False,
    max_age: Annotated[float, typer.Option(help="Flag figures older than this many years")] = 3.0,
    db: DbOpt = None,
    as_json: JsonOpt = False,
    as_csv: CsvOpt = False,
):
    """Render a report whose figures, tables and charts are bound to the store."""
    import pandas as pd

    from ..report import render as render_report

    if not html and not pdf:
        html = "japan-ai-hub.html" if lang == "en" else "japan-ai-hub.ja.html"
    store = _store(db)
    bar, update = _progress()  # on stderr, and only on a terminal: never mixed into --json/--csv
    with bar:
        r = render_report(report, html=html, pdf=pdf, store=store, lang=lang, max_age_years=max_age, progress=update)
    written = ", ".join(str(p) for p in (r.html, r.pdf) if p)
    stale = sum(1 for m in r.manifest if m.stale)
    fmt = _fmt(as_json, as_csv)
    if changes or fmt is not Format.table:
        df = pd.DataFrame(r.changes, columns=["entity", "indicator", "old", "new", "why", "key"])
        if fmt is Format.table:
            out.print(f"wrote {written}", highlight=False)
            if df.empty:
                out.print("no figure changed since the last render", highlight=False)
            return emit(df, fmt, ["entity", "indicator", "old", "new", "why"], title="What changed")
        return emit(df, fmt, list(df.columns))
    out.print(
        f"wrote {written}: {len(r.manifest)} bound values, {r.charts} charts, {r.citations} sources cited"
        + (f", {stale} flagged as older than {max_age:g} years" if stale else "")
        + (f", {len(r.changes)} changed since the last render" if r.changes else ""),
        highlight=False,
    )


@app.command("index")
@handles_errors
def index_cmd(
    framework: Annotated[str | None, typer.Option(help="Framework YAML (default: bundled)")] = None,
    normalisation: Annotated[str, typer.Option(help="minmax, zscore, rank or frontier")] = "minmax",
    aggregation: Annotated[str, typer.Option(help="arithmetic or geometric")] = "arithmetic",
    imputation: Annotated[str, typer.Option(help="mean, median or none")] = "mean",
    weights: Annotated[str | None, typer.Option(help="Pillar weights, e.g. capital=2,adoption=0.5")] = None,
    draws: Annotated[int, typer.Option(help="Monte Carlo draws")] = 2000,
    seed: Annotated[int, typer.Option(help="Random seed (results are reproducible)")] = 0,
    focus: Annotated[str, typer.Option(help="Entity whose rank drivers are listed")] = "JPN",
    what_if: Annotated[
        list[str] | None, typer.Option("--what-if", help="ENTITY:INDICATOR=VALUE, e.g. JPN:vc_investment_pct_gdp=0.78")
    ] = None,
    chart: Annotated[str | None, typer.Option(help="Write ranks with intervals: .svg, .png or .json")] = None,
    cells: Annotated[
        bool, typer.Option("--cells", help="List every cell: value, period and where it came from")
    ] = False,
    db: DbOpt = None,
    as_json: JsonOpt = False,
    as_csv: CsvOpt = False,
):
    """The AI-hub index: scores, ranks with 5-95% intervals, pillar scores, rank drivers, and where
    each cell came from (verified, estimate, imputed, not applicable, missing)."""
    from ..index import run_index

    pw = _pairs(weights) if weights else None
    changes = []
    for w in what_if or []:
        try:
            left, value = w.split("=")
            entity, indicator = left.split(":")
            changes.append((entity, indicator, float(value)))
        except ValueError:
            raise typer.BadParameter(f"--what-if {w!r}: expected ENTITY:INDICATOR=NUMBER") from None
    store = _store(db)
    bar, update = _progress()
    with bar:
        run = run_index(
            store, framework, normalisation, aggregation, imputation, pw, draws, seed, focus=focus,
            what_if=changes, progress=update,
        )
    if chart:
        _index_chart(run, chart)
    fmt = _fmt(as_json, as_csv)
    table = run.cells if cells else run.what_if if run.what_if is not None else run.table
    if fmt is not Format.table:
        return emit(table, fmt, list(table.columns))
    counts = [c for c in run.table.columns if c.startswith("cells:")]
    where = [
        ", ".join(f"{n} {c[6:].replace('_', ' ')}" for c, n in zip(counts, row, strict=True) if n)
        for row in run.table[counts].itertuples(index=False)
    ]
    emit(
        run.table.assign(
            interval=[f"{a:.0f}–{b:.0f}" for a, b in zip(run.table["rank_p05"], run.table["rank_p95"], strict=True)],
            cells=where,
        ),
        fmt,
        [
            "rank",
            "entity",
            "score",
            "median_rank",
            "interval",
            *[c for c in run.table.columns if c.startswith("pillar:")],
            "cells",
        ],
        title=f"{run.framework.name}: rank with 5–95% interval over {draws} Monte Carlo draws ({normalisation}, "
        f"{aggregation}, {imputation} imputation)",
    )
    if cells:
        emit(
            run.cells.assign(value=run.cells["value"].map(lambda v: "" if v != v or v is None else f"{v:.4g}")).fillna(
                ""
            ),
            fmt,
            list(run.cells.columns),
            title="Where each cell came from",
        )
    if run.matrix.screened:
        out.print("Screened out (coverage below the framework's threshold):", highlight=False)
        for line in run.matrix.excluded:
            out.print(f"  - {line}", highlight=False)
    if len(run.drivers):
        emit(
            run.drivers.assign(share_of_variance=run.drivers["share_of_variance"].map("{:.0%}".format)),
            fmt,
            ["driver", "share_of_variance"],
            title=f"What moves {focus}'s rank most",
        )
    if run.what_if is not None:
        emit(run.what_if, fmt, list(run.what_if.columns), title="What if: " + ", ".join(what_if or []))
    for note in run.notes[len(run.matrix.excluded) :]:  # the screening was listed above
        out.print(f"note: {note}", highlight=False)


def _pairs(text: str) -> dict:
    out = {}
    for part in text.split(","):
        key, _, value = part.partition("=")
        try:
            out[key.strip()] = float(value)
        except ValueError:
            raise typer.BadParameter(f"weight {part!r}: expected PILLAR=NUMBER") from None
    return out


def _index_chart(run, path: str) -> None:
    import altair as alt

    from ..metrics.chart import save_chart

    t = run.table.assign(label=run.table["entity"])
    base = alt.Chart(t).encode(y=alt.Y("label:N", sort=alt.EncodingSortField("rank"), title=None))
    chart = (
        base.mark_rule(strokeWidth=2).encode(x=alt.X("rank_p05:Q", title="rank (1 = best)"), x2="rank_p95:Q")
        + base.mark_point(filled=True, size=90, color="#c0392b").encode(x="rank:Q")
    ).properties(title=f"{run.framework.name}: nominal rank and 5-95% interval", width=420)
    save_chart(chart, path)
