"""API tokens for scripts: shown once, stored as a SHA-256 digest, scoped to a role, revocable."""

from __future__ import annotations

import hashlib
import secrets
from typing import TYPE_CHECKING

from sqlalchemy import insert, select, update

from ..errors import Forbidden, NotFound, NotSignedIn
from ..store import schema as t
from ..store.core import now
from .users import ROLES, User, _check_role, get_user

if TYPE_CHECKING:
    from ..store import Store

PREFIX = "hs_"


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_token(store: Store, user: User, label: str, scope: str | None = None) -> tuple[int, str]:
    """A new token for ``user`` (id, secret). ``scope`` caps its role; it cannot exceed the user's."""
    scope = _check_role(scope or user.role)
    if ROLES.index(scope) > ROLES.index(user.role):
        raise Forbidden(f"a token cannot have more rights than its owner ({user.name} is a {user.role})")
    secret = PREFIX + secrets.token_urlsafe(32)
    with store.write() as conn:
        tid = t.inserted_id(
            conn.execute(
                insert(t.tokens).values(
                    user_id=user.id, label=label[:200] or "token", digest=_digest(secret), scope=scope, created_at=now()
                )
            )
        )
    return tid, secret


def revoke_token(store: Store, user: User, token_id: int) -> None:
    """Revoke one of ``user``'s tokens (an admin may revoke anyone's)."""
    with store.write() as conn:
        row = conn.execute(select(t.tokens).where(t.tokens.c.id == token_id)).mappings().first()
        if row is None or (row["user_id"] != user.id and not user.can("admin")):
            raise NotFound("token", token_id)
        conn.execute(
            update(t.tokens).where(t.tokens.c.id == token_id, t.tokens.c.revoked_at.is_(None)).values(revoked_at=now())
        )


def list_tokens(store: Store, user: User) -> list[dict]:
    with store.read() as conn:
        return [
            dict(r)
            for r in conn.execute(
                select(t.tokens.c.id, t.tokens.c.label, t.tokens.c.scope, t.tokens.c.created_at, t.tokens.c.revoked_at)
                .where(t.tokens.c.user_id == user.id)
                .order_by(t.tokens.c.id)
            ).mappings()
        ]


def user_for_token(store: Store, token: str) -> User:
    """The user a token acts for, with the role capped by the token's scope."""
    with store.read() as conn:
        row = conn.execute(select(t.tokens).where(t.tokens.c.digest == _digest(token))).mappings().first()
    if row is None or row["revoked_at"] is not None:
        raise NotSignedIn("the API token is unknown or revoked")
    try:
        user = get_user(store, row["user_id"])
    except NotFound:
        raise NotSignedIn("the API token's account is disabled") from None
    role = min(user.role, row["scope"], key=ROLES.index)
    return User(user.id, user.name, role)
