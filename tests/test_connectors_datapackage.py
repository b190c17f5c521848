"""Frictionless data-package connector: the real datahub.io exchange-rates package, by path and over loopback HTTP."""

from __future__ import annotations

import csv
import json
import re
import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from hubscope.connectors.datapackage import DataPackage
from hubscope.connectors.update import update
from hubscope.errors import ConnectorError

PKG = Path(__file__).parent / "fixtures" / "datapackage-fred-fx"
DESCRIPTOR = (PKG / "datapackage.json").read_bytes()
ANNUAL = (PKG / "data" / "annual.csv").read_bytes()


def raw_rows() -> list[dict]:
    with (PKG / "data" / "annual.csv").open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


def serve(httpserver, descriptor: bytes = DESCRIPTOR, annual: bytes | None = ANNUAL) -> str:
    httpserver.expect_request("/pkg/datapackage.json").respond_with_data(descriptor, content_type="application/json")
    if annual is not None:
        httpserver.expect_request("/pkg/data/annual.csv").respond_with_data(annual, content_type="text/csv")
    return httpserver.url_for("/pkg/datapackage.json")


def by_key(records) -> dict:
    return {(r.observation.entity, r.observation.period.text): r for r in records}


def test_by_path_reads_every_catalog_row_as_published(tmp_path):
    c = DataPackage(package=str(PKG), snapshot_root=tmp_path)  # a folder: its datapackage.json
    snap = c.fetch()
    got = by_key(c.read(snap))
    assert snap.meta["package"] == str((PKG / "datapackage.json").resolve())
    # checked against the CSV read here with the csv module, not by the code under test
    rows = {(r["Country"], r["Date"][:4]): r["Exchange rate"] for r in raw_rows()}
    assert got[("JPN", "2020")].observation.value == float(rows[("Japan", "2020")]) == 106.7754
    jp = got[("JPN", "2020")].observation
    assert (jp.indicator, jp.unit, jp.provenance.method) == ("fx_lcu_per_usd", "JPY / USD", "reported")
    assert jp.provenance.source.licence == "ODC-PDDL-1.0"
    assert got[("JPN", "2020")].row.startswith("data/annual.csv line ")
    # the euro is quoted per US dollar like the rest (the readme says otherwise): 1 / the mean of the
    # ECB's twelve monthly USD-per-EUR rates of 2019, read from the ECB fixture, agrees to 0.02 %
    eu = got[("EMU", "2019")].observation
    ecb = (PKG.parent / "ecb" / "M.USD.EUR.SP00.A.xml").read_text(encoding="utf-8")
    months = [Decimal(v) for v in re.findall(r'"2019-\d\d"/>\s*<generic:ObsValue value="([0-9.]+)"', ecb)]
    assert len(months) == 12 and eu.value == 0.8933 and eu.unit == "EUR / USD"
    assert float(1 / (sum(months) / 12)) == pytest.approx(eu.value, rel=2e-4)
    assert not any(e == "IRL" for e, _ in got)  # Ireland's pre-euro pound is not the catalog's EUR: left out
    # currencies hubscope's unit registry does not know (AUD, ...) are counted, never guessed
    assert c.skipped["AUS: its currency (unknown) is not one hubscope's unit registry knows"] == 55
    kept = {"Canada", "China", "Euro", "India", "Japan", "Singapore", "South Korea", "Switzerland"}
    assert len(got) == sum(r["Country"] in kept and r["Exchange rate"] != "" for r in raw_rows()) == 380
    assert {r.observation.provenance.vintage for r in got.values()} == {snap.retrieved[:10]}  # no "created" date


def test_by_url_over_loopback_gives_the_same_figures(httpserver, tmp_path):
    url = serve(httpserver)
    c = DataPackage(package=url, snapshot_root=tmp_path / "http")
    snap = c.fetch()
    assert snap.request == url and {f.path for f in snap.files} == {"datapackage.json", "data/annual.csv"}
    assert snap.read_bytes("data/annual.csv") == ANNUAL  # kept byte for byte
    over_http = by_key(c.read(snap))
    local = DataPackage(package=str(PKG), snapshot_root=tmp_path / "path")
    from_path = by_key(local.read(local.fetch()))
    assert {k: r.observation.value for k, r in over_http.items()} == {
        k: r.observation.value for k, r in from_path.items()}
    jp = over_http[("JPN", "2020")]
    assert jp.request == httpserver.url_for("/pkg/data/annual.csv") == jp.observation.provenance.source.url


