"""The observatory by keyboard alone: a skip link, Tab in reading order with a visible focus ring,
the indicator tabs by arrow keys (WAI-ARIA tabs pattern), the index sliders by arrow keys."""

from pathlib import Path

import pytest

from .live import CHROMIUM, served_copy, shot

pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Chromium not installed (make sysdeps)")
HEADER = ["Skip to content", "hubscope", "Home", "Entities", "Indicators", "Compare", "Index", "Report", "Policy",
          "Check a report", "Sources", "API", "Sign in", "English", "日本語"]


@pytest.fixture(scope="module")
def server(tmp_path_factory, _initialised_file):
    with served_copy(tmp_path_factory.mktemp("web"), _initialised_file) as url:
        yield url


def focused(page) -> dict:
    """The focused element: its text, id, role and whether a focus ring is drawn around it."""
    return page.evaluate("""() => { const e = document.activeElement, s = getComputedStyle(e);
        return {text: (e.textContent || "").trim(), id: e.id, role: e.getAttribute("role"), tag: e.tagName,
                ring: s.outlineStyle !== "none" && parseFloat(s.outlineWidth) >= 2,
                visible: e.getBoundingClientRect().left >= 0}; }""")


def tab_through(page, n: int) -> list[dict]:
    out = []
    for _ in range(n):
        page.keyboard.press("Tab")
        out.append(focused(page))
    return out


def test_tab_order_focus_ring_and_skip_link(server, tab):
    page, _ = tab
    page.goto(server + "/")
    seen = tab_through(page, len(HEADER))
    assert [s["text"] for s in seen] == HEADER
    assert all(s["ring"] and s["visible"] for s in seen), [s for s in seen if not (s["ring"] and s["visible"])]
    page.goto(server + "/index")
    page.keyboard.press("Tab")
    shot(page, "keyboard-skip-link")
    page.keyboard.press("Enter")  # the skip link: the next Tab is inside main, on the first weight slider
    assert page.url.endswith("#main")
    sliders = page.eval_on_selector_all("main input[type=range]", "els => els.map(e => e.id)")
    assert len(sliders) >= 3 and all(i.startswith("w_") for i in sliders)  # one per scored pillar
    controls = tab_through(page, len(sliders) + 3)
    assert [c["id"] for c in controls] == [*sliders, "normalisation", "aggregation", ""]
    assert controls[-1]["tag"] == "BUTTON" and all(c["ring"] for c in controls)
    shot(page, "keyboard-index-button")


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_indicator_tabs_by_arrow_keys(server, tab, lang):
    page, _ = tab
    page.goto(server + f"/indicators/gdp_per_capita_usd?lang={lang}")
    while focused(page)["role"] != "tab":  # only the selected tab is in the Tab order
        page.keyboard.press("Tab")
    assert focused(page)["id"] == "tab-chart-link"
    page.keyboard.press("ArrowRight")
    assert focused(page)["id"] == "tab-map-link" and focused(page)["ring"]
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("ArrowLeft")  # wraps to the last
    assert focused(page)["id"] == "tab-sources-link"
    page.keyboard.press("Home")
    page.keyboard.press("End")
    page.keyboard.press("ArrowLeft")
    assert focused(page)["id"] == "tab-table-link"
    shot(page, f"keyboard-tabs-{lang}")
    page.keyboard.press("Enter")
    page.wait_for_url("**tab=table**")
    assert "lang=" + lang in page.url
    assert page.get_attribute("#tab-table-link", "aria-selected") == "true"
    assert page.get_attribute("#tab-chart-link", "tabindex") == "-1"
    assert page.get_attribute("#tab-table", "aria-labelledby") == "tab-table-link"
    page.focus("#tab-table-link")
    page.keyboard.press("ArrowRight")
    page.keyboard.press(" ")  # Space opens the focused tab too
    page.wait_for_url("**tab=sources**")
    assert page.get_attribute("#tab-sources", "role") == "tabpanel"


def test_index_slider_moves_with_arrow_keys_and_reranks(server, tab):
    page, _ = tab
    page.goto(server + "/index")
    before = page.locator("#index-table tbody th").all_inner_texts()
    page.focus("#w_research_ip")
    page.keyboard.press("ArrowRight")  # 1 -> 1.25: enough to swap two economies
    page.wait_for_function("(document.body.dataset.indexUpdated || '').includes('w_research_ip=1.25')")
    assert page.input_value("#w_research_ip") == "1.25"
    assert page.inner_text("#w_research_ip-value") == "1.25"
    assert "w_research_ip=1.25" in page.url
    after = page.locator("#index-table tbody th").all_inner_texts()
    assert sorted(after) == sorted(before) and after != before, (before, after)
    shot(page, "keyboard-index-reranked")
