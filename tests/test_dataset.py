"""The bundled dataset: valid, sourced, in step with the catalog and the reference figures."""

import csv
import importlib.util
import json
from pathlib import Path

import pytest

from hubscope.catalog import load_catalog
from hubscope.datapackage import BUNDLED
from hubscope.periods import Period
from hubscope.units import check_unit, fits

from .conftest import REFERENCE


def rows(name):
    with (BUNDLED / f"{name}.csv").open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


def test_the_package_is_valid_frictionless():
    frictionless = pytest.importorskip("frictionless")
    report = frictionless.validate(str(BUNDLED / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:10]


def test_every_observation_is_sourced_catalogued_and_parses():
    cat = load_catalog()
    sources = {s["id"]: s for s in rows("sources")}
    obs = rows("observations")
    assert len(obs) > 800
    for o in obs:
        assert o["source"] in sources, o
        assert o["entity"] in cat.entities, o
        ind = cat.indicators[o["indicator"]]
        Period.parse(o["period"])
        if o["unit"] not in ("date", "text"):
            check_unit(o["unit"])
        assert fits(o["unit"], ind.unit), o
    for s in sources.values():
        assert s["publisher"] and s["title"]
        # a reader can follow every source but the seed article whose address was lost
        assert s["url"] or s["id"].startswith("seed-"), s


def test_coverage_of_entities_and_indicators():
    obs = rows("observations")
    entities = {o["entity"] for o in obs}
    assert {"JPN", "USA", "CHN", "GBR", "DEU", "FRA", "KOR", "SGP", "ISR", "IND", "CAN", "EU27"} <= entities
    assert len({o["indicator"] for o in obs}) >= 30


@pytest.mark.parametrize("indicator", ["gdp_current_usd", "population", "fx_lcu_per_usd"])
def test_denominators_cover_2019_to_2024(indicator):
    obs = rows("observations")
    have = {(o["entity"], o["period"]) for o in obs if o["indicator"] == indicator}
    countries = ["JPN", "CHN", "GBR", "KOR", "SGP", "IND", "CAN", "ISR", "DEU", "FRA"]
    if indicator != "fx_lcu_per_usd":
        countries.append("USA")
    for e in countries:
        for y in range(2019, 2025):
            assert (e, str(y)) in have, (e, y)


def test_seed_only_figures_are_never_verified():
    for o in rows("observations"):
        if o["source"].startswith("seed-"):
            assert o["status"] in ("unverified", "disputed"), o


def test_seed_figures_contradicted_by_public_record_are_disputed():
    obs = {(o["entity"], o["indicator"], o["period"], o["source"][:5]): o for o in rows("observations")}
    assert obs[("JPN", "unicorn_count", "2023", "seed-")]["status"] == "disputed"
    assert obs[("JPN", "startup_investment_gov_estimate", "2022", "seed-")]["status"] == "disputed"


def test_the_bundle_is_in_step_with_the_catalog():
    cat = load_catalog()
    assert {r["id"] for r in rows("entities")} == set(cat.entities)
    assert {r["id"]: r["unit"] for r in rows("indicators")} == {i.id: i.unit for i in cat.indicators.values()}


def test_the_bundle_records_a_real_revision():
    revs = [r for r in rows("revisions") if (r["entity"], r["indicator"], r["period"]) ==
            ("JPN", "gdp_current_usd", "2024") and r["source"].startswith("world-bank")]
    assert [r["revision"] for r in revs] == ["1", "2"]
    assert float(revs[0]["value"]) == pytest.approx(4027597523550.58)
    assert float(revs[1]["value"]) == pytest.approx(4190008188358.57)


@pytest.mark.skipif(not REFERENCE.exists(), reason="shared/reference is not beside the checkout")
@pytest.mark.parametrize("name", ["macro-figures.csv", "peer-figures.csv"])
def test_every_reference_figure_is_bundled_or_skipped_with_a_reason(name):
    spec = importlib.util.spec_from_file_location(
        "build_dataset", Path(__file__).resolve().parents[1] / "tools" / "build_dataset.py")
    build = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(build)
    with (REFERENCE / name).open(encoding="utf-8") as f:
        ref = list(csv.DictReader(f))
    skipped = [r for r in ref if (r["entity"], r["indicator"], r["period"]) in build.SKIPPED]
    mapped = build.reference_observations(REFERENCE / name)
    assert len(mapped) + len(skipped) == len(ref)
    bundled = {(o["entity"], o["indicator"], o["period"], o["source"]): o for o in rows("observations")}
    for m in mapped:
        got = bundled[m.key]
        assert (float(got["value"]) if got["value"] else None) == m.value, m.key
        assert got["status"] == "verified"


def test_descriptor_has_integrity_and_licence():
    desc = json.loads((BUNDLED / "datapackage.json").read_text(encoding="utf-8"))
    assert desc["licenses"][0]["name"] == "CC-BY-4.0"
    assert {r["name"] for r in desc["resources"]} == {"entities", "indicators", "sources",
                                                      "observations", "revisions"}
    assert all(r["hash"].startswith("sha256:") and r["bytes"] > 0 for r in desc["resources"])


def test_the_bundled_snapshots_figures_are_bundled_with_their_provenance():
    # read by the connectors themselves: every figure from 2000 on, same source id and vintage
    from hubscope.connectors import BY_SNAPSHOT_SOURCE, connector, snapshots
    from hubscope.connectors.snapshot import BUNDLED as SNAPSHOTS

    bundled = {(o["entity"], o["indicator"], o["period"], o["source"]): o for o in rows("observations")}
    sources = {s["id"]: s for s in rows("sources")}
    n = 0
    for snap in snapshots((SNAPSHOTS,)):
        for rec in connector(BY_SNAPSHOT_SOURCE[snap.source]).read(snap):
            o = rec.observation
            if o.period.end.year < 2000:
                assert o.key not in bundled
                continue
            got = bundled[o.key]
            assert float(got["value"]) == pytest.approx(o.value) and got["vintage"] == o.provenance.vintage
            assert got["status"] == "verified" and got["unit"] == o.unit
            src = sources[got["source"]]
            assert src["url"] and src["licence"] in ("CC-BY-4.0", "CC0-1.0") and int(src["priority"]) == 70
            n += 1
    assert n == 9663
    economies = {o["entity"] for o in rows("observations") if o["source"].startswith("github-innovation-graph-")}
    assert len(economies) == 56


def test_a_reference_figure_wins_and_the_connector_figure_stands_beside_it(store):
    df = store.observations(["JPN"], ["gdp_current_usd"], ["2024"])
    preferred = df[df["preferred"]].iloc[0]
    assert preferred["source"].startswith("world-bank") and preferred["value"] == pytest.approx(4190008188358.57)
    alt = df[df["source"] == "wdi-pkg-ny-gdp-mktp-cd"]
    assert len(alt) == 1 and not alt["preferred"].iloc[0]


def test_replaying_each_bundled_snapshot_finds_the_bundle_unchanged(store):
    """The bundle is reproducible: on a fresh store, each snapshot it was built from changes nothing."""
    from hubscope.connectors import BY_SNAPSHOT_SOURCE, connector, snapshots
    from hubscope.connectors.snapshot import BUNDLED as SNAPSHOTS
    from hubscope.connectors.update import plan

    kept = snapshots((SNAPSHOTS,))
    assert {s.source for s in kept} >= {"wdi-package", "github-innovation-graph"}
    for snap in kept:
        p = plan(store, connector(BY_SNAPSHOT_SOURCE[snap.source]), snap)
        assert (p.new, p.revised) == (0, 0), snap.id
        assert p.unchanged > 1000, snap.id


def test_a_mapping_first_year_skips_and_counts_earlier_periods():
    from hubscope.connectors.mapping import load_mapping

    assert load_mapping("wdi").since == 2000
    assert load_mapping("github-innovation-graph").since is None
