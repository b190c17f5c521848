"""Mapping files: a source's series codes to catalog indicators, with unit, scale and period rules."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from .._yaml import safe_load
from ..errors import CatalogError

HERE = Path(__file__).resolve().parent / "mappings"
SCHEMA = HERE / "mapping.schema.json"


@dataclass(frozen=True)
class SeriesRule:
    """How one source series becomes one catalog indicator."""

    series: str
    indicator: str
    unit: str  # the unit the value is written in, after scaling
    scale: float  # multiply the source's value by this
    period: str  # "year", or for quarterly sources "sum_of_quarters" / "last_quarter"
    note: str | None = None
    query: dict = field(default_factory=dict)  # source-specific: SDMX dataflow, key, start, area, select...


@dataclass(frozen=True)
class Mapping:
    source: str
    dataset: str
    licence: str
    series: dict[str, SeriesRule]


def load_mapping(name: str, directory: Path = HERE) -> Mapping:
    """Read and validate ``<name>.yml`` against the mapping JSON Schema."""
    import jsonschema

    path = directory / f"{name}.yml"
    data = safe_load(path.read_text(encoding="utf-8"))
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    errors = sorted(jsonschema.Draft202012Validator(schema).iter_errors(data), key=lambda e: list(e.path))
    if errors:
        e = errors[0]
        where = "/".join(str(p) for p in e.path) or "(top)"
        raise CatalogError(f"{path.name}: {where}: {e.message}")
    common = {"indicator", "unit", "scale", "period", "note"}
    rules = {
        code: SeriesRule(
            code,
            r["indicator"],
            r["unit"],
            float(r.get("scale", 1)),
            r.get("period", "year"),
            r.get("note"),
            {k: v for k, v in r.items() if k not in common},
        )
        for code, r in data["series"].items()
    }
    return Mapping(data["source"], data["dataset"], data["licence"], rules)
