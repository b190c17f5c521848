"""The compare page in Chromium, English and Japanese: pick by name, no ids typed, screenshots."""

from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest

from .live import CHROMIUM, served_copy, shot

pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Chromium not installed (make sysdeps)")


@pytest.fixture(scope="module")
def server(tmp_path_factory, _initialised_file):
    with served_copy(tmp_path_factory.mktemp("web"), _initialised_file) as url:
        yield url


@pytest.mark.parametrize(("lang", "korea", "gdp"), [("en", "South Korea", "GDP, current US dollars"),
                                                    ("ja", "韓国", "名目GDP（米ドル）")])
def test_pick_entities_and_indicators_by_name(server, tab, lang, korea, gdp):
    page, errors = tab
    page.goto(server + f"/compare?lang={lang}")
    page.select_option("#focus", label="日本" if lang == "ja" else "Japan")
    while page.locator("#pick-entities input:checked").count():
        page.locator("#pick-entities input:checked").first.uncheck()
    page.get_by_label(korea, exact=True).check()
    pillar = page.locator("#pick-indicators details").filter(has=page.get_by_label(gdp, exact=True))
    if not pillar.evaluate("d => d.open"):
        pillar.locator("summary").click()
    page.get_by_label(gdp, exact=True).check()
    page.click("main form button[type=submit]")
    page.wait_for_url("**indicators=gdp_current_usd**")
    query = parse_qs(urlparse(page.url).query)
    assert query["entities"] == ["JPN", "KOR"] and "gdp_current_usd" in query["indicators"]
    tables = page.locator("main table").all_inner_texts()
    assert any(korea in t and ("of 2" in t or "（2中）" in t) for t in tables)
    page.wait_for_selector("div.vega svg", timeout=10000)
    shot(page, f"compare-picked-{lang}")
    page.goto(server + f"/compare?entities=JPN,Atlantis&lang={lang}")
    assert "Atlantis" in page.inner_text("[role=alert]")
    shot(page, f"compare-error-{lang}")
    assert not [e for e in errors if "400" not in e], errors
