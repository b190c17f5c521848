"""The store on real SQLite files: provenance, revisions, conflicts, comparisons."""

from dataclasses import replace

import pandas as pd
import pytest
from sqlalchemy import func, select

import hubscope
from hubscope import Observation, Period, Provenance, Source
from hubscope.errors import StoreNotInitialised, UnitError, UnknownIndicator
from hubscope.figures import Figure, FigureSet
from hubscope.metrics import compare
from hubscope.metrics.profile import profile
from hubscope.store import schema as t

SRC = Source(id="test-source", publisher="Test Publisher", title="A test table",
             url="https://example.org/table")


def fig(value=1.0, **kw) -> Observation:
    base = dict(entity="JPN", indicator="unicorn_count", period=Period.parse("2026"),
                unit="companies", value=value, provenance=Provenance(source=SRC))
    return Observation(**{**base, **kw})


def test_open_uses_hubscope_db(monkeypatch, db_path):
    monkeypatch.setenv("HUBSCOPE_DB", str(db_path))
    store = hubscope.open()
    assert store.url == f"sqlite:///{db_path}"
    assert store.counts()["observations"] > 800


def test_init_is_idempotent(store):
    before = store.counts()
    summary = store.init()
    assert summary["observations"] == 0 and summary["revisions"] == 0
    assert summary["unchanged"] == before["observations"]
    assert store.counts() == before


def test_a_change_is_a_new_revision_and_nothing_is_overwritten(store):
    assert store.record(fig(7), "alice", "first count") == 1
    assert store.record(fig(7), "bob", "same again") is None  # unchanged: no revision
    assert store.record(fig(9), "bob", "corrected after CB Insights update") == 2
    hist = store.history("JPN", "unicorn_count", period="2026")
    assert [f.value for f in hist] == [7, 9]
    assert [f.revision.author for f in hist] == ["alice", "bob"]
    assert [f.revision.reason for f in hist] == ["first count", "corrected after CB Insights update"]
    current = store.observations(["JPN"], ["unicorn_count"], ["2026"])
    assert list(current["value"]) == [9]


def test_two_sources_that_disagree_are_two_observations(store):
    other = Source(id="other", publisher="Other", title="Another count", url="https://example.org/b")
    store.record(fig(7), "a", "r")
    store.record(fig(8, provenance=Provenance(source=other)), "a", "r")
    df = store.observations(["JPN"], ["unicorn_count"], ["2026"])
    assert sorted(df["value"]) == [7, 8]
    assert df["conflict"].all()
    assert df["preferred"].sum() == 1


def test_verified_figures_are_preferred_over_unverified(store):
    unverified = Source(id="blog", publisher="A blog", title="A post", url="https://example.org/c")
    store.record(fig(50, provenance=Provenance(source=unverified, status="unverified")), "a", "r")
    store.record(fig(6), "a", "r")
    figs = compare(["JPN"], ["unicorn_count"], ["2026"], store=store)
    assert [f.value for f in figs] == [6]
    assert [f.flags.alternatives for f in figs] == [1]


def test_compare_returns_values_with_provenance(store):
    figs = compare(["JPN", "USA", "Germany"], ["genai_individual_use_pct"], ["FY2023"], store=store)
    assert isinstance(figs, FigureSet) and all(isinstance(f, Figure) for f in figs)
    assert {f.entity: f.value for f in figs} == {"JPN": 9.1, "USA": 46.3, "DEU": 34.6}
    assert {f.provenance.status for f in figs} == {"verified"}
    assert all(f.source.url and f.source.publisher for f in figs)
    assert isinstance(figs.frame(), pd.DataFrame) and len(figs.frame()) == 3


def test_compare_latest_picks_each_entitys_newest_period(store):
    figs = compare(["JPN", "USA"], ["genai_individual_use_pct"], store=store)
    assert {f.entity: f.period.text for f in figs} == {"JPN": "FY2024", "USA": "FY2024"}
    assert {f.entity: f.value for f in figs} == {"JPN": 26.7, "USA": 68.8}


def test_values_are_converted_to_the_indicator_unit(store):
    df = store.observations(["JPN"], ["gdp_current_usd"], ["2024"])
    wb = df[df["unit"] == "USD"]
    assert wb["value_std"].iloc[0] == pytest.approx(4190.008188, rel=1e-9)  # billions


def test_profile_groups_by_pillar_with_peers(store):
    prof = profile("日本", store=store)
    assert prof.entity == "JPN" and {f.entity for f in prof.figures} == {"JPN"}
    row = prof.figures.get("JPN", "ef_epi_rank")
    assert row.display() == "96 of 123" and row.period.text == "2025"
    kor = prof.peer("KOR", "ef_epi_rank")
    assert kor.display() == "48 of 123" and kor.period.text == "2025"
    assert prof.peers == ("USA", "CHN", "GBR", "DEU", "KOR")
    pillars = list(dict.fromkeys(store.catalog.indicators[f.indicator].pillar for f in prof.figures))
    assert pillars.index("talent_skills") < pillars.index("governance")


