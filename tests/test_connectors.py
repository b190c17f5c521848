"""Connectors against real recorded responses served over loopback HTTP, and the bundled snapshots."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from hubscope.catalog import load_catalog
from hubscope.cli import app
from hubscope.connectors import connector, find_snapshot, snapshots, write_snapshot
from hubscope.connectors.mapping import HERE, load_mapping
from hubscope.connectors.update import update
from hubscope.connectors.wdi import WDI
from hubscope.errors import ConnectorError, SnapshotError
from hubscope.store import Store

FIX = Path(__file__).parent / "fixtures" / "worldbank"
GDP = "NY.GDP.MKTP.CD"


def body(name: str) -> str:
    return (FIX / name).read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    s = Store(f"sqlite:///{tmp_path_factory.mktemp('db') / 'h.db'}")
    s.init()
    return s


def wdi(server, tmp_path, **kw) -> WDI:
    return WDI(endpoint=server.url_for("/v2"), countries=("JPN", "USA"), series=(GDP,), snapshot_root=tmp_path,
               sleep=lambda s: None, **kw)


@pytest.mark.parametrize("name", [p.stem for p in HERE.glob("*.yml")])
def test_every_mapping_is_valid_and_names_catalog_indicators(name):
    m = load_mapping(name)
    cat = load_catalog()
    assert m.series
    for rule in m.series.values():
        cat.indicator(rule.indicator)  # raises for an unknown indicator


def test_wdi_reads_the_real_page_and_a_missing_page_writes_nothing(httpserver, tmp_path):
    path = f"/v2/country/JPN;USA/indicator/{GDP}"
    httpserver.expect_request(path, query_string={"format": "json", "per_page": "1000", "page": "1"}).respond_with_data(
        body("jpn-usa-gdp-page1.json"), content_type="application/json")
    # the recorded page says "page 1 of 3"; page 2 was never recorded, so the server has no answer (500)
    with pytest.raises(ConnectorError, match=r"wdi NY.GDP.MKTP.CD page 2: HTTP 500"):
        wdi(httpserver, tmp_path).fetch()
    assert list(tmp_path.iterdir()) == []


def test_wdi_read_of_a_snapshot_of_the_real_page(tmp_path):
    snap = write_snapshot("wdi", "test", "2026-12-03T00:00:00+00:00", "CC-BY-4.0",
                          {f"{GDP}/page-1.json": (FIX / "jpn-usa-gdp-page1.json").read_bytes()}, tmp_path)
    recs = WDI().read(snap)
    by_year = {r.observation.period.text: r.observation for r in recs}
    assert by_year["2019"].value == pytest.approx(5081769.54237977 / 1000)  # USD -> billion USD
    assert by_year["2019"].unit == "billion * USD"
    assert by_year["2019"].provenance.vintage == "2021-05-25"
    assert "2020" not in by_year  # the source gives null for 2020: it stays missing
    assert recs[0].series == GDP and "NY.GDP.MKTP.CD" in recs[0].observation.provenance.source.url


@pytest.mark.parametrize(("payload", "message"), [
    (body("invalid-country.json"), "the API answered with an error: The provided parameter value is not valid"),
    ('[{"page":1,"pages":1', "truncated or malformed JSON"),  # hand-written error case
    ('{"rows": []}', "changed schema"),  # hand-written error case
])
def test_wdi_bad_payloads_are_one_line_errors_and_write_nothing(httpserver, tmp_path, payload, message):
    httpserver.expect_request(f"/v2/country/JPN;USA/indicator/{GDP}").respond_with_data(payload)
    with pytest.raises(ConnectorError, match=message) as e:
        wdi(httpserver, tmp_path).fetch()
    assert "\n" not in str(e.value) and str(e.value).startswith("wdi NY.GDP.MKTP.CD page 1")
    assert list(tmp_path.iterdir()) == []


def test_wdi_retries_honour_retry_after_then_fail(httpserver, tmp_path):
    waits: list[float] = []
    httpserver.expect_request(f"/v2/country/JPN;USA/indicator/{GDP}").respond_with_data(
        "busy", status=503, headers={"Retry-After": "7"})
    c = WDI(endpoint=httpserver.url_for("/v2"), countries=("JPN", "USA"), series=(GDP,), snapshot_root=tmp_path,
            sleep=waits.append)
    with pytest.raises(ConnectorError, match="HTTP 503"):
        c.fetch()
    assert waits == [7.0, 7.0, 7.0]


def test_unknown_country_code_names_series_and_row(tmp_path):
    page = json.loads(body("jpn-usa-gdp-2018-2019-page1.json"))
    page[1][0]["countryiso3code"] = "XXX"  # hand-written error case: a code the catalog does not know
    snap = write_snapshot("wdi", "test", "2026-12-03", None, {f"{GDP}/page-1.json": json.dumps(page).encode()},
                          tmp_path)
    with pytest.raises(ConnectorError, match=r"wdi NY.GDP.MKTP.CD page-1.json row 1: unknown country code 'XXX'"):
        WDI().read(snap)


def test_an_altered_snapshot_is_refused(tmp_path):
    snap = write_snapshot("wdi", "t", "2026-12-03", None, {f"{GDP}/page-1.json": b"[]"}, tmp_path)
    (snap.root / f"{GDP}/page-1.json").write_bytes(b"[1]")
    with pytest.raises(SnapshotError, match="does not match its sha256"):
        snap.read_bytes(f"{GDP}/page-1.json")


def test_github_annual_rules(store):
    recs = connector("github").read(find_snapshot("github-innovation-graph-8faec9d72c7e"))
    got = {(r.observation.entity, r.observation.indicator, r.observation.period.text): r.observation.value
           for r in recs}
    # values read from the bundled data/developers.csv and data/git_pushes.csv (JP rows, 2023)
    import csv

    snap = find_snapshot("github-innovation-graph-8faec9d72c7e")
    def rows(name):
        with (snap.root / f"data/{name}.csv").open(encoding="utf-8") as f:
            return [r for r in csv.DictReader(f) if r["iso2_code"] == "JP" and r["year"] == "2023"]

    dev, push = rows("developers"), rows("git_pushes")
    assert got[("JPN", "github_developers", "2023")] == float(next(r["developers"] for r in dev if r["quarter"] == "4"))
    assert got[("JPN", "github_git_pushes", "2023")] == float(sum(int(r["git_pushes"]) for r in push))


def test_bundled_snapshots_are_listed_and_replay_after_apply_finds_nothing(store):
    ids = {s.id: s for s in snapshots()}
    assert {"github-innovation-graph-8faec9d72c7e", "wdi-datapackage-4ebec5a2273f"} <= set(ids)
    first = update(store, "github", "github-innovation-graph-8faec9d72c7e", dry_run=True)
    assert first.new > 1000 and first.revised == 0
    update(store, "github", "github-innovation-graph-8faec9d72c7e")
    again = update(store, "github", "github-innovation-graph-8faec9d72c7e", dry_run=True)
    assert (again.new, again.revised, again.unchanged) == (0, 0, first.new)
    hist = store.history("JPN", "github_developers", "2023")
    assert hist.figures[0].revision.reason == "GitHub Innovation Graph update of 8faec9d72c7e"


def test_cli_update_dry_run_json_and_wrong_source(store):
    runner = CliRunner()
    db = store.url
    r = runner.invoke(app, ["update", "github", "--snapshot", "github-innovation-graph", "--dry-run", "--json",
                            "--db", db])
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)[0]["applied"] is False
    r = runner.invoke(app, ["update", "wdi", "--snapshot", "github-innovation-graph", "--db", db])
    assert r.exit_code == 1 and "holds 'github-innovation-graph' files, not 'wdi'; nothing written" in r.output
