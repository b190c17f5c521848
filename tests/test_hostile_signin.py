"""Sign-in under attack (issue 19, item 8): a stranger's failures cannot lock a user out, one
client has a budget across accounts, and password hashing runs off the event loop."""

import asyncio
import re

import pytest
from fastapi.testclient import TestClient

from hubscope.accounts import add_user, authenticate
from hubscope.accounts import users as u
from hubscope.errors import NotSignedIn, RateLimited
from hubscope.store import Store
from hubscope.web import create_app

PW = "correct horse battery"


@pytest.fixture
def accounts(tmp_path):
    store = Store(f"sqlite:///{tmp_path / 's.db'}")
    store.init(bundled=False)
    for name in ("root", "alice"):
        add_user(store, name, "admin" if name == "root" else "contributor", PW)
    yield store
    store.close()


def test_a_strangers_failures_do_not_lock_the_owner_out(accounts):
    for _ in range(20):
        with pytest.raises((NotSignedIn, RateLimited)):
            authenticate(accounts, "root", "guess", client="203.0.113.9")
    with pytest.raises(RateLimited):  # the stranger is held back...
        authenticate(accounts, "root", PW, client="203.0.113.9")
    assert authenticate(accounts, "root", PW, client="198.51.100.1").name == "root"  # ...the owner is not


def test_backoff_grows_per_client_and_account(accounts):
    waits = []
    for _ in range(8):
        try:
            authenticate(accounts, "alice", "guess", client="c1")
        except RateLimited as e:
            waits.append(e.retry_after)
            accounts_fail_once_more(accounts, "alice", "c1")
        except NotSignedIn:
            pass
    assert waits and waits == sorted(waits) and waits[-1] > waits[0]
    assert max(waits) <= u.MAX_BACKOFF.total_seconds()


def accounts_fail_once_more(store, name, client):
    """Record a failure as if the backoff had passed (tests do not wait for clocks)."""
    from hubscope.store import schema as t
    from hubscope.store.core import now
    with store.write() as conn:
        conn.execute(t.login_failures.insert().values(name=name, client=client, at=now()))


def test_one_client_has_a_budget_across_accounts(accounts):
    """Spraying one password over many names from one client is stopped by the client budget."""
    for n in range(u.CLIENT_BUDGET):
        with pytest.raises(NotSignedIn):
            authenticate(accounts, f"name{n}", "guess", client="spray")
    with pytest.raises(RateLimited, match="too many failed sign-ins from this client"):
        authenticate(accounts, "alice", PW, client="spray")
    assert authenticate(accounts, "alice", PW, client="elsewhere").name == "alice"


def test_web_sign_in_hashes_off_the_event_loop_and_per_client(accounts, monkeypatch):
    seen = []

    class Watched:
        def verify(self, *args):
            try:
                asyncio.get_running_loop()
                seen.append("on the loop")
            except RuntimeError:
                seen.append("in a worker thread")
            return real.verify(*args)

    real = u._hasher
    monkeypatch.setattr(u, "_hasher", Watched())
    app = create_app(accounts, check_every=0)

    def attempt(client_ip, password):
        client = TestClient(app, client=(client_ip, 5000))
        csrf = re.search(r'name="csrf" value="([^"]+)"', client.get("/login").text).group(1)
        return client.post("/login", data={"name": "root", "password": password, "csrf": csrf},
                           follow_redirects=False)

    for _ in range(6):
        attempt("203.0.113.9", "guess")
    assert attempt("203.0.113.9", PW).status_code == 429
    assert attempt("198.51.100.1", PW).status_code == 303  # the owner, from their own address
    assert seen and set(seen) == {"in a worker thread"}
