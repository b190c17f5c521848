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
