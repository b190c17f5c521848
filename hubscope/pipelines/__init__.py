"""Record-level pipelines: indicators computed from records, defined once in ibis, run on DuckDB or Spark.

The interface (stable; other pipelines build on it):

- ``registry.Pipeline(name, version, title, dataset, compute, indicators, needs_store)``: a pipeline.
  ``compute(ctx: Context) -> Computed`` builds ibis expressions on ``ctx.con`` (any ibis backend),
  reads ``ctx.input`` (a path or URI; None = the pipeline's bundled default) and, if
  ``needs_store``, figures such as population from ``ctx.store``. Modules call ``register(p)``
  at import; ``registry._load_builtin`` imports ``github_collaboration`` and ``openalex``.
- ``registry.Result(entity, indicator, period, value, unit, records, text=, rank_of=, note=)``:
  one computed figure as a typed record; engines are compared on lists of these.
- ``registry.Computed(results, input: InputSnapshot, records={file: n}, skipped={reason: n})``.
- ``provenance.InputSnapshot(dataset, uri, snapshot, date, sha256, publisher, url, licence)``:
  the input's edition; its ``vintage`` is stored with every figure, so a new snapshot revises.
  Helpers: ``sha256_file``, ``sha256_files``, ``check_snapshot_json``.
- ``engine.connect("duckdb" | "spark", spark_master=None)``: an ibis backend; Spark uses
  ``spark_master``, else ``SPARK_REMOTE``, else ``local[2]``; pyspark is imported lazily and a
  missing one is ``PipelineError("Spark engine needs: pip install 'hubscope[spark]'")``.
- ``run.compute(name, engine, input, store, con=None)`` -> ``Computed`` (writes nothing) and
  ``run.run(name, store, engine, input, dry_run, con=None)`` -> ``RunReport`` (observations with
  provenance, written in one transaction; re-running on the same input changes nothing).

Every error a user can cause is a ``PipelineError`` (hubscope.errors) naming file, line and field.
"""

from .engine import ENGINES, connect
from .provenance import InputSnapshot
from .registry import Computed, Context, Pipeline, Result, get, pipelines, register
from .run import RunReport, compute, run

__all__ = [
    "ENGINES",
    "Computed",
    "Context",
    "InputSnapshot",
    "Pipeline",
    "Result",
    "RunReport",
    "compute",
    "connect",
    "get",
    "pipelines",
    "register",
    "run",
]
