"""Browse, indicator and policy pages in Chromium, in English and Japanese, with screenshots."""

import shutil
from pathlib import Path

import pytest

from hubscope.web import create_app

from .live import CHROMIUM, live, shot

pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Chromium not installed (make sysdeps)")


@pytest.fixture(scope="module")
def server(tmp_path_factory, _initialised_file):
    from hubscope.store import Store

    tmp = tmp_path_factory.mktemp("web")
    shutil.copy(_initialised_file, tmp / "db.sqlite")
    with live(create_app(Store(f"sqlite:///{tmp / 'db.sqlite'}"))) as url:
        yield url


def test_language_switch_keeps_the_comparison(server, tab):
    page, _ = tab
    page.goto(server + "/compare?entities=JPN,KOR&indicators=rd_expenditure_pct_gdp")
    page.click("text=日本語")
    page.wait_for_url("**lang=ja**")
    assert "entities=JPN%2CKOR" in page.url and "韓国" in page.inner_text("main")
    shot(page, "compare-ja")


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_entities_filter_as_you_type(server, tab, lang):
    page, errors = tab
    page.goto(server + f"/entities?lang={lang}")
    page.fill("#q", "東京" if lang == "ja" else "tokyo")
    visible = page.locator("#browse-table tbody tr:visible")
    assert 0 < visible.count() < 10
    assert "JPN-Tokyo" in visible.first.inner_text() or "JPN-Tokyo" in page.inner_text("#browse-table")
    shot(page, f"entities-{lang}")
    page.goto(server + f"/indicators?lang={lang}")
    shot(page, f"indicators-{lang}")
    assert not errors, errors


def test_charts_read_only_their_own_spec_and_refuse_outside_urls(server, tab):
    """Issue 19 item 4: a contributed <p id="spec-17"> cannot replace a chart's spec."""
    page, _ = tab
    page.goto(server + "/sources")
    good = '{"data": {"values": [{"a": 1}]}, "mark": "bar", "encoding": {"x": {"field": "a", "type": "quantitative"}}}'
    evil = '{"data": {"url": "https://evil.example/x.json"}, "mark": "bar"}'
    page.evaluate(
        """([good, evil]) => {
        const main = document.querySelector("main");
        main.insertAdjacentHTML("beforeend",
          '<p id="spec-17">' + evil + '</p>' +
          '<div class="vega" id="own" data-spec="spec-17"><script type="application/json" data-hubscope-spec>'
          + good + '</script></div>' +
          '<div class="vega" id="outside"><script type="application/json" data-hubscope-spec>'
          + evil + '</script></div>');
        const s = document.createElement("script"); s.src = "/static/charts.js"; document.body.append(s);
    }""",
        [good, evil],
    )
    page.wait_for_selector("#own svg", timeout=10000)
    assert "points outside this site" in page.inner_text("#outside")
    assert page.locator("#outside svg").count() == 0
    shot(page, "clobbering")


def test_contributed_html_keeps_no_ids():
    from hubscope.contrib.markup import safe_html

    html = safe_html('<p id="spec-17">x</p> <a id="spec-1" href="/x">y</a>')
    assert "<p id" not in html and "<a id" not in html and "&lt;p id" in html  # shown as text, never markup
