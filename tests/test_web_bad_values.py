"""A bad value of a declared query parameter is a 400 like the others (not FastAPI's 422): the page or
its JSON twin names the parameter, what it takes and what it got, in the reader's language."""

import pytest
from fastapi.testclient import TestClient

from hubscope.web import create_app


@pytest.fixture(scope="module")
def client(tmp_path_factory, _initialised_file):
    import shutil

    from hubscope.store import Store

    path = tmp_path_factory.mktemp("bad") / "db.sqlite"
    shutil.copy(_initialised_file, path)
    store = Store(f"sqlite:///{path}")
    yield TestClient(create_app(store))
    store.close()


@pytest.mark.parametrize(("url", "said"), [
    ("/index?draws=abc", "parameter 'draws': expected an integer, got 'abc'"),
    ("/index.json?draws=abc", "parameter 'draws': expected an integer, got 'abc'"),
    ("/compare.json?mode=sideways", "parameter 'mode': expected one of absolute, per_capita, pct_gdp, got 'sideways'"),
    ("/api/observations?limit=0", "parameter 'limit': expected a number ≥ 1, got '0'"),
    ("/indicators/gdp_current_usd?tab=globe", "'tab': expected one of chart, map, table, sources, got 'globe'"),
    ("/policy.json?q=" + "x" * 101, "parameter 'q': expected at most 100 characters, got 'xxxx"),
    ("/explain?entity=JPN", "parameter 'indicator' is required; parameter 'period' is required"),
])
def test_bad_values_are_400s_naming_the_parameter(client, url, said):
    r = client.get(url, headers={"Cookie": "lang=en"})
    assert r.status_code == 400, (url, r.status_code)
    body = r.json()["message"] if "json" in r.headers["content-type"] else r.text.replace("&#39;", "'")
    assert said in body and "Traceback" not in body and "Input should" not in body


def test_in_japanese(client):
    r = client.get("/index?draws=abc&lang=ja")
    assert r.status_code == 400
    assert "パラメータ &#39;draws&#39;：整数を指定してください（&#39;abc&#39; が渡されました）" in r.text
    assert "<h1>不正なリクエスト</h1>" in r.text
