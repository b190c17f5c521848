"""/report.pdf: the renderer's PDF in the page's language, one render at a time, kept per data version."""

from __future__ import annotations

import io

import pytest
from fastapi.testclient import TestClient

from hubscope.web.app import create_app
from hubscope.web.routers import report_pdf


def _text(pdf: bytes) -> str:
    from pypdf import PdfReader

    return "".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(pdf)).pages[:2])


def test_report_page_links_the_pdf_in_its_language(store):
    c = TestClient(create_app(store))
    assert 'href="/report.pdf?lang=en"' in c.get("/report?lang=en").text
    ja = c.get("/report?lang=ja").text
    assert 'href="/report.pdf?lang=ja"' in ja and "レポートをPDFでダウンロード" in ja


def test_pdf_is_rendered_once_per_data_version_and_language(store, monkeypatch):
    app = create_app(store)
    c = TestClient(app)
    r = c.get("/report.pdf?lang=ja")
    assert r.status_code == 200 and r.headers["content-type"] == "application/pdf"
    assert r.content.startswith(b"%PDF") and 'filename="japan-ai-hub-ja.pdf"' in r.headers["content-disposition"]
    assert "日本" in _text(r.content)
    calls = []
    import hubscope.report as report

    monkeypatch.setattr(report, "render", lambda **kw: calls.append(kw))
    app.state.cache._pages.clear()  # past the page cache: the PDF cache answers by itself
    assert TestClient(app).get("/report.pdf?lang=ja").content == r.content
    assert calls == []


def test_a_second_render_meanwhile_is_a_503_with_retry_after(store):
    c = TestClient(create_app(store))
    assert report_pdf._one.acquire(blocking=False)
    try:
        r = c.get("/report.pdf?lang=en")
    finally:
        report_pdf._one.release()
    assert r.status_code == 503 and r.headers["retry-after"] == "30"
    assert "being rendered for another reader" in r.text


@pytest.mark.parametrize("lang", ["xx"])
def test_an_unknown_language_falls_back_to_english_like_every_page(store, lang, monkeypatch):
    seen = []
    import hubscope.report as report

    def fake(**kw):
        seen.append(kw["lang"])
        kw["pdf"].write_bytes(b"%PDF-fake")
    monkeypatch.setattr(report, "render", fake)
    r = TestClient(create_app(store)).get(f"/report.pdf?lang={lang}")
    assert r.status_code == 200 and seen == ["en"] and r.content == b"%PDF-fake"
