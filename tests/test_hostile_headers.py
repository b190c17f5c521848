"""Responses under attack keep their guard (issue 19, item 12): a 500 carries the same security
headers as a 200, and HEAD answers like GET, without a body, on every GET route."""

import re

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from hubscope.web import create_app
from hubscope.web.routers import pages

GUARD = ("content-security-policy", "x-content-type-options", "referrer-policy")
# a value for each path parameter of a GET route, so every route can be asked for
SAMPLE = {"entity": "JPN", "indicator": "unicorn_count", "ext": "json", "record": "JPN-ai-promotion-act",
          "observation_id": "1", "proposal_id": "1", "path": "x"}


@pytest.fixture
def client(store):
    return TestClient(create_app(store, check_every=0), raise_server_exceptions=False)


def _get_routes(routes):
    for r in routes:
        if isinstance(r, APIRoute) and "GET" in r.methods:
            yield r.path
        elif hasattr(r, "original_router"):
            yield from _get_routes(r.original_router.routes)


def test_a_500_carries_the_security_headers_of_a_200(client, monkeypatch):
    ok = client.get("/sources")
    assert ok.status_code == 200

    def broken(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr(pages, "page", broken)
    r = client.get("/")
    assert r.status_code == 500
    assert r.text == "Internal Server Error" and "a bug" not in r.text and "Traceback" not in r.text
    for name in GUARD:
        assert r.headers[name] == ok.headers[name], name
    assert "frame-ancestors 'none'" in r.headers["content-security-policy"]


def test_head_answers_like_get_without_a_body_on_every_get_route(client):
    paths = sorted(set(_get_routes(client.app.routes)))
    assert len(paths) > 20
    for path in paths:
        url = re.sub(r"\{(\w+)(:\w+)?\}", lambda m: SAMPLE[m.group(1)], path)
        got, head = client.get(url), client.head(url)
        assert head.status_code == got.status_code != 405, (url, head.status_code, got.status_code)
        assert head.content == b"", url
        assert head.headers.get("content-type") == got.headers.get("content-type"), url
        for name in GUARD:
            assert head.headers[name] == got.headers[name], (url, name)


def test_head_is_served_from_the_page_cache(client, monkeypatch):
    renders = []
    real = pages.page
    monkeypatch.setattr(pages, "page", lambda rq, t, *a, **k: renders.append(t) or real(rq, t, *a, **k))
    assert client.get("/").status_code == 200
    assert client.head("/").status_code == 200 and client.head("/?utm_source=x").status_code == 200
    assert renders == ["home.html"]
    assert client.head("/?nc=1").status_code == 400  # unknown parameters are refused on HEAD too
