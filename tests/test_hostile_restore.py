"""Hostile backups (issue 19, item 7): re-hashed edits, secrets, wrong types, damaged archives.

Each case must end in one HubscopeError naming the file and what was expected, with the target
store left empty; none may raise anything else (a traceback at the CLI)."""

import hashlib
import json
import zipfile
from pathlib import Path

import pytest

from hubscope.accounts import add_user, list_users
from hubscope.errors import HubscopeError
from hubscope.store import Store
from hubscope.store.backup import backup, restore

PW = "correct horse battery"


@pytest.fixture(scope="module")
def members(tmp_path_factory):
    """The members of one real backup (a small store: catalog, two users)."""
    path = tmp_path_factory.mktemp("bk")
    store = Store(f"sqlite:///{path / 'src.db'}")
    store.init(bundled=False)
    add_user(store, "alice", "contributor", PW)
    add_user(store, "erin", "editor", PW)
    backup(store, path / "b.zip")
    store.close()
    with zipfile.ZipFile(path / "b.zip") as z:
        return {n: z.read(n) for n in z.namelist()}


def rehash(files: dict[str, bytes]) -> dict[str, bytes]:
    """Recompute the manifest's hashes and counts, as someone editing a backup would."""
    manifest = json.loads(files["manifest.json"])
    for name, meta in manifest["tables"].items():
        data = files[f"{name}.jsonl"]
        meta["sha256"] = hashlib.sha256(data).hexdigest()
        meta["rows"] = len(data.splitlines())
    return {**files, "manifest.json": json.dumps(manifest).encode()}


def edit(files, table, fn):
    rows = [json.loads(line) for line in files[f"{table}.jsonl"].decode().splitlines()]
    rows = fn(rows)
    data = "".join(json.dumps(r) + "\n" for r in rows).encode()
    return rehash({**files, f"{table}.jsonl": data})


def write(tmp_path, files, name="x.zip") -> str:
    path = tmp_path / name
    with zipfile.ZipFile(path, "w") as z:
        for n, data in files.items():
            z.writestr(n, data)
    return str(path)


def manifest_edit(files, fn):
    m = json.loads(files["manifest.json"])
    fn(m)
    return {**files, "manifest.json": json.dumps(m).encode()}


def _set(rows, **kw):
    return [{**r, **kw} for r in rows]


