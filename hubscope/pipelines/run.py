"""Running a pipeline: connect an engine, compute, turn results into observations, write unless dry run."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..errors import PipelineError
from ..model import Observation
from ..store import Store
from . import engine as engines
from .registry import Computed, Context, Pipeline, Result, get
from .write import Written, observations, write


@dataclass
class RunReport:
    """What a run computed and what it wrote (``written`` is None on a dry run)."""

    pipeline: Pipeline
    engine: str
    computed: Computed
    observations: list[Observation] = field(default_factory=list)
    written: Written | None = None

    @property
    def results(self) -> list[Result]:
        return self.computed.results

    def summary(self) -> dict[str, Any]:
        inp = self.computed.input
        return {
            "pipeline": self.pipeline.name,
            "version": self.pipeline.version,
            "engine": self.engine,
            "input": inp.uri,
            "snapshot": inp.snapshot,
            "sha256": inp.sha256,
            "records": dict(self.computed.records),
            "figures": len(self.results),
            "skipped": dict(self.computed.skipped),
            "new": self.written.new if self.written else None,
            "revised": self.written.revised if self.written else None,
            "unchanged": self.written.unchanged if self.written else None,
            "applied": self.written is not None,
        }


def compute(
    name: str,
    engine: str = "duckdb",
    input: str | None = None,
    store: Store | None = None,
    con: Any = None,
    spark_master: str | None = None,
) -> Computed:
    """Run one pipeline's ibis expressions on an engine and return its typed results; writes nothing.

    ``con`` reuses an ibis backend already open (tests share one Spark session); otherwise
    ``engine.connect(engine, spark_master)`` opens one for this run.
    """
    p = get(name)
    if p.needs_store:
        if store is None:
            raise PipelineError(f"pipeline {name} reads population from the store: give it a store")
        store.require_initialised()
    con = con if con is not None else engines.connect(engine, spark_master)
    out = p.compute(Context(con=con, engine=engine, input=input, store=store))
    if not out.results:
        raise PipelineError(f"pipeline {name}: the input {out.input.uri} gave no figures; nothing written")
    return out


def run(
    name: str,
    store: Store | None = None,
    engine: str = "duckdb",
    input: str | None = None,
    dry_run: bool = False,
    con: Any = None,
    spark_master: str | None = None,
) -> RunReport:
    """Compute a pipeline and write its figures to the store as revisions (all or nothing) unless ``dry_run``."""
    if store is None and not dry_run:
        raise PipelineError("a pipeline run writes to a store: give it one, or use dry_run")
    p = get(name)
    out = compute(name, engine, input, store, con, spark_master)
    rep = RunReport(p, engine, out, observations(p, out))
    if not dry_run:
        assert store is not None
        store.require_initialised()
        rep.written = write(store, p, rep.observations)
    return rep
