"""The policy pages in Chromium, English and Japanese: filters by GET, the timeline, screenshots."""

from pathlib import Path

import pytest

from .live import CHROMIUM, served_copy, shot

pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Chromium not installed (make sysdeps)")


@pytest.fixture(scope="module")
def server(tmp_path_factory, _initialised_file):
    with served_copy(tmp_path_factory.mktemp("web"), _initialised_file) as url:
        yield url


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_policy_filters_live_in_the_url_and_survive_the_language_switch(server, tab, lang):
    page, errors = tab
    page.goto(server + f"/policy?lang={lang}")
    shot(page, f"policy-{lang}")
    assert page.locator("#policy-timeline li.step").count() == 15  # the four principal instruments, 22 dated rows
    page.select_option("#f-status", "revoked")
    page.click("main form button[type=submit]")
    page.wait_for_url("**status=revoked**")
    heads = page.locator("#policy-matrix thead th").all_inner_texts()
    assert len(heads) == 2 and "EO 14110" in heads[1]
    assert ("Revoked 2025-01-20" if lang == "en" else "撤回 2025-01-20") in heads[1]
    shot(page, f"policy-revoked-{lang}")
    other = "ja" if lang == "en" else "en"
    page.click("text=" + ("日本語" if other == "ja" else "English"))
    page.wait_for_url(f"**lang={other}**")
    assert "status=revoked" in page.url and page.input_value("#f-status") == "revoked"
    page.goto(server + f"/policy/JPN-ai-promotion-act?lang={lang}")
    assert page.locator("#policy-timeline li.step").count() == 5  # nine dated rows, five events
    shot(page, f"policy-record-{lang}")
    assert not errors, errors
