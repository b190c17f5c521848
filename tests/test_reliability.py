"""Reliability drills, small enough for CI (bench/bench_reliability.py runs the full counts)."""

import shutil

import pytest

from hubscope.accounts import add_user
from hubscope.store import Store

from . import reliability as drill


def test_fifty_contributors_on_postgresql_lose_nothing(backend):
    if backend.engine.dialect.name != "postgresql":
        pytest.skip("the concurrency drill is for the multi-user server (SQLite serialises writers)")
    out = drill.contributors(backend.url, people=50, edits=2)
    assert out.errors == []
    assert len(out.done) == 100  # every person's every edit landed, after reloading when refused
    assert drill.lost_updates(backend, out) == []
    assert all("redo the edit" in msg for _, msg in out.refused)  # each refusal said what to do
    assert len(out.refused) > 0  # they did collide


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_a_writer_killed_mid_write_leaves_a_consistent_store(kind, request, tmp_path, _initialised_file):
    packages = drill.make_packages(_initialised_file, tmp_path, count=2, figures=200)
    if kind == "sqlite":
        shutil.copy(_initialised_file, tmp_path / "drill.db")
        url = f"sqlite:///{tmp_path / 'drill.db'}"
    else:
        from .conftest import next_db
        server = request.getfixturevalue("pg_server")
        url = server.create(next_db(), template=request.getfixturevalue("_pg_template"))
    store = Store(url)
    add_user(store, "alice", "contributor", "correct horse battery")
    add_user(store, "erin", "editor", "correct horse battery")
    store.close()
    out = drill.kill_drill(url, packages, kills=8, figures=200)
    assert out.inconsistent == [] and out.torn_imports == [] and out.missing == []
    assert out.imports_acknowledged >= 1 and out.accepts_acknowledged >= 1  # the writer did get work done
    assert out.mid_write >= 4  # and most kills landed inside a write
    # and the check itself can fail: tear one figure out of the last import
    from sqlalchemy import delete, func, select

    from hubscope.store import schema as t
    store = Store(url)
    with store.write() as conn:
        victim = conn.execute(select(t.revisions.c.id).join(t.observations).where(
            t.observations.c.source_id == "drill-source").order_by(t.revisions.c.id.desc()).limit(1)).scalar()
        conn.execute(delete(t.revisions).where(t.revisions.c.id == victim))
        assert conn.scalar(select(func.count()).select_from(t.revisions).where(t.revisions.c.id == victim)) == 0
    problems = drill.check_consistent(store, 200, {}, set(), drill.KillOutcome())
    assert any("torn import" in p for p in problems), problems
