"""The catalog: entities, indicators and pillars, kept as YAML and validated against JSON Schema."""

from .loader import Catalog, Pillar, load_catalog

__all__ = ["Catalog", "Pillar", "load_catalog"]
