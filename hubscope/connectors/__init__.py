"""Connectors to open data: fetch writes a raw snapshot, read turns it into sourced records."""

from __future__ import annotations

from ..errors import ConnectorError
from .base import Connector, Record
from .snapshot import Snapshot, find_snapshot, read_snapshot, snapshots, write_snapshot

# name on the command line -> (module, class); imported only when used
REGISTRY = {
    "wdi": ("wdi", "WDI"),
    "wdi-package": ("wdi_package", "WDIPackage"),
    "github": ("github", "GitHubInnovationGraph"),
    "oecd": ("oecd", "OECD"),
    "imf": ("imf", "IMF"),
    "ecb": ("ecb", "ECB"),
}
# a snapshot's "source" field -> the connector that reads it
BY_SNAPSHOT_SOURCE = {**{name: name for name in REGISTRY}, "github-innovation-graph": "github"}


def connector(name: str, **options) -> Connector:
    """The connector called ``name`` (a key of ``REGISTRY``)."""
    import importlib

    if name not in REGISTRY:
        raise ConnectorError(f"unknown source {name!r}; known: {', '.join(REGISTRY)}")
    module, cls = REGISTRY[name]
    return getattr(importlib.import_module(f".{module}", __name__), cls)(**options)


__all__ = [
    "Connector",
    "Record",
    "Snapshot",
    "connector",
    "find_snapshot",
    "read_snapshot",
    "snapshots",
    "write_snapshot",
]
