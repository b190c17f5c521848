"""How a stored pipeline figure was made: the pipeline and version, the input snapshot, the records."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..errors import MetricError
from ..figures import Figure
from ..store import Store
from .registry import pipelines

PREFIX = "pipeline-"  # every pipeline's source id (provenance.provenance)


def pipeline_of(indicator: str) -> str | None:
    """The name of the pipeline that computes ``indicator``, if any."""
    return next((p.name for p in pipelines() if indicator in p.indicators), None)


@dataclass(frozen=True)
class PipelineExplanation:
    """A stored pipeline figure and how it was made; the same shape the explain page reads."""

    stored: Figure
    pipeline: str
    definition: str
    rates: tuple[()] = ()

    @property
    def indicator(self) -> str:
        return self.stored.indicator

    @property
    def entity(self) -> str:
        return self.stored.entity

    @property
    def period(self) -> str:
        return self.stored.period.text

    @property
    def formula(self) -> str:
        return f"computed from records by pipeline {self.pipeline}: {self.definition}"

    @property
    def notes(self) -> tuple[str, ...]:
        f = self.stored
        parts = tuple((f.note or "").replace(". ", "; ").split("; "))
        rev = f.revision
        made = (f"revision {rev.number} of {rev.created_at:%Y-%m-%d %H:%M} by {rev.author}",) if rev else ()
        return (f"input vintage: {f.provenance.vintage}", *parts, *made)

    def figure(self) -> Figure:
        return self.stored

    def explain(self) -> str:
        f = self.stored
        lines = [
            f"{f.indicator} for {f.entity}, {self.period} = {f.display()}"
            f" (method: {f.provenance.method}, from records; status: {f.provenance.status})",
            f"  how: {self.formula}",
            f"  source: {f.source.cite()}" + (f" ({f.source.licence})" if f.source.licence else ""),
        ]
        lines += [f"  note: {n}" for n in self.notes]
        return "\n".join(lines)

    def row(self) -> dict[str, Any]:
        f = self.stored
        return {
            "entity": f.entity,
            "indicator": f.indicator,
            "period": self.period,
            "value": f.value_text if f.value is None else f.value,
            "unit": f.unit,
            "display": f.display(),
            "method": f.provenance.method,
            "status": f.provenance.status,
            "source": f.source.id,
            "publisher": f.source.publisher,
            "vintage": f.provenance.vintage,
            "formula": self.formula,
            "note": f.note,
        }


def explain(store: Store, entity: str, indicator: str, period: str) -> PipelineExplanation:
    """The stored pipeline figure for one entity, indicator and period, or an error saying how to make it."""
    name = pipeline_of(indicator)
    if name is None:
        raise MetricError(f"{indicator} is not computed by a pipeline")
    (eid,), (iid,) = store.resolve([entity], [indicator])
    found = [f for f in store.figures([eid], [iid], [period]) if f.source.id.startswith(PREFIX)]
    if not found:
        raise MetricError(
            f"no {indicator} figure for {eid} in {period}: run `hubscope pipeline run {name}` first, "
            "or pick a period it covers"
        )
    return PipelineExplanation(found[0], name, store.catalog.indicator(iid).definition)