def test_latest_prefers_verified_over_a_report_with_no_period(store):
    # the seed report's US figure (0.5%, no period, stored under 2025) is newer but unverified
    figs = compare(["USA"], ["vc_investment_pct_gdp"], store=store)
    assert [(f.period.text, f.value, f.provenance.status) for f in figs] == [("2022", 0.78, "verified")]


def test_sources_count_the_figures_citing_them(store):
    src = store.sources()
    with store.read() as conn:
        n = conn.scalar(select(func.count()).select_from(t.observations))
    counts = [c.figures for c in src]
    assert sum(counts) == n and counts == sorted(counts, reverse=True)
    assert all(isinstance(c.source, Source) for c in src)


def test_unknown_indicator_suggests(store):
    with pytest.raises(UnknownIndicator, match="did you mean 'vc_investment_pct_gdp'"):
        compare(["JPN"], ["vc_investment_pct_gpd"], store=store)


def test_a_unit_that_does_not_fit_is_refused(store):
    before = store.counts()
    with pytest.raises(UnitError, match="does not fit"):
        store.record(fig(3, unit="percent"), "a", "r")
    assert store.counts() == before


def test_an_empty_store_says_to_run_init(empty_store):
    with pytest.raises(StoreNotInitialised, match="hubscope init"):
        empty_store.counts()


def test_provenance_travels_with_every_value(store):
    from hubscope.store.queries import to_observation
    row = store.observations(["JPN"], ["ef_epi_rank"], ["2024"]).iloc[0].to_dict()
    obs = to_observation(row)
    assert obs.provenance.source.url.startswith("https://www.nippon.com")
    assert obs.provenance.status == "verified"
    assert obs.rank_of == 116 and obs.display_value() == "92 of 116"
    assert replace(obs, value=93).provenance == obs.provenance


def test_comparability_notes(store):
    figs = compare(["JPN", "USA"], ["genai_individual_use_pct", "ef_epi_rank", "rd_expenditure_pct_gdp"],
                   ["FY2023", "2023", "2024", "2025"], store=store)
    notes = " | ".join(figs.notes)
    assert "ef_epi_rank: ranks out of different numbers of entries" in notes
    assert "genai_individual_use_pct" not in notes  # all FY2023, all verified
    mixed = compare(["JPN"], ["gdp_current_lcu"], ["2023", "FY2023"], store=store)
    assert {f.period.text for f in mixed} == {"2023", "FY2023"}
    assert mixed.notes == ("gdp_current_lcu: mixes Japanese fiscal years (April-March) with calendar years",)


def test_a_city_is_profiled_against_cities(store):
    prof = profile("Tokyo", store=store)
    row = prof.figures.get("JPN-Tokyo", "gpci_rank")
    assert row.display() == "2 of 48" and row.period.text == "2025"
    assert prof.peer("GBR-London", "gpci_rank").display() == "1 of 48"


def test_imported_entities_resolve_by_their_aliases(store, tmp_path):
    from hubscope.datapackage import import_package

    from .test_import_export import SOURCES, small_package
    row = "JPN-Fukuoka,unicorn_count,2026,s1,1,,,,exact,companies,,,,reported,verified,,"
    pkg = small_package(tmp_path / "p", [row], sources=SOURCES)
    (pkg / "entities.csv").write_text("id,type,name_en,name_ja,iso2,parent,aliases\n"
                                      "JPN-Fukuoka,city,Fukuoka,福岡,,JPN,Fukuoka City|福岡市\n",
                                      encoding="utf-8")
    desc = (pkg / "datapackage.json").read_text(encoding="utf-8").replace(
        '"resources": [', '"resources": [{"name": "entities", "path": "entities.csv"}, ')
    (pkg / "datapackage.json").write_text(desc, encoding="utf-8")
    import_package(store, pkg)
    assert [f.entity for f in compare(["福岡市"], ["unicorn_count"], store=store)] == ["JPN-Fukuoka"]


def test_the_same_figure_in_other_units_is_not_a_conflict(store):
    a = Source(id="a", publisher="A", title="A", url="https://example.org/a")
    b = Source(id="b", publisher="B", title="B", url="https://example.org/b")
    base = dict(entity="SGP", indicator="gdp_current_usd", period=Period.parse("2030"))
    store.record(Observation(**base, unit="USD", value=5e11, provenance=Provenance(source=a)), "t", "r")
    in_bn = Observation(**base, unit="billion * USD", value=500, provenance=Provenance(source=b))
    store.record(in_bn, "t", "r")
    df = store.observations(["SGP"], ["gdp_current_usd"], ["2030"])
    assert len(df) == 2 and not df["conflict"].any()
    store.record(replace(in_bn, value=501), "t", "r")
    assert store.observations(["SGP"], ["gdp_current_usd"], ["2030"])["conflict"].all()


def test_peers_that_are_not_verified_say_so(store):
    usa = profile("JPN", store=store).peer("USA", "stem_graduates_pct_population")
    assert usa.display() == "0.3 %" and usa.period.text == "2025" and usa.provenance.status == "unverified"
