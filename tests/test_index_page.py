"""The /index page explained: cell sources, screening, names, pillar scores, and live reranking."""

import shutil
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from hubscope.web import create_app

from .live import CHROMIUM, live

SHOTS = Path(__file__).parent.parent / "docs" / "screenshots"


@pytest.fixture
def client(store):
    return TestClient(create_app(store, check_every=0))


def test_index_json_explains_every_cell(client):
    view = client.get("/index.json").json()["view"]
    names = [r["name"] for r in view["rows"]]
    assert len(names) == 56 and "Japan" in names and "United States" in names and "JPN" not in names
    jpn = view["cells"]["JPN"]["github_developers_per_million_pop"]
    assert jpn["source"] == "verified" and jpn["mark"] == "●" and jpn["period"] == "2024"
    # Hong Kong has no WDI articles figure: the one imputed cell says so
    hkg = view["cells"]["HKG"]["scientific_articles_per_million"]
    assert hkg["source"] == "imputed" and hkg["mark"] == "○" and hkg["value"] == "–"
    assert {c["source"] for e in view["cells"].values() for c in e.values()} <= {
        "verified", "estimate", "imputed", "not_applicable", "missing"}
    assert "Venture capital investment, % of GDP screened out: 5 of 56 economies (threshold 40%)" in view["screened"]
    assert "Capital pillar screened out: none of its 2 indicators reaches 40% coverage" in view["screened"]
    assert set(view["rows"][0]["pillars"]) == {p["id"] for p in view["pillars"]}
    assert view["chart"]["layer"][0]["encoding"]["x2"] == {"field": "hi"}


def test_the_peer_view_marks_estimates_and_not_applicable(store):
    # the twelve-economy framework keeps the reference indicators: VC from the verified stand-in,
    # native English speakers not applicable, Singapore screened out and why
    from hubscope.index import PEERS, run_index
    from hubscope.index.view import explain

    view = explain(run_index(store, str(PEERS), draws=50))
    jpn = view["cells"]["JPN"]
    assert jpn["vc_investment_pct_gdp"]["source"] == "estimate" and jpn["vc_investment_pct_gdp"]["mark"] == "◐"
    assert view["cells"]["USA"]["ef_epi_rank"]["source"] == "not_applicable"
    assert "Singapore screened out: 4 of 9 indicators (threshold 50%)" in view["screened"]
    assert any("Talent and skills pillar screened out" in s for s in view["screened"])
    ja = explain(run_index(store, str(PEERS), draws=50), lang="ja")
    assert "シンガポール：指標9件中4件のデータのみ（基準50%）のため除外" in ja["screened"]
    assert ja["cells"]["JPN"]["vc_investment_pct_gdp"]["title"].startswith("推計：")


def test_index_page_in_japanese(client):
    page = client.get("/index?lang=ja").text
    assert "ベンチャーキャピタル投資の対GDP比：国・地域56件中5件のデータのみ（基準40%）のため除外" in page
    assert "検証済みの数値" in page and "補完：" in page and "日本" in page and "香港" in page


@pytest.fixture(scope="module")
def server(tmp_path_factory, _initialised_file):
    from hubscope.store import Store
    tmp = tmp_path_factory.mktemp("web-index")
    shutil.copy(_initialised_file, tmp / "db.sqlite")
    with live(create_app(Store(f"sqlite:///{tmp / 'db.sqlite'}"))) as url:
        yield url


@pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Chromium not installed (make sysdeps)")
@pytest.mark.parametrize("lang", ["en", "ja"])
def test_sliders_rerank_without_a_reload(server, tab, lang):
    page, errors = tab
    missing = []
    page.on("response", lambda r: missing.append(r.url) if r.status == 404 else None)
    page.goto(server + f"/index?lang={lang}")
    page.wait_for_selector("#index-chart svg", timeout=20000)
    page.evaluate("window.notReloaded = true")
    before = page.locator("#index-table tbody").inner_text()
    page.fill("#w_adoption", "3")
    page.fill("#w_talent_skills", "0")
    page.wait_for_function("(document.body.dataset.indexUpdated || '').includes('w_talent_skills=0')", timeout=20000)
    assert page.evaluate("window.notReloaded") is True  # updated in place
    assert "w_talent_skills=0" in page.url and "w_adoption=3" in page.url  # bookmarkable
    assert page.locator("#index-table tbody").inner_text() != before
    assert page.locator("#index-chart svg").count() == 1
    assert not [e for e in errors if "favicon" not in e and "404" not in e], errors  # the browser asks for /favicon.ico
    assert all(u.endswith("/favicon.ico") for u in missing), missing
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"index-{lang}.png"), full_page=True)
