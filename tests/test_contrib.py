"""Comments, proposals, review and revert: nothing published before an editor accepts, nothing
overwritten silently, a rejected proposal stays on record. Runs on SQLite and PostgreSQL."""

import pytest

from hubscope.accounts import add_user
from hubscope.contrib import (
    add_comment,
    comments,
    edit_comment,
    get_proposal,
    proposals,
    propose,
    resolve_comment,
    resubmit,
    revert,
    review,
)
from hubscope.errors import Forbidden, HubscopeError, NotFound, NotSignedIn, StaleEdit
from hubscope.store.edit import observation

PW = "correct horse battery"


@pytest.fixture
def people(backend):
    return {name: add_user(backend, name, role, PW) for name, role in
            (("alice", "contributor"), ("erin", "editor"), ("ed", "editor"), ("root", "admin"))}


def _gdp(store) -> dict:
    """Japan's 2024 GDP in USD from WDI: a figure the bundled report binds, at revision 2."""
    h = store.history("JPN", "gdp_current_usd", "2024", "world-bank-b975af")
    return observation(store, h[-1].observation_id)


def test_comments_thread_edit_resolve(backend, people):
    alice, erin = people["alice"], people["erin"]
    obs = _gdp(backend)
    with pytest.raises(NotSignedIn):
        add_comment(backend, None, "observation", str(obs["id"]), "hi")
    q = add_comment(backend, alice, "observation", str(obs["id"]),
                    "Is **this** the *2026-07* vintage? <script>x</script>", question=True)
    r = add_comment(backend, erin, "observation", str(obs["id"]), "Yes.", parent=q)
    other = add_comment(backend, alice, "indicator", "gdp_current_usd", "A note on the definition")
    with pytest.raises(HubscopeError, match="reply stays in its thread"):
        add_comment(backend, alice, "indicator", "gdp_current_usd", "x", parent=q)
    [thread] = comments(backend, "observation", str(obs["id"]))
    assert thread["id"] == q and thread["kind"] == "question" and [x["id"] for x in thread["replies"]] == [r]
    assert "<strong>this</strong>" in thread["html"] and "<script>" not in thread["html"]
    assert [c["id"] for c in comments(backend, "indicator", "gdp_current_usd")] == [other]
    # edits: the author only, against the current version
    assert edit_comment(backend, alice, q, "Is this the 2026-07 vintage?", version=1) == 2
    with pytest.raises(StaleEdit) as stale:
        edit_comment(backend, alice, q, "lost edit", version=1)
    assert stale.value.current == {"version": 2, "body": "Is this the 2026-07 vintage?"}
    with pytest.raises(Forbidden, match="author"):
        edit_comment(backend, erin, q, "not mine", version=2)
    with pytest.raises(Forbidden, match="editor"):
        resolve_comment(backend, alice, q)
    resolve_comment(backend, erin, q)
    [thread] = comments(backend, "observation", str(obs["id"]))
    assert thread["resolved_by_name"] == "erin" and thread["body"] == "Is this the 2026-07 vintage?"


def test_comment_targets_must_exist(backend, people):
    alice = people["alice"]
    with pytest.raises(NotFound):
        add_comment(backend, alice, "observation", "999999", "x")
    with pytest.raises(HubscopeError, match="did you mean 'gdp_current_usd'"):
        add_comment(backend, alice, "indicator", "gdp_current_us", "x")
    with pytest.raises(NotFound, match="'the-ai-promotion-act'"):
        add_comment(backend, alice, "report", "the-ai-promotion-ac", "x")
    assert add_comment(backend, alice, "report", "the-ai-promotion-act", "x") > 0
    assert add_comment(backend, alice, "policy", "JPN-ai-promotion-act", "x") > 0
    with pytest.raises(HubscopeError, match="cannot comment on a 'user'"):
        add_comment(backend, alice, "user", "1", "x")
    with pytest.raises(HubscopeError, match="empty"):
        add_comment(backend, alice, "report", "summary", "   ")
    with pytest.raises(HubscopeError, match="limit is 20,000"):
        add_comment(backend, alice, "report", "summary", "x" * 20_001)


