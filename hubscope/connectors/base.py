"""The one contract every connector implements."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from ..model import Observation
from .snapshot import Snapshot


@dataclass(frozen=True)
class Record:
    """One figure read from a snapshot, with where exactly it came from."""

    observation: Observation
    dataset: str  # the source's dataset name, e.g. "World Development Indicators"
    series: str  # the source's own series code
    request: str  # the URL of the exact request (or published file) the value was read from
    row: str  # where in the snapshot: file and row or record number


@runtime_checkable
class Connector(Protocol):
    """Fetch writes a raw snapshot; read turns a snapshot into records. Nothing reads the network directly."""

    name: str  # as typed on the command line: `hubscope update wdi`
    source_prefix: str  # every store source id its figures are recorded under starts with this
    reason_label: str  # "WDI" in the revision reason "WDI update of <vintage>"

    def fetch(self, progress=None) -> Snapshot: ...

    def read(self, snapshot: Snapshot) -> list[Record]: ...
