"""Charts on the web pages: indicator tabs, the world map, the profile's and home's small multiples,
the compare chart, downloads and embeds; specs read back from the page the way charts.js reads them."""

import hashlib
import io
import json
import re
import shutil
import zipfile
from importlib import resources

import pandas as pd
import pytest
from fastapi.testclient import TestClient

from hubscope.metrics.chart_map import MIN_ECONOMIES, atlas_ids, coverage, map_spec, numeric_id
from hubscope.store import Store
from hubscope.web import create_app

SPEC = re.compile(r'<script type="application/json" data-hubscope-spec>(.*?)</script>', re.S)


@pytest.fixture(scope="module")
def client(tmp_path_factory, _initialised_file):
    path = tmp_path_factory.mktemp("charts") / "db.sqlite"
    shutil.copy(_initialised_file, path)
    return TestClient(create_app(Store(f"sqlite:///{path}"), check_every=0))


def specs(html: str) -> list[dict]:
    return [json.loads(s.replace("<\\/", "</")) for s in SPEC.findall(html)]


def values(spec: dict) -> list[dict]:
    """Every inline data row of a spec (Altair puts them under datasets, hand-written specs inline)."""
    rows = [r for d in spec.get("datasets", {}).values() for r in d]
    for part in [spec, *spec.get("layer", [])]:
        rows += part.get("data", {}).get("values", [])
    return rows


def marks(spec: dict) -> set[str]:
    found = set()
    for part in [spec, *spec.get("layer", []), spec.get("spec", {})]:
        m = part.get("mark")
        if m:
            found.add(m if isinstance(m, str) else m["type"])
    return found


def test_the_chart_tab_draws_lines_over_time_and_ranked_bars_with_japan_in_colour(client):
    r = client.get("/indicators/rd_expenditure_pct_gdp?lang=en")
    assert r.status_code == 200
    trend, ranked = specs(r.text)
    assert {"line", "text"} <= marks(trend) and marks(ranked) == {"bar"}
    focus = {v["entity"] for v in values(ranked) if v["focus"] == "focus"}
    assert focus == {"Japan"}
    assert len({v["period"] for v in values(trend) if v["entity"] == "Japan"}) > 1
    assert 'aria-current="page">Chart</a>' in r.text
    assert "Japan in red, others in grey" in json.dumps(ranked["title"])


def test_focus_lives_in_the_url_and_tab_links_keep_it(client):
    r = client.get("/indicators/gdp_current_usd?focus=USA&lang=en")
    ranked = specs(r.text)[-1]
    assert {v["entity"] for v in values(ranked) if v["focus"] == "focus"} == {"United States"}
    assert 'href="/indicators/gdp_current_usd?focus=USA&amp;lang=en&amp;tab=map"' in r.text
    assert "/embed/indicator/gdp_current_usd?tab=chart&amp;focus=USA" in r.text


def test_each_tab_is_rendered_by_the_server(client):
    table = client.get("/indicators/gdp_current_usd?tab=table&lang=en").text
    assert not specs(table) and "<h2>All periods</h2>" in table and 'aria-current="page">Table' in table
    sources = client.get("/indicators/gdp_current_usd?tab=sources&lang=en").text
    assert "World Bank" in sources and 'id="conflicts"' in sources and not specs(sources)
    # the other tabs' content is absent, not hidden: no JS is needed to see the chosen one
    assert "<h2>All periods</h2>" not in sources


def test_the_map_tab_is_a_choropleth_with_missing_data_and_a_year_slider(client):
    r = client.get("/indicators/rd_expenditure_pct_gdp?tab=map&lang=en")
    (spec,) = specs(r.text)
    base, data = spec["layer"]
    assert base["data"]["url"] == "/static/atlas/countries-110m.json"
    assert base["encoding"]["color"]["datum"] == "no data"  # missing shown as missing, in the legend
    rows = data["data"]["values"]
    jpn = [v for v in rows if v["geo"] == "392"]
    assert jpn and all(v["entity"] == "Japan" for v in jpn)
    (param,) = spec["params"]
    years = sorted({v["year"] for v in rows})
    assert (param["bind"]["min"], param["bind"]["max"]) == (years[0], years[-1]) and param["value"] in years
    assert data["transform"][0] == {"filter": "datum.year == year"}
    assert "Singapore" in r.text  # has data, too small for the 1:110m atlas: listed under the map
    assert client.get("/static/atlas/countries-110m.json").status_code == 200


def test_thin_coverage_gets_no_map_and_says_why(client):
    r = client.get("/indicators/gpci_rank?tab=map&lang=en")  # cities: nothing on a world atlas
    assert not specs(r.text)
    assert f"only 0 economies on the world atlas have a figure, and a map needs at least {MIN_ECONOMIES}" in r.text


def test_bad_tab_and_focus_are_clear_errors(client):
    r = client.get("/indicators/gdp_current_usd?tab=globe&lang=en")
    assert r.status_code == 422 and "tab" in r.text and "Traceback" not in r.text
    r = client.get("/indicators/gdp_current_usd?focus=JPNN&lang=en")
    assert r.status_code == 404 and "unknown entity &#39;JPNN&#39;" in r.text and "JPN" in r.text
    assert client.get("/embed/indicator/gdp_current_usd?tab=table").status_code == 422


