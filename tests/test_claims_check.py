"""The claim checker on the seed reports and on hostile input."""

import json
from pathlib import Path

import jsonschema
import pytest

from hubscope.claims import DocumentError, check, from_text, read_document
from hubscope.claims.html import to_html

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
SCHEMA = json.loads((Path(__file__).resolve().parents[1] / "docs" / "claims-schema.json").read_text())
needs_seeds = pytest.mark.skipif(not SEEDS.exists(), reason="shared/seeds is not beside the checkout")


def verdicts(store, text):
    return {v.claim.span: v for v in check(store, from_text(text)).verdicts}


def test_supported_contradicted_and_bounds(store):
    v = verdicts(store, "In 2023, the US had 641 unicorns while China had 200 unicorns.")
    assert v["641"].verdict == "supported" and v["641"].claim.entity == "USA"
    assert v["200"].verdict == "contradicted" and "171" in v["200"].reason
    # "over $60 billion" is supported by 109.1, and "over $200 billion" is not
    v = verdicts(store, "The United States had private investment in AI of over $60 billion in 2024.")
    assert v["over $60 billion"].verdict == "supported"
    v = verdicts(store, "The United States had private investment in AI of over $200 billion in 2024.")
    assert v["over $200 billion"].verdict == "contradicted"


def test_outdated_gives_the_newer_figure(store):
    v = verdicts(store, "Japan ranked 92nd out of 116 in the 2024 EF English Proficiency Index.")
    verdict = v["92nd out of 116"]
    assert verdict.verdict == "outdated"
    assert verdict.newer.period == "2025" and verdict.newer.display == "96 of 123"


def test_a_dollar_figure_written_as_yen_is_a_mismatch(store):
    v = verdicts(store, "In 2022, Japanese startups raised 7.2 billion yen.")
    assert v["7.2 billion yen"].verdict == "mismatch"
    assert "Reads as USD" in v["7.2 billion yen"].reason


def test_japanese_text(store):
    v = verdicts(store, "2024年版情報通信白書によると、日本で生成AIを利用したことがある人は9.1%にとどまり、"
                        "米国の46.3%を大きく下回った。")
    assert v["9.1%"].claim.entity == "JPN" and v["9.1%"].indicator == "genai_individual_use_pct"
    assert v["9.1%"].verdict == "outdated" and v["9.1%"].newer.period == "FY2024"
    assert v["46.3%"].claim.entity == "USA"


def test_non_claims_are_left_alone(store):
    r = check(store, from_text("Figure 3 shows the 2024 edition (OECD, 2024).\n1. Background\nSee May 28, 2025."))
    assert [v.claim.span for v in r.verdicts] == []


def test_unverifiable_says_what_is_needed(store):
    v = verdicts(store, "Only 12% of IT professionals in Japan feel adequately equipped to use AI.")
    assert v["12%"].verdict == "unverifiable"
    assert "would need IT professionals who feel equipped to use AI" in v["12%"].reason


@needs_seeds
def test_first_seed(store):
    r = check(store, read_document(SEEDS / "000_8df6dba1a8fd2dea.txt"))
    v = {(x.claim.span, x.claim.entity): x.verdict for x in r.verdicts}
    assert v[("$2.9 billion", "microsoft")] == "outdated"
    assert v[("third-ranked", "JPN-Tokyo")] == "outdated"
    assert v[("29th out of 190", "JPN")] == "supported"
    assert v[("7.4 billion yen", "JPN")] == "mismatch"
    assert v[("15", "JPN")] == "contradicted"
    assert v[("tenfold", "JPN")] == "inconsistent"
    assert v[("0.5%", "USA")] == "contradicted"
    assert r.worth_a_look()[0].verdict == "contradicted"
    jsonschema.validate(json.loads(json.dumps(r.to_dict(), default=str)), SCHEMA)


@needs_seeds
def test_second_seed_and_its_html(store):
    r = check(store, read_document(SEEDS / "002_be65ece1f223443c.txt"))
    v = {x.claim.span: x for x in r.verdicts}
    assert v["more than $60 billion"].verdict == "supported"
    assert v["more than $40 billion"].verdict == "contradicted"
    assert "8.3%" in v["about 8%"].reason
    page = to_html(r)
    assert page.count("<mark") == len(r.verdicts)
    assert "<script" not in page


def test_html_escapes_hostile_text(store):
    r = check(store, from_text('<script>alert(1)</script> Japan had 15 unicorns in 2023 <img src=x onerror=y>'))
    page = to_html(r)
    assert "<script>alert" not in page and "<img" not in page and "&lt;script&gt;" in page


@pytest.mark.parametrize("content,message", [
    (b"", "empty"),
    (b"\x00\x01\x02binary" * 10, "binary"),
    (b"\xff\xfe\xfa not utf8", "not valid UTF-8"),
    (b"%PDF-1.4 broken", "PDF"),
])
def test_bad_files(tmp_path, content, message):
    path = tmp_path / "doc.txt"
    path.write_bytes(content)
    with pytest.raises(DocumentError, match=message):
        read_document(path)


def test_a_huge_file_is_refused_before_reading(tmp_path):
    path = tmp_path / "huge.txt"
    with path.open("wb") as f:
        f.truncate(100 * 1024 * 1024)
    with pytest.raises(DocumentError, match="larger than"):
        read_document(path)


def test_html_and_pdf_input(tmp_path, store):
    page = tmp_path / "r.html"
    page.write_text("<html><body><p>In 2023, the US had 641 unicorns.</p><script>var x = 99;</script></body></html>")
    doc = read_document(page)
    assert "99" not in doc.text and "641" in doc.text
    assert [v.verdict for v in check(store, doc).verdicts] == ["supported"]
