"""Who is calling: an API token (``Authorization: Bearer``) or a session cookie.

The cookie is signed but readable, so it holds only a random session key (``sid``); the store
keeps the key's digest and ending a session deletes it. Session writes need a CSRF token (a form
field or the ``X-CSRF-Token`` header) derived on the server from the key, never kept in the
cookie; token calls carry no ambient credential, so they need none."""

from __future__ import annotations

import hmac

from fastapi import Request

from ..accounts import User, user_for_token
from ..accounts.sessions import close_session, csrf_for, new_key, open_session, session_user
from ..errors import Forbidden, NotSignedIn


def current_user(request: Request) -> User | None:
    if hasattr(request.state, "user"):
        return request.state.user
    store = request.app.state.store
    user = None
    header = request.headers.get("authorization")
    if header:
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise NotSignedIn("the Authorization header must be 'Bearer <token>'")
        user = user_for_token(store, token.strip())
    elif request.session.get("in") and isinstance(request.session.get("sid"), str):
        user = session_user(store, request.session["sid"])
        if user is None:
            request.session.clear()  # ended, expired, forged or the account is disabled: sign out
    request.state.user = user
    return user


def csrf_token(request: Request) -> str:
    key = request.session.get("sid")
    if not isinstance(key, str):
        key = request.session["sid"] = new_key()  # a visitor's form: a key of their own, no account
    return csrf_for(request.app.state.session_key, key)


def check_csrf(request: Request, supplied: str | None) -> None:
    if request.headers.get("authorization"):
        return
    key = request.session.get("sid")
    expected = csrf_for(request.app.state.session_key, key) if isinstance(key, str) else ""
    if not expected or not supplied or not hmac.compare_digest(expected, supplied):
        raise Forbidden("the form's CSRF token is missing or wrong; reload the page and try again")


def writer(request: Request) -> User | None:
    """A dependency for JSON write endpoints: the caller, with the CSRF check done for sessions.
    Role checks happen in the library call the endpoint makes."""
    user = current_user(request)
    if user is not None:
        check_csrf(request, request.headers.get("x-csrf-token"))
    return user


def sign_in(request: Request, user: User) -> None:
    """A fresh session key (so a new CSRF token too): a session fixed before sign-in is useless."""
    request.session.clear()
    request.session.update({"sid": open_session(request.app.state.store, user), "in": 1})
    request.state.user = user


def sign_out(request: Request) -> None:
    key = request.session.get("sid")
    if isinstance(key, str):
        close_session(request.app.state.store, key)
    request.session.clear()
    request.state.user = None
