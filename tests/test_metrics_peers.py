"""Peer comparison, scenarios, projections and charts."""

import pytest

from hubscope.errors import MetricError
from hubscope.metrics import compare, compare_peers, match, project, target
from hubscope.metrics.chart import comparison_chart, save_chart


def test_peers_ranked_by_direction_with_ratio_gap_and_median(store):
    df = compare_peers(store, "JPN", ["USA", "CHN", "GBR", "DEU", "KOR"], ["ef_epi_rank"])
    rows = {r["entity"]: r for r in df.to_dict("records")}
    assert rows["DEU"]["rank"] == 1  # rank 4 of 123 is best: lower is better
    assert rows["JPN"]["rank"] == 4 and rows["JPN"]["ranked"] == 4  # USA and GBR have no 2025 rank
    assert rows["KOR"]["ratio"] == pytest.approx(96 / 48)
    assert rows["KOR"]["gap"] == pytest.approx(96 - 48)
    assert rows["peer median"]["value_cmp"] == pytest.approx(48)
    assert df["entity"].iloc[0] == "JPN"


def test_peers_on_a_derived_indicator(store):
    df = compare_peers(store, "Japan", ["USA", "KOR"], ["gdp_per_capita_usd"])
    rows = {r["entity"]: r for r in df.to_dict("records")}
    assert rows["USA"]["rank"] == 1 and rows["JPN"]["rank"] == 3
    assert rows["USA"]["method"] == "derived"
    assert rows["peer median"]["value_cmp"] == pytest.approx(
        (rows["USA"]["value_cmp"] + rows["KOR"]["value_cmp"]) / 2)


def test_figures_in_one_currency_compare_without_a_rate(store):
    df = compare_peers(store, "utokyo", ["kyoto-university"], ["university_licensing_income"], ["FY2021"])
    rows = {r["entity"]: r for r in df.to_dict("records")}
    assert rows["utokyo"]["cmp_unit"] == "million * JPY"
    assert rows["kyoto-university"]["value_cmp"] == pytest.approx(888.8)
    assert rows["kyoto-university"]["ratio"] == pytest.approx(557.7 / 888.8)  # UTokyo to Kyoto


def test_money_in_other_currencies_is_converted_at_its_own_rate(store):
    df = compare_peers(store, "utokyo", ["stanford"], ["university_licensing_income"], ["2022"])
    rows = {r["entity"]: r for r in df.to_dict("records")}
    jpy = store.observations(["JPN"], ["fx_lcu_per_usd"], ["2022"])
    jpy = jpy[jpy["preferred"] & (jpy["unit"] == "JPY / USD")]["value"].iloc[0]
    assert rows["utokyo"]["value_cmp"] == pytest.approx(800 / jpy)  # the seed's figure, in USD m
    assert "JPY per USD" in rows["utokyo"]["rate_used"]
    fiscal = compare_peers(store, "utokyo", ["stanford"], ["university_licensing_income"], ["FY2021", "2022"])
    assert any("FY2021 left out: no market rate JPY per USD for period FY2021" in n
               for n in fiscal.attrs["notes"])


def test_the_tenfold_scenario_with_the_data(store):
    s = match(store, "JPN", "USA", "vc_investment_pct_gdp", amount="vc_fund_investment")
    t = s.table.set_index("what")
    gdp = store.observations(["JPN"], ["gdp_current_lcu"], ["FY2023"])
    gdp = gdp[gdp["preferred"]]["value"].iloc[0]
    own = 100 * 266.9 / gdp
    assert t.loc["JPN ratio", "value"] == pytest.approx(own)
    assert t.loc["multiple", "value"] == pytest.approx(0.78 / own)
    assert "bn USD" in set(s.table["unit"])
    assert "0.78" in s.explain()


def test_the_seeds_own_numbers_imply_a_different_multiple(store):
    s = match(store, "JPN", "USA", "vc_investment_pct_gdp", peer_period="2025")
    assert s.table.set_index("what").loc["multiple", "value"] == pytest.approx(0.5 / 0.02)
    assert "unverified" in s.explain()


def test_target_growth(store):
    s = target(store, "JPN", "startup_investment_gov_estimate", 10_000, "billion * JPY", "FY2027")
    years = (pytest.importorskip("datetime").date(2028, 3, 31)
             - pytest.importorskip("datetime").date(2022, 12, 31)).days / 365.25
    assert s.table.set_index("what").loc["annual growth needed", "value"] == pytest.approx(
        100 * ((10_000 / 800) ** (1 / years) - 1))
    with pytest.raises(MetricError, match="not after"):
        target(store, "JPN", "startup_investment_gov_estimate", 10_000, "billion * JPY", "2020")


def test_projection_needs_three_points_and_is_labelled(store):
    with pytest.raises(MetricError, match="at least three past yearly figures"):
        project(store, "JPN", "startup_funding_total", 2026)
    before = [f.period.text for f in compare(["JPN"], ["gdp_current_usd"], store=store)]
    obs = project(store, "JPN", "gdp_current_usd", 2026, save=True)
    assert [o.period.text for o in obs] == ["2026"]  # WDI gives 2025: only 2026 is projected
    assert all(o.provenance.method == "projection" and o.lower < o.value < o.upper for o in obs)
    # stored, but never passed off as the latest data
    assert [f.period.text for f in compare(["JPN"], ["gdp_current_usd"], store=store)] == before
    saved = store.observations(["JPN"], ["gdp_current_usd"], ["2026"])
    assert saved["method"].tolist() == ["projection"]


def test_chart_renders_offline(store, tmp_path):
    df = compare_peers(store, "JPN", ["USA", "KOR"], ["gdp_per_capita_usd"])
    path = save_chart(comparison_chart(df, "gdp_per_capita_usd", "GDP per person", "JPN", "value_cmp"),
                      tmp_path / "c.svg")
    svg = path.read_text(encoding="utf-8")
    assert svg.startswith("<svg") and "JPN (2025)" in svg and "#c0392b" in svg
    assert "World Bank" in svg
