"""`hubscope init` killed mid-way (issue 19, item 11): the store is either complete or reads as
not initialised, with a message to run init again; running it again completes it."""

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from hubscope.errors import StoreNotInitialised
from hubscope.store import Store

EXE = str(Path(sys.executable).with_name("hubscope"))
ENV = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[1])}


def _rows(db: Path, sql: str) -> int:
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=0.01) as conn:
            return conn.execute(sql).fetchone()[0]
    except sqlite3.Error:
        return 0


# Kill points, each as soon as the store shows it: the file, the tables, the catalog, the figures.
POINTS = {
    "file created": lambda db: db.exists(),
    "tables made": lambda db: _rows(db, "SELECT count(*) FROM sqlite_master WHERE name = 'alembic_version'") > 0,
    "catalog synced": lambda db: _rows(db, "SELECT count(*) FROM entities") > 0,
    "figures in": lambda db: _rows(db, "SELECT count(*) FROM observations") > 0,
}


def _killed_init(db: Path, point) -> None:
    proc = subprocess.Popen([EXE, "init", "--db", str(db)], env=ENV,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while proc.poll() is None and not point(db) and time.monotonic() < deadline:
        time.sleep(0.002)
    proc.send_signal(signal.SIGKILL)
    proc.wait()


def test_a_killed_init_reads_as_complete_or_not_initialised(tmp_path, store):
    full = store.counts()
    outcomes = {}
    for n, (name, point) in enumerate(POINTS.items()):
        db = tmp_path / f"s{n}.db"
        _killed_init(db, point)
        s = Store(f"sqlite:///{db}")
        try:
            counts = s.counts()
        except StoreNotInitialised as e:
            assert "hubscope init" in str(e) and "\n" not in str(e)
            outcomes[name] = "not initialised"
        else:
            assert counts == full, f"killed once {name}: a partial store reads as initialised ({counts})"
            outcomes[name] = "complete"
        s.close()
        r = subprocess.run([EXE, "init", "--db", str(db)], env=ENV, capture_output=True, text=True, timeout=120)
        assert r.returncode == 0, r.stderr
        again = Store(f"sqlite:///{db}")
        assert again.counts() == full
        again.close()
    assert outcomes["catalog synced"] == "not initialised"  # the kill landed mid-way, or the test proves nothing


def test_an_interrupted_init_is_refused_by_reads_with_a_clear_message(tmp_path, monkeypatch):
    s = Store(f"sqlite:///{tmp_path / 'p.db'}")
    import hubscope.datapackage as dp

    def boom(*a, **k):
        raise KeyboardInterrupt  # stands in for a kill after the catalog, before the figures

    monkeypatch.setattr(dp, "import_package", boom)
    with pytest.raises(KeyboardInterrupt):
        s.init()
    with pytest.raises(StoreNotInitialised, match="did not finish.*run `hubscope init` again"):
        s.counts()
    monkeypatch.undo()
    s.init()
    assert s.counts()["observations"] > 800
    s.close()
