"""Editing figures by hand: one observation's revisions, and reverting a revision (which adds one)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import exc, insert, select

from ..errors import HubscopeError, NotFound, StaleEdit
from . import schema as t
from .core import REVISION_FIELDS, current_revision, now

if TYPE_CHECKING:
    from .core import Store


def observation(store: Store, observation_id: int) -> dict[str, Any]:
    """One observation: its identity, source and every revision (oldest first, with ids)."""
    o, s = t.observations, t.sources
    with store.read() as conn:
        row = (
            conn.execute(
                select(o, s.c.publisher, s.c.title, s.c.url)
                .join(s, s.c.id == o.c.source_id)
                .where(o.c.id == observation_id)
            )
            .mappings()
            .first()
        )
        if row is None:
            raise NotFound("observation", observation_id)
        revs = [
            dict(r)
            for r in conn.execute(
                select(t.revisions).where(t.revisions.c.observation_id == observation_id).order_by(t.revisions.c.number)
            ).mappings()
        ]
    for before, rev in zip([None, *revs], revs, strict=False):  # what each revision changed, field by field
        rev["changes"] = (
            []
            if before is None
            else [{"field": k, "old": before[k], "new": rev[k]} for k in REVISION_FIELDS if before[k] != rev[k]]
        )
    return {**dict(row), "revisions": revs, "current": revs[-1]}


def revert(store: Store, revision_id: int, author: str, reason: str) -> int:
    """Undo a figure's current revision by adding a new one with the values before it.

    Only the current revision can be reverted: reverting an older one would silently undo the
    later ones too. Returns the new revision's number."""
    if not reason.strip():
        raise HubscopeError("say why the revision is reverted: a reason is required")
    r = t.revisions
    with store.write() as conn:
        target = conn.execute(select(r).where(r.c.id == revision_id)).mappings().first()
        if target is None:
            raise NotFound("revision", revision_id)
        if target["number"] == 1:
            raise HubscopeError(
                f"revision {revision_id} is the figure's first value; there is nothing before it "
                "to go back to (propose a correction instead)"
            )
        rows = {
            x["number"]: x
            for x in conn.execute(select(r).where(r.c.observation_id == target["observation_id"])).mappings()
        }
        current: int = max(rows)
        if current != target["number"]:
            raise StaleEdit(
                f"revision {target['number']} is no longer the current one (revision {current} is); "
                "only the current revision can be reverted",
                current_revision(conn, target["observation_id"]),
            )
        before = rows[target["number"] - 1]
        try:
            conn.execute(
                insert(r).values(
                    observation_id=target["observation_id"],
                    number=current + 1,
                    **{k: before[k] for k in REVISION_FIELDS},
                    created_at=now(),
                    author=author,
                    reason=(
                        f"revert revision {target['number']} (back to revision {before['number']}): "
                        f"{reason.strip()}"
                    ),
                )
            )
        except exc.IntegrityError:  # another writer took the number first
            raise StaleEdit("the figure was revised while reverting; nothing was written", {}) from None
    return current + 1
