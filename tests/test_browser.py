"""The observatory in a real browser: uvicorn serving, Playwright driving Debian's Chromium."""

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


def test_home_to_profile_to_indicator(server, tab):
    page, errors = tab
    page.goto(server + "/")
    assert "Japan as an AI hub" in page.inner_text("h1")
    shot(page, "home")
    page.click("text=see all of Japan's figures")
    page.wait_for_url("**/entities/JPN")
    assert "96 of 123" in page.inner_text("main")
    shot(page, "entity-JPN")
    page.click("main a:has-text(\"R&D expenditure, % of GDP (OECD/UIS basis)\")")  # the link, not the chart title
    page.wait_for_selector("div.vega svg", timeout=10000)
    shot(page, "indicator")
    assert not [e for e in errors if "Content Security Policy" in e], errors


def test_compare_form_keeps_its_state_in_the_url(server, tab):
    page, _ = tab
    page.goto(server + "/compare?entities=JPN,USA&indicators=gdp_per_capita_usd")
    page.check("#pick-entities input[value=KOR]")
    box = page.locator("#pick-indicators input[value=rd_expenditure_pct_gdp]")
    page.locator("#pick-indicators details", has=page.locator("input[value=rd_expenditure_pct_gdp]")).locator(
        "summary").click()  # its pillar opens
    box.check()
    page.click("main button[type=submit]")
    page.wait_for_url("**entities=KOR**")
    assert "South Korea" in page.inner_text("main table")
    shot(page, "compare")


def test_checker_flow(server, tab):
    page, _ = tab
    page.goto(server + "/check")
    page.fill("#text", "In 2023, the US had 641 unicorns while China had 200 unicorns.")
    page.click("main button")
    page.wait_for_selector("td.verdict-contradicted")
    assert "supported" in page.inner_text("main") and page.locator("pre.doc mark").count() == 2
    shot(page, "check")


def test_checker_keeps_the_text_shares_it_and_speaks_japanese(server, tab):
    page, errors = tab
    text = "日本の研究開発費の対GDP比は約3.4%である。2023年、米国のユニコーンは641社だった。"
    page.goto(server + "/check?lang=ja")
    page.fill("#text", text)
    page.click("main button")
    page.wait_for_selector("pre.doc mark")
    assert page.input_value("#text") == text
    assert "と一致します" in page.inner_text("main")
    colour = page.eval_on_selector("pre.doc mark", "m => getComputedStyle(m).borderBottomColor")
    assert colour == "rgb(30, 132, 73)"  # supported, as `hubscope check --html` colours it
    shot(page, "check-ja")
    page.click("#share")
    page.wait_for_selector("pre.doc mark")
    assert "text=" in page.url and page.input_value("#text") == text
    page.goto(server + "/check?lang=en&text=" + "Japan spends about 3.4%25 of GDP on R%26D.")
    assert "Matches" in page.inner_text("main")
    shot(page, "check-en-shared")
    assert not [e for e in errors if "Content Security Policy" in e], errors


def test_policy_matrix_form_timeline_and_record_history(server, tab):
    page, errors = tab
    page.goto(server + "/policy")
    matrix = page.inner_text("#policy-matrix")
    assert "AI Promotion Act" in matrix and "EUR 35 million" in matrix and "Revoked 2025-01-20" in matrix
    assert "2024-08-02" in page.inner_text("#policy-conflicts")
    page.uncheck("input[value=CHN]")
    page.uncheck("input[value=USA]")
    page.check("input[value=KOR]")
    page.click("main form button")
    page.wait_for_url("**j=KOR**")
    assert "KRW 30 million" in page.inner_text("#policy-matrix")
    assert "Generative AI Interim Measures" not in page.inner_text("#policy-matrix")
    shot(page, "policy")
    page.click("#policy-matrix thead >> text=AI Basic Act")
    page.wait_for_url("**/policy/KOR-ai-basic-act")
    assert "created" in page.inner_text("#policy-history")
    assert not [e for e in errors if "Content Security Policy" in e], errors


def test_index_sliders_update_the_url(server, tab):
    page, _ = tab
    page.goto(server + "/index")
    page.fill("#w_adoption", "3")
    page.click("main form button")
    page.wait_for_url("**w_adoption=3**")
    assert page.locator("main table tbody tr").count() >= 5
    shot(page, "index")


def test_report_charts_draw_under_the_csp(server, tab):
    page, errors = tab
    page.goto(server + "/report")
    page.wait_for_function("document.querySelectorAll('div.vega svg').length >= 10", timeout=20000)
    shot(page, "report")
    assert not [e for e in errors if "Content Security Policy" in e], errors


def test_keyboard_only_and_phone_width(server, browser):
    page = browser.new_page(viewport={"width": 375, "height": 740})
    page.goto(server + "/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent").strip() in ("Skip to content", "本文へ移動")
    page.keyboard.press("Enter")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 380, width  # no sideways scrolling on a phone: tables scroll inside their box
    shot(page, "home-phone")
    page.close()
