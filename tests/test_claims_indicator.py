"""Indicator linking: the measure a number is a value of, or none when nothing fits."""

from __future__ import annotations

import pytest

from hubscope.claims import from_text
from hubscope.claims.extract import extract


def linked(text: str) -> dict:
    return {c.span: c for c in extract(from_text(text))}


def test_a_change_is_not_a_value_of_the_level_it_changes():
    c = linked("Japan's startups raised 500 billion yen in 2023, up 12% from a year earlier.")
    assert c["12%"].indicators == []
    assert c["500 billion yen"].indicators[0] == "startup_funding_total"
    c = linked("日本のスタートアップの資金調達額は前年比15%減の6000億円だった。")
    assert c["15%"].indicators == []
    assert c["6000億円"].indicators[0] == "startup_funding_total"


def test_a_ratio_to_gdp_is_not_a_change():
    assert linked("日本のVC投資額の対GDP比は0.05%だった。")["0.05%"].indicators == ["vc_investment_pct_gdp"]


def test_a_change_indicator_takes_a_change():
    c = linked("In Japan the number of students progressing from master's to doctoral programmes has fallen by 25%.")
    assert c["25%"].indicators == ["master_to_doctoral_progression_change"]


@pytest.mark.parametrize(
    "text, span",
    [
        ("Korea plans to invest 2 trillion won in AI research and development over the next five years.",
         "2 trillion won"),
        ("Korea will invest 2 trillion won in AI research and development in 2026.", "2 trillion won"),
        ("韓国政府はAI関連事業に5000億ウォンを投資する方針だ。", "5000億ウォン"),
    ],
)
def test_a_plan_or_budget_is_not_a_measured_investment(text, span):
    assert linked(text)[span].indicators == []


def test_a_figure_given_as_data_is_measured_even_in_the_future_tense():
    c = linked("According to OECD data, the United States will invest more than $50 billion in AI research "
               "and development in 2024.")
    assert "private_ai_investment" in c["more than $50 billion"].indicators


def test_a_share_of_another_whole_is_not_a_share_of_gdp():
    c = linked("日本では企業の研究費は研究費総額の70.5%を占め、研究開発費の対GDP比は3.4%だった。")
    assert c["70.5%"].indicators == []
    assert c["3.4%"].indicators[0] == "rd_expenditure_pct_gdp"
    c = linked("In Japan, R&D accounted for 12% of total public spending, while the country spent 3.4% of GDP on R&D.")
    assert c["12%"].indicators == []
    assert c["3.4%"].indicators[0] == "rd_expenditure_pct_gdp"


@pytest.mark.parametrize(
    "text, span",
    [
        ("日本では生成AIの利用率は20代で40.2%だった。", "40.2%"),
        ("In Japan, of those aged 20-29, 45% had used generative AI.", "45%"),
    ],
)
def test_an_age_band_is_not_the_whole_population(text, span):
    assert linked(text)[span].indicators == []


def test_a_streak_is_no_indicator_and_passes_none_on():
    c = linked("日本の総人口は1億2400万人で、8年連続で減少した。")
    assert c["1億2400万人"].indicators == ["population"]
    assert c["8年連続"].indicators == []


def test_an_organisation_takes_no_country_measure():
    c = linked("Venture capital firm Global Brain invested 3 billion yen in Japanese AI startups in 2024.")
    (claim,) = c.values()
    assert claim.entity == "org:Global Brain" and claim.indicators == []


def test_an_apposition_does_not_hide_the_subject():
    text = "Global Brain, a venture capital firm, invested 3 billion yen in Japanese AI startups in 2024."
    (claim,) = linked(text).values()
    assert claim.entity == "org:Global Brain" and claim.indicators == []


def test_an_average_is_not_the_total():
    c = linked("British AI firms raised £3 billion in private investment in 2024, "
               "with the average deal worth £4 million.")
    assert c["£3 billion"].indicators == ["private_ai_investment"]
    assert c["£4 million"].indicators == []


def test_generative_ai_at_work_is_the_firm_measure_and_other_use_rates_are_not_genai():
    assert linked("日本で業務で生成AIを使っている人は40%だった。")["40%"].indicators == ["genai_firm_use_pct"]
    assert linked("日本ではクラウドの利用率は60%だった。")["60%"].indicators == []


