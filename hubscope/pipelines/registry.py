"""The pipeline contract: what a pipeline is, what it returns, and the registry of known ones."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..errors import PipelineError, nearest

if TYPE_CHECKING:
    from ..store import Store
    from .provenance import InputSnapshot


@dataclass(frozen=True)
class Result:
    """One computed figure as a typed record: what engines are compared on and what becomes an observation."""

    entity: str
    indicator: str
    period: str
    value: float | None
    unit: str
    records: int  # input records that went into this figure
    text: str | None = None  # qualitative result (e.g. the top partners), with value None
    rank_of: int | None = None  # for ranks: out of how many
    note: str | None = None  # how this one figure was made, beyond the pipeline's method

    def as_dict(self) -> dict[str, Any]:
        return {
            "entity": self.entity,
            "indicator": self.indicator,
            "period": self.period,
            "value": self.text if self.value is None else self.value,
            "unit": self.unit,
            "records": self.records,
            **({"rank_of": self.rank_of} if self.rank_of else {}),
        }


@dataclass(frozen=True)
class Context:
    """What a pipeline's compute step gets: an ibis backend, the input URI and the store (read only)."""

    con: Any  # an ibis backend (duckdb or pyspark)
    engine: str
    input: str | None  # None: the pipeline's bundled default input
    store: Store | None = None


@dataclass(frozen=True)
class Computed:
    """A pipeline's output: the figures, the input they were read from, and how many records it held."""

    results: list[Result]
    input: InputSnapshot
    records: dict[str, int] = field(default_factory=dict)  # records read, per input file or table
    skipped: dict[str, int] = field(default_factory=dict)  # figures not made, per reason


@dataclass(frozen=True)
class Pipeline:
    """A record-level pipeline, defined once as ibis expressions; ``compute`` runs it on any backend."""

    name: str
    version: str
    title: str
    dataset: str
    compute: Callable[[Context], Computed]
    indicators: tuple[str, ...] = ()
    needs_store: bool = False  # reads figures (e.g. population) from the store

    @property
    def method(self) -> str:
        return f"computed from records by pipeline {self.name}, version {self.version}"


_REGISTRY: dict[str, Pipeline] = {}


def register(p: Pipeline) -> Pipeline:
    """Add a pipeline to the registry (pipeline modules call this at import)."""
    if p.name in _REGISTRY and _REGISTRY[p.name] is not p:
        raise PipelineError(f"pipeline {p.name!r} is registered twice")
    _REGISTRY[p.name] = p
    return p


def _load_builtin() -> None:
    # the built-in pipelines register themselves on import; a missing optional one is simply absent
    import importlib

    for module in ("github_collaboration", "openalex"):
        try:
            importlib.import_module(f"{__package__}.{module}")
        except ModuleNotFoundError as e:
            if e.name != f"{__package__}.{module}":
                raise


def pipelines() -> list[Pipeline]:
    """Every registered pipeline, by name."""
    _load_builtin()
    return [_REGISTRY[k] for k in sorted(_REGISTRY)]


def get(name: str) -> Pipeline:
    """The pipeline called ``name``; an unknown name suggests the nearest one."""
    _load_builtin()
    if name not in _REGISTRY:
        hint = nearest(name, _REGISTRY)
        known = ", ".join(sorted(_REGISTRY)) or "none"
        raise PipelineError(
            f"unknown pipeline {name!r}" + (f" (did you mean {hint!r}?)" if hint else "") + f"; known: {known}"
        )
    return _REGISTRY[name]
