"""The web observatory through its HTTP interface (routes, twins, errors, headers), on SQLite and
on PostgreSQL."""

import io
import json
import zipfile

import pytest
from fastapi.testclient import TestClient

from hubscope.web import create_app


@pytest.fixture
def client(backend):
    return TestClient(create_app(backend, check_every=0))


@pytest.mark.parametrize("url", ["/", "/entities/JPN", "/entities/Japan", "/indicators/rd_expenditure_pct_gdp",
                                 "/indicators/gdp_per_capita_usd", "/compare", "/sources", "/report", "/check",
                                 "/index", "/history/JPN/gdp_current_usd?period=2024", "/docs", "/?lang=ja"])
def test_pages_render_with_a_csp(client, url):
    r = client.get(url)
    assert r.status_code == 200, r.text[:300]
    assert r.headers["content-type"].startswith("text/html")
    assert "script-src 'self'" in r.headers["content-security-policy"]
    assert "<script>" not in r.text  # no inline script: the CSP would block it anyway


def test_every_page_has_a_json_twin_from_the_same_handler(client):
    html = client.get("/entities/JPN").text
    data = client.get("/entities/JPN?format=json").json()
    assert data["entity"] == "JPN"
    row = next(r for r in data["rows"] if r["indicator"] == "ef_epi_rank")
    assert row["display"] == "96 of 123" and "96 of 123" in html and row["value"] == 96 and row["rank_of"] == 123
    assert client.get("/compare.json?entities=JPN,USA&indicators=unicorn_count").json()["rows"]


def test_compare_state_lives_in_the_url_and_downloads_carry_metadata(client):
    url = "/compare?entities=JPN,USA,KOR&indicators=rd_expenditure_pct_gdp&period=2022"
    page = client.get(url).text
    assert '<option value="JPN" selected>' in page and 'name="entities" value="KOR" checked' in page
    assert '<span class="v">3.4 %</span>' in page  # WDI, the preferred series
    assert "3.40053" in client.get(url.replace("/compare", "/compare.csv")).text  # exports keep full precision
    z = zipfile.ZipFile(io.BytesIO(client.get(url.replace("/compare", "/compare.zip")).content))
    meta = json.loads(z.read("metadata.json"))
    assert "licence" in meta and meta["sources"] and "percent" in meta["units"]
    assert z.read("rows.csv").decode().startswith("entity,indicator,period")
    per_capita = client.get("/compare.json?entities=JPN&indicators=unicorn_count&mode=per_capita").json()
    assert per_capita["indicators"] == "unicorns_per_million_people"


def test_unknown_names_give_a_404_with_the_nearest(client):
    r = client.get("/entities/Japn")
    assert r.status_code == 404 and "JPN" in r.text and 'href="/entities/JPN"' in r.text
    r = client.get("/indicators/unicorn_cont")
    assert r.status_code == 404 and 'href="/indicators/unicorn_count"' in r.text


def test_malformed_parameters_give_a_422(client):
    r = client.get("/compare?mode=sideways")
    assert r.status_code == 422 and "mode" in r.text
    assert client.get("/api/observations?limit=0").status_code == 422


def test_api_filters_and_paginates(client):
    page1 = client.get("/api/observations?entity=JPN&limit=5&offset=0").json()
    page2 = client.get("/api/observations?entity=JPN&limit=5&offset=5").json()
    assert page1["total"] == page2["total"] > 10
    assert {i["observation_id"] for i in page1["items"]}.isdisjoint({i["observation_id"] for i in page2["items"]})
    only = client.get("/api/observations?indicator=ef_epi_rank&status=verified&limit=1000").json()["items"]
    assert only and all(i["indicator"] == "ef_epi_rank" and i["url"] for i in only)
    assert client.get("/openapi.json").json()["paths"]["/api/observations"]


def test_the_checker_escapes_and_limits(client):
    r = client.post("/check", data={"text": "<script>alert(1)</script> In 2023, the US had 641 unicorns."})
    assert r.status_code == 200 and "supported" in r.text
    assert "<script>alert" not in r.text and "&lt;script&gt;" in r.text
    big = b"x" * (2 * 1024 * 1024 + 10)
    r = client.post("/check", files={"file": ("big.txt", big, "text/plain")})
    assert r.status_code == 400 and "larger than 2 MB" in r.text


def test_index_weights_live_in_the_url(client):
    base = client.get("/index.json").json()
    tilted = client.get("/index.json?w_adoption=3&w_capital=0").json()
    assert tilted["weights"]["adoption"] == 3 and tilted["weights"]["capital"] == 0
    assert [r["score"] for r in base["rows"]] != [r["score"] for r in tilted["rows"]]
    assert client.get("/index?w_adoption=lots").status_code == 400


def test_whole_database_download(client):
    z = zipfile.ZipFile(io.BytesIO(client.get("/api/export.zip").content))
    assert "hubscope/datapackage.json" in z.namelist() and "hubscope/revisions.csv" in z.namelist()


def test_japanese_interface(client):
    r = client.get("/entities/JPN?lang=ja")
    assert "比較" in r.text and "日本" in r.text and r.cookies.get("lang") == "ja"


def test_cached_pages_follow_a_write(client, backend):
    from hubscope import Observation, Period, Provenance, Source
    before = client.get("/entities/SGP?format=json").json()
    src = Source(id="t-web", publisher="Test", title="Test", url="https://example.org/t")
    backend.record(Observation(entity="SGP", indicator="community_members", period=Period.parse("2026"),
                               unit="person", value=123, provenance=Provenance(source=src)), "t", "r")
    after = client.get("/entities/SGP?format=json").json()
    assert len(after["rows"]) == len(before["rows"]) + 1