def test_embeds_may_be_framed_and_nothing_else_may(client):
    r = client.get("/embed/indicator/rd_expenditure_pct_gdp?tab=map&lang=en")
    assert r.status_code == 200 and "frame-ancestors *" in r.headers["content-security-policy"]
    assert "<header>" not in r.text and "<nav" not in r.text  # just the chart and its source line
    assert 'href="/indicators/rd_expenditure_pct_gdp?tab=map&amp;focus=JPN"' in r.text
    assert "World Bank" in r.text.split('class="source"')[1]
    (spec,) = specs(r.text)
    assert "projection" in spec
    chart = specs(client.get("/embed/indicator/gdp_current_usd").text)[0]
    assert "line" in marks(chart)
    for url in ("/", "/indicators/gdp_current_usd", "/entities/JPN"):
        assert "frame-ancestors 'none'" in client.get(url).headers["content-security-policy"]


def test_downloads_give_numbers_and_metadata(client):
    csv = client.get("/indicators/gdp_current_usd?format=csv")
    df = pd.read_csv(io.StringIO(csv.text))
    jpn = df[(df.entity == "JPN") & (df.period.astype(str) == "2024")]
    assert jpn["value_std"].dtype == float and jpn["value_std"].iloc[0] > 1000  # USD bn, not "4.19 trillion"
    meta = client.get("/indicators/gdp_current_usd?format=meta").json()
    assert meta["rows"] == len(df) and "value_std" in meta["columns"] and meta["licence"]
    assert any(s["publisher"].startswith("World Bank") and s["url"] for s in meta["sources"])
    z = zipfile.ZipFile(io.BytesIO(client.get("/indicators/gdp_current_usd?format=zip").content))
    assert set(z.namelist()) == {"rows.csv", "metadata.json"}
    page = client.get("/indicators/gdp_current_usd?lang=en").text
    assert page.count('<figcaption class="downloads">') == 2 and "format=meta" in page


def test_profile_shows_each_indicator_against_the_peers_and_links_peer_values(client, store_figures):
    r = client.get("/entities/JPN?lang=en")
    charts = specs(r.text)
    assert len(charts) >= 5  # one set of small multiples per pillar with peer data
    facet = charts[0]
    assert facet["facet"]["field"] == "name" and facet["resolve"]["scale"]["x"] == "independent"
    rows = values(facet)
    assert {v["focus"] for v in rows if v["entity"] == "Japan"} == {"focus"}
    # every peer value links to its figure's source
    usa = store_figures("USA", "gdp_current_usd")
    cell = re.search(r'<a href="([^"]+)" rel="noopener noreferrer" title="[^"]*"><span class="v">'
                     + re.escape(usa.display("en")), r.text)
    assert cell and cell.group(1) == usa.source.url


@pytest.fixture
def store_figures(client):
    from hubscope.metrics import compare
    store = client.app.state.store
    return lambda e, i: compare([e], [i], store=store)[0]


def test_home_opens_on_japan_against_its_peers(client):
    (chart,) = specs(client.get("/?lang=en").text)
    assert "Japan and its peers" in json.dumps(chart["title"])
    assert {v["entity"] for v in values(chart) if v["focus"] == "focus"} == {"Japan"}


def test_compare_chart_is_bars_for_one_period_and_lines_over_time_otherwise(client):
    one = specs(client.get("/compare?period=2022&indicators=rd_expenditure_pct_gdp&lang=en").text)
    assert [marks(s) for s in one] == [{"bar"}]
    assert {v["period"] for v in values(one[0])} == {"2022"}
    latest = specs(client.get("/compare?indicators=rd_expenditure_pct_gdp&lang=en").text)
    assert "line" in marks(latest[0])


def test_charts_speak_japanese(client):
    r = client.get("/indicators/rd_expenditure_pct_gdp?tab=map&lang=ja")
    (spec,) = specs(r.text)
    assert spec["layer"][0]["encoding"]["color"]["datum"] == "データなし"
    assert spec["title"]["subtitle"][0].startswith("出典：")
    assert ">地図</a>" in r.text and ">グラフ</a>" in r.text
    ranked = specs(client.get("/indicators/gdp_current_usd?lang=ja").text)[-1]
    assert any(v["entity"] == "日本" and v["focus"] == "focus" for v in values(ranked))


def test_the_vendored_atlas_matches_its_provenance_note():
    folder = resources.files("hubscope.web") / "static" / "atlas"
    digest = hashlib.sha256((folder / "countries-110m.json").read_bytes()).hexdigest()
    note = (folder / "PROVENANCE.md").read_text(encoding="utf-8")
    assert digest in note and "world-atlas` version 2.0.2" in note
    assert "ISC" in (folder / "LICENSE").read_text(encoding="utf-8") or "Permission to use" in (
        folder / "LICENSE").read_text(encoding="utf-8")
    assert {"392", "840", "156"} <= atlas_ids() and "702" not in atlas_ids()  # no Singapore at 1:110m


def test_map_spec_from_a_frame():
    df = pd.DataFrame([
        {"id": e, "entity": e, "period": "2023", "date": "2023-01-01", "year": 2023, "value": float(i),
         "unit": "percent", "shown": f"{i} %", "publisher": "X", "focus": "peer"}
        for i, e in enumerate(["JPN", "USA", "SGP", "Tokyo"])
    ])
    cov = coverage(df)
    assert cov.drawn == ("JPN", "USA") and cov.undrawn == ("SGP", "Tokyo") and not cov.enough
    spec = map_spec(df, "t", ["Source: X"])
    assert "params" not in spec  # one year: no slider
    assert [v["geo"] for v in spec["layer"][1]["data"]["values"]] == ["392", "840"]
    assert numeric_id("EU27") is None
    with pytest.raises(ValueError, match="nothing to map"):
        map_spec(df[df.id == "Tokyo"], "t", [])
