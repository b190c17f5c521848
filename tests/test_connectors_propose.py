"""`hubscope update --propose`: a connector's update waits in the review queue until an editor accepts it."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from hubscope.accounts import add_user
from hubscope.cli import app
from hubscope.connectors.propose import propose_update
from hubscope.contrib import get_proposal, proposals, review
from hubscope.errors import Forbidden, NotSignedIn, StaleEdit
from hubscope.store import schema as t

PKG = Path(__file__).parent / "fixtures" / "datapackage-fred-fx"
PW = "correct horse battery"


@pytest.fixture
def people(store):
    return {n: add_user(store, n, r, PW) for n, r in (("alice", "contributor"), ("erin", "editor"))}


def revisions(store) -> list:
    with store.read() as conn:
        return [tuple(r) for r in conn.execute(t.revisions.select().order_by(t.revisions.c.id))]


@pytest.fixture
def snapshots(tmp_path, monkeypatch):
    monkeypatch.setenv("HUBSCOPE_SNAPSHOTS", str(tmp_path / "snapshots"))


def test_a_proposed_update_changes_nothing_until_an_editor_accepts(store, people, snapshots):
    before = revisions(store)
    plan, pid = propose_update(store, people["alice"], "datapackage", package=str(PKG))
    assert plan.new == 380 and not plan.applied
    assert revisions(store) == before  # proposed: the store is unchanged
    prop = get_proposal(store, pid)
    assert prop["kind"] == "update" and prop["status"] == "pending"
    assert prop["payload"]["heading"].startswith("Data package update of ") and ": 380 new, 0 revised" in prop[
        "payload"]["heading"]
    assert len(prop["payload"]["changes"]) == 50 and prop["payload"]["summary"]["new"] == 380
    assert [p["id"] for p in proposals(store, "pending")] == [pid]
    out = review(store, people["erin"], pid, "accept", prop["version"])
    assert out["status"] == "accepted" and plan.snapshot in out["result"]
    after = revisions(store)
    assert len(after) == len(before) + 380
    hist = store.history("JPN", "fx_lcu_per_usd", "2020")
    mine = [f for f in hist.figures if f.revision.author == "connector:datapackage"]
    assert len(mine) == 1 and mine[0].value == 106.7754
    assert mine[0].revision.reason.startswith("Data package update of ")
    assert f"proposal #{pid} by alice, accepted by erin" in mine[0].revision.reason


def test_accept_is_refused_when_the_store_moved_on(store, people, snapshots):
    from hubscope.connectors.update import update

    plan, pid = propose_update(store, people["alice"], "datapackage", package=str(PKG))
    update(store, "datapackage", plan.snapshot)  # someone applied the same snapshot directly meanwhile
    before = revisions(store)
    with pytest.raises(StaleEdit, match=rf"proposal {pid}: the store changed since this update was proposed"):
        review(store, people["erin"], pid, "accept", get_proposal(store, pid)["version"])
    assert revisions(store) == before and get_proposal(store, pid)["status"] == "pending"


def test_signed_in_to_propose_and_nothing_fetched_otherwise(store, people, snapshots, tmp_path):
    with pytest.raises(NotSignedIn, match="proposing an update needs a contributor account"):
        propose_update(store, None, "datapackage", package=str(PKG))
    assert not (tmp_path / "snapshots").exists()
    _, pid = propose_update(store, people["alice"], "datapackage", package=str(PKG))
    with pytest.raises(Forbidden, match="needs the editor role"):  # a contributor cannot accept
        review(store, people["alice"], pid, "accept", 1)


def test_cli_update_propose(store, people, snapshots):
    runner = CliRunner()
    r = runner.invoke(app, ["update", "datapackage", "--package", str(PKG), "--propose", "--as", "alice",
                            "--db", store.url])
    assert r.exit_code == 0, r.output
    assert "sent for review as proposal" in r.output and "nothing written" in r.output
    r = runner.invoke(app, ["proposals", "--status", "pending", "--db", store.url])
    assert r.exit_code == 0 and "Data package update of" in r.output, r.output
    r = runner.invoke(app, ["update", "datapackage", "--propose", "--db", store.url])
    assert r.exit_code != 0 and "--propose needs --as" in r.output


def test_the_proposal_page_shows_the_update(store, people, snapshots, browser):
    from fastapi.testclient import TestClient

    from hubscope.web import create_app

    from .live import live, shot

    _, pid = propose_update(store, people["alice"], "datapackage", package=str(PKG))
    app = create_app(store, check_every=0)
    r = TestClient(app).get(f"/proposals/{pid}")
    assert r.status_code == 200
    assert "Data package update of" in r.text and ": 380 new, 0 revised" in r.text
    assert r.text.count("<ins>") == 50 and "Changes shown: 50 / 380." in r.text
    with live(app) as url:
        page = browser.new_page(viewport={"width": 1200, "height": 900})
        page.goto(f"{url}/proposals/{pid}")
        assert page.locator("table.update-changes tbody tr").count() == 50
        shot(page, "proposal-update")
        page.close()
