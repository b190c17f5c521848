"""Engines: an ibis backend by name. DuckDB is embedded and the default; Spark is an optional extra."""

from __future__ import annotations

import os
from typing import Any

from ..errors import PipelineError

ENGINES = ("duckdb", "spark")
SPARK_MISSING = "Spark engine needs: pip install 'hubscope[spark]'"


def connect(name: str = "duckdb", spark_master: str | None = None) -> Any:
    """An ibis backend: ``duckdb`` (in memory) or ``spark`` (a SparkSession, local[2] unless told otherwise).

    For Spark, ``spark_master`` (a master URL such as ``spark://host:7077``) wins; else
    ``SPARK_REMOTE`` (Spark Connect, ``sc://host:15002``); else ``local[2]``.
    """
    if name == "duckdb":
        import ibis

        return ibis.duckdb.connect()
    if name == "spark":
        return ibis_spark(spark_session(spark_master))
    raise PipelineError(f"unknown engine {name!r}; expected one of {', '.join(ENGINES)}")


def spark_session(master: str | None = None, conf: dict[str, str] | None = None) -> Any:
    """A SparkSession for ``master``, ``SPARK_REMOTE`` or local[2]; pyspark is imported only here.

    ``conf`` adds Spark settings (applied before the session, so JVM options take effect in local mode).
    """
    try:
        from pyspark.sql import SparkSession
    except ModuleNotFoundError:
        raise PipelineError(SPARK_MISSING) from None
    builder = SparkSession.builder.appName("hubscope")
    remote = os.environ.get("SPARK_REMOTE")
    if master:
        builder = builder.master(master)
    elif remote:
        builder = builder.remote(remote)
    else:
        # small shuffles: the default 200 partitions only cost time on one machine
        builder = builder.master("local[2]").config("spark.sql.shuffle.partitions", "4")
    builder = (
        builder.config("spark.sql.session.timeZone", "UTC")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")  # a progress bar per stage floods a CLI's output
    )
    for key, value in (conf or {}).items():
        builder = builder.config(key, value)
    try:
        session = builder.getOrCreate()
        if not remote or master:
            session.sparkContext.setLogLevel("ERROR")
        return session
    except Exception as e:  # Java missing, master unreachable: one line, not a JVM stack
        first = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
        raise PipelineError(f"cannot start Spark ({master or remote or 'local[2]'}): {first}") from None


def ibis_spark(session: Any) -> Any:
    """The ibis pyspark backend over an existing SparkSession."""
    try:
        import ibis

        return ibis.pyspark.connect(session)
    except ModuleNotFoundError:
        raise PipelineError(SPARK_MISSING) from None


def read_csv_text(con: Any, path: str) -> Any:
    """A CSV file with a header as an ibis table whose columns are all strings, on either engine.

    Strings first, cast in ibis after: both engines then parse the same way (no type guessing;
    Namibia's code "NA" stays a code, not a null).
    """
    if con.name == "pyspark":
        return con.read_csv(path, header=True, inferSchema=False)
    return con.read_csv(path, all_varchar=True)


def rows(expr: Any) -> list[dict[str, Any]]:
    """An ibis expression's result as a list of row dicts, on any backend, through Arrow.

    ibis's pyspark backend returns Arrow by way of pandas (toPandas), which under pandas 3 warns on
    every call; on Spark the query runs through Spark 4's own ``toArrow`` instead.
    """
    table = expr.as_table()
    backend = table._find_backend()
    if getattr(backend, "name", "") == "pyspark":
        backend._run_pre_execute_hooks(table)  # registers memtables and UDFs, as ibis's execute does
        return list(backend._session.sql(backend.compile(table)).toArrow().to_pylist())
    return list(table.to_pyarrow().to_pylist())
