"""Contributions over HTTP, on SQLite and PostgreSQL: every write route checks the caller's role,
forms need a CSRF token, a tampered cookie is refused, sign-in is rate limited, stale edits get
409 with what is stored now, and nothing refused leaves a trace in the store."""

import re

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from hubscope.accounts import add_user, issue_token
from hubscope.store import schema as t
from hubscope.web import create_app

PW = "correct horse battery"
# Every route that writes, with the least role that may call it. A new write route fails the
# enumeration test below until it is listed here (and so tested).
WRITES = {
    ("POST", "/comments"): "contributor", ("POST", "/comments/{comment_id}/edit"): "contributor",
    ("POST", "/comments/{comment_id}/resolve"): "editor", ("POST", "/proposals"): "contributor",
    ("POST", "/proposals/{proposal_id}/review"): "editor", ("POST", "/proposals/{proposal_id}/resubmit"): "contributor",
    ("POST", "/revisions/{revision_id}/revert"): "editor", ("POST", "/account/tokens"): "contributor",
    ("POST", "/account/tokens/{token_id}/revoke"): "contributor", ("POST", "/admin/users"): "admin",
    ("POST", "/api/comments"): "contributor", ("PATCH", "/api/comments/{comment_id}"): "contributor",
    ("POST", "/api/comments/{comment_id}/resolve"): "editor", ("POST", "/api/proposals"): "contributor",
    ("PUT", "/api/proposals/{proposal_id}"): "contributor", ("POST", "/api/proposals/{proposal_id}/review"): "editor",
    ("POST", "/api/revisions/{revision_id}/revert"): "editor",
}
# POST routes that write nothing to the store, and why they need no role.
PUBLIC = {("POST", "/check"): "checks pasted text; stores nothing",
          ("POST", "/login"): "signing in is how a role is obtained (CSRF-checked, rate limited)",
          ("POST", "/logout"): "clears the caller's own session (CSRF-checked)"}
BODIES = {  # valid bodies, so a refusal is about the role and not the input
    "/api/comments": {"target_kind": "report", "target_id": "summary", "body": "x"},
    "/api/comments/{comment_id}": {"body": "x", "version": 1},
    "/api/proposals": {"kind": "section", "heading": "H", "body": "x"},
    "/api/proposals/{proposal_id}": {"kind": "section", "heading": "H", "body": "x"},
    "/api/proposals/{proposal_id}/review": {"action": "accept", "version": 1},
    "/api/revisions/{revision_id}/revert": {"reason": "x"},
}
FORM = {"target_kind": "report", "target_id": "summary", "body": "x", "version": "1", "kind": "section",
        "heading": "H", "action": "accept", "reason": "x", "label": "x", "name": "mallory", "role": "admin",
        "password": "long enough password"}


def _state(store) -> tuple:
    """Everything a write could change, in one comparable value."""
    with store.read() as conn:
        return tuple(conn.scalar(select(func.count()).select_from(tb)) for tb in t.metadata.sorted_tables) + (
            conn.scalar(select(func.sum(t.comments.c.version))), conn.scalar(select(func.sum(t.proposals.c.version))),
            tuple(conn.execute(select(t.users.c.role, t.tokens.c.revoked_at).outerjoin(
                t.tokens, t.tokens.c.user_id == t.users.c.id).order_by(t.users.c.id)).all()))


@pytest.fixture
def site(backend):
    people = {name: add_user(backend, name, role, PW) for name, role in
              (("alice", "contributor"), ("bob", "contributor"), ("erin", "editor"), ("root", "admin"))}
    app = create_app(backend, check_every=0)
    return backend, app, people


def signed_in(app, name: str) -> tuple[TestClient, str]:
    client = TestClient(app)
    csrf = re.search(r'name="csrf" value="([^"]+)"', client.get("/login").text).group(1)
    r = client.post("/login", data={"name": name, "password": PW, "csrf": csrf}, follow_redirects=False)
    assert r.status_code == 303, r.text
    page = client.get("/account").text
    return client, re.search(r'name="csrf" value="([^"]+)"', page).group(1)


def _seed(store, people) -> None:
    """One of everything a write route can act on, with id 1."""
    from hubscope.contrib import add_comment, propose
    add_comment(store, people["alice"], "report", "summary", "first")
    propose(store, people["alice"], "section", {"heading": "Seed", "body": "x"})
    issue_token(store, people["alice"], "seed")


def _call(client, method, path, csrf=None, headers=None):
    url = re.sub(r"\{[a-z_]+\}", "1", path)
    if path.startswith("/api/"):
        return client.request(method, url + ("?version=1" if method == "PUT" else ""), json=BODIES.get(path),
                              headers={**({"X-CSRF-Token": csrf} if csrf else {}), **(headers or {})})
    return client.request(method, url, data={**FORM, **({"csrf": csrf} if csrf else {})}, headers=headers)


