"""Contributions: threaded comments, and proposals an editor reviews before anything is published."""

from .comments import TARGETS, add_comment, comments, edit_comment, resolve_comment
from .proposals import ACTIONS, get_proposal, proposals, propose, resubmit, review
from .revisions import revert

__all__ = [
    "ACTIONS",
    "TARGETS",
    "add_comment",
    "comments",
    "edit_comment",
    "get_proposal",
    "proposals",
    "propose",
    "resolve_comment",
    "resubmit",
    "revert",
    "review",
]