def test_a_correction_is_published_only_when_accepted_and_credits_the_contributor(backend, people, tmp_path):
    alice, erin = people["alice"], people["erin"]
    obs = _gdp(backend)
    before = backend.counts()
    pid = propose(backend, alice, "correction", {"observation_id": obs["id"], "value": 4.2e12,
                                                 "vintage": "2026-10", "comment": "the October WDI update"})
    assert backend.counts() == before  # nothing is published yet
    prop = get_proposal(backend, pid)
    assert prop["status"] == "pending" and prop["base_revision"] == 2 and prop["current"]["number"] == 2
    assert prop["payload"]["unit"] == obs["current"]["unit"]  # the figure's own unit by default
    with pytest.raises(Forbidden):
        review(backend, alice, pid, "accept", version=1)
    assert review(backend, erin, pid, "accept", version=1, status="verified")["status"] == "accepted"
    cur = observation(backend, obs["id"])["current"]
    assert (cur["number"], cur["value"], cur["author"], cur["vintage"]) == (3, 4.2e12, "alice", "2026-10")
    assert cur["reason"] == f"proposal #{pid} by alice, accepted by erin"
    with pytest.raises(StaleEdit):  # a decided proposal cannot be decided again
        review(backend, erin, pid, "reject", version=2, note="again")
    # a living report bound to that figure shows the new value, credited (the bundled report now
    # binds the latest GDP, 2025, from the WDI snapshot)
    from hubscope.report import web_body
    src = tmp_path / "r.md"
    src.write_text('# GDP\n\nJapan: {{ value("JPN", "gdp_current_usd", "2024") }}.\n', encoding="utf-8")
    _, body = web_body(backend, source=src)
    credits = body[body.index('id="credits"'):]
    assert "gdp_current_usd" in credits and "contributed by alice, accepted by erin" in credits


def test_a_stale_correction_is_refused_and_stays_pending(backend, people):
    alice, erin, ed = people["alice"], people["erin"], people["ed"]
    obs = _gdp(backend)
    first = propose(backend, alice, "correction", {"observation_id": obs["id"], "value": 4.21e12})
    second = propose(backend, ed, "correction", {"observation_id": obs["id"], "value": 4.22e12})
    review(backend, erin, first, "accept", version=1)
    assert get_proposal(backend, second)["stale"] is True
    with pytest.raises(StaleEdit, match="at revision 3, not 2") as e:
        review(backend, erin, second, "accept", version=1)
    assert e.value.current["value"] == 4.21e12 and e.value.current["number"] == 3
    assert get_proposal(backend, second)["status"] == "pending"  # the refusal rolled everything back
    assert observation(backend, obs["id"])["current"]["value"] == 4.21e12


def test_reject_keeps_the_record_and_changes_can_be_resubmitted(backend, people):
    alice, erin = people["alice"], people["erin"]
    pid = propose(backend, alice, "figure", {
        "entity": "Japan", "indicator": "unicorn_count", "period": "2026", "value": 8, "unit": "companies",
        "source": {"id": "example-tracker-2026", "publisher": "Example Tracker", "title": "Unicorn list 2026",
                   "url": "https://example.org/unicorns"}})
    with pytest.raises(HubscopeError, match="reason is required"):
        review(backend, erin, pid, "changes", version=1)
    review(backend, erin, pid, "changes", version=1, note="give the list's publication date")
    with pytest.raises(Forbidden):
        resubmit(backend, erin, pid, {}, version=2)
    payload = get_proposal(backend, pid)["payload"]
    payload["source"]["published"] = "2026-03-01"
    assert resubmit(backend, alice, pid, payload | {"entity": "JPN"}, version=2) == 3
    review(backend, erin, pid, "reject", version=3, note="the tracker counts differently from CB Insights")
    rejected = get_proposal(backend, pid)
    assert (rejected["status"], rejected["reviewer"], rejected["review_note"]) == (
        "rejected", "erin", "the tracker counts differently from CB Insights")
    assert [p["id"] for p in proposals(backend, "rejected")] == [pid]
    assert len(backend.history("JPN", "unicorn_count", "2026")) == 0  # never published


