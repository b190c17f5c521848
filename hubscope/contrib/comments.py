"""Threaded comments and questions on a report section, an observation, an indicator or a policy."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from sqlalchemy import insert, select, update

from ..accounts import User, require
from ..errors import Forbidden, HubscopeError, NotFound, StaleEdit
from ..store import schema as t
from ..store.core import now
from .markup import checked_text, safe_html

if TYPE_CHECKING:
    from ..store import Store

TARGETS = ("report", "observation", "indicator", "policy")


def check_target(store: Store, kind: str, target: str) -> str:
    """The target's canonical id, if it exists; otherwise a clear error."""
    if kind not in TARGETS:
        raise HubscopeError(f"cannot comment on a {kind!r}: expected one of {', '.join(TARGETS)}")
    target = str(target).strip()
    if kind == "observation":
        from ..store.edit import observation

        if not re.fullmatch(r"\d{1,12}", target):
            raise HubscopeError(f"observation id {target!r} is not a number")
        observation(store, int(target))
    elif kind == "indicator":
        store.resolve(indicators=[target])
    elif kind == "policy":
        from ..policy import policy

        policy(store, target)
    else:
        from ..report.sections import sections

        slugs = [s for s, _ in sections(store)]
        if target not in slugs:
            from ..errors import nearest

            hint = nearest(target, slugs)
            raise NotFound("report section", target + (f" (did you mean {hint!r}?)" if hint else ""))
    return target


def add_comment(
    store: Store,
    user: User | None,
    kind: str,
    target: str,
    body: str,
    *,
    question: bool = False,
    parent: int | None = None,
) -> int:
    """Add a comment (or question); a reply names its ``parent``, on the same target."""
    user = require(user, "contributor", "commenting")
    target = check_target(store, kind, target)
    body = checked_text(body)
    with store.write() as conn:
        if parent is not None:
            p = conn.execute(select(t.comments).where(t.comments.c.id == parent)).mappings().first()
            if p is None or (p["target_kind"], p["target_id"]) != (kind, target):
                raise HubscopeError(f"comment {parent} is not on {kind} {target!r}: a reply stays in its thread")
        return t.inserted_id(
            conn.execute(
                insert(t.comments).values(
                    target_kind=kind,
                    target_id=target,
                    parent_id=parent,
                    kind="question" if question else "comment",
                    author_id=user.id,
                    body=body,
                    version=1,
                    created_at=now(),
                )
            )
        )


def _get(conn, comment_id: int) -> dict:
    row = conn.execute(select(t.comments).where(t.comments.c.id == comment_id)).mappings().first()
    if row is None:
        raise NotFound("comment", comment_id)
    return dict(row)


def edit_comment(store: Store, user: User | None, comment_id: int, body: str, version: int) -> int:
    """Replace a comment's text (its author only), made against ``version``; returns the new version."""
    user = require(user, "contributor", "editing a comment")
    body = checked_text(body)
    with store.write() as conn:
        row = _get(conn, comment_id)
        if row["author_id"] != user.id:
            raise Forbidden("only a comment's author can edit it")
        done = conn.execute(
            update(t.comments)
            .where(t.comments.c.id == comment_id, t.comments.c.version == version)
            .values(body=body, version=version + 1, edited_at=now())
        ).rowcount
        if done != 1:
            raise StaleEdit(
                f"comment {comment_id} changed since you opened it (version {row['version']}, "
                f"not {version}); nothing was written",
                {"version": row["version"], "body": row["body"]},
            )
    return version + 1


def resolve_comment(store: Store, user: User | None, comment_id: int) -> None:
    """Mark a comment or question resolved (editors)."""
    user = require(user, "editor", "resolving a comment")
    with store.write() as conn:
        _get(conn, comment_id)
        conn.execute(
            update(t.comments)
            .where(t.comments.c.id == comment_id, t.comments.c.resolved_at.is_(None))
            .values(resolved_by=user.id, resolved_at=now(), version=t.comments.c.version + 1)
        )


def comments(store: Store, kind: str | None = None, target: str | None = None) -> list[dict]:
    """Comments as threads (replies under their parent, oldest first), with safe HTML bodies."""
    c, u = t.comments, t.users
    resolver = u.alias("resolver")
    q = (
        select(c, u.c.name.label("author"), resolver.c.name.label("resolved_by_name"))
        .join(u, u.c.id == c.c.author_id)
        .outerjoin(resolver, resolver.c.id == c.c.resolved_by)
        .order_by(c.c.id)
    )
    if kind:
        q = q.where(c.c.target_kind == kind)
    if target:
        q = q.where(c.c.target_id == str(target))
    with store.read() as conn:
        rows = [dict(r) | {"html": safe_html(r["body"]), "replies": []} for r in conn.execute(q).mappings()]
    by_id = {r["id"]: r for r in rows}
    top: list[dict[str, Any]] = []
    for r in rows:
        (by_id[r["parent_id"]]["replies"] if r["parent_id"] in by_id else top).append(r)
    return top
