"""The web check page: uploads read like the CLI, the text kept, reasons in the page's
language, and a link that reproduces the result."""

from __future__ import annotations

import html
import re
from urllib.parse import parse_qs, urlparse

import pytest
from fastapi.testclient import TestClient

from hubscope.web import create_app, shared_checks

TEXT = "Japan spends about 3.4% of GDP on R&D. In 2023, the US had 641 unicorns."


@pytest.fixture
def client(store):
    return TestClient(create_app(store, check_every=0))


def _share(page: str) -> str:
    return html.unescape(re.search(r'id="share" href="([^"]+)"', page).group(1))


def test_pasted_text_is_kept_and_the_link_reproduces_the_result(client):
    r = client.post("/check", data={"text": TEXT})
    assert r.status_code == 200
    assert f">{html.escape(TEXT, quote=False)}</textarea>" in r.text
    link = _share(r.text)
    assert link.startswith("/check?text=") and parse_qs(urlparse(link).query)["text"] == [TEXT]
    again = client.get(link)
    assert again.status_code == 200 and again.text.count("<mark") == r.text.count("<mark") == 2
    assert "verdict-supported" in again.text


def test_a_long_text_is_shared_by_its_hash(client):
    long = TEXT + "\n" + "Nothing to see here. " * 200
    link = _share(client.post("/check", data={"text": long}).text)
    assert re.fullmatch(r"/check\?doc=[0-9a-f]{16}&lang=en", link)
    assert client.get(link).text.count("<mark") == 2
    r = client.get("/check?doc=0000000000000000")
    assert r.status_code == 400 and "no longer kept" in r.text


def test_the_share_cache_is_bounded(monkeypatch):
    monkeypatch.setattr(shared_checks, "MAX_DOCS", 3)
    keys = [shared_checks.keep(f"text {i}") for i in range(5)]
    assert shared_checks.get(keys[0]) is None and shared_checks.get(keys[-1]) == "text 4"


def test_html_and_pdf_uploads_are_read_like_the_cli(client):
    page = b"<html><body><script>var x = 99;</script><p>In 2023, the US had 641 unicorns.</p></body></html>"
    r = client.post("/check", files={"file": ("report.html", page, "text/html")})
    assert r.status_code == 200 and r.text.count("<mark") == 1 and "var x" not in r.text
    weasyprint = pytest.importorskip("weasyprint")
    pdf = weasyprint.HTML(string="<p>In 2023, the US had 641 unicorns.</p>").write_pdf()
    r = client.post("/check", files={"file": ("report.pdf", pdf, "application/pdf")})
    assert r.status_code == 200 and r.text.count("<mark") == 1 and "verdict-supported" in r.text
    r = client.post("/check", files={"file": ("broken.pdf", b"%PDF-1.4 garbage", "application/pdf")})
    assert r.status_code == 400 and "damaged PDF" in r.text and "Traceback" not in r.text


def test_reasons_follow_the_page_language(client):
    en = client.post("/check", data={"text": TEXT}).text
    ja = client.post("/check?lang=ja", data={"text": TEXT}).text
    assert "Matches" in en and "と一致します" not in en
    assert "と一致します" in ja and "Matches" not in ja
    assert "裏付けあり" in ja
    assert "lang=ja" in _share(ja)
    js = client.post("/check?lang=ja&format=json", data={"text": TEXT}).json()
    assert "と一致します" in js["verdicts"][0]["reason"] and js["verdicts"][0]["reason_en"].startswith("“")


def test_each_claim_shows_its_measure_its_series_and_the_figure_it_was_judged_against(client):
    for lang, name, series in (("en", "R&amp;D expenditure, % of GDP (OECD/UIS basis)", ">series<"),
                               ("ja", "研究開発費の対GDP比（OECD基準）", ">系列<")):
        r = client.post(f"/check?lang={lang}", data={"text": TEXT})
        assert r.status_code == 200
        suffix = "?lang=ja" if lang == "ja" else ""
        assert f'href="/indicators/rd_expenditure_pct_gdp{suffix}">{name}</a>' in r.text
        assert f'href="/history/JPN/rd_expenditure_pct_gdp{suffix}"' in r.text and series in r.text
        assert re.search(r'<a class="source" href="https?://[^"]+" rel="noopener noreferrer">[^<]+</a>', r.text)
