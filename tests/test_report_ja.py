"""The bundled report in Japanese, and report prose built from text figures."""

import json
import re
import shutil
from datetime import date
from html import unescape

import pytest

from hubscope.report import render
from hubscope.report.render import bundled as bundled_source

DAY = date(2026, 11, 21)
# three English words in a row: prose, not a name like "OpenAI" or "Rapidus"
ENGLISH_RUN = re.compile(r"[A-Za-z]{2,}(?:[ ,'’-]+[A-Za-z]{2,}){2,}")


@pytest.fixture(scope="module")
def both(tmp_path_factory, _initialised_file):
    """The bundled report rendered once in each language, from copies of one store."""
    from hubscope.store import Store

    tmp = tmp_path_factory.mktemp("report-ja")
    shutil.copy(_initialised_file, tmp / "db.sqlite")
    store = Store(f"sqlite:///{tmp / 'db.sqlite'}")
    en = render(html=tmp / "en.html", store=store, today=DAY)
    ja = render(html=tmp / "ja.html", store=store, lang="ja", today=DAY)
    return en, ja, tmp


def _prose(page: str) -> str:
    """The page's readable text without scripts, styles, code, references and source names."""
    page = re.sub(r"<(script|style|code|svg)\b.*?</\1>", " ", page, flags=re.S)
    page = re.sub(r'<ol class="refs">.*?</ol>', " ", page, flags=re.S)
    page = re.sub(r"(出典|Source): [^<]*", " ", page)  # publishers are names, cited as published
    return unescape(re.sub(r"<[^>]+>", " ", page))


def test_lang_ja_picks_the_japanese_source():
    assert bundled_source("ja").name == "japan-ai-hub.ja.md"
    assert bundled_source("en").name == "japan-ai-hub.md"


def test_both_languages_bind_exactly_the_same_figures(both):
    en, ja, _ = both

    def figures(r):
        return sorted((m.key, m.source, m.period, m.value) for m in r.manifest)

    assert len(en.manifest) >= 200
    assert figures(en) == figures(ja)
    # citations may differ: the claims are checked in each language and the Japanese policy table
    # shows only the fields with closed lists of values (free text is English in the sources)
    assert en.charts == ja.charts


def test_the_japanese_report_has_no_english_prose_and_japanese_numbers(both):
    _, _, tmp = both
    page = (tmp / "ja.html").read_text(encoding="utf-8")
    text = _prose(page)
    assert ENGLISH_RUN.findall(text) == []
    assert "十億" not in text  # never "4,190十億ドル"
    # GDP: WDI's 2025 figure (the bundled snapshot) is the latest; 4,435bn USD
    for shown in ("4兆4,400億ドル", "3.44%", "92位（116中）", "1兆7,200億円", "2023年度"):
        assert shown in text, shown
    assert '<html lang="ja"' in page
    # chart labels and captions in Japanese too
    specs = json.dumps(json.loads(re.search(r"const specs = (\{.*?\});\n", page, re.S).group(1)), ensure_ascii=False)
    assert "研究開発費の対GDP比（%、最新年）" in page and "順位（1が最上位）" in specs
    assert "rank (1 = best)" not in page


def test_the_english_report_still_reads_as_english(both):
    _, _, tmp = both
    text = _prose((tmp / "en.html").read_text(encoding="utf-8"))
    assert "Japan as an international AI hub" in text
    assert not re.search(r"[ぁ-んァ-ン]{3,}", text)


def test_text_figures_read_as_sentences(both):
    """Phrases stored as text figures are shown as labelled items, never spliced into a sentence."""
    _, _, tmp = both
    en = _prose((tmp / "en.html").read_text(encoding="utf-8"))
    ja = _prose((tmp / "ja.html").read_text(encoding="utf-8"))
    assert "text [" not in en and "text[" not in en  # no unit "text" after a phrase
    assert "the government May" not in en and "measures Sets" not in en and "drafts an AI basic plan text" not in en
    assert re.search(r"Enforcement powers\s*:\s*May investigate AI business operators", en)
    assert re.search(r"Promotion measures\s*:\s*Sets no detailed", en)
    assert "執行権限 ： AI事業者の調査" in re.sub(r"\s+", " ", ja)


def test_an_untranslated_text_figure_is_shown_as_stored(store, tmp_path):
    """A text figure without a translation of exactly its stored text keeps the source's words."""
    src = tmp_path / "r.md"
    src.write_text("# T\n\n{{ value('JPN', 'ai_law_passed') }}\n", encoding="utf-8")
    r = render(src, html=tmp_path / "o.html", store=store, lang="ja", today=DAY)
    assert r.manifest[0].display == r.manifest[0].display.strip() and " text" not in r.manifest[0].display


def test_japanese_policy_table_and_claims(both):
    _, _, tmp = both
    page = (tmp / "ja.html").read_text(encoding="utf-8")
    table = re.search(r'<table class="data policy".*?</table>', page, re.S).group(0)
    assert "文書の種類" in table and "施行中" in table and "in_force" not in table
    claims = re.search(r'<table class="claims".*?</table>', page, re.S).group(0)
    assert "事実と異なる" in claims and "contradicted</td>" not in claims
