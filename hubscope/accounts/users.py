"""Users and roles. A reader needs no account; each role can do what the ones below it can."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import timedelta
from functools import cache
from typing import TYPE_CHECKING

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, func, insert, select, update

from ..errors import Forbidden, HubscopeError, NotFound, NotSignedIn, RateLimited
from ..store import schema as t
from ..store.core import now

if TYPE_CHECKING:
    from sqlalchemy import Connection

    from ..store import Store

ROLES = ("reader", "contributor", "editor", "admin")
NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,79}$")
# Failed sign-ins are counted per (client, account) and per client, never per account alone:
# a stranger's guesses slow the stranger down and cannot lock the account's owner out.
MAX_FAILURES, WINDOW = 5, timedelta(minutes=15)  # free tries per client and account, then a backoff
MAX_BACKOFF = timedelta(minutes=15)
CLIENT_BUDGET = 20  # failures from one client over all accounts within WINDOW
_hasher = PasswordHasher()


@cache
def _dummy_hash() -> str:
    """A hash to verify against when the account does not exist (made on first sign-in, not at import)."""
    return _hasher.hash("not a password")


@dataclass(frozen=True)
class User:
    """A signed-in caller. ``role`` is already capped by the token's scope, if any."""

    id: int
    name: str
    role: str

    def can(self, role: str) -> bool:
        return ROLES.index(self.role) >= ROLES.index(role)


def require(user: User | None, role: str, action: str) -> User:
    """The user, if their role allows ``action``; otherwise NotSignedIn or Forbidden."""
    if user is None:
        raise NotSignedIn(f"{action} needs a {role} account: sign in first")
    if not user.can(role):
        raise Forbidden(f"{action} needs the {role} role; {user.name} is a {user.role}")
    return user


def _check_role(role: str) -> str:
    if role not in ROLES[1:]:
        raise HubscopeError(f"unknown role {role!r}: expected one of {', '.join(ROLES[1:])}")
    return role


def _check_password(password: str) -> str:
    if len(password) < 10:
        raise HubscopeError("the password is too short: use at least 10 characters")
    if len(password) > 1024:
        raise HubscopeError("the password is too long: at most 1024 characters")
    return password


def add_user(store: Store, name: str, role: str, password: str | None = None) -> User:
    """Create an account; without a password it can only use API tokens."""
    if not NAME.match(name):
        raise HubscopeError(
            f"user name {name!r} is not allowed: letters, digits, '.', '_' or '-', "
            "starting with a letter or digit, at most 80 characters"
        )
    _check_role(role)
    hashed = _hasher.hash(_check_password(password)) if password is not None else None
    with store.write() as conn:
        if conn.scalar(select(t.users.c.id).where(func.lower(t.users.c.name) == name.lower())) is not None:
            raise HubscopeError(f"user {name!r} already exists")
        uid = t.inserted_id(
            conn.execute(
                insert(t.users).values(name=name, role=role, password_hash=hashed, created_at=now(), disabled=False)
            )
        )
    return User(uid, name, role)


def get_user(store: Store, name_or_id: str | int) -> User:
    col = t.users.c.id if isinstance(name_or_id, int) else t.users.c.name
    with store.read() as conn:
        row = conn.execute(select(t.users).where(col == name_or_id)).mappings().first()
    if row is None or row["disabled"]:
        raise NotFound("user", name_or_id)
    return User(row["id"], row["name"], row["role"])


def list_users(store: Store) -> list[dict]:
    with store.read() as conn:
        return [
            {
                "id": r["id"],
                "name": r["name"],
                "role": r["role"],
                "created_at": r["created_at"],
                "disabled": r["disabled"],
                "password": r["password_hash"] is not None,
            }
            for r in conn.execute(select(t.users).order_by(t.users.c.id)).mappings()
        ]


def set_role(store: Store, name: str, role: str) -> User:
    _check_role(role)
    user = get_user(store, name)
    with store.write() as conn:
        conn.execute(update(t.users).where(t.users.c.id == user.id).values(role=role))
    return User(user.id, user.name, role)


def set_disabled(store: Store, name: str, disabled: bool = True) -> None:
    """Disable an account (its sessions and tokens stop working at once) or enable it again.
    Nothing it wrote is removed: its comments, proposals and revisions stay on record."""
    with store.write() as conn:
        uid = conn.scalar(select(t.users.c.id).where(t.users.c.name == name))
        if uid is None:
            raise NotFound("user", name)
        conn.execute(update(t.users).where(t.users.c.id == uid).values(disabled=disabled))
        _end_sessions(conn, uid)  # enabling again must not bring back a cookie from before


def set_password(store: Store, name: str, password: str) -> None:
    user = get_user(store, name)
    with store.write() as conn:
        conn.execute(
            update(t.users).where(t.users.c.id == user.id).values(password_hash=_hasher.hash(_check_password(password)))
        )
        _end_sessions(conn, user.id)  # a new password signs out every cookie made with the old one


def _end_sessions(conn: Connection, user_id: int) -> None:
    conn.execute(delete(t.sessions).where(t.sessions.c.user_id == user_id))


def _throttle(conn: Connection, name: str, client: str) -> None:
    """RateLimited if this client used up its budget, or must wait after failing on this account."""
    since, f = now() - WINDOW, t.login_failures.c
    spent, first = conn.execute(select(func.count(), func.min(f.at)).where(f.client == client, f.at >= since)).one()
    if spent >= CLIENT_BUDGET:
        wait = max(1, math.ceil((first + WINDOW - now()).total_seconds()))
        raise RateLimited(f"too many failed sign-ins from this client; try again in {wait} s", retry_after=wait)
    n, last = conn.execute(
        select(func.count(), func.max(f.at)).where(f.name == name.lower(), f.client == client, f.at >= since)
    ).one()
    if n >= MAX_FAILURES:
        backoff = min(MAX_BACKOFF, timedelta(seconds=2 ** (n - MAX_FAILURES + 1)))
        wait = math.ceil((last + backoff - now()).total_seconds())
        if wait > 0:
            raise RateLimited(f"too many failed sign-ins for {name!r}; try again in {wait} s", retry_after=wait)


def authenticate(store: Store, name: str, password: str, client: str = "") -> User:
    """The user if the password is right. ``client`` names the caller (its address): after
    MAX_FAILURES wrong tries a client waits longer after each failure on that account, and a
    client with CLIENT_BUDGET failures over all accounts waits out the window. Other clients,
    the owner among them, can still sign in."""
    client = client[:64]
    with store.read() as conn:
        _throttle(conn, name, client)
        row = conn.execute(select(t.users).where(t.users.c.name == name)).mappings().first()
    ok = False
    dummy = _dummy_hash()  # made whether or not the account exists: a first sign-in costs the same either way
    try:  # the same work whether or not the account exists, so timing does not tell
        ok = (
            _hasher.verify(row["password_hash"] if row is not None and row["password_hash"] else dummy, password)
            and row is not None
            and bool(row["password_hash"])
            and not row["disabled"]
        )
    except (VerificationError, InvalidHashError):
        ok = False
    f = t.login_failures.c
    with store.write() as conn:
        if not ok:
            conn.execute(insert(t.login_failures).values(name=name.lower()[:80], client=client, at=now()))
        else:
            conn.execute(delete(t.login_failures).where(f.name == name.lower(), f.client == client))
    if not ok or row is None:  # ok implies a row; the second test is for the type checker
        raise NotSignedIn("wrong user name or password")
    return User(row["id"], row["name"], row["role"])
