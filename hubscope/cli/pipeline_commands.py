"""`hubscope pipeline list|run`: indicators computed from records, on DuckDB or Spark."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from .app import DbOpt, Format, JsonOpt, _store, app, emit, handles_errors, out

pipeline_app = typer.Typer(help="Record-level pipelines: figures computed from raw records.", no_args_is_help=True)
app.add_typer(pipeline_app, name="pipeline")

SHOWN = 25  # figures listed by a dry run in a terminal; --json gives them all


@pipeline_app.command("list")
@handles_errors
def list_(as_json: JsonOpt = False):
    """List the pipelines: name, version, dataset and the indicators they compute."""
    import pandas as pd

    from ..pipelines import pipelines

    rows: list[dict[str, object]] = [
        {"name": p.name, "version": p.version, "dataset": p.dataset, "title": p.title, "indicators": list(p.indicators)}
        for p in pipelines()
    ]
    if as_json:
        out.out(json.dumps(rows, ensure_ascii=False, indent=2), highlight=False)
        return
    rows = [{**r, "indicators": len(p.indicators)} for r, p in zip(rows, pipelines(), strict=True)]
    emit(pd.DataFrame(rows), Format.table, ["name", "version", "dataset", "indicators", "title"], title="pipelines")


@pipeline_app.command("run")
@handles_errors
def run(
    name: Annotated[str, typer.Argument(help="A pipeline, e.g. github-collaboration")],
    engine: Annotated[str, typer.Option("--engine", help="duckdb (default, embedded) or spark")] = "duckdb",
    input: Annotated[str | None, typer.Option("--input", help="Input path or URI; default: the bundled data")] = None,
    spark_master: Annotated[
        str | None, typer.Option("--spark-master", help="Spark master URL; default $SPARK_REMOTE or local[2]")
    ] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Compute and print the figures; write nothing")] = False,
    db: DbOpt = None,
    as_json: JsonOpt = False,
):
    """Run a pipeline on an engine and write its figures, with provenance, as revisions in the store."""
    import pandas as pd

    from ..figures.display import number
    from ..pipelines import run as run_pipeline

    rep = run_pipeline(name, _store(db), engine, input, dry_run=dry_run, spark_master=spark_master)
    if as_json:
        data = [r.as_dict() for r in rep.results] if dry_run else rep.summary()
        out.out(json.dumps(data, ensure_ascii=False, indent=2), highlight=False)
        return
    if dry_run:
        rows = [
            {**r.as_dict(), "value": r.text if r.value is None else number(r.value), "records": number(r.records)}
            for r in rep.results[:SHOWN]
        ]
        emit(
            pd.DataFrame(rows),
            Format.table,
            ["entity", "indicator", "period", "value", "unit", "records"],
            title=f"{name}: first {len(rows)} of {len(rep.results)} figures (dry run: nothing written)",
        )
    s = rep.summary()
    verb = "would write" if dry_run else f"wrote {s['new']} new, {s['revised']} revised, {s['unchanged']} unchanged of"
    skipped = "; ".join(f"{n} {why}" for why, n in s["skipped"].items())
    out.print(
        f"{name} {s['version']} on {s['engine']}: {verb} {s['figures']} figures from {s['input']} "
        f"(snapshot {s['snapshot']}, sha256 {s['sha256'][:12]}…)" + (f"; not computed: {skipped}" if skipped else ""),
        highlight=False,
        soft_wrap=True,
    )
