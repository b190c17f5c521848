"""The number parser, on what reports write, with property tests and a fuzz run."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hubscope.claims.numbers import find_quantities, parse_japanese_number


def one(text):
    qs = find_quantities(text)
    assert len(qs) == 1, qs
    return qs[0]


@pytest.mark.parametrize("text,value,unit,qualifier", [
    ("Microsoft has pledged $2.9 billion", 2.9e9, "USD", "exact"),
    ("raised approximately 460 billion yen", 460e9, "JPY", "approx"),
    ("around 800m yen", 800e6, "JPY", "approx"),
    ("approximately $59m from patents", 59e6, "USD", "approx"),
    ("US$1.5bn", 1.5e9, "USD", "exact"),
    ("S$300 million", 300e6, "SGD", "exact"),
    ("€2 trillion", 2e12, "EUR", "exact"),
    ("Rs 5 crore", 5e7, "INR", "exact"),
    ("3 lakh rupees", 3e5, "INR", "exact"),
    ("over $60 billion", 60e9, "USD", "more_than"),
    ("less than $5 billion", 5e9, "USD", "less_than"),
    ("nearly 2,000 AI professionals", 2000, "count", "approx"),
    ("3.65% of GDP", 3.65, "percent", "exact"),
    ("up 2.5 percentage points", 2.5, "percentage_point", "exact"),
    ("Sixty-eight percent of firms", 68, "percent", "exact"),
    ("a tenfold increase", 10, "multiple", "exact"),
    ("the third-ranked city", 3, "rank", "exact"),
    ("研究開発費は19兆7408億円", 19.7408e12, "JPY", "exact"),
    ("90万8300人", 908300, "count", "exact"),
    ("約8割の企業", 80, "percent", "approx"),
    ("10%超", 10, "percent", "more_than"),
    ("5万人弱", 50000, "count", "approx_below"),
    ("100億円程度", 1e10, "JPY", "approx"),
])
def test_quantities(text, value, unit, qualifier):
    q = one(text)
    assert q.value == pytest.approx(value)
    assert (q.unit, q.qualifier) == (unit, qualifier)


def test_a_third_and_japanese_fractions():
    assert one("a third of workers").value == pytest.approx(100 / 3)
    assert one("全体の3分の1").value == pytest.approx(100 / 3)


def test_ranks_keep_their_n():
    q = one("Japan ranks 92nd out of 116 countries")
    assert (q.value, q.unit, q.rank_of) == (92, "rank", 116)
    assert one("29th of 190 economies").rank_of == 190


def test_ranges():
    q = one("fees of 30-45% of salaries")
    assert (q.lower, q.upper, q.unit, q.qualifier) == (30, 45, "percent", "range")
    q = one("between 700 and 800 billion yen")
    assert (q.lower, q.upper, q.unit) == (700e9, 800e9, "JPY")


def test_names_are_not_numbers():
    assert find_quantities("5G networks, COVID-19 and the H100") == []


def test_spans_point_at_the_text():
    text = "Japan's rank fell to 92nd out of 116 in 2024."
    q = find_quantities(text)[0]
    assert text[q.start:q.end] == q.text == "92nd out of 116"


@given(st.integers(1, 9999), st.integers(0, 9999), st.integers(0, 9999))
def test_japanese_numerals_round_trip(cho, oku, man):
    text = f"{cho}兆{oku}億{man}万"
    assert parse_japanese_number(text) == cho * 1e12 + oku * 1e8 + man * 1e4


@given(st.floats(0.01, 1e6).map(lambda x: round(x, 2)))
def test_written_numbers_read_back(x):
    text = f"the figure was {x:,.2f}% last year"
    q = one(text)
    assert q.value == pytest.approx(x) and q.unit == "percent"


@settings(max_examples=300)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=200))
def test_fuzz_never_raises_and_spans_are_sane(text):
    for q in find_quantities(text):
        assert 0 <= q.start < q.end <= len(text)
        assert text[q.start:q.end] == q.text


def test_numbers_inside_japanese_sentences():
    qs = find_quantities("日本で生成AIを利用したことがある人は9.1%にとどまり、米国の46.3%を下回った")
    assert [(q.text, q.value) for q in qs] == [("9.1%", 9.1), ("46.3%", 46.3)]


def test_japanese_ranks():
    q = one("英語能力指数で日本は123カ国中96位だった")
    assert (q.value, q.unit, q.rank_of, q.text) == (96, "rank", 123, "123カ国中96位")
    assert one("世界第3位").value == 3


# --- issue 14: compounds, signs, ranges, non-claims, number words, currencies, guards ---
# Every example below is made up for the rule it tests.

from hubscope.claims.extract import is_claim  # noqa: E402
from hubscope.claims.nonclaims import non_claim  # noqa: E402


def found(text):
    return [(q.text, q.value if q.lower is None else (q.lower, q.upper), q.unit) for q in find_quantities(text)]


def claims(text):
    return [q.text for q in find_quantities(text) if is_claim(q, text)]


@pytest.mark.parametrize("text,span,value,unit", [
    ("予算は1,234億5,600万円に上る", "1,234億5,600万円", 123456000000, "JPY"),
    ("投資額は2,750億ドルだった", "2,750億ドル", 275000000000, "USD"),
    ("利用者は3,000万人に達した", "3,000万人", 30000000, "count"),
    ("研究費は12兆4 560億円", "12兆4 560億円", 12456000000000, "JPY"),
    ("売上は１兆２，３４５億円", "１兆２，３４５億円", 1234500000000, "JPY"),
    ("基金は三千億円規模", "三千億円", 300000000000, "JPY"),
    ("人口は1億1234万5千人", "1億1234万5千人", 112345000, "count"),
    ("時価総額は約四千五百億円", "約四千五百億円", 450000000000, "JPY"),
])
def test_japanese_compounds_are_one_claim_with_the_scale_once(text, span, value, unit):
    q = one(text)
    assert (q.text, q.unit) == (span, unit)
    assert q.value == pytest.approx(value)


def test_no_stray_fragments_inside_grouped_amounts():
    assert found("市場は3,500億ドル、会員は4,000万人") == [("3,500億ドル", 3.5e11, "USD"), ("4,000万人", 4e7, "count")]


@given(
    st.integers(0, 9999), st.integers(0, 9999), st.integers(0, 9999), st.integers(0, 9999),
    st.sampled_from(["円", "ドル", "人", ""]), st.booleans(),
)
def test_any_japanese_amount_with_commas_round_trips(cho, oku, man, rest, unit, commas):
    if not (cho or oku or man):
        oku = 1
    fmt = (lambda n: f"{n:,}") if commas else str
    text = "".join(f"{fmt(n)}{s}" for n, s in ((cho, "兆"), (oku, "億"), (man, "万")) if n)
    text += (fmt(rest) if rest else "") + unit
    q = one(f"総額は{text}だった")
    assert q.value == cho * 1e12 + oku * 1e8 + man * 1e4 + rest
    assert q.text == text


@pytest.mark.parametrize("text,value", [
    ("輸出は前年比8.4%減となった", -8.4),
    ("来場者は2万人減少した", -20000),
    ("人口はマイナス7万人", -70000),
    ("株価は4.5%下落", -4.5),
    ("営業利益は▲1.7%", -1.7),
    ("研究費は2.2%の減少", -2.2),
    ("Shipments fell 6.3% last year", -6.3),
    ("Output was down 4 from a year earlier", -4),
    ("Sales declined by 9%", -9),
    ("a loss of minus 250 million euros", -250e6),
    ("after a drop of 12%", -12),
    ("a sharp decline of 3.5 percent", -3.5),
    ("the rate was -0.8%", -0.8),
    ("a 5% decrease", -5),
])
def test_decreases_are_negative(text, value):
    q = one(text)
    assert q.value == pytest.approx(value) and q.sign == -1


@pytest.mark.parametrize("text", [
    "Exports rose 4.2% to a record", "売上高は3.1%増", "投資は前年から12%増加した", "down from 87th place",
    "Japan's share is below the US's 41.2%", "米国の33.5%を下回った",
])
def test_increases_and_levels_keep_their_sign(text):
    assert all(q.sign == 1 and (q.value or 0) >= 0 for q in find_quantities(text))


def test_a_decrease_and_its_rate_share_the_sign():
    assert found("利用者は12万4千人(0.8%)減った") == [("12万4千人", -124000, "count"), ("0.8%", -0.8, "percent")]
    assert found("差額は310億円、率にして14%落ち込んだ")[0][1] == -31000000000


def test_a_falling_range_is_negative_in_both_bounds():
    q = one("需要は2割から3割ほど落ち込んだ")
    assert (q.lower, q.upper, q.sign) == (-30, -20, -1)


@pytest.mark.parametrize("text,lower,upper,unit", [
    ("費用は6000〜6500億円程度になる", 6e11, 6.5e11, "JPY"),
    ("企業の4割から5割が導入", 40, 50, "percent"),
    ("growth of (2~6%) a year", 2, 6, "percent"),
    ("€15 billion to €25 billion of new money", 15e9, 25e9, "EUR"),
    ("between 300 billion and 450 billion yen", 300e9, 450e9, "JPY"),
    ("between 40 and 60 million dollars", 40e6, 60e6, "USD"),
    ("3 to 5 billion won", 3e9, 5e9, "KRW"),
    ("a 4–6 times rise", 4, 6, "multiple"),
    ("1,200~1,500億円", 1.2e11, 1.5e11, "JPY"),
])
def test_ranges_are_one_claim_with_the_scale_applied_once(text, lower, upper, unit):
    q = one(text)
    assert (q.lower, q.upper, q.unit, q.qualifier, q.value) == (pytest.approx(lower), pytest.approx(upper), unit,
                                                                "range", None)


def test_a_change_from_a_to_b_is_not_a_range():
    assert len(find_quantities("Spending rose from $2 billion to $3 billion")) == 2
    assert len(find_quantities("予算は500億円から800億円に増えた")) == 2


@pytest.mark.parametrize("text,kind", [
    ("2024年第2四半期の売上は", "meta"),
    ("4~6月期の利益", "meta"),
    ("詳細は(注4)を参照", "meta"),
    ("図5に示す", "meta"),
    ("表2のとおり", "meta"),
    ("as shown in Figure 7", "meta"),
    ("see Table 3", "meta"),
    ("利用率は40代で高い", "definition"),
    ("the Digital Plan 3.0 was adopted", "meta"),
    ("平成28年度の予算", "meta"),
    ("令和4年に施行", "meta"),
    ("a sample of n=2,500 adults", "definition"),
    ("全国の1,500人を対象に調査", "definition"),
    ("5か国を対象にした調査", "definition"),
    ("the survey polled 1,800 people", "definition"),
    ("it ended 4 years ago", "definition"),
    ("調査期間は2ヶ月", "definition"),
    ("on 21 March 2025", "meta"),
    ("Sept. 9", "meta"),
    ("この3件を除く", "meta"),
    ("a briefing at 4 pm", "meta"),
    ("see pp. 21-23.", "meta"),
    ("世界トップ5を目指す", "meta"),
])
def test_non_claims_are_typed(text, kind):
    kinds = [non_claim(q, text) for q in find_quantities(text)]
    assert kinds and all(k is not None for k in kinds), list(zip(found(text), kinds, strict=True))
    assert kind in kinds


@pytest.mark.parametrize("text", ["図表Ⅱ-3-1-7", "(Tanaka, 2021b)", "see Fig. 2-4", "Q3 and 4Q results", "at 10:45",
                                  "倍率は高い"])
def test_references_and_citations_are_not_claims(text):
    assert claims(text) == []


def test_goal_ranks_and_list_markers_are_not_claims_but_rankings_are():
    assert claims("to make the country one of the world's top five AI nations") == []
    assert claims("Osaka ranks in the top 20 of the index") == ["top 20"]
    assert claims("1. Overview\n2) Method") == []
    assert claims("(1) a new fund, (2) tax credits") == []
    assert claims("Italy 3, Spain 4") == []  # a name's number, not a count
    assert claims("the U.S. (600) and Japan (85 firms)") == ["600", "85"]


@pytest.mark.parametrize("text,value,unit,qualifier", [
    ("just one startup", 1, "count", "exact"),
    ("two of the seven members", 2, "count", "exact"),
    ("nine million users", 9e6, "count", "exact"),
    ("a good four billion euros", 4e9, "EUR", "at_least"),
    ("one in every four adults", 25, "percent", "exact"),
    ("one in five firms", 20, "percent", "exact"),
    ("a third of graduates", 100 / 3, "percent", "exact"),
    ("half of all patents", 50, "percent", "exact"),
    ("over half", 50, "percent", "more_than"),
    ("a quarter of households", 25, "percent", "exact"),
    ("a fifteenfold jump", 15, "multiple", "exact"),
    ("seven times larger", 7, "multiple", "exact"),
    ("to double the budget", 2, "multiple", "exact"),
    ("企業の半分", 50, "percent", "exact"),
    ("売上が倍増した", 2, "multiple", "exact"),
    ("市場は倍近くに拡大", 2, "multiple", "approx"),
    ("約6割の企業", 60, "percent", "approx"),
    ("世界第4位", 4, "rank", "exact"),
    ("国内で5位", 5, "rank", "exact"),
    ("Vietnam ranks fifth in the region", 5, "rank", "exact"),
    ("moved to the sixth position", 6, "rank", "exact"),
])
def test_number_words(text, value, unit, qualifier):
    q = one(text)
    assert (q.value, q.unit, q.qualifier) == (pytest.approx(value), unit, qualifier)


def test_an_ordinal_after_a_name_is_a_rank_but_not_a_phase():
    assert found("Brazil first, Mexico second, Chile third.") == [
        ("first", 1, "rank"), ("second", 2, "rank"), ("third", 3, "rank")]
    assert find_quantities("the first phase and the second half of the year") == []
    assert find_quantities("one of the largest, in three segments") == []


@pytest.mark.parametrize("text,value,unit", [
    ("₩3 trillion", 3e12, "KRW"),
    ("2.5 trillion won", 2.5e12, "KRW"),
    ("約7兆ウォン", 7e12, "KRW"),
    ("4조 5천억 원", 4.5e12, "KRW"),
    ("8,000億元", 8e11, "CNY"),
    ("60 billion yuan", 60e9, "CNY"),
    ("RMB 12 billion", 12e9, "CNY"),
    ("300億人民元", 3e10, "CNY"),
    ("₹750 crore", 7.5e9, "INR"),
    ("Rs 2.35-lakh crore", 2.35e12, "INR"),
    ("a 4,210-crore outlay", 4.21e10, "INR"),
    ("S$45 million", 45e6, "SGD"),
    ("€8bn", 8e9, "EUR"),
    ("120億ポンド", 1.2e10, "GBP"),
    ("55億米ドル", 5.5e9, "USD"),
    ("about 31.4 billion U.S. dollars", 31.4e9, "USD"),
    ("2 lakh jobs", 2e5, "count"),
])
def test_currencies_have_their_unit(text, value, unit):
    q = one(text)
    assert (q.value, q.unit) == (pytest.approx(value), unit)


def test_overlong_numbers_are_not_claims_and_never_overflow():
    assert [q.value for q in find_quantities("id " + "7" * 400 + " and 9")] == [9]
    assert [q.value for q in find_quantities("code " + "8" * 31 + " then 12%")] == [12]
    assert find_quantities("9" * 5000 + "億円") == []
    assert find_quantities("1" + ",000" * 40) == []
    assert all(q.value < 1e8 for q in find_quantities("1億1億 5万3億"))  # never read as one number


def test_long_runs_of_the_same_number_are_read_one_by_one():
    text = "3.4% " * 2000 + "1億" * 10 + "9 " * 500
    qs = find_quantities(text)
    assert sum(q.unit == "percent" for q in qs) == 2000
    assert all(text[q.start:q.end] == q.text for q in qs)
