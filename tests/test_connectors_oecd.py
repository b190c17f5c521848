"""OECD connector: the real recorded SDMX answers served over loopback HTTP, read with sdmx1."""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

import pytest

from hubscope.connectors import write_snapshot
from hubscope.connectors.oecd import OECD
from hubscope.connectors.update import update
from hubscope.errors import ConnectorError
from hubscope.store import Store

FIX = Path(__file__).parent / "fixtures" / "oecd"
GDP_FLOW = "OECD.CTP.TPS,DSD_REF_GLOBAL@DF_REFSERIES_GLOBAL,1.1"
DEBT_FLOW = "OECD.GOV.GIP,DSD_GOV@DF_GOV_PF_YU,"
DEBT_KEY = (
    "A.AUS+AUT+BEL+CAN+CHL+COL+CZE+DNK+EST+FIN+FRA+DEU+GRC+HUN+ISL+IRL+ISR+ITA+JPN+KOR+LVA+LTU+LUX+MEX+NLD+NZL+NOR"
    "+POL+PRT+SVK+SVN+ESP+SWE+CHE+TUR+GBR+USA+BRA+BGR+HRV+ROU+ZAF.GGD.PT_B1GQ..."
)


def serve(httpserver, gdp_data: bytes | None = None, debt_structure: bytes | None = None) -> None:
    """Answer the two requests of mappings/oecd.yml exactly as recorded (download.jl)."""
    q = {"dimensionAtObservation": "AllDimensions", "format": "csv"}
    httpserver.expect_request(
        "/public/rest/dataflow/OECD.CTP.TPS/DSD_REF_GLOBAL@DF_REFSERIES_GLOBAL/1.1", query_string="references=all"
    ).respond_with_data((FIX / "gdp/structure.xml").read_bytes(), content_type="application/xml")
    httpserver.expect_request(f"/public/rest/data/{GDP_FLOW}/.B1GQ_V..A", query_string={"startPeriod": "2013", **q}
                              ).respond_with_data(gdp_data or (FIX / "gdp/data.csv").read_bytes())
    httpserver.expect_request(
        "/public/rest/dataflow/OECD.GOV.GIP/DSD_GOV@DF_GOV_PF_YU/", query_string="references=all"
    ).respond_with_data(debt_structure or (FIX / "debt/structure.xml").read_bytes())
    httpserver.expect_request(f"/public/rest/data/{DEBT_FLOW}/{DEBT_KEY}", query_string={"startPeriod": "2007", **q}
                              ).respond_with_data((FIX / "debt/data.csv").read_bytes())


def oecd(httpserver, tmp_path) -> OECD:
    return OECD(endpoint=httpserver.url_for("/public/rest"), snapshot_root=tmp_path, sleep=lambda s: None)


def raw_rows(name: str, **match) -> list[dict]:
    with (FIX / name / "data.csv").open(encoding="utf-8", newline="") as f:
        return [r for r in csv.DictReader(f) if all(r[k] == v for k, v in match.items())]


@pytest.fixture(scope="module")
def fetched(tmp_path_factory):
    from pytest_httpserver import HTTPServer

    server = HTTPServer()
    server.start()
    try:
        serve(server)
        root = tmp_path_factory.mktemp("snaps")
        c = oecd(server, root)
        snap = c.fetch()
        return c, snap, c.read(snap)
    finally:
        server.clear()
        server.stop()


def test_fetch_keeps_both_answers_byte_for_byte(fetched):
    _, snap, _ = fetched
    assert snap.source == "oecd"
    folder = "DSD_REF_GLOBAL@DF_REFSERIES_GLOBAL/.B1GQ_V..A"
    assert snap.read_bytes(f"{folder}/data.csv") == (FIX / "gdp/data.csv").read_bytes()
    assert {f.path.split("/")[0] for f in snap.files} == {"DSD_REF_GLOBAL@DF_REFSERIES_GLOBAL", "DSD_GOV@DF_GOV_PF_YU"}


def test_gdp_in_usd_matches_the_raw_file(fetched):
    _, _, recs = fetched
    got = {(r.observation.entity, r.observation.period.text): r for r in recs
           if r.observation.indicator == "gdp_current_usd"}
    for code in ("JPN", "USA", "DEU", "KOR"):
        for row in raw_rows("gdp", REF_AREA=code, UNIT_MEASURE="USD"):
            expected = Decimal(row["OBS_VALUE"]).scaleb(int(row["UNIT_MULT"]) - 9)  # billions of USD
            rec = got[(code, row["TIME_PERIOD"])]
            assert rec.observation.value == float(expected)
            assert rec.observation.unit == "billion * USD"
    jpn = got[("JPN", "2022")]
    assert jpn.observation.value == 4251.700121  # the raw row: JPN,B1GQ_V,USD,A,2022,4251700.121,A,6
    assert jpn.series == "REFSERIES.B1GQ_V.USD" and jpn.row.endswith("data.csv line 566")
    assert jpn.observation.provenance.source.licence == "CC-BY-4.0"
    assert jpn.request.endswith(f"/data/{GDP_FLOW}/.B1GQ_V..A?startPeriod=2013&dimensionAtObservation=AllDimensions"
                                "&format=csv")


