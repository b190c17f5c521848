"""Judging against the store: the comparable series, approximate amounts, macro figures,
which number each verdict covers, and reasons in the reader's language."""

from __future__ import annotations

import pytest

from hubscope.claims import check, from_text
from hubscope.claims.extract import extract
from hubscope.claims.precision import tolerance
from hubscope.claims.reasons import MESSAGES, period_label, say


def verdicts(store, text):
    return {v.claim.span: v for v in check(store, from_text(text)).verdicts}


def test_about_3_4_percent_is_judged_on_the_comparable_series(store):
    v = verdicts(store, "Japan spends about 3.4% of GDP on R&D.")["about 3.4%"]
    assert (v.verdict, v.indicator) == ("supported", "rd_expenditure_pct_gdp")
    assert "3.441" in v.reason and "3.7" not in v.reason


def test_about_means_within_five_percent_not_ten(store):
    v = verdicts(store, "Japan spends about 3.1% of GDP on R&D in 2023.")["about 3.1%"]
    assert v.verdict == "contradicted"  # 3.44 is 11% away


def test_a_verified_approximate_amount_supports_a_rough_claim(store):
    v = verdicts(store, "Japan's startups raised roughly 800 billion yen in 2022.")["roughly 800 billion yen"]
    assert v.verdict == "supported" and v.indicator == "startup_investment_gov_estimate"
    assert "INITIAL gives 945.9" in v.reason  # the disagreeing source is named


@pytest.mark.parametrize(
    ("text", "span", "indicator"),
    [
        ("Japan's GDP was 4.4 trillion dollars in 2023.", "4.4 trillion dollars", "gdp_current_usd"),
        ("日本のGDPは2023年に約591兆円だった。", "約591兆円", "gdp_current_lcu"),
        ("Japan's population was about 124 million in 2024.", "about 124 million", "population"),
        ("日本の人口は2023年に約1億2450万人だった。", "約1億2450万人", "population"),
        ("Japan's GDP per person was about $35,200 in 2023.", "about $35,200", "gdp_per_capita_usd"),
    ],
)
def test_gdp_population_and_gdp_per_person_are_checkable(store, text, span, indicator):
    v = verdicts(store, text)[span]
    assert v.indicator == indicator and v.verdict in ("supported", "outdated"), v.reason
    assert v.evidence


def test_a_scaled_decimal_is_as_precise_as_it_is_written():
    c = extract(from_text("GDP was 4.4 trillion dollars in 2023."))[0]
    assert tolerance(c) == pytest.approx(0.05e12)


def test_each_verdict_says_which_number_it_covers(store):
    vs = verdicts(store, "Japan spends about 3.4% of GDP on R&D, against 3.7% on the national definition.")
    assert vs["about 3.4%"].reason.startswith("“about 3.4%”:")
    assert vs["3.7%"].reason.startswith("“3.7%”:")
    assert vs["3.7%"].reason_in("ja").startswith("「3.7%」")


def test_reasons_in_japanese_use_japanese_figures_and_periods(store):
    v = verdicts(store, "日本のスタートアップは2022年に約8000億円を調達した。")["約8000億円"]
    ja = v.reason_in("ja")
    assert "8,000億円（2022年）と一致します" in ja and "9,460億円" in ja
    assert "Matches" in v.reason
    v = verdicts(store, "Only 12% of IT professionals in Japan feel adequately equipped.")["12%"]
    assert v.reason_in("ja").startswith("日本の検証済みの数値がありません")


def test_every_message_has_both_languages_and_the_same_arguments():
    import string

    for kind, texts in MESSAGES.items():
        assert set(texts) == {"en", "ja"}, kind
        args = [{f for _, f, _, _ in string.Formatter().parse(t) if f} for t in texts.values()]
        extra = {"word_ja", "bound_ja"}
        assert args[0] - extra == args[1] - extra or args[1] <= args[0] | extra, kind
    with pytest.raises(KeyError):
        say("no_such_reason")
    assert [period_label(p, "ja") for p in ("FY2023", "2023H1", "2023Q3", "2025-09", "2024")] == [
        "2023年度", "2023年上半期", "2023年第3四半期", "2025年9月", "2024年"]
