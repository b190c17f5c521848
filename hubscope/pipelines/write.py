"""Turning a pipeline's results into observations with provenance, and writing them in one transaction."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ..figures.display import number
from ..model import Observation
from ..periods import Period
from ..store import Store
from .provenance import provenance
from .registry import Computed, Pipeline


def observations(p: Pipeline, out: Computed) -> list[Observation]:
    """One observation per result, each with the pipeline's provenance and its record counts in the note."""
    prov = provenance(p.name, p.title, out.input)
    inp = out.input
    read = ", ".join(f"{number(n)} {name}" for name, n in sorted(out.records.items()))
    obs = []
    for r in out.results:
        note = (
            f"{p.method}; input {inp.dataset} snapshot {inp.snapshot}"
            + (f" of {inp.date}" if inp.date else "")
            + f" (sha256 {inp.sha256}); {number(r.records)} record{'' if r.records == 1 else 's'} went into this figure"
            + (f"; the run read {read}" if read else "")
            + (f". {r.note}" if r.note else "")
        )
        obs.append(
            Observation(
                entity=r.entity,
                indicator=r.indicator,
                period=Period.parse(r.period),
                unit=r.unit,
                value=r.value,
                value_text=r.text,
                rank_of=r.rank_of,
                provenance=prov,
                note=note,
            )
        )
    return obs


@dataclass(frozen=True)
class Written:
    new: int
    revised: int
    unchanged: int


def write(store: Store, p: Pipeline, obs: Iterable[Observation]) -> Written:
    """Record every observation as the pipeline, in one transaction: all or nothing; unchanged ones are left."""
    counts = {"new": 0, "revised": 0, "unchanged": 0}
    author = f"pipeline:{p.name}"
    with store.write() as conn:
        for o in obs:
            n = store.record(o, author, f"pipeline {p.name} {p.version} run on {o.provenance.vintage}", conn)
            counts["unchanged" if n is None else "new" if n == 1 else "revised"] += 1
    return Written(**counts)