def test_update_dry_run_then_apply_then_nothing_to_change(store, tmp_path, monkeypatch):
    monkeypatch.setenv("HUBSCOPE_SNAPSHOTS", str(tmp_path))
    first = update(store, "datapackage", dry_run=True, package=str(PKG))
    assert first.new == 380 and first.revised == 0 and not first.applied
    update(store, "datapackage", first.snapshot)
    again = update(store, "datapackage", first.snapshot, dry_run=True)
    assert (again.new, again.revised, again.unchanged) == (0, 0, first.new)
    hist = store.history("JPN", "fx_lcu_per_usd", "2020")
    assert any(f.revision.reason.startswith("Data package update of ") for f in hist.figures)


def _broken(tmp_path: Path, descriptor: dict | None = None, annual: bytes | None = None) -> Path:
    """A copy of the real package with one thing broken (hand-written error cases, marked by the callers)."""
    d = tmp_path / "pkg"
    shutil.copytree(PKG, d)
    (d / "datapackage.json").chmod(0o644)
    (d / "data" / "annual.csv").chmod(0o644)
    if descriptor is not None:
        (d / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    if annual is not None:
        (d / "data" / "annual.csv").write_bytes(annual)
    return d


def _descriptor(**changes) -> dict:
    d = json.loads(DESCRIPTOR)
    annual = next(r for r in d["resources"] if r["name"] == "annual")
    for k, v in changes.items():
        annual[k] = v
    return d


@pytest.mark.parametrize(("descriptor", "annual", "message"), [
    # hand-written error case: the mapped resource is not in the package
    (_descriptor(name="yearly"), None, r"datapackage-fred-fx datapackage.json: no resource 'annual' with a path"),
    # hand-written error case: the published schema no longer has the value field
    (_descriptor(schema={"fields": [{"name": "Date"}, {"name": "Country"}, {"name": "Rate"}]}), None,
     r"datapackage-fred-fx annual data/annual.csv: changed schema, no value field 'Exchange rate'"),
    # hand-written error case: the CSV's header changed under the same descriptor
    (None, ANNUAL.replace(b"Date,Country,Exchange rate", b"Date,Country,Rate", 1),
     r"datapackage-fred-fx annual data/annual.csv: changed schema, no value field 'Exchange rate'"),
    # hand-written error case: one bad row, named by file, line and field
    (None, ANNUAL.replace(b"2020-01-01,Japan,106.7754", b"2020-01-01,Japan,n/a"),
     r"datapackage annual data/annual.csv line \d+ field 'Exchange rate': value 'n/a' is not a number"),
    # hand-written error case: a country the catalog does not know and the mapping does not list
    (None, ANNUAL.replace(b"2020-01-01,Japan,", b"2020-01-01,Atlantis,"),
     r"datapackage-fred-fx annual data/annual.csv line \d+ field 'Country': unknown country name 'Atlantis'"),
    # hand-written error case: a row cut short
    (None, ANNUAL.replace(b"2020-01-01,Japan,106.7754", b"2020-01-01,Japan"),
     r"datapackage-fred-fx annual data/annual.csv line \d+: 2 fields where the header has 3"),
    # hand-written error case: a resource path that leaves the package
    (_descriptor(path="../../etc/passwd"), None, r"resource 'annual' path '../../etc/passwd' is not relative"),
])
def test_bad_input_is_one_line_and_writes_nothing(tmp_path, descriptor, annual, message):
    d = _broken(tmp_path, descriptor, annual)
    kept = tmp_path / "snapshots"
    with pytest.raises(ConnectorError, match=message) as e:
        DataPackage(package=str(d), snapshot_root=kept).fetch()
    assert "\n" not in str(e.value) and str(e.value).endswith("nothing written")
    assert not kept.exists() or list(kept.iterdir()) == []


def test_missing_file_and_http_errors_write_nothing(httpserver, tmp_path):
    with pytest.raises(ConnectorError, match=r"datapackage-fred-fx datapackage.json: cannot read .*nowhere"):
        DataPackage(package=str(tmp_path / "nowhere" / "datapackage.json"), snapshot_root=tmp_path / "s").fetch()
    url = serve(httpserver, annual=None)  # the resource answers 500 (pytest-httpserver's "no handler")
    with pytest.raises(ConnectorError, match=r"datapackage-fred-fx annual: HTTP 500 for http://.*annual.csv"):
        DataPackage(package=url, snapshot_root=tmp_path / "s", sleep=lambda s: None).fetch()
    assert not (tmp_path / "s").exists()
