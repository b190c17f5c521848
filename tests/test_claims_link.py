"""Entity and period linking: each claim filed under its own clause's subject and period."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from hubscope.claims import from_text
from hubscope.claims.extract import extract
from hubscope.claims.link_period import periods_in


class _BySpan(dict):
    """Claims by span; a key also finds a span it begins ("1,242社" finds "1,242" or "1,242社")."""

    def __missing__(self, key):
        for span, c in self.items():
            if key.startswith(span) or span.startswith(key):
                return c
        raise KeyError(key)


def claims(text: str, when: date | None = None) -> dict:
    doc = from_text(text)
    if when is not None:
        doc = replace(doc, date=when)
    return _BySpan({c.span: c for c in extract(doc)})


def test_a_passage_about_japan_opened_by_china_files_figures_under_japan():
    c = claims(
        "China invested heavily in AI last decade.\n"
        "In 2023, Japan had 15 unicorns. Its startups raised 800 billion yen in 2022, and "
        "the country plans more."
    )
    assert c["15"].entity == "JPN"
    assert c["800 billion yen"].entity == "JPN"


def test_each_clause_has_its_own_subject():
    c = claims("Japan had 15 unicorns in 2023 while the US had 600 and Korea had 22.")
    assert (c["15"].entity, c["600"].entity, c["22"].entity) == ("JPN", "USA", "KOR")


def test_an_organisation_is_its_own_entity_with_its_country():
    c = claims("Korean chipmaker Rebellions Inc. raised $124 million in 2024 to build chips in Japan.")
    claim = c["$124 million"]
    assert claim.entity == "org:Rebellions Inc"
    assert claim.entity_country == "KOR"
    c = claims("SoftBank Group will invest $3 billion in France in 2025.")
    assert c["$3 billion"].entity == "org:SoftBank Group"


def test_catalog_organisations_keep_their_ids():
    c = claims("米Microsoftが2023年に100億ドルを出資した。")
    assert c["100億ドル"].entity == "microsoft"


def test_a_publisher_is_not_the_entity():
    c = claims("According to the Ministry of Economy, Japan will lack 790,000 IT workers in 2030.")
    assert c["790,000"].entity == "JPN"
    c = claims("経済産業省によると、日本のIT人材は2030年に79万人不足する。")
    assert c["79万人"].entity == "JPN"


def test_a_dollar_amount_is_not_about_the_united_states():
    c = claims("China's AI industry reached 900 billion yuan (about 126.7 billion US dollars) in 2024.")
    assert all(x.entity == "CHN" for x in c.values())


def test_japanese_subject_marked_by_ga_beats_an_object():
    c = claims("米Microsoftが「ChatGPT」のOpenAIに100億ドルを出資した。")
    assert c["100億ドル"].entity == "microsoft"


def test_a_japanese_list_is_filed_under_its_first_member():
    c = claims("日本で約5割だったが、中国や米国、ドイツは約9割に上った。")
    assert c["約5割"].entity == "JPN"
    assert c["約9割"].entity == "CHN"


def test_a_japanese_text_naming_no_place_is_about_japan():
    c = claims("平成26年度の研究費総額は18兆円で、前年度比4.6%増である。")
    assert c["18兆円"].entity == "JPN"


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("2021年度の売上高", ["FY2021"]),
        ("in FY2021 and fiscal 2019", ["FY2021", "FY2019"]),
        ("平成26年度と令和2年と令和元年", ["FY2014", "2020", "2019"]),
        ("2023年上半期と2022年下半期", ["2023H1", "2022H2"]),
        ("2023年第3四半期", ["2023Q3"]),
        ("Q3 2023, 2024Q1, the second quarter of 2022 and H2 2021", ["2023Q3", "2024Q1", "2022Q2", "2021H2"]),
        ("in September 2025", ["2025-09"]),
        ("25年9月時点で", ["2025-09"]),
        ("2023年7月〜9月の額は同年1月〜3月や4月〜6月と同水準", ["2023Q3", "2023Q1", "2023Q2"]),
    ],
)
def test_periods_in_the_stores_forms(text, want):
    assert [p.period for p in periods_in(text, 0)] == want


def test_relative_years_resolve_against_the_document_date_and_are_inferred():
    today = date(2025, 11, 4)
    got = [(p.period, p.inferred) for p in periods_in("昨年、来年度、last year and next year", 0, today)]
    assert got == [("2024", True), ("FY2026", True), ("2024", True), ("2026", True)]
    assert periods_in("last year", 0, None) == []  # no date: not resolved, not guessed


def test_a_year_on_year_comparison_is_not_a_period():
    assert periods_in("前年比24%増、前年同期比56%減、前年度比4.6%増", 0) == []


def test_a_claims_period_is_its_own_not_the_publication_year():
    c = claims("2024年度調査では49.7%となり、2023年度調査(42.7%)と比較して増加した。", date(2025, 7, 8))
    assert (c["49.7%"].period, c["42.7%"].period) == ("FY2024", "FY2023")
    assert not c["49.7%"].period_inferred


def test_the_base_of_a_change_is_not_the_changes_period():
    c = claims("The budget is 1.2 trillion won in 2024, up 15.8 percent from 2023.")
    assert c["15.8 percent"].period == "2024"
    c = claims("2023年上半期の調達社数は1,242社となり、2022年上半期の1,058社から17%増加した。")
    assert (c["1,242社"].period, c["1,058社"].period, c["17%"].period) == ("2023H1", "2022H1", "2023H1")


def test_relative_words_in_claims():
    c = claims("The government will spend $5 billion next year.", date(2023, 9, 7))
    assert (c["$5 billion"].period, c["$5 billion"].period_inferred) == ("2024", True)
    c = claims("韓国の来年度予算案は728兆ウォンで、今年度の3兆ウォンの3倍。", date(2025, 11, 4))
    # Korea's fiscal year is the calendar year
    assert c["728兆ウォン"].period == "2026"


def test_a_sentence_without_a_period_carries_its_paragraphs_inferred():
    c = claims("日本の研究開発費は2020年に17.6兆円である。対前年比は1.9%減である。")
    assert (c["17.6兆円"].period, c["17.6兆円"].period_inferred) == ("2020", False)
    later = c["1.9%"]
    assert (later.period, later.period_inferred) == ("2020", True)


@pytest.mark.parametrize("text", ["4兆2000億ドル", "2000人", "2020万円", "1,2000億円"])
def test_a_number_inside_an_amount_is_not_a_year(text):
    assert [p.period for p in periods_in("日本の数字は" + text + "だった。", 0)] == []


def test_words_that_rule_an_indicator_out_apply_to_their_own_clause():
    found = {c.span: c for c in extract(from_text(
        "Japan spent 3.4% of GDP on R&D in 2022, and its GDP was 4.2 trillion dollars in 2024."))}
    assert "gdp_current_usd" in found["4.2 trillion dollars"].indicators
    assert "gdp_current_usd" not in found["3.4%"].indicators
