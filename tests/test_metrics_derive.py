"""Derived indicators: declared in the catalog, computed with their inputs, explained."""

import json
from pathlib import Path

import jsonschema
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hubscope import Observation, Period, Provenance, Source
from hubscope.catalog.loader import HERE
from hubscope.errors import CatalogError, MetricError
from hubscope.metrics import derive, derived_catalog, explain
from hubscope.metrics.derive import Context

SRC = Source(id="t", publisher="Test", title="Test", url="https://example.org")


def preferred(store, entity, indicator, period, unit=None):
    df = store.observations([entity], [indicator], [period])
    df = df[df["preferred"]] if unit is None else df[df["unit"] == unit]
    return df.iloc[0]


def test_derived_catalog_matches_its_schema_and_names_no_unknowns():
    data = yaml.safe_load((HERE / "derived.yml").read_text(encoding="utf-8"))
    jsonschema.validate(data, json.loads((HERE / "schemas" / "derived.schema.json").read_text()))
    cat = derived_catalog()
    assert {d.kind for d in cat.values()} == {"share_of_gdp", "per_capita", "per_million", "growth",
                                              "cagr", "pp_change"}


def test_derived_units():
    """The bundled file loads without pint at start-up; with its unit checks it gives the same."""
    checked = derived_catalog(HERE / "derived.yml")
    assert checked == derived_catalog() and len(checked) > 10


def test_per_capita_of_a_per_capita_figure_is_refused(tmp_path: Path):
    text = (HERE / "derived.yml").read_text(encoding="utf-8")
    bad = text + """
- id: double_divided
  name_en: x
  name_ja: x
  kind: per_capita
  of: gerd_per_capita_ppp_usd
  unit: USD / person
  pillar: research_ip
  higher_is_better: true
"""
    (tmp_path / "derived.yml").write_text(bad, encoding="utf-8")
    with pytest.raises(CatalogError, match="already per person"):
        derived_catalog(tmp_path / "derived.yml")


def test_gdp_per_capita_is_gdp_over_population_from_the_same_publisher(store):
    d = explain(store, "JPN", "gdp_per_capita_usd", "2024")
    gdp = preferred(store, "JPN", "gdp_current_usd", "2024", unit="USD")
    pop = preferred(store, "JPN", "population", "2024", unit="person")
    assert d.value == pytest.approx(gdp["value"] / pop["value"])
    assert {i.publisher for i in d.inputs} == {"World Bank, World Development Indicators"}
    assert "same publisher" in d.notes[0]
    assert d.status == "verified"
    text = d.explain()
    assert "gdp_current_usd JPN 2024" in text and "population JPN 2024" in text
    assert "https://" in text and "formula" in text


def test_share_of_gdp_divides_yen_by_yen(store):
    d = explain(store, "JPN", "vc_fund_investment_pct_gdp", "FY2023")
    gdp = preferred(store, "JPN", "gdp_current_lcu", "FY2023")
    assert d.value == pytest.approx(100 * 266.9 / gdp["value"])
    assert d.rates == ()
    assert "no exchange rate is needed" in d.notes[0]


def test_share_of_gdp_converts_when_there_is_no_same_currency_gdp(store):
    store.record(Observation(entity="KOR", indicator="vc_fund_investment", period=Period.parse("2022"),
                             unit="billion * KRW", value=1000, provenance=Provenance(source=SRC)), "t", "r")
    d = explain(store, "KOR", "vc_fund_investment_pct_gdp", "2022")
    krw = d.rates[0]
    gdp = preferred(store, "KOR", "gdp_current_usd", "2022")
    gdp_usd = gdp["value"] * (1e9 if gdp["unit"] == "billion * USD" else 1)
    assert (krw.currency, krw.period) == ("KRW", "2022")
    assert d.value == pytest.approx(100 * 1000e9 / krw.value / gdp_usd)


def test_share_of_gdp_of_a_dollar_figure(store):
    d = explain(store, "USA", "private_ai_investment_pct_gdp", "2024")
    gdp = preferred(store, "USA", "gdp_current_usd", "2024")
    gdp_usd = gdp["value"] * (1e9 if gdp["unit"] == "billion * USD" else 1)
    assert d.value == pytest.approx(100 * 109.1e9 / gdp_usd)


