"""Sessions that can be revoked, and CSRF tokens the cookie does not carry (issue 19, item 5).

A session cookie is signed, not encrypted: anyone holding it can read it. So it carries only a
random session key; the server keeps the key's digest, and logout, a password change or a
disabled account delete it. The CSRF token is derived on the server from that key."""

import base64
import json

import pytest
from fastapi.testclient import TestClient
from itsdangerous import TimestampSigner

from hubscope.accounts import set_disabled, set_password
from hubscope.accounts.secret import session_secret

from .test_web_contrib import PW, signed_in, site  # noqa: F401  (site is a fixture)

COMMENT = {"target_kind": "report", "target_id": "summary", "body": "still here?"}


def _cookie_fields(cookie: str) -> dict:
    payload = cookie.split(".", 1)[0]
    return json.loads(base64.b64decode(payload + "=" * (-len(payload) % 4)))


def _replay(app, cookie: str) -> TestClient:
    client = TestClient(app)
    client.cookies.set("hubscope", cookie)
    return client


@pytest.fixture
def sqlite_site(site):  # noqa: F811
    if site[0].engine.dialect.name != "sqlite":
        pytest.skip("session revocation runs on both backends in the library tests; HTTP on SQLite is enough")
    return site


def test_a_cookie_saved_before_logout_stops_working(sqlite_site):
    _, app, _ = sqlite_site
    client, csrf = signed_in(app, "alice")
    saved = client.cookies["hubscope"]
    assert client.post("/logout", data={"csrf": csrf}, follow_redirects=False).status_code == 303
    thief = _replay(app, saved)
    assert thief.get("/api/whoami").json() == {"name": None, "role": "reader"}
    assert thief.post("/api/comments", json=COMMENT, headers={"X-CSRF-Token": csrf}).status_code in (401, 403)


def test_a_password_change_ends_every_session_of_that_account(sqlite_site):
    store, app, _ = sqlite_site
    one, _ = signed_in(app, "alice")
    two, csrf = signed_in(app, "alice")
    other, _ = signed_in(app, "bob")
    set_password(store, "alice", "a brand new password")
    for client in (one, two):
        assert client.get("/api/whoami").json()["name"] is None
    assert two.post("/api/comments", json=COMMENT, headers={"X-CSRF-Token": csrf}).status_code in (401, 403)
    assert other.get("/api/whoami").json()["name"] == "bob"  # someone else's session is untouched


def test_disabling_and_enabling_does_not_revive_old_sessions(sqlite_site):
    store, app, _ = sqlite_site
    client, _ = signed_in(app, "alice")
    set_disabled(store, "alice")
    set_disabled(store, "alice", False)
    assert client.get("/api/whoami").json()["name"] is None


def test_the_csrf_token_is_not_in_the_cookie(sqlite_site):
    _, app, _ = sqlite_site
    client, csrf = signed_in(app, "alice")
    fields = _cookie_fields(client.cookies["hubscope"])
    assert csrf not in json.dumps(fields)
    assert set(fields) <= {"sid", "in"}


def test_a_forged_cookie_with_the_signing_key_is_not_a_session(sqlite_site):
    """Someone who learned the key (an old backup, a leaked env var) can sign any cookie, but
    cannot make the server hold a session for it."""
    store, app, people = sqlite_site
    signer = TimestampSigner(session_secret(store))
    for fields in ({"uid": people["root"].id, "csrf": "x" * 43}, {"sid": "guessed-session-key"}):
        payload = base64.b64encode(json.dumps(fields).encode())
        client = _replay(app, signer.sign(payload).decode())
        assert client.get("/api/whoami").json() == {"name": None, "role": "reader"}
        r = client.post("/api/comments", json=COMMENT, headers={"X-CSRF-Token": "x" * 43})
        assert r.status_code in (401, 403)
