"""Who is calling: an API token (``Authorization: Bearer``) or a signed session cookie.

Session writes need a CSRF token (a form field or the ``X-CSRF-Token`` header) that matches
the one in the session; token calls carry no ambient credential, so they need none."""

from __future__ import annotations

import hmac
import secrets

from fastapi import Request

from ..accounts import User, get_user, user_for_token
from ..errors import Forbidden, NotFound, NotSignedIn


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
    elif request.session.get("uid") is not None:
        try:
            user = get_user(store, int(request.session["uid"]))
        except (NotFound, ValueError, TypeError):
            request.session.clear()  # the account is gone or disabled: sign out
    request.state.user = user
    return user


def csrf_token(request: Request) -> str:
    token = request.session.get("csrf")
    if not token:
        token = request.session["csrf"] = secrets.token_urlsafe(32)
    return token


def check_csrf(request: Request, supplied: str | None) -> None:
    if request.headers.get("authorization"):
        return
    expected = request.session.get("csrf")
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
    """A fresh session (a new CSRF token too), so a session fixed before sign-in is useless."""
    request.session.clear()
    request.session.update({"uid": user.id, "csrf": secrets.token_urlsafe(32)})
    request.state.user = user


def sign_out(request: Request) -> None:
    request.session.clear()
    request.state.user = None
