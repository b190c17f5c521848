"""Accounts, roles, passwords and API tokens, on SQLite and PostgreSQL."""

import pytest

from hubscope.accounts import (
    add_user,
    authenticate,
    get_user,
    issue_token,
    list_users,
    require,
    revoke_token,
    set_password,
    set_role,
    user_for_token,
)
from hubscope.errors import Forbidden, HubscopeError, NotSignedIn, RateLimited

PW = "correct horse battery"


def test_users_and_roles(backend):
    alice = add_user(backend, "alice", "contributor", PW)
    assert get_user(backend, "alice") == alice and alice.can("contributor") and not alice.can("editor")
    with pytest.raises(HubscopeError, match="already exists"):
        add_user(backend, "ALICE", "editor", PW)
    with pytest.raises(HubscopeError, match="unknown role 'boss'"):
        add_user(backend, "bob", "boss", PW)
    with pytest.raises(HubscopeError, match="not allowed"):
        add_user(backend, "<script>", "editor", PW)
    with pytest.raises(HubscopeError, match="too short"):
        add_user(backend, "bob", "editor", "short")
    assert set_role(backend, "alice", "editor").can("editor")
    assert [u["name"] for u in list_users(backend)] == ["alice"]
    with pytest.raises(NotSignedIn):
        require(None, "contributor", "commenting")
    with pytest.raises(Forbidden, match="needs the admin role"):
        require(get_user(backend, "alice"), "admin", "adding accounts")


def test_passwords_are_argon2_and_checked(backend):
    add_user(backend, "alice", "contributor", PW)
    from sqlalchemy import select

    from hubscope.store import schema as t
    with backend.read() as conn:
        stored = conn.scalar(select(t.users.c.password_hash))
    assert stored.startswith("$argon2id$") and PW not in stored
    assert authenticate(backend, "alice", PW).name == "alice"
    with pytest.raises(NotSignedIn, match="wrong user name or password"):
        authenticate(backend, "alice", "not the password")
    with pytest.raises(NotSignedIn, match="wrong user name or password"):
        authenticate(backend, "nobody", PW)
    set_password(backend, "alice", "another good password")
    with pytest.raises(NotSignedIn):
        authenticate(backend, "alice", PW)


def test_sign_in_is_rate_limited_per_account(backend):
    add_user(backend, "alice", "contributor", PW)
    add_user(backend, "bob", "contributor", PW)
    for _ in range(5):
        with pytest.raises(NotSignedIn):
            authenticate(backend, "alice", "guess")
    with pytest.raises(RateLimited) as e:  # even the right password, until the window passes
        authenticate(backend, "alice", PW)
    assert 0 < e.value.retry_after <= 15 * 60
    assert authenticate(backend, "bob", PW).name == "bob"  # other accounts are not affected


def test_tokens_are_scoped_hashed_and_revocable(backend):
    erin = add_user(backend, "erin", "editor", PW)
    tid, secret = issue_token(backend, erin, "script", "contributor")
    assert secret.startswith("hs_") and len(secret) > 40
    user = user_for_token(backend, secret)
    assert (user.name, user.role) == ("erin", "contributor")  # capped by the scope
    from sqlalchemy import select

    from hubscope.store import schema as t
    with backend.read() as conn:
        assert secret not in str(conn.execute(select(t.tokens)).all())
    with pytest.raises(Forbidden, match="more rights than its owner"):
        issue_token(backend, erin, "too much", "admin")
    revoke_token(backend, erin, tid)
    with pytest.raises(NotSignedIn, match="revoked"):
        user_for_token(backend, secret)
    with pytest.raises(NotSignedIn):
        user_for_token(backend, "hs_made_up")


def test_a_disabled_account_loses_its_sessions_and_tokens_but_not_its_record(backend):
    from hubscope.accounts import set_disabled
    from hubscope.contrib import add_comment, comments
    from hubscope.errors import NotFound
    alice = add_user(backend, "alice", "contributor", PW)
    _, secret = issue_token(backend, alice, "script")
    add_comment(backend, alice, "report", "summary", "kept")
    set_disabled(backend, "alice")
    with pytest.raises(NotSignedIn):
        user_for_token(backend, secret)
    with pytest.raises(NotSignedIn):
        authenticate(backend, "alice", PW)
    with pytest.raises(NotFound):
        get_user(backend, alice.id)  # a session naming this user is cleared
    assert [c["body"] for c in comments(backend, "report")] == ["kept"]
    set_disabled(backend, "alice", False)
    assert authenticate(backend, "alice", PW).name == "alice"
    with pytest.raises(NotFound):
        set_disabled(backend, "nobody")