def _all_routes(routes):
    """Every endpoint, including those of included routers (FastAPI may keep them nested)."""
    for r in routes:
        if isinstance(r, APIRoute):
            yield r
        elif hasattr(r, "original_router"):
            yield from _all_routes(r.original_router.routes)


def test_every_write_route_is_known_and_refused_below_its_role(site):
    store, app, people = site
    _seed(store, people)
    routes = {(m, r.path) for r in _all_routes(app.routes) for m in r.methods
              if m in {"POST", "PUT", "PATCH", "DELETE"}}
    assert routes - set(WRITES) - set(PUBLIC) == set(), "a write route is not in WRITES: list and test it"
    assert set(WRITES) <= routes
    ranks = ["reader", "contributor", "editor", "admin"]
    callers = {"reader": (TestClient(app), None), "contributor": signed_in(app, "bob"),
               "editor": signed_in(app, "erin")}
    refused = 0
    for (method, path), least in WRITES.items():
        for rank, (client, csrf) in callers.items():
            if ranks.index(rank) >= ranks.index(least):
                continue
            before = _state(store)
            r = _call(client, method, path, csrf)
            assert r.status_code in (401, 403), (method, path, rank, r.status_code, r.text[:200])
            assert _state(store) == before, (method, path, rank)
            refused += 1
        # an API token with a lower scope is refused the same way
        if path.startswith("/api/") and least != "contributor":
            _, secret = issue_token(store, people["erin"], "low", "contributor")
            before = _state(store)
            r = _call(TestClient(app), method, path, headers={"Authorization": f"Bearer {secret}"})
            assert r.status_code == 403 and _state(store) == before, (method, path, r.text[:200])
    assert refused >= 25


def test_forms_and_session_api_calls_need_the_csrf_token(site):
    store, app, _ = site
    client, csrf = signed_in(app, "alice")
    before = _state(store)
    form = {"target_kind": "report", "target_id": "summary", "body": "hello"}
    assert client.post("/comments", data=form).status_code == 403
    assert client.post("/comments", data=form | {"csrf": "forged"}).status_code == 403
    assert client.post("/api/comments", json=form).status_code == 403
    assert _state(store) == before
    assert client.post("/comments", data=form | {"csrf": csrf}, follow_redirects=False).status_code == 303
    assert client.post("/api/comments", json=form, headers={"X-CSRF-Token": csrf}).status_code == 201


def test_a_tampered_session_cookie_is_refused(site):
    store, app, _ = site
    client, csrf = signed_in(app, "erin")
    cookie = client.cookies["hubscope"]
    assert client.get("/api/whoami").json()["name"] == "erin"
    payload, _, signature = cookie.rpartition(".")
    forged = TestClient(app)
    forged.cookies.set("hubscope", payload + "." + ("A" if signature[0] != "A" else "B") + signature[1:])
    assert forged.get("/api/whoami").json() == {"name": None, "role": "reader"}
    before = _state(store)
    r = forged.post("/api/comments", json={"target_kind": "report", "target_id": "summary", "body": "x"},
                    headers={"X-CSRF-Token": csrf})
    assert r.status_code == 401 and _state(store) == before
    # a cookie that claims another user without the key's signature is no better
    import base64
    import json
    fake = base64.b64encode(json.dumps({"uid": 4, "csrf": csrf}).encode()).decode()
    forged.cookies.set("hubscope", fake + "." + cookie.split(".", 1)[1])
    assert forged.get("/api/whoami").json()["role"] == "reader"


def test_sign_in_is_rate_limited(site):
    _, app, _ = site
    client = TestClient(app)
    csrf = re.search(r'name="csrf" value="([^"]+)"', client.get("/login").text).group(1)
    for _ in range(5):
        r = client.post("/login", data={"name": "alice", "password": "guess", "csrf": csrf})
        assert r.status_code == 401 and "wrong user name or password" in r.text
    r = client.post("/login", data={"name": "alice", "password": PW, "csrf": csrf})
    assert r.status_code == 429 and int(r.headers["Retry-After"]) > 0


def test_stale_edits_get_409_with_the_current_version(site):
    store, app, people = site
    client, csrf = signed_in(app, "alice")
    h = {"X-CSRF-Token": csrf}
    cid = client.post("/api/comments", json={"target_kind": "report", "target_id": "summary", "body": "v1"},
                      headers=h).json()["id"]
    assert client.patch(f"/api/comments/{cid}", json={"body": "v2", "version": 1}, headers=h).json()["version"] == 2
    r = client.patch(f"/api/comments/{cid}", json={"body": "v2 from another tab", "version": 1}, headers=h)
    assert r.status_code == 409 and r.json()["current"] == {"version": 2, "body": "v2"}


