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


def test_every_policy_code_has_words_in_both_languages():
    from hubscope.policy import view
    from hubscope.policy.model import field_choices, schema

    codes = {c for cs in field_choices().values() for c in cs}
    events = set(schema()["properties"]["records"]["items"]["properties"]["events"]["items"]["properties"]
                 ["event"]["enum"])
    labels = view._labels()
    assert codes <= set(labels["values"]) and events <= set(labels["events"])
    for kind in labels.values():
        for c, words in kind.items():
            assert words["en"] and words["ja"] and words["en"] != c, c


def test_filters_search_and_their_errors(store):
    c = TestClient(create_app(store))
    doc = c.get("/policy.json?status=revoked").json()
    assert [r["id"] for r in doc["records"]] == ["USA-eo-14110"]
    doc = c.get("/policy.json?instrument_type=guideline&binding=voluntary").json()
    assert {r["id"] for r in doc["records"]} == {"JPN-ai-guidelines-business", "SGP-genai-framework",
                                                 "IND-ai-governance-guidelines"}
    doc = c.get("/policy.json?j=JPN&instrument_type=guideline").json()
    assert [r["id"] for r in doc["records"]] == ["JPN-ai-guidelines-business"]  # not only the principal one
    assert [r["id"] for r in c.get("/policy.json?q=DEEPFAKES").json()["records"]] == ["KOR-ai-basic-act"]
    assert [r["id"] for r in c.get("/policy.json?q=施行中&j=KOR").json()["records"]] == ["KOR-ai-basic-act"]
    r = c.get("/policy?q=no-such-words-anywhere")
    assert r.status_code == 200 and 'id="policy-empty"' in r.text
    r = c.get("/policy?status=enacted")
    assert r.status_code == 400 and "status=&#39;enacted&#39; is not one of proposed" in r.text
    r = c.get("/policy.json?colour=red")
    assert r.status_code == 400 and "unknown parameter 'colour'" in r.json()["message"]
    r = c.get("/policy?q=" + "x" * 101)
    assert r.status_code == 422


def test_matrix_tells_none_from_not_recorded_and_codes_in_words(store):
    import re

    c = TestClient(create_app(store))
    r = c.get("/policy?j=JPN&j=USA&lang=en").text
    row = re.search(r'<th scope="row">Max fine</th>(.*?)</tr>', r, re.S).group(1)
    cells = re.findall(r'<td class="cell-(\w+)">', row)
    assert cells == ["none", "missing"]  # Japan's Act has no fines; nobody recorded EO 14110's
    assert '<span class="none-tag">none</span>' in row and "not recorded" in row
    status = re.search(r'<th scope="row">Status</th>(.*?)</tr>', r, re.S).group(1)
    assert "In force" in status and "Revoked" in status and "in_force" not in status
    assert '<span class="badge ended">Revoked 2025-01-20</span>' in r  # EO 14110 is not shown as current
    ja = c.get("/policy?j=JPN&j=USA&lang=ja").text
    assert "施行中" in ja and "撤回 2025-01-20" in ja and "未記録" in ja and ">なし<" in ja
    csv = c.get("/policy.csv?j=JPN&j=USA").text
    assert "not recorded" in csv and "—" not in csv


def test_timeline_shows_each_event_once_with_all_its_sources(store):
    c = TestClient(create_app(store))
    steps = c.get("/policy.json?j=JPN").json()["timeline"]
    passed = [s for s in steps if s["event"] == "passed"]
    assert len(passed) == 1  # four sources, one step
    assert passed[0]["date"] == "2025-05-28"
    assert passed[0]["sources"] == ["aicerts-jp-act", "zelo-jp-act", "japoninfos-jp-act"]
    assert passed[0]["other_dates"] == [{"date": "2025-06-04", "sources": ["zgj-jp-act"]}]
    keys = [(s["record"], s["event"], s["label"]) for s in steps]
    assert len(keys) == len(set(keys))
    html = c.get("/policy?j=EU27&lang=en").text
    assert html.count('<time datetime="2024-08-01">') == 1 and "Other sources give" in html
    assert html.count("<li class=\"step") == 6  # promulgated, in force, four phases


def test_revoked_record_page(store):
    c = TestClient(create_app(store))
    r = c.get("/policy/USA-eo-14110?lang=en").text
    assert "Revoked 2025-01-20" in r and "This instrument no longer applies." in r
    assert "Revoked 2025-01-20" not in c.get("/policy/KOR-ai-basic-act?lang=en").text
