"""The check page in Chromium with real third-party passages, English and Japanese: each claim
marked and judged, reasons in the page's language; screenshots for docs/screenshots."""

from pathlib import Path

import pytest
import yaml

from .live import CHROMIUM, served_copy, shot

pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Chromium not installed (make sysdeps)")
ROOT = Path(__file__).parents[1]
SCREENSHOTS = ROOT / "docs" / "screenshots"


def passage(split: str, pid: str) -> dict:
    """A labelled passage of bench/claims (its text is a public page's, its URL recorded there)."""
    for path in (ROOT / "bench" / "claims" / split).glob("*.yml"):
        for p in yaml.safe_load(path.read_text(encoding="utf-8")):
            if p["id"] == pid:
                return p
    raise LookupError(pid)


@pytest.fixture(scope="module")
def server(tmp_path_factory, _initialised_file):
    with served_copy(tmp_path_factory.mktemp("webcheck"), _initialised_file) as url:
        yield url


@pytest.mark.parametrize(("lang", "pid"), [("en", "en-newsonjapan-startup-funding-fy2018"),
                                           ("ja", "ja-mof-startup-funding-column")])
def test_a_real_passage_checked(server, tab, lang, pid):
    page, errors = tab
    p = passage("unseen2", pid)
    page.goto(f"{server}/check?lang={lang}")
    page.fill("#text", p["text"])
    page.click("main form button")
    page.wait_for_selector("pre.doc mark")
    assert page.locator("pre.doc mark").count() >= len(p["claims"])  # every labelled claim (and stray finds)
    assert page.locator("#text").input_value().strip() == p["text"].strip()  # the text is kept
    table = page.inner_text("main table")
    if lang == "ja":
        assert "no indicator matched" not in table and "unverifiable" not in table  # Japanese words
    shot(page, f"check-{lang}")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"check-{lang}.png"), full_page=True)
    assert not [e for e in errors if "Content Security Policy" in e], errors
