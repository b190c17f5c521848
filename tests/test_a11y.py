"""axe-core (vendored, tests/vendor/axe) over every page in English and Japanese: no serious or critical
violation. One browser, one server, one parametrised test."""

from pathlib import Path

import pytest

from .live import CHROMIUM, served_copy, shot

pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Chromium not installed (make sysdeps)")
AXE = Path(__file__).parent / "vendor" / "axe" / "axe.min.js"
IND = "/indicators/rd_expenditure_pct_gdp"
PAGES = {
    "home": "/",
    "entities": "/entities",
    "profile": "/entities/JPN",
    "indicators": "/indicators",
    "indicator-chart": IND + "?tab=chart",
    "indicator-map": "/indicators/gdp_per_capita_usd?tab=map",
    "indicator-table": IND + "?tab=table",
    "indicator-sources": IND + "?tab=sources",
    "compare": "/compare?entities=JPN,USA,KOR&indicators=rd_expenditure_pct_gdp,gdp_per_capita_usd",
    "index": "/index",
    "policy": "/policy?j=JPN&j=KOR&binding=binding",
    "check": "/check?text=In+2023%2C+the+US+had+641+unicorns+while+China+had+200+unicorns.",
    "report": "/report",
    "sources": "/sources",
    "explain": "/explain?entity=JPN&indicator=gdp_per_capita_usd&period=2024",
    "login": "/login",
    "embed": "/embed/indicator/rd_expenditure_pct_gdp?tab=chart",
    "embed-map": "/embed/indicator/gdp_per_capita_usd?tab=map",
}


@pytest.fixture(scope="module")
def server(tmp_path_factory, _initialised_file):
    with served_copy(tmp_path_factory.mktemp("web"), _initialised_file) as url:
        yield url


def violations(page) -> list[str]:
    """axe's serious and critical violations on ``page``, one line per rule and node."""
    page.evaluate(AXE.read_text(encoding="utf-8"))  # evaluated by the driver: the page's CSP allows no inline script
    found = page.evaluate(
        """async () => (await axe.run(document, {resultTypes: ["violations"]})).violations
        .filter(v => v.impact === "serious" || v.impact === "critical")
        .map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.map(n => n.target.join(" ") + " :: "
           + (n.failureSummary || "").replace(/\\s+/g, " ").slice(0, 160))}))"""
    )
    return [f"{v['id']} ({v['impact']}): {n}" for v in found for n in v["nodes"]]


@pytest.mark.parametrize("lang", ["en", "ja"])
@pytest.mark.parametrize("name", list(PAGES))
def test_no_serious_violation(server, tab, name, lang):
    page, _ = tab
    url = PAGES[name]
    r = page.goto(server + url + ("&" if "?" in url else "?") + f"lang={lang}")
    assert r is not None and r.status == 200, (name, r and r.status)
    if page.locator("div.vega").count():  # charts drawn: axe reads their SVG too
        page.wait_for_selector("div.vega svg", timeout=15000)
    found = violations(page)
    if found:
        shot(page, f"a11y-{name}-{lang}")
    assert not found, f"{name} ({lang}, {url}):\n" + "\n".join(found)


def test_line_end_labels_do_not_overprint(store):
    """The names at the ends of an indicator's lines are at least a label's height apart (12 px of 280)."""
    from hubscope.web.routers.indicator import indicator_charts

    names = {e.id: e.name_en for e in store.catalog.entities.values()}
    spec = indicator_charts(store, "rd_expenditure_pct_gdp", "R&D", "JPN", names, "en").trend
    values = spec["datasets"][spec["layer"][1]["data"]["name"]]
    ys = sorted((v["label_y"] for v in values), reverse=True)
    assert len(ys) >= 3 and "Japan" in {v["entity"] for v in values}  # the focus is always labelled
    everything = [v["value"] for d in spec["datasets"].values() for v in d if "value" in v]
    gap = (max(everything) - min(0, min(everything))) * 12 / 280
    ends = sorted((v["value"] for v in values), reverse=True)
    assert any(a - b < gap for a, b in zip(ends, ends[1:], strict=False)), "no two line ends close: nothing tested"
    assert all(a - b >= gap - 1e-9 for a, b in zip(ys, ys[1:], strict=False)), ys
