"""The exception hierarchy: every error says where it happened and what was expected."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass


class HubscopeError(Exception):
    """Base class for every error hubscope raises on purpose."""


def nearest(name: str, choices: Iterable[str]) -> str | None:
    """Return the valid name closest to ``name``, or None when nothing is close."""
    options = list(choices)
    lowered = {c.lower(): c for c in options}
    hits = difflib.get_close_matches(name.lower(), list(lowered), n=1, cutoff=0.6)
    return lowered[hits[0]] if hits else None


class UnknownName(HubscopeError):
    """A name that is not in the catalog (entity, indicator, source, unit)."""

    kind = "name"

    def __init__(self, name: str, choices: Iterable[str] = ()):
        self.name = name
        self.suggestion = nearest(name, choices)
        hint = f" (did you mean {self.suggestion!r}?)" if self.suggestion else ""
        super().__init__(f"unknown {self.kind} {name!r}{hint}")


class UnknownEntity(UnknownName):
    kind = "entity"


class UnknownIndicator(UnknownName):
    kind = "indicator"


class UnknownSource(UnknownName):
    kind = "source"


class UnitError(HubscopeError):
    """A unit that does not parse, or units that do not combine."""


class PeriodError(HubscopeError):
    """A period string that is not one of the documented forms."""


class CatalogError(HubscopeError):
    """The catalog YAML does not match its schema."""


@dataclass(frozen=True)
class Problem:
    """One problem found in an input file: where it is and what was expected."""

    file: str
    row: int | None  # 1-based data row; the header is row 0; None for the whole file
    field: str | None
    message: str

    def __str__(self) -> str:
        where = self.file
        if self.row is not None:
            where += f", row {self.row}"
        if self.field:
            where += f", field {self.field!r}"
        return f"{where}: {self.message}"


class ProblemsError(HubscopeError):
    """An input that cannot be loaded; holds every problem found, shows the first twenty."""

    outcome = "; nothing was imported"

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        shown = "\n".join(f"  - {p}" for p in problems[:20])
        more = f"\n  ... and {len(problems) - 20} more" if len(problems) > 20 else ""
        super().__init__(f"{len(problems)} problem(s){self.outcome}:\n{shown}{more}")


class PackageError(ProblemsError):
    """A data package that cannot be imported."""

    outcome = "; nothing was imported"


class StoreError(HubscopeError):
    """The store cannot be opened or written."""


class StoreLocked(StoreError):
    pass


class StoreReadOnly(StoreError):
    pass


class StoreCorrupt(StoreError):
    pass


class StoreNotInitialised(StoreError):
    pass


class MetricError(HubscopeError):
    """A computation that cannot be done honestly: a missing rate, a zero denominator..."""


class IndexOptionError(HubscopeError):
    """An index option out of its range: an unknown method, a draw count below one..."""


class RateMissing(MetricError):
    """No exchange rate or PPP factor for the figure's own period."""


class ReportError(HubscopeError):
    """A report that cannot be rendered: names the file, line, column and what was expected."""

    def __init__(self, file: str, line: int, column: int, message: str):
        self.file, self.line, self.column = file, line, column
        super().__init__(f"{file}:{line}:{column}: {message}")


class PolicyError(ProblemsError):
    """Policy records that cannot be loaded."""

    outcome = " in policy records; nothing was written"


class AccessError(HubscopeError):
    """A caller who may not do what they asked."""


class NotSignedIn(AccessError):
    """The action needs an account and the caller has none (or a revoked or bad credential)."""


class Forbidden(AccessError):
    """The caller's role (or token scope) does not allow the action."""


class RateLimited(AccessError):
    """Too many failed sign-ins for one account; try again later."""

    def __init__(self, message: str, retry_after: int):
        self.retry_after = retry_after
        super().__init__(message)


class Busy(HubscopeError):
    """The server's budget for heavy work (checks, renders) is spent; try again shortly."""

    def __init__(self, message: str, retry_after: int = 5):
        self.retry_after = retry_after
        super().__init__(message)


class NotFound(UnknownName):
    """A comment, proposal, revision or user id that does not exist."""

    def __init__(self, kind: str, name: object):
        self.kind = kind
        super().__init__(str(name))


class StaleEdit(HubscopeError):
    """An edit made against a version that is no longer current; nothing was written.

    ``current`` holds what is stored now, so the caller can look and redo the edit."""

    def __init__(self, message: str, current: dict):
        self.current = current
        super().__init__(message)


class InvalidOption(HubscopeError, ValueError):
    """An option outside its allowed values (a mode, a count, a method name)."""


class ConnectorError(HubscopeError):
    """A source could not be fetched or read: names the source, series and row; nothing was written."""


class SnapshotError(HubscopeError):
    """A raw snapshot is missing, altered (sha256 mismatch) or malformed."""


class PipelineError(HubscopeError):
    """A record-level pipeline could not run: unknown name or engine, missing or bad input; nothing written."""
