"""The engines agree: every registered pipeline, on DuckDB and on Spark local[2], over the same real fixtures.

Like ibis's own backend suite: one parametrised test per pipeline, the same input on each engine,
and the typed results compared for equality (not approximately: the pipelines are written so that
the engines' figures are identical). Spark is skipped only when pyspark is not installed; CI
installs it with the dev extra, and Java with `make sysdeps`.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from hubscope.pipelines import compute, pipelines

# py4j (pyspark's bridge to the JVM) leaves pooled sockets to the garbage collector: in this module only
pytestmark = pytest.mark.filterwarnings("ignore:unclosed <socket.socket:ResourceWarning")

FIXTURES = Path(__file__).parent / "fixtures"
# every pipeline's test input: None is the pipeline's bundled default input
INPUTS = {
    "github-collaboration": None,
    "openalex-ai-research": str(FIXTURES / "openalex" / "snapshot"),
}


# Tiny inputs: what costs time is the JVM's warm-up and per-query planning, not data. One shuffle
# partition; no whole-stage code generation (compiling Java per query costs more than it saves on a few
# thousand rows); no adaptive re-planning; the JVM's quick compiler only and a serial GC (2 shared cores).
FAST_LOCAL = {
    "spark.sql.shuffle.partitions": "1",
    "spark.default.parallelism": "2",
    "spark.sql.codegen.wholeStage": "false",
    "spark.sql.adaptive.enabled": "false",
    "spark.driver.extraJavaOptions": "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC",
}


@pytest.fixture(scope="session")
def spark():
    """One local[2] Spark session for the whole run, as an ibis backend (the JVM starts once)."""
    pytest.importorskip("pyspark", reason="the Spark engine is the optional extra hubscope[spark]")
    from hubscope.pipelines.engine import ibis_spark, spark_session

    session = spark_session(conf=FAST_LOCAL)  # local[2], UI off
    yield ibis_spark(session)
    session.stop()


@pytest.fixture(scope="module")
def store(_initialised_file, tmp_path_factory):
    """A real store (github-collaboration reads population from it), shared by both engines."""
    from hubscope.store import Store

    path = tmp_path_factory.mktemp("engines") / "s.db"
    shutil.copy(_initialised_file, path)
    s = Store(f"sqlite:///{path}")
    yield s
    s.close()


def test_every_registered_pipeline_is_in_the_suite():
    assert set(INPUTS) == {p.name for p in pipelines()}


@pytest.mark.parametrize("name", sorted(INPUTS))
def test_duckdb_and_spark_give_identical_results(name, spark, store):
    duck = compute(name, "duckdb", INPUTS[name], store)
    on_spark = compute(name, "spark", INPUTS[name], store, con=spark)
    assert len(duck.results) > 0
    assert on_spark.input == duck.input
    assert on_spark.records == duck.records
    assert on_spark.skipped == duck.skipped
    mismatched = [(d, s) for d, s in zip(duck.results, on_spark.results, strict=True) if d != s]
    assert not mismatched, mismatched[:3]