def test_japan_r_and_d_share_is_on_the_oecd_basis_unless_the_clause_says_otherwise():
    c = linked("日本(OECD推計)の研究開発費の対GDP比は3.4%(日本では3.7%)である。")
    assert c["3.4%"].indicators == ["rd_expenditure_pct_gdp"]
    assert c["3.7%"].indicators[0] == "rd_expenditure_pct_gdp_national"
    assert linked("Japan spent 3.4% of GDP on R&D in 2022.")["3.4%"].indicators[0] == "rd_expenditure_pct_gdp"
    assert linked("平成30年度の研究費の国内総生産に対する比率は3.7%である。")["3.7%"].indicators[0] == (
        "rd_expenditure_pct_gdp_national")
    assert linked("韓国の研究開発費の対GDP比は4.9%だった。")["4.9%"].indicators == ["rd_expenditure_pct_gdp"]


def test_one_shared_word_of_a_longer_name_or_a_compound_does_not_link():
    assert linked("The UK government works with more than 50 organisations on AI.")["more than 50"].indicators == []
    c = linked("Japan's VC investment rose from 7bn to 70bn, closing the VC-to-GDP gap.")
    assert "gdp_current_usd" not in c["7bn"].indicators


def test_an_amount_without_currency_takes_it_from_context():
    c = linked("Korea will spend 2.1 trillion won on AI in 2025.\n\nThe budget allocates 2.1 trillion for chips.")
    assert [x.unit for x in c.values()] == ["KRW", "KRW"]
    assert linked("Japan invested 5 billion yen and had 1.2 million engineers.")["1.2 million"].unit == "count"
    assert linked("日本の研究費総額は20兆5000億で、前年度を上回った。")["20兆5000億"].unit == "JPY"


def test_a_bare_dollar_sign_is_the_dollar_of_a_dollar_country():
    c = linked("Singapore will invest $300 million in AI compute. Singapore also set aside US$200 million.")
    assert (c["$300 million"].unit, c["US$200 million"].unit) == ("SGD", "USD")
    assert linked("Korea will get $300 million.")["$300 million"].unit == "USD"


def test_a_name_ending_in_bank_inside_a_word_is_not_an_organisation():
    (claim,) = linked("SoftBank invested 3 billion dollars in Japan in 2024.").values()
    assert claim.entity != "org:Bank"


@pytest.mark.parametrize(
    "text, entity",
    [
        ("ソフトバンクグループは2024年度に1兆円を投資した。", "org:ソフトバンクグループ"),
        ("トヨタ自動車は5000億円を投じる。", "org:トヨタ自動車"),
        ("豪州は5億豪ドルを投資する。", "AUS"),
    ],
)
def test_japanese_company_names_and_short_country_names(text, entity):
    (claim,) = linked(text).values()
    assert claim.entity == entity


def test_a_japanese_company_keeps_its_country_and_the_next_sentence_says_the_company():
    c = linked("韓国のサムスン電子は30兆ウォンを投資する。同社の売上高は300兆ウォンだった。")
    assert (c["30兆ウォン"].entity, c["30兆ウォン"].entity_country) == ("org:サムスン電子", "KOR")
    assert c["300兆ウォン"].entity == "org:サムスン電子"
    assert linked("豪Canvaは10億ドルを調達した。")["10億ドル"].entity_country == "AUS"


def test_a_latin_name_before_a_japanese_particle_is_an_organisation_but_an_acronym_is_not():
    assert linked("日本のスタートアップZenAIの累計調達額は80億円を超えた。")["80億円を超え"].entity == "org:ZenAI"
    assert linked("日本のGDPは600兆円だった。")["600兆円"].entity == "JPN"
    assert linked("日本(OECD推計)の研究開発費の対GDP比は3.4%である。")["3.4%"].entity == "JPN"


def test_a_japanese_clause_without_its_own_subject_takes_the_sentence_topic():
    c = linked("マイクロソフトは2か月後に、アジア向け投資として50億ドルを発表した。")
    assert c["50億ドル"].entity == "microsoft"
