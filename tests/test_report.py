"""The living report: bindings, blocks, HTML and PDF, manifests and what changed."""

import json
import re
import shutil
import subprocess
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest

from hubscope import Observation, Period, Provenance
from hubscope.errors import ReportError
from hubscope.report import BUNDLED, render

DAY = date(2026, 11, 21)


def write(tmp_path: Path, text: str) -> Path:
    p = tmp_path / "r.md"
    p.write_text(text, encoding="utf-8")
    return p


class Ids(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids, self.scripts, self.charts, self.refs = set(), 0, 0, 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids.add(a["id"])
        self.scripts += tag == "script"
        self.charts += tag == "div" and a.get("class") == "vega"
        self.refs += tag == "li" and a.get("id", "").startswith("ref-")


@pytest.fixture(scope="module")
def bundled(tmp_path_factory, _initialised_file):
    """The bundled report rendered once to HTML and PDF (module scope: the PDF takes seconds)."""
    from hubscope.store import Store
    tmp = tmp_path_factory.mktemp("report")
    shutil.copy(_initialised_file, tmp / "db.sqlite")
    store = Store(f"sqlite:///{tmp / 'db.sqlite'}")
    r = render(html=tmp / "report.html", pdf=tmp / "report.pdf", store=store, today=DAY)
    return r, tmp, store


def test_the_bundled_report_binds_everything(bundled):
    r, tmp, _ = bundled
    page = (tmp / "report.html").read_text(encoding="utf-8")
    inline = [m for m in r.manifest if m.key.startswith(("value:", "ratio:"))]
    assert len(inline) >= 60
    assert r.charts >= 10
    ids = Ids()
    ids.feed(page)
    assert ids.charts == r.charts
    assert ids.refs == r.citations
    # every citation points at a reference that exists
    for n in set(re.findall(r'href="#ref-(\d+)"', page)):
        assert f"ref-{n}" in ids.ids
    assert "{{" not in page and "HUBSCOPEBLOCK" not in page
    assert "https://cdn" not in page and "src=\"http" not in page  # self-contained
    specs = json.loads(re.search(r"const specs = (\{.*?\});\n", page, re.S).group(1))
    assert len(specs) == r.charts


def test_the_bundled_report_covers_the_seeds_themes():
    text = BUNDLED.read_text(encoding="utf-8")
    for heading in ("Strengths", "Language", "Regulation", "Skills", "Capital", "Adoption", "AI Promotion Act",
                    "Investment in AI", "Semiconductors", "Governance compared", "commonly quoted figures"):
        assert heading in text


def test_the_pdf_is_paginated_and_has_the_charts(bundled):
    r, tmp, _ = bundled
    pdf = tmp / "report.pdf"
    assert pdf.read_bytes().startswith(b"%PDF")
    from pypdf import PdfReader
    reader = PdfReader(str(pdf))
    assert len(reader.pages) > 5
    text = "".join(p.extract_text() for p in reader.pages)
    assert "Japan as an international AI hub" in text and "References" in text


@pytest.mark.skipif(not shutil.which("pdftoppm"), reason="poppler-utils not installed (make sysdeps)")
def test_pdf_pages_rasterise(bundled, tmp_path):
    _, tmp, _ = bundled
    subprocess.run(["pdftoppm", "-png", "-r", "30", "-f", "1", "-l", "2", str(tmp / "report.pdf"),
                    str(tmp_path / "p")], check=True)
    assert len(list(tmp_path.glob("p-*.png"))) == 2


def test_snapshot_of_a_small_report(store, tmp_path):
    src = write(tmp_path, "# T\n\nJapan: {{ value('JPN', 'ef_epi_rank', period='2024') }}; "
                          "US unicorns {{ value('USA', 'unicorn_count', period='2023') }}.\n")
    render(src, html=tmp_path / "o.html", store=store, today=DAY)
    page = (tmp_path / "o.html").read_text(encoding="utf-8")
    body = re.search(r"<p>Japan:.*?</p>", page).group(0)
    assert body == ('<p>Japan: <span class="bound" data-key="value:JPN:ef_epi_rank:2024:">92 of 116</span>'
                    '<sup class="ref">[<a href="#ref-1" rel="noopener noreferrer">1</a>]</sup>; US unicorns '
                    '<span class="bound" data-key="value:USA:unicorn_count:2023:">641 companies</span>'
                    '<sup class="ref">[<a href="#ref-2" rel="noopener noreferrer">2</a>]</sup>.</p>')


def test_conversion_and_ratio(store, tmp_path):
    src = write(tmp_path, "# T\n\n{{ value('JPN', 'ai_rd_expenditure', period='FY2022', to='USD') }}\n")
    with pytest.raises(ReportError, match=r"r.md:3:1: .*no market rate JPY per USD for period FY2022"):
        render(src, html=tmp_path / "o.html", store=store)
    assert not (tmp_path / "o.html").exists()
    src = write(tmp_path, "# T\n\nGDP {{ value('JPN', 'gdp_current_lcu', period='2023', to='USD', fmt=',.0f') }} "
                          "and {{ ratio('JPN', 'USA', 'gdp_per_capita_usd') }}\n")
    r = render(src, html=tmp_path / "o.html", store=store)
    assert "USD bn" in (tmp_path / "o.html").read_text() and len(r.manifest) == 3


@pytest.mark.parametrize("text,where,message", [
    ("# T\n\nSee {{ value('JPX', 'unicorn_count') }}\n", "3:5", "unknown entity 'JPX'"),
    ("# T\n\n{{ value('JPN', 'unicorn_cont') }}\n", "3:1", "did you mean 'unicorn_count'"),
    ("# T\n\n{{ value('JPN', 'unicorn_count', period='1999') }}\n", "3:1",
     "no figure for unicorn_count for JPN in 1999"),
    ("# T\n\n{{ valu('JPN', 'unicorn_count') }}\n", "3:1", "did you mean 'value'"),
    ("# T\n\n```chart\ntype: bar\nindicator: [unclosed\n```\n", "5:", "malformed chart YAML"),
    ("# T\n\n```chart\ntype: pie\nindicator: unicorn_count\nentities: [JPN]\n```\n", "3:1", "expected one of bar"),
    ("# T\n\n```table\nentities: [JPN]\nindicator: [x]\n```\n", "3:1", "did you mean 'indicators'"),
])
def test_bad_bindings_name_the_place_and_write_nothing(store, tmp_path, text, where, message):
    src = write(tmp_path, text)
    with pytest.raises(ReportError) as exc:
        render(src, html=tmp_path / "o.html", pdf=tmp_path / "o.pdf", store=store)
    assert f"r.md:{where}" in str(exc.value) and message in str(exc.value)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["hubscope.db", "r.md"]  # no output, no part file


def test_unsafe_markdown_is_sanitised(store, tmp_path):
    src = write(tmp_path, "# T\n\n<script>alert(1)</script><img src=x onerror=alert(2)>"
                          "[x](javascript:alert(3)) <b onclick='y'>bold</b>\n")
    render(src, html=tmp_path / "o.html", store=store)
    page = (tmp_path / "o.html").read_text()
    body = page.split("<script>")[0]  # the page's own scripts (Vega) come after the body
    assert "<script>alert" not in body and "<img" not in body and "onerror" not in body
    assert 'href="javascript' not in body and "onclick" not in body


def test_what_changed_after_a_revision(store, tmp_path):
    src = write(tmp_path, "# T\n\nUS unicorns: {{ value('USA', 'unicorn_count', period='2023') }}\n")
    first = render(src, html=tmp_path / "o.html", store=store)
    assert first.changes == []
    rows = store.observations(["USA"], ["unicorn_count"], ["2023"])
    row = rows[rows["preferred"]].iloc[0]
    src_obj = next(c.source for c in store.sources() if c.source.id == row["source"])  # typed, as stored
    store.record(Observation(entity="USA", indicator="unicorn_count", period=Period.parse("2023"),
                             unit="companies", value=650, provenance=Provenance(source=src_obj, vintage="2023")),
                 "editor", "CB Insights corrected its list")
    second = render(src, html=tmp_path / "o.html", store=store)
    assert [(c["old"], c["new"]) for c in second.changes] == [("641 companies", "650 companies")]
    assert "CB Insights corrected its list" in second.changes[0]["why"]
    page = (tmp_path / "o.html").read_text()
    assert "What changed since the last render" in page and "641 companies → 650 companies" in page


def test_old_figures_are_flagged(store, tmp_path):
    src = write(tmp_path, "# T\n\n{{ value('USA', 'vc_deal_value', period='2015') }}\n")
    r = render(src, html=tmp_path / "o.html", store=store, today=DAY, max_age_years=3)
    assert r.manifest[0].stale and "Figures to review" in (tmp_path / "o.html").read_text()


def test_japanese_names(store, tmp_path):
    src = write(tmp_path, "# T\n\n{{ name('JPN') }} {{ indicator('unicorn_count') }} "
                          "{{ value('USA', 'unicorn_count', period='2023') }}\n")
    render(src, html=tmp_path / "o.html", store=store, lang="ja")
    page = (tmp_path / "o.html").read_text()
    assert "日本 ユニコーン企業数" in page and ">641社<" in page and "参考文献" in page


@pytest.mark.skipif(not shutil.which("chromium"), reason="Chromium not installed (make sysdeps)")
def test_charts_draw_in_headless_chromium(bundled, tmp_path):
    """Load the HTML like a reader: every chart must become an SVG, with no network."""
    r, tmp, _ = bundled
    out = subprocess.run(
        ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         f"--user-data-dir={tmp_path / 'profile'}", "--virtual-time-budget=10000", "--dump-dom",
         (tmp / "report.html").as_uri()], capture_output=True, text=True, timeout=120)
    dom = out.stdout
    drawn = re.findall(r'<div class="vega[^"]*"[^>]*data-chart="\d+"[^>]*>\s*<svg', dom)
    assert len(drawn) == r.charts, (len(drawn), out.stderr[-500:])
    assert not re.search(r"<div class=\"vega[^>]*>Chart failed", dom)


def test_a_policy_block_cites_a_source_for_every_value(store, tmp_path):
    src = write(tmp_path, "# T\n\n```policy\njurisdictions: [JPN, KOR]\nfields: [lead_body_head, max_fine]\n```\n")
    render(src, html=tmp_path / "o.html", store=store, today=DAY)
    page = (tmp_path / "o.html").read_text(encoding="utf-8")
    table = re.search(r'<table class="data policy".*?</table>', page, re.S).group(0)
    assert "Prime Minister" in table and "KRW 30 million" in table and "KRW 3 million" in table
    assert table.count('class="ref"') == 4  # one head, one JPN fine, two disagreeing KOR fines
    assert "https://intelligence.dlapiper.com/" in page
    bad = write(tmp_path, "# T\n\n```policy\njurisdictions: [JPN]\nfields: [colour]\n```\n")
    with pytest.raises(ReportError, match="unknown policy field 'colour'"):
        render(bad, html=tmp_path / "p.html", store=store)
