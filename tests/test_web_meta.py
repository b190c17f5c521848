"""A page's metadata download is JSON even where a figure has no source URL (NaN in the frame)."""

from fastapi.testclient import TestClient

from hubscope.web import create_app


def test_home_metadata_is_json_with_sources(store):
    r = TestClient(create_app(store, check_every=0)).get("/?format=meta")
    assert r.status_code == 200
    meta = r.json()
    assert meta["sources"] and all(s["publisher"] for s in meta["sources"])
    assert "NaN" not in r.text
