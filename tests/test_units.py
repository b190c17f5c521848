import pytest

import hubscope.units as units_mod
from hubscope.errors import UnitError
from hubscope.units import (
    check_unit,
    compatible,
    conversion_factor,
    fits,
    pretty_unit,
    to_indicator_unit,
)


def test_currencies_never_combine_without_a_rate():
    assert not compatible("JPY", "USD")
    with pytest.raises(UnitError, match="dimensions differ"):
        conversion_factor("billion * JPY", "USD")


def test_scale_words_convert():
    assert conversion_factor("billion * USD", "USD") == 1e9
    assert to_indicator_unit(4_190_008_188_358.57, "USD", "billion * USD") == pytest.approx(4190.008188)
    assert to_indicator_unit(123_000_000, "person", "million * person") == 123


def test_ranks_counts_and_percent_are_different_things():
    assert not compatible("rank", "companies")
    assert not compatible("percent", "companies")
    assert not compatible("percent", "percentage_point")
    assert compatible("applications", "companies")


def test_fits_indicator_units():
    assert fits("JPY / USD", "LCU / USD")
    assert not fits("percent", "LCU / USD")
    assert fits("million * JPY", "million * USD")  # money may be observed in any currency
    assert to_indicator_unit(557.7, "million * JPY", "million * USD") is None  # needs a rate
    assert fits("date", "date") and not fits("text", "date")


@pytest.mark.parametrize("bad", ["", "furlongs of joy", "1/0", "USD +"])
def test_bad_units(bad):
    with pytest.raises(UnitError):
        check_unit(bad)


def test_pretty_units():
    assert pretty_unit("billion * USD") == "USD bn"
    assert pretty_unit("JPY / USD") == "JPY per USD"
    assert pretty_unit("percent") == "%"


def test_scale_word_fast_path_agrees_with_pint():
    """Units a scale word apart are converted without pint; the answers are pint's own."""
    import itertools

    from hubscope.catalog import load_catalog
    from hubscope.units import _scaled

    units = {i.unit for i in load_catalog().indicators.values() if i.unit not in ("date", "text")}
    scales = ("thousand", "million", "billion", "trillion")
    units |= {f"{w} * {u}" for u in ("USD", "JPY", "person", "applications") for w in scales}
    fast = [(a, b) for a, b in itertools.product(sorted(units), repeat=2) if _scaled(a) and _scaled(b) and a != b]
    assert len(fast) > 50
    for a, b in fast:
        pa, pb = units_mod.parse_unit(a), units_mod.parse_unit(b)
        same = pa.dimensionality == pb.dimensionality
        assert units_mod.compatible(a, b) == same, (a, b)
        if same:
            want = float((pa / pb).to("dimensionless").magnitude)
            assert units_mod.conversion_factor(a, b) == pytest.approx(want, rel=1e-12), (a, b)
    assert _scaled("billion * junk") is None and _scaled("USD / person") is None
