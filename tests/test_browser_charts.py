"""Charts in a real browser: the indicator tabs, the world map and its slider, the profile's and
home's small multiples, PNG and SVG downloads and an embed framed by another origin."""

import shutil
from pathlib import Path

import pytest

from hubscope.web import create_app

from .live import CHROMIUM, live, shot

pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Chromium not installed (make sysdeps)")
SCREENSHOTS = Path(__file__).parents[1] / "docs" / "screenshots"


@pytest.fixture(scope="module")
def server(tmp_path_factory, _initialised_file):
    from hubscope.store import Store
    tmp = tmp_path_factory.mktemp("webcharts")
    shutil.copy(_initialised_file, tmp / "db.sqlite")
    with live(create_app(Store(f"sqlite:///{tmp / 'db.sqlite'}"))) as url:
        yield url


def keep(page, name):
    """A screenshot among the test artefacts, and in docs/screenshots for the README and the issue."""
    shot(page, name)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_indicator_chart_tab_and_downloads(server, tab, lang):
    page, errors = tab
    page.goto(f"{server}/indicators/rd_expenditure_pct_gdp?lang={lang}")
    page.wait_for_selector("div.vega svg.marks")
    assert page.locator("div.vega svg.marks").count() >= 2
    # Japan's line is drawn in the focus colour
    assert page.locator("div.vega svg.marks path[stroke='#c0392b']").count() >= 1
    with page.expect_download() as dl:
        page.locator("button.download-svg").first.click()
    assert dl.value.suggested_filename.endswith(".svg")
    with page.expect_download() as dl:
        page.locator("button.download-png").first.click()
    assert dl.value.suggested_filename.endswith(".png")
    keep(page, f"indicator-chart-{lang}")
    page.click("nav.tabs >> text=" + ("表" if lang == "ja" else "Table"))
    page.wait_for_url("**tab=table**")
    assert page.locator("main table").count() == 2
    assert not [e for e in errors if "Content Security Policy" in e], errors


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_world_map_draws_countries_and_its_slider_changes_the_year(server, tab, lang):
    page, errors = tab
    page.goto(f"{server}/indicators/rd_expenditure_pct_gdp?tab=map&lang={lang}")
    page.wait_for_selector("div.vega svg.marks path")
    grey = page.locator("div.vega svg.marks path[fill='#d4d4d4']").count()
    assert grey > 100  # the atlas drawn: every country, most of them without data
    slider = page.locator("div.vega input[type=range]")
    before = page.locator("div.vega svg.marks").inner_html()
    slider.fill(str(int(slider.get_attribute("min"))))
    page.wait_for_timeout(300)
    assert page.locator("div.vega svg.marks").inner_html() != before  # another year, another picture
    slider.fill(str(int(slider.get_attribute("max"))))
    page.wait_for_timeout(300)
    keep(page, f"indicator-map-{lang}")
    assert not errors, errors


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_profile_and_home_charts(server, tab, lang):
    page, errors = tab
    page.goto(f"{server}/entities/JPN?lang={lang}")
    page.wait_for_selector("div.vega svg.marks")
    assert page.locator("div.vega svg.marks").count() >= 5
    assert page.locator("div.vega svg.marks path[fill='#c0392b']").count() >= 5  # Japan's bars
    keep(page, f"profile-JPN-{lang}")
    page.goto(f"{server}/?lang={lang}")
    page.wait_for_selector("div.vega svg.marks")
    keep(page, f"home-{lang}")
    assert not [e for e in errors if "404" not in e], errors  # favicon.ico is the one 404


def test_an_embed_draws_inside_another_sites_frame(server, tab):
    from fastapi import FastAPI
    from fastapi.responses import HTMLResponse

    page, errors = tab
    # another site (another origin: a second server on another port) framing our pages
    other = FastAPI()

    @other.get("/{path:path}")
    def framing(path: str):
        return HTMLResponse(f'<!doctype html><iframe src="{server}/{path}?tab=map" width="800" height="560"></iframe>')

    with live(other) as site:
        page.goto(site + "/embed/indicator/gdp_current_usd")  # allowed: /embed exists to be framed
        inner = page.frame_locator("iframe")
        inner.locator("div.vega svg.marks path").first.wait_for()
        assert "World Bank" in inner.locator("p.source").inner_text()
        shot(page, "embed-map")
        page.goto(site + "/indicators/gdp_current_usd")  # every other page refuses frames
        page.wait_for_timeout(1000)
        (child,) = page.main_frame.child_frames
        assert child.url.startswith("chrome-error:"), child.url  # Chromium's "refused to connect" page