CASES = {
    "session secret row": lambda f: edit(f, "settings", lambda r: r + [{"key": "session_secret", "value": "k" * 48}]),
    "unknown setting": lambda f: edit(f, "settings", lambda r: r + [{"key": "admin_backdoor", "value": "1"}]),
    "unknown role": lambda f: edit(f, "users", lambda r: _set(r, role="superuser")),
    "unknown column": lambda f: edit(f, "users", lambda r: _set(r, is_root=True)),
    "role a number": lambda f: edit(f, "users", lambda r: _set(r, role=3)),
    "id a string": lambda f: edit(f, "users", lambda r: _set(r, id="1; DROP")),
    "id a bool": lambda f: edit(f, "users", lambda r: _set(r, id=True)),
    "disabled a word": lambda f: edit(f, "users", lambda r: _set(r, disabled="maybe")),
    "date not a date": lambda f: edit(f, "users", lambda r: _set(r, created_at="yesterday")),
    "date a number": lambda f: edit(f, "users", lambda r: _set(r, created_at=5)),
    "name too long": lambda f: edit(f, "users", lambda r: _set(r, name="a" * 500)),
    "missing required": lambda f: edit(f, "users", lambda r: [{k: v for k, v in x.items() if k != "role"} for x in r]),
    "row a list": lambda f: edit(f, "users", lambda r: [[1, 2]]),
    "re-hashed, unchanged": lambda f: edit(f, "users", lambda r: r),
    "manifest a list": lambda f: {**f, "manifest.json": b"[1, 2]"},
    "tables a list": lambda f: manifest_edit(f, lambda m: m.update(tables=[1])),
    "table meta a string": lambda f: manifest_edit(f, lambda m: m["tables"].update(users="x")),
    "rows a string": lambda f: manifest_edit(f, lambda m: m["tables"]["users"].update(rows="2")),
    "unknown schema version": lambda f: manifest_edit(f, lambda m: m.update(schema_version="9999_evil")),
    "manifest not utf-8": lambda f: {**f, "manifest.json": b"\xff\xfe{"},
    "member not utf-8": lambda f: rehash({**f, "users.jsonl": b"\xff\xfe\n"}),
    "path traversal member": lambda f: {**f, "../../etc/evil.jsonl": b"x"},
    "absolute member": lambda f: {**f, "/tmp/evil": b"x"},
    "extra member": lambda f: {**f, "notes.txt": b"hello"},
    "sessions table smuggled": lambda f: manifest_edit(
        {**f, "login_failures.jsonl": f["login_failures.jsonl"]}, lambda m: m["tables"].update(alembic_version={})
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_hostile_backup_is_refused_in_one_line(case, members, tmp_path):
    path = write(tmp_path, CASES[case](members))
    target = Store(f"sqlite:///{tmp_path / 'target.db'}")
    if case == "re-hashed, unchanged":  # the untouched, re-hashed backup restores: the control case
        restore(target, path)
        assert [u["name"] for u in list_users(target)] == ["alice", "erin"]
        return
    with pytest.raises(HubscopeError) as e:
        restore(target, path)
    assert "\n" not in str(e.value) and "x.zip" in str(e.value)
    assert target.schema_version() is None or not any(target.counts().values())
    target.close()


def test_false_reads_as_false(members, tmp_path):
    """An edited backup spelling booleans as text: "false" is false, not a non-empty string."""
    files = edit(members, "users", lambda r: _set(r, disabled="false"))
    target = Store(f"sqlite:///{tmp_path / 't.db'}")
    restore(target, write(tmp_path, files))
    assert [u["disabled"] for u in list_users(target)] == [False, False]


def test_damaged_archives_give_one_line_errors(members, tmp_path):
    good = write(tmp_path, members, "good.zip")
    raw = Path(good).read_bytes()
    damaged = {
        "truncated": raw[: len(raw) // 2],
        "truncated at the end": raw[:-30],
        "empty": b"",
        "not a zip": b"PK\x03\x04 not really",
    }
    # a member whose compressed bytes are damaged, with the zip's directory intact
    with zipfile.ZipFile(tmp_path / "deflated.zip", "w", zipfile.ZIP_DEFLATED) as z:
        for n, data in members.items():
            z.writestr(n, data)
    buf = bytearray((tmp_path / "deflated.zip").read_bytes())
    at = buf.find(b"PK\x03\x04", 100)
    buf[at + 40: at + 60] = b"\x00" * 20
    damaged["corrupt deflate"] = bytes(buf)
    (tmp_path / "dir").mkdir()
    for name, data in damaged.items():
        p = tmp_path / f"{name}.zip"
        p.write_bytes(data)
        target = Store(f"sqlite:///{tmp_path / (name + '.db')}")
        with pytest.raises(HubscopeError) as e:
            restore(target, p)
        assert "\n" not in str(e.value), name
        target.close()
    with pytest.raises(HubscopeError, match="not a file"):
        restore(Store(f"sqlite:///{tmp_path / 'd.db'}"), tmp_path / "dir")


def test_huge_members_are_refused_before_reading(members, tmp_path, monkeypatch):
    from hubscope.store import backup_read as b
    monkeypatch.setattr(b, "MAX_MEMBER", 1000)  # a small cap stands in for a multi-gigabyte zip bomb
    big = rehash({**members, "users.jsonl": members["users.jsonl"] * 20})
    with pytest.raises(HubscopeError, match="larger than"):
        restore(Store(f"sqlite:///{tmp_path / 't.db'}"), write(tmp_path, big))


def test_cli_restore_names_privileged_accounts_and_refuses_in_one_line(members, tmp_path):
    """An edited backup that makes alice an admin restores only with her rights said out loud."""
    import os
    import subprocess
    import sys

    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[1])}
    promoted = edit(members, "users", lambda r: [{**u, "role": "admin"} if u["name"] == "alice" else u for u in r])
    run = [str(Path(sys.executable).with_name("hubscope")), "restore"]
    ok = subprocess.run([*run, write(tmp_path, promoted), "--db", str(tmp_path / "a.db")],
                        capture_output=True, text=True, env=env)
    assert ok.returncode == 0, ok.stderr
    assert "accounts with editor or admin rights: alice (admin), erin (editor)" in ok.stdout
    secret = edit(members, "settings", lambda r: r + [{"key": "session_secret", "value": "k" * 48}])
    bad = subprocess.run([*run, write(tmp_path, secret, "s.zip"), "--db", str(tmp_path / "b.db")],
                         capture_output=True, text=True, env=env)
    assert bad.returncode == 1 and "Traceback" not in bad.stderr
    assert "setting 'session_secret' is not one a backup may hold" in bad.stderr
