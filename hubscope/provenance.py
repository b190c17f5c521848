"""Provenance: where a figure came from, as a typed object that travels with the value."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from .errors import InvalidOption

METHODS = ("reported", "derived", "estimate", "projection")
STATUSES = ("verified", "unverified", "disputed")


@dataclass(frozen=True)
class Source:
    """A publication that backs one or more figures."""

    id: str
    publisher: str
    title: str
    url: str | None = None
    published: str | None = None  # ISO date or year as the publisher gives it
    accessed: str | None = None
    licence: str | None = None
    note: str | None = None
    # Where sources give the same cell, the lower number is preferred (primary series before
    # cross-checks); it never hides the others, which stay visible as conflicts.
    priority: int = 50

    def cite(self) -> str:
        """A one-line citation a reader can follow."""
        parts = [self.publisher, self.title]
        if self.published:
            parts.append(self.published)
        text = ". ".join(p.rstrip(".") for p in parts if p)
        return f"{text}. {self.url}" if self.url else text


@dataclass(frozen=True)
class Provenance:
    """The source, edition and standing of one value."""

    source: Source
    vintage: str | None = None  # the edition of the source the value was read from
    method: str = "reported"
    status: str = "verified"

    def __post_init__(self) -> None:
        if self.method not in METHODS:
            raise InvalidOption(f"method {self.method!r}; expected one of {', '.join(METHODS)}")
        if self.status not in STATUSES:
            raise InvalidOption(f"status {self.status!r}; expected one of {', '.join(STATUSES)}")


@dataclass(frozen=True)
class Revision:
    """One version of an observation's value: who changed it, when and why."""

    number: int
    created_at: datetime
    author: str
    reason: str
    meta: dict = field(default_factory=dict, compare=False)