def test_proposals_are_checked_before_they_are_stored(backend, people):
    alice = people["alice"]
    obs = _gdp(backend)
    bad = [
        ({"observation_id": obs["id"], "value": "lots"}, "value: 'lots' is not a number"),
        ({"observation_id": obs["id"], "value": 1, "unit": "%"}, "does not fit gdp_current_usd"),
        ({"observation_id": obs["id"], "value": 1, "source": {"id": "new-src", "publisher": "P", "title": "T",
                                                               "url": "javascript:alert(1)"}}, "not an http"),
        ({"observation_id": obs["id"], "value": float("nan")}, "not a finite number"),
    ]
    for payload, message in bad:
        with pytest.raises(HubscopeError, match=message):
            propose(backend, alice, "correction", payload)
    with pytest.raises(HubscopeError, match="did you mean"):
        propose(backend, alice, "figure", {"entity": "JPN", "indicator": "unicorn_cnt", "period": "2026",
                                           "value": 1, "source": {"id": "world-bank-b975af"}})
    assert proposals(backend) == []


def test_editors_cannot_accept_their_own(backend, people):
    erin = people["erin"]
    pid = propose(backend, erin, "correction", {"observation_id": _gdp(backend)["id"], "value": 4.3e12})
    with pytest.raises(Forbidden, match="another editor"):
        review(backend, erin, pid, "accept", version=1)


def test_revert_adds_a_revision(backend, people):
    alice, erin = people["alice"], people["erin"]
    obs = _gdp(backend)
    pid = propose(backend, alice, "correction", {"observation_id": obs["id"], "value": 4.2e12})
    review(backend, erin, pid, "accept", version=1)
    now = observation(backend, obs["id"])
    with pytest.raises(Forbidden):
        revert(backend, alice, now["current"]["id"], "wrong")
    older = now["revisions"][1]["id"]
    with pytest.raises(StaleEdit, match="no longer the current one"):
        revert(backend, erin, older, "wrong")
    with pytest.raises(HubscopeError, match="first value"):
        revert(backend, erin, now["revisions"][0]["id"], "wrong")
    assert revert(backend, erin, now["current"]["id"], "the October update was withdrawn") == 4
    after = observation(backend, obs["id"])
    values = [r["value"] for r in after["revisions"]]
    assert values[2] == 4.2e12 and values[3] == values[1] == 4190008188358.57
    assert after["current"]["author"] == "erin" and after["current"]["reason"].startswith("revert revision 3")


def test_a_contributed_section_appears_in_the_report_with_bindings(backend, people):
    alice, erin = people["alice"], people["erin"]
    pid = propose(backend, alice, "section", {
        "heading": "Community notes", "body": "Japan's R&D: {{ value('JPN', 'rd_expenditure_pct_gdp') }}."})
    from hubscope.report import web_body
    assert "Community notes" not in web_body(backend)[1]
    review(backend, erin, pid, "accept", version=1)
    _, body = web_body(backend)
    section = body[body.index('id="community-notes"'):]
    assert "Contributed by alice, accepted by erin" in section and "3.44" in section.split("<h2")[0]
    assert add_comment(backend, alice, "report", "community-notes", "Thanks!") > 0


def test_section_bindings_are_sandboxed(backend, people):
    alice, erin = people["alice"], people["erin"]
    pid = propose(backend, alice, "section", {"heading": "Probe", "body": "{{ value.__globals__ }}"})
    review(backend, erin, pid, "accept", version=1)
    from hubscope.report import web_body
    # the failing section shows its own error; the report renders and nothing of the globals leaks
    _, body = web_body(backend)
    assert "This section could not be rendered" in body and "__builtins__" not in body


def test_each_revision_lists_what_it_changed_field_by_field(backend, people):
    obs = _gdp(backend)
    pid = propose(backend, people["alice"], "correction", {"observation_id": obs["id"], "value": 4.2e12,
                                                          "vintage": "2026-10"})
    review(backend, people["erin"], pid, "accept", version=1, status="verified")
    revs = observation(backend, obs["id"])["revisions"]
    assert revs[0]["changes"] == []
    changed = {c["field"]: (c["old"], c["new"]) for c in revs[2]["changes"]}
    assert changed["value"] == (4190008188358.57, 4.2e12) and changed["vintage"] == (revs[1]["vintage"], "2026-10")
    assert "unit" not in changed and "qualifier" not in changed  # unchanged fields are not listed
    assert all(revs[2][f] != revs[1][f] for f in changed)
