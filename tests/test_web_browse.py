"""Browse pages, the language switch that keeps a page's state, and the browser's /observations."""

import pytest
from fastapi.testclient import TestClient

from hubscope.web import create_app


@pytest.fixture
def client(backend):
    return TestClient(create_app(backend, check_every=0))


def test_language_switch_keeps_path_and_query(client):
    html = client.get("/compare?entities=JPN,KOR&indicators=unicorn_count&lang=en").text
    assert 'href="/compare?entities=JPN%2CKOR&amp;indicators=unicorn_count&amp;lang=ja"' in html
    html = client.get("/policy?j=JPN&j=USA").text
    assert 'href="/policy?j=JPN&amp;j=USA&amp;lang=en"' in html


def test_entities_searchable_in_both_languages(client):
    by_en = client.get("/entities?q=tokyo").text
    by_ja = client.get("/entities?q=東京").text
    for html in (by_en, by_ja):
        assert 'href="/entities/JPN-Tokyo"' in html and 'href="/entities/USA"' not in html
    assert client.get("/entities.json?q=japan").json()["rows"][0]["id"] == "JPN"
    ja = client.get("/entities?lang=ja").text
    assert "名前で検索" in ja and "<td>国</td>" in ja


def test_indicators_listed_with_counts_and_a_sources_link(client):
    rows = client.get("/indicators.json").json()["rows"]
    rd = next(r for r in rows if r["id"] == "rd_expenditure_pct_gdp")
    assert rd["figures"] > 10 and isinstance(rd["figures"], int)
    html = client.get("/indicators?q=R%26D").text
    assert 'href="/indicators/rd_expenditure_pct_gdp"' in html and 'href="/sources"' in html
    assert "Nothing matches." in client.get("/indicators?q=zzzz").text


def test_observations_gives_a_browser_an_html_page(client):
    r = client.get("/observations")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert 'href="/indicators"' in r.text and 'href="/api/observations"' in r.text