def test_tokens_work_for_scripts_and_never_travel_in_urls(site):
    store, app, people = site
    _, secret = issue_token(store, people["alice"], "script")
    api = TestClient(app)
    auth = {"Authorization": f"Bearer {secret}"}
    assert api.get("/api/whoami", headers=auth).json() == {"name": "alice", "role": "contributor"}
    assert api.get(f"/api/whoami?token={secret}").json()["role"] == "reader"
    assert api.get(f"/api/whoami?access_token={secret}").json()["role"] == "reader"
    r = api.post("/api/proposals", json={"kind": "section", "heading": "From a script", "body": "x"}, headers=auth)
    assert r.status_code == 201
    assert api.get("/api/whoami", headers={"Authorization": "Basic abc"}).status_code == 401


def test_contributor_proposes_editor_accepts_over_http(site):
    store, app, _ = site
    alice, a_csrf = signed_in(app, "alice")
    # the latest GDP, which the bundled report binds: 2025 from the bundled WDI snapshot, revision 1
    oid = store.history("JPN", "gdp_current_usd", "2025", "wdi-pkg-ny-gdp-mktp-cd")[-1].observation_id
    r = alice.post("/proposals", data={"csrf": a_csrf, "kind": "correction", "observation_id": str(oid),
                                       "base_revision": "1", "value": "4200", "vintage": "2026-10"},
                   follow_redirects=False)
    pid = int(r.headers["location"].rsplit("/", 1)[1])
    assert TestClient(app).get("/report").text.count("contributed by alice") == 0  # not before review
    erin, e_csrf = signed_in(app, "erin")
    assert f"/proposals/{pid}" in erin.get("/review").text
    r = erin.post(f"/proposals/{pid}/review", data={"csrf": e_csrf, "action": "accept", "version": "1",
                                                    "status": "verified"}, follow_redirects=True)
    assert "accepted" in r.text and "revision 2" in r.text
    report = TestClient(app).get("/report").text
    assert "contributed by alice, accepted by erin" in report and "4,200" in report


def test_the_sign_in_form_is_never_shared_between_visitors(site):
    _, app, _ = site
    tokens = {re.search(r'name="csrf" value="([^"]+)"', TestClient(app).get("/login").text).group(1)
              for _ in range(3)}
    assert len(tokens) == 3  # a cached page would hand everyone the first visitor's token


def test_no_secret_reaches_the_logs(site, caplog):
    import logging
    store, app, people = site
    _, secret = issue_token(store, people["alice"], "script")
    with caplog.at_level(logging.DEBUG):
        client, csrf = signed_in(app, "alice")
        client.post("/api/comments", json={"target_kind": "report", "target_id": "summary", "body": "x"},
                    headers={"X-CSRF-Token": csrf})
        TestClient(app).get("/api/whoami", headers={"Authorization": f"Bearer {secret}"})
        TestClient(app).post("/login", data={"name": "alice", "password": "wrong password!", "csrf": "x"})
    text = caplog.text
    assert PW not in text and secret not in text and csrf not in text and "wrong password!" not in text


def test_sent_back_proposals_are_changed_by_their_author_in_the_page(site):
    store, app, _ = site
    alice, a_csrf = signed_in(app, "alice")
    r = alice.post("/proposals", data={"csrf": a_csrf, "kind": "figure", "entity": "JPN", "indicator": "unicorn_count",
                                       "period": "2026", "value": "9", "unit": "companies",
                                       "source_id": "example-2026", "source_publisher": "Example",
                                       "source_title": "List", "source_url": "https://example.org/list"},
                   follow_redirects=False)
    path = r.headers["location"]
    erin, e_csrf = signed_in(app, "erin")
    erin.post(path + "/review", data={"csrf": e_csrf, "action": "changes", "version": "1", "note": "which month?"})
    page = alice.get(path).text
    assert "which month?" in page and 'action="' + path + '/resubmit"' in page
    form = dict(re.findall(r'<input (?:type="hidden" )?(?:id="[^"]+" )?name="([a-z_]+)" value="([^"]*)"',
                           page.split("/resubmit")[1]))
    form |= {"csrf": a_csrf, "value": "8", "comment": "March 2026 list"}
    assert alice.post(path + "/resubmit", data=form, follow_redirects=False).status_code == 303
    from hubscope.contrib import get_proposal
    p = get_proposal(store, int(path.rsplit("/", 1)[1]))
    assert (p["status"], p["version"], p["payload"]["value"]) == ("pending", 3, 8.0)
    assert p["payload"]["source"]["url"] == "https://example.org/list"
