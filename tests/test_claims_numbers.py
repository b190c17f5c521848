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
