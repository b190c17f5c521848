"""The AI policy tracker: laws, strategies and guidelines compared field by field, with sources."""

from typing import TYPE_CHECKING

from .. import _lazy

if TYPE_CHECKING:
    from .load import BUNDLED, read_policies
    from .model import Event, PolicyRecord, Value, fields, label
    from .records import (
        cited,
        diff,
        field_table,
        gaps,
        history,
        listing,
        matrix,
        pick,
        policies,
        policy,
        record_policies,
        timeline,
    )

# Imported on first use, so that `import hubscope.policy` (the CLI does) loads neither pandas nor SQLAlchemy.
__getattr__, __dir__ = _lazy.exports(
    __name__,
    {
        ".load": ("BUNDLED", "read_policies"),
        ".model": ("Event", "PolicyRecord", "Value", "fields", "label"),
        ".records": (
            "cited",
            "diff",
            "field_table",
            "gaps",
            "history",
            "listing",
            "matrix",
            "pick",
            "policies",
            "policy",
            "record_policies",
            "timeline",
        ),
    },
)

__all__ = [
    "BUNDLED",
    "Event",
    "PolicyRecord",
    "Value",
    "cited",
    "diff",
    "field_table",
    "fields",
    "gaps",
    "history",
    "label",
    "listing",
    "matrix",
    "pick",
    "policies",
    "policy",
    "read_policies",
    "record_policies",
    "timeline",
]
