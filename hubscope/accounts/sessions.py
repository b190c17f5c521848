"""Server-side sessions: a cookie holds a random key, the store holds its SHA-256 digest.

Ending a session deletes its row, so a copied cookie stops working at once; a password change
or a disabled account ends every session of that account."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import timedelta
from typing import TYPE_CHECKING

from sqlalchemy import delete, insert, select

from ..errors import NotFound
from ..store import schema as t
from ..store.core import now
from .users import User, get_user

if TYPE_CHECKING:
    from ..store import Store

LIFETIME = timedelta(days=14)


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def new_key() -> str:
    return secrets.token_urlsafe(32)


def open_session(store: Store, user: User) -> str:
    """A new session for ``user``; returns the key the cookie carries."""
    key = new_key()
    with store.write() as conn:
        conn.execute(insert(t.sessions).values(digest=_digest(key), user_id=user.id, created_at=now()))
    return key


def session_user(store: Store, key: str) -> User | None:
    """The user a live session key belongs to, or None (ended, expired, forged or disabled)."""
    with store.read() as conn:
        row = conn.execute(select(t.sessions).where(t.sessions.c.digest == _digest(key))).mappings().first()
    if row is None or row["created_at"] < now() - LIFETIME:
        return None
    try:
        return get_user(store, row["user_id"])
    except NotFound:
        return None


def close_session(store: Store, key: str) -> None:
    with store.write() as conn:
        conn.execute(delete(t.sessions).where(t.sessions.c.digest == _digest(key)))


def csrf_for(secret: str, key: str) -> str:
    """The CSRF token of a session: derived on the server, so reading the cookie does not give it."""
    return hmac.new(secret.encode(), b"csrf|" + key.encode(), hashlib.sha256).hexdigest()
