"""Money conversion at the figure's own period's rate, with the rate named."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hubscope.errors import RateMissing, UnitError
from hubscope.metrics import Rates, convert


def rate(store, entity, indicator, period, unit):
    df = store.observations([entity], [indicator], [period])
    return float(df[df["preferred"] & (df["unit"] == unit)]["value"].iloc[0])


@pytest.fixture
def rates(store):
    return Rates.from_store(store)


def test_yen_to_dollars_at_the_periods_rate(store, rates):
    jpy = rate(store, "JPN", "fx_lcu_per_usd", "2022", "JPY / USD")
    c = convert(rates, 272.5, "billion * JPY", "USD", "2022")
    assert c.value == pytest.approx(272.5 / jpy)
    assert c.unit == "billion * USD"
    assert [(r.currency, r.period) for r in c.rates] == [("JPY", "2022")]
    assert "World Bank" in c.rates[0].describe()
    assert "JPY/USD" in c.formula and "JPY bn" in c.formula


def test_cross_rates_go_through_the_dollar(store, rates):
    jpy = rate(store, "JPN", "fx_lcu_per_usd", "2021", "JPY / USD")
    c = convert(rates, 557.7, "million * JPY", "EUR", "2021")
    eur = c.rates[1].value
    assert c.value == pytest.approx(557.7 / jpy * eur)
    assert [r.currency for r in c.rates] == ["JPY", "EUR"]


def test_ppp_uses_the_entitys_own_factor(store, rates):
    ppp = rate(store, "JPN", "ppp_lcu_per_intl_usd", "2022", "JPY / USD")
    c = convert(rates, 100, "billion * JPY", "USD", "2022", basis="ppp", entity="JPN")
    assert c.value == pytest.approx(100 / ppp)
    assert c.rates[0].basis == "ppp"


def test_a_missing_rate_is_an_error_that_names_it(rates):
    with pytest.raises(RateMissing, match=r"no market rate JPY per USD for period FY2022.*2019, 2020"):
        convert(rates, 272.5, "billion * JPY", "USD", "FY2022")
    # the bundled WDI rates start in 2000
    with pytest.raises(RateMissing, match="period 1999"):
        convert(rates, 1, "JPY", "USD", "1999")


def test_another_periods_rate_only_when_asked_and_said(rates):
    c = convert(rates, 272.5, "billion * JPY", "USD", "FY2022", rate_period="2022")
    assert c.note == "rate for 2022 used for a figure of period FY2022, as asked"


@pytest.mark.parametrize("unit,to,message", [
    ("billion * JPY", "XYZ", "unknown currency 'XYZ'"),
    ("percent", "USD", "not money"),
    ("billion * JPY", "EUR", None),
])
def test_bad_conversions(rates, unit, to, message):
    if message is None:
        convert(rates, 1, unit, to, "2020")
        return
    with pytest.raises(UnitError, match=message):
        convert(rates, 1, unit, to, "2020")


CURRENCIES = ["JPY", "USD", "EUR", "GBP", "CNY", "KRW", "SGD", "ILS", "INR", "CAD"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(value=st.floats(1e-3, 1e12), a=st.sampled_from(CURRENCIES), b=st.sampled_from(CURRENCIES),
       year=st.integers(2019, 2024))
def test_conversion_round_trips(rates, value, a, b, year):
    there = convert(rates, value, f"billion * {a}", b, str(year))
    back = convert(rates, there.value, there.unit, a, str(year))
    assert back.value == pytest.approx(value, rel=1e-9)
    assert back.unit == f"billion * {a}"
