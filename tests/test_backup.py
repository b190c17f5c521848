"""backup and restore round-trip everything, across backends, and refuse damaged files."""

import json
import zipfile

import pytest

from hubscope.accounts import add_user, authenticate, issue_token, user_for_token
from hubscope.contrib import add_comment, propose, review
from hubscope.errors import HubscopeError
from hubscope.store import Store
from hubscope.store.backup import backup, read_backup, restore

from .conftest import next_db

PW = "correct horse battery"


def _activity(store):
    """Users, a token, comments, proposals (accepted, rejected, pending) and a contributed section."""
    alice, erin = add_user(store, "alice", "contributor", PW), add_user(store, "erin", "editor", PW)
    _, secret = issue_token(store, alice, "script")
    h = store.history("JPN", "gdp_current_usd", "2024", "world-bank-b975af")
    oid = str(h[-1].observation_id)
    add_comment(store, alice, "observation", oid, "Which vintage? 日本語も")
    p1 = propose(store, alice, "correction", {"observation_id": oid, "value": 4.2e12})
    review(store, erin, p1, "accept", version=1)
    p2 = propose(store, alice, "section", {"heading": "Notes", "body": "Text"})
    review(store, erin, p2, "accept", version=1)
    p3 = propose(store, alice, "correction", {"observation_id": oid, "value": 1.0})
    review(store, erin, p3, "reject", version=1, note="scale")
    propose(store, alice, "correction", {"observation_id": oid, "value": 4.3e12})
    return secret


def test_backup_restore_round_trip_across_backends(backend, request, tmp_path):
    secret = _activity(backend)
    first = backup(backend, tmp_path / "one.zip")
    assert first["users"] == 2 and first["proposals"] == 4 and first["report_sections"] == 1
    # restore into the other backend, back up again: the same rows, table by table
    if backend.engine.dialect.name == "sqlite":
        url = request.getfixturevalue("pg_server").create(next_db())
    else:
        url = f"sqlite:///{tmp_path / 'restored.db'}"
    target = Store(url)
    assert restore(target, tmp_path / "one.zip") == first
    backup(target, tmp_path / "two.zip")
    _, a = read_backup(tmp_path / "one.zip")
    _, b = read_backup(tmp_path / "two.zip")
    assert a == b
    # the restored store works: sign-in, tokens, and new rows get fresh ids
    assert authenticate(target, "alice", PW).name == "alice"
    assert user_for_token(target, secret).name == "alice"
    assert propose(target, authenticate(target, "alice", PW), "section", {"heading": "More", "body": "x"}) == 5
    target.close()


def test_backup_carries_no_session_key_or_password(backend, tmp_path):
    from hubscope.accounts.secret import session_secret
    key = session_secret(backend)
    _activity(backend)
    backup(backend, tmp_path / "b.zip")
    with zipfile.ZipFile(tmp_path / "b.zip") as z:
        everything = b"".join(z.read(n) for n in z.namelist()).decode()
    assert key not in everything and PW not in everything


def test_restore_refuses_damage_and_non_empty_stores(store, tmp_path):
    backup(store, tmp_path / "b.zip")
    with pytest.raises(HubscopeError, match="already holds data"):
        restore(store, tmp_path / "b.zip")
    with zipfile.ZipFile(tmp_path / "b.zip") as z:
        files = {n: z.read(n) for n in z.namelist()}
    files["revisions.jsonl"] = files["revisions.jsonl"].replace(b'"author": "', b'"author": "X', 1)
    with zipfile.ZipFile(tmp_path / "bad.zip", "w") as z:
        for n, data in files.items():
            z.writestr(n, data)
    empty = Store(f"sqlite:///{tmp_path / 'empty.db'}")
    with pytest.raises(HubscopeError, match="revisions.jsonl does not match its SHA-256"):
        restore(empty, tmp_path / "bad.zip")
    assert empty.schema_version() is None  # nothing was created
    (tmp_path / "junk.zip").write_bytes(b"not a zip")
    with pytest.raises(HubscopeError, match="not a hubscope backup"):
        restore(empty, tmp_path / "junk.zip")
    manifest = json.loads(files["manifest.json"])
    assert manifest["format"] == "hubscope-backup/1" and manifest["schema_version"] == "0004"


def test_a_database_password_never_shows_in_messages():
    store = Store("postgresql+psycopg://hub:s3cret-pw@127.0.0.1:1/hubscope")
    assert "s3cret-pw" not in repr(store) and "***" in store.public_url
    with pytest.raises(HubscopeError) as e:
        store.counts()
    assert "s3cret-pw" not in str(e.value) and "hub:***@" in str(e.value)