def test_growth_pp_change_and_cagr(store):
    g = {(d.entity, d.period): d for d in derive(store, "gdp_growth_usd", ["JPN"])}
    a = preferred(store, "JPN", "gdp_current_usd", "2023", unit="USD")["value"]
    b = preferred(store, "JPN", "gdp_current_usd", "2024", unit="USD")["value"]
    assert g[("JPN", "2024")].value == pytest.approx(100 * (b / a - 1))
    pp = {d.period: d for d in derive(store, "rd_intensity_change_pp", ["KOR"])}
    # both from Korea's science ministry (the same publisher); 2023 as revised (4.94), not the
    # first release (4.96), which the dataset marks as an estimate
    assert pp["2024"].value == pytest.approx(5.13 - 4.94)
    cagr = derive(store, "startup_funding_cagr", ["JPN"])[0]
    assert cagr.period == "2020/2022"
    assert cagr.value == pytest.approx(100 * ((945.9 / 461.1) ** 0.5 - 1), rel=1e-3)


def test_a_months_figure_uses_its_years_population_and_says_so(store):
    d = explain(store, "JPN", "unicorns_per_million_people", "2022-10")
    assert d.value == pytest.approx(6 / (preferred(store, "JPN", "population", "2022", "person")["value"] / 1e6))
    assert "calendar year 2022 used for period 2022-10" in d.notes[0]


def test_missing_or_zero_denominators_name_the_place(store):
    # the bundle holds WDI population to 2025; nothing for 2026
    store.record(Observation(entity="JPN", indicator="unicorn_count", period=Period.parse("2026-09"),
                             unit="companies", value=8, provenance=Provenance(source=SRC)), "t", "r")
    with pytest.raises(MetricError, match="no population for JPN in 2026-09 or 2026"):
        explain(store, "JPN", "unicorns_per_million_people", "2026-09")
    store.record(Observation(entity="SGP", indicator="population", period=Period.parse("2030"), unit="person",
                             value=0, provenance=Provenance(source=SRC)), "t", "r")
    store.record(Observation(entity="SGP", indicator="unicorn_count", period=Period.parse("2030"),
                             unit="companies", value=3, provenance=Provenance(source=SRC)), "t", "r")
    with pytest.raises(MetricError, match="population of SGP in 2030 is zero"):
        explain(store, "SGP", "unicorns_per_million_people", "2030")


def test_unverified_inputs_make_unverified_derivations(store):
    d = explain(store, "JPN", "unicorns_per_million_people", "2023")  # the seed's "15 unicorns"
    assert d.status == "disputed"


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(value=st.floats(1, 1e6), k=st.floats(0.01, 100))
def test_per_capita_invariants(store, value, k):
    """Scaling the figure scales the result; result × population gives the figure back."""
    ctx = Context.from_store(store, ["JPN"])
    pop = preferred(store, "JPN", "population", "2021", "person")["value"]

    def per_capita(v):
        frame = ctx.frame.copy()
        mask = (frame["indicator"] == "vc_investment_in_ai") & (frame["entity"] == "JPN")
        frame = frame[~mask]
        row = ctx.frame[(ctx.frame["indicator"] == "gdp_current_usd") & (ctx.frame["entity"] == "JPN")
                        & (ctx.frame["period"] == "2021") & ctx.frame["preferred"]].iloc[0].copy()
        row["indicator"], row["value"], row["unit"], row["publisher"] = "vc_investment_in_ai", v, "USD", "X"
        frame.loc[len(frame) + 10**6] = row
        return derive(store, "vc_investment_in_ai_per_capita", ["JPN"], ["2021"],
                      Context(frame, ctx.rates))[0].value

    one = per_capita(value)
    assert per_capita(value * k) == pytest.approx(one * k, rel=1e-9)
    assert one * pop == pytest.approx(value, rel=1e-9)


def test_a_context_without_rates_or_store_says_so_when_a_rate_is_needed(store):
    # mypy found Rates.from_store(None) reachable: the context's store is optional
    ctx = Context(Context.from_store(store, ["JPN"]).frame)
    with pytest.raises(MetricError, match="no exchange rates: this context was made without rates or a store"):
        ctx.rates  # noqa: B018 - the property is what is tested
