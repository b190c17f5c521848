"""The policy page and its JSON and CSV twins, over HTTP, on SQLite and on PostgreSQL."""

from __future__ import annotations

from fastapi.testclient import TestClient

from hubscope.web.app import create_app


def test_policy_page_twins_and_errors(backend):
    c = TestClient(create_app(backend))
    r = c.get("/policy")
    assert r.status_code == 200 and "EUR 35 million" in r.text and 'href="https://' in r.text
    r = c.get("/policy.csv?j=JPN&j=KOR")
    assert r.text.splitlines()[0] == "field,JPN: AI Promotion Act,KOR: AI Basic Act"
    doc = c.get("/policy.json?j=EU27").json()
    assert [x["id"] for x in doc["records"]] == ["EU27-ai-act"]
    assert any(x["what"] == "in_force" for x in doc["conflicts"])
    doc = c.get("/policy.json?j=JPN&all=true").json()
    assert len(doc["records"]) == 3
    assert c.get("/policy?j=Atlantis").status_code == 404
    assert c.get("/policy/nope").status_code == 404
    r = c.get("/policy/KOR-ai-basic-act.json").json()
    assert r["history"][0]["changes"] == ["created"]
    assert "<script>" not in c.get("/policy?j=%3Cscript%3E").text


def test_policy_page_in_japanese(store):
    c = TestClient(create_app(store))
    r = c.get("/policy?lang=ja")
    assert "罰金の上限" in r.text and "出典が食い違う箇所" in r.text and "EUR 35 million" in r.text