def test_only_catalog_economies_and_no_national_currency_rows(fetched):
    c, _, recs = fetched
    gdp = [r for r in recs if r.observation.indicator == "gdp_current_usd"]
    raw = [r for r in raw_rows("gdp", UNIT_MEASURE="USD") if r["REF_AREA"] in c.catalog.entities and r["OBS_VALUE"]]
    assert len(gdp) == len(raw) > 300
    assert {r.observation.indicator for r in recs} == {"gdp_current_usd", "gov_debt_pct_gdp"}


def test_government_debt_matches_the_raw_file(fetched):
    c, _, recs = fetched
    got = {(r.observation.entity, r.observation.period.text): r.observation.value for r in recs
           if r.observation.indicator == "gov_debt_pct_gdp"}
    rows = raw_rows("debt", REF_AREA="JPN")
    assert rows and all(got[("JPN", r["TIME_PERIOD"])] == float(r["OBS_VALUE"]) for r in rows)
    in_catalog = [r for r in raw_rows("debt") if r["REF_AREA"] in c.catalog.entities]
    empty = [r for r in in_catalog if not r["OBS_VALUE"]]  # e.g. KOR 2023: no figure, so none stored
    assert ("KOR", "2023") not in got and len(empty) == 5
    assert len(got) == len(in_catalog) - len(empty) > 600


def test_update_dry_run_then_apply_then_replay_finds_nothing(fetched, tmp_path):
    c, snap, recs = fetched
    store = Store(f"sqlite:///{tmp_path / 'h.db'}")
    store.init()
    from hubscope.connectors.update import apply, plan

    first = plan(store, c, snap)
    assert (first.new, first.revised) == (len(recs), 0)
    apply(store, first, c)
    again = plan(store, c, snap)
    assert (again.new, again.revised, again.unchanged) == (0, 0, len(recs))
    hist = store.history("JPN", "gov_debt_pct_gdp", "2020")
    assert any(f.revision.reason == f"OECD update of {snap.retrieved[:10]}" for f in hist.figures)


# --- errors: each hand-written payload below is marked as such; nothing may be written -------------

def _bad_gdp(text: str) -> bytes:
    return text.encode()


@pytest.mark.parametrize(("gdp", "message"), [
    # hand-written error case: the CSV cut off inside its header
    (_bad_gdp("DATAFLOW,REF_AR"),
     r"oecd REFSERIES.B1GQ_V.USD DSD_REF_GLOBAL@DF_REFSERIES_GLOBAL/.B1GQ_V..A data.csv: changed schema, no column"),
    # hand-written error case: a row with an area code no one defines
    (_bad_gdp("DATAFLOW,REF_AREA,MEASURE,UNIT_MEASURE,FREQ,TIME_PERIOD,OBS_VALUE,OBS_STATUS,UNIT_MULT\r\n"
              "X,QQQ,B1GQ_V,USD,A,2020,1,A,6\r\n"),
     r"oecd REFSERIES.B1GQ_V.USD DSD_REF_GLOBAL@DF_REFSERIES_GLOBAL/.B1GQ_V..A/data.csv line 2: unknown country code "
     r"'QQQ'"),
    # hand-written error case: a value that is not a number
    (_bad_gdp("DATAFLOW,REF_AREA,MEASURE,UNIT_MEASURE,FREQ,TIME_PERIOD,OBS_VALUE,OBS_STATUS,UNIT_MULT\r\n"
              "X,JPN,B1GQ_V,USD,A,2020,n/a,A,6\r\n"), r"line 2: value 'n/a' or unit multiplier '6' is not a number"),
])
def test_bad_payloads_are_one_line_errors_and_write_nothing(httpserver, tmp_path, gdp, message):
    serve(httpserver, gdp_data=gdp)
    c = oecd(httpserver, tmp_path)
    with pytest.raises(ConnectorError, match=message) as e:
        c.fetch()
    assert "\n" not in str(e.value) and str(e.value).endswith("nothing written")
    assert list(tmp_path.iterdir()) == []  # the unreadable answer was not kept


def test_a_broken_structure_message_is_refused_before_anything_is_written(httpserver, tmp_path):
    serve(httpserver, debt_structure=b"<?xml version='1.0'?><mes:Structure")  # hand-written: truncated XML
    with pytest.raises(ConnectorError, match=r"oecd GOV.GGD.PT_B1GQ structure.xml: not a readable SDMX-ML structure"):
        oecd(httpserver, tmp_path).fetch()
    assert list(tmp_path.iterdir()) == []


def test_http_error_names_series_and_writes_nothing(httpserver, tmp_path):
    # nothing is served, so the loopback server answers 500 for the first request
    with pytest.raises(ConnectorError, match=r"oecd REFSERIES.B1GQ_V.USD structure: HTTP 500 for http://"):
        oecd(httpserver, tmp_path).fetch()
    assert list(tmp_path.iterdir()) == []


def test_snapshot_of_another_source_is_refused(tmp_path, monkeypatch):
    monkeypatch.setenv("HUBSCOPE_SNAPSHOTS", str(tmp_path))
    snap = write_snapshot("wdi", "t", "2026-12-03", None, {"x/page-1.json": b"[]"}, tmp_path)
    store = Store(f"sqlite:///{tmp_path / 'h.db'}")
    store.init()
    with pytest.raises(ConnectorError, match="holds 'wdi' files, not 'oecd'"):
        update(store, "oecd", snap.id, dry_run=True)
