"""Reverting a figure's revision, for editors."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..accounts import User, require
from ..store.edit import revert as _revert

if TYPE_CHECKING:
    from ..store import Store


def revert(store: Store, user: User | None, revision_id: int, reason: str) -> int:
    """Undo a figure's current revision (editors); the undo is a new revision. Returns its number."""
    editor = require(user, "editor", "reverting a revision")
    return _revert(store, revision_id, editor.name, reason)
