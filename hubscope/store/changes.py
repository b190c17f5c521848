"""What changed between two store versions, as tags of the pages that depend on it.

A page cache keyed on the whole store version empties itself on every write, so every reader
re-renders at once (issue 19: p99 251 ms to 7.5 s after a comment). These tags let it drop only
the pages the write touches: a comment on one figure leaves every other entity's page cached."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import func, select

from . import schema as t

if TYPE_CHECKING:
    from .core import Store

EVERYTHING = "*"  # a tag every cached page carries: the change may touch any page
FIGURES, COMMENTS, PROPOSALS, REPORT, POLICY = "figures", "comments", "proposals", "report", "policy"
# the positions in Store.version()
Marks = dict[tuple[str, str], int]  # comment target (kind, id) -> a mark that moves on each change
REVISION, SOURCES, ENTITIES, COMMENT_MARK, PROPOSAL_MARK, SECTIONS, POLICY_REVISION = range(7)


def comment_marks(store: Store) -> Marks:
    """Per comment target, a number that moves when a comment on it is added or edited."""
    c = t.comments
    with store.read() as conn:
        rows = conn.execute(
            select(c.c.target_kind, c.c.target_id, func.sum(c.c.version) + func.count()).group_by(
                c.c.target_kind, c.c.target_id
            )
        )
        return {(kind, target): int(mark) for kind, target, mark in rows}


def changed(store: Store, old: tuple[int, ...], new: tuple[int, ...], old_marks: Marks, new_marks: Marks) -> set[str]:
    """The tags of what changed from version ``old`` to ``new`` (``*``: anything may have)."""
    if len(old) != len(new) or new[SOURCES] != old[SOURCES] or new[ENTITIES] != old[ENTITIES] or (
        new[REVISION] < old[REVISION]  # a restore or a rollback: ids went back
    ):
        return {EVERYTHING}
    tags: set[str] = set()
    if new[REVISION] != old[REVISION]:
        tags.add(FIGURES)
    if new[PROPOSAL_MARK] != old[PROPOSAL_MARK]:
        tags.add(PROPOSALS)
    if new[SECTIONS] != old[SECTIONS]:
        tags.add(REPORT)
    if new[POLICY_REVISION] != old[POLICY_REVISION]:
        tags.add(POLICY)
    if new[COMMENT_MARK] != old[COMMENT_MARK]:
        tags |= {COMMENTS} | _comment_tags(store, old_marks, new_marks)
    return tags


def _comment_tags(store: Store, old_marks: Marks, new_marks: Marks) -> set[str]:
    """A comment target's own tag (``indicator:X``, ``policy``, ``report``); for a figure, its entity's."""
    targets = {k for k in old_marks.keys() | new_marks.keys() if old_marks.get(k) != new_marks.get(k)}
    tags: set[str] = set()
    figures = []
    for kind, target in targets:
        if kind == "observation":
            tags.add(f"observation:{target}")
            if target.isdigit():
                figures.append(int(target))
        elif kind in (REPORT, POLICY):
            tags.add(kind)
        else:
            tags.add(f"{kind}:{target}")
    if figures:
        o = t.observations
        with store.read() as conn:
            rows = conn.execute(select(o.c.entity_id, o.c.indicator_id).where(o.c.id.in_(figures)))
            for entity, indicator in rows:
                tags |= {f"entity:{entity}", f"indicator:{indicator}"}
    return tags
