"""Data packages: lossless round trips, and bad input that fails whole, naming where."""

import csv
import io
import json
import re
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hubscope.datapackage import BUNDLED, export_package, import_package
from hubscope.errors import PackageError
from hubscope.store import Store

from .conftest import dump

OBS_HEADER = ("entity,indicator,period,source,value,lower,upper,value_text,qualifier,unit,"
              "price_basis,rank_of,vintage,method,status,note,revision")
SOURCES = "id,publisher,title,url,published,accessed,licence,note\ns1,Pub,Title,https://example.org,,,,\n"


def small_package(root: Path, obs_lines: list[str], sources: str = SOURCES) -> Path:
    """A minimal package: sources and observations, no integrity hashes."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "sources.csv").write_text(sources, encoding="utf-8")
    (root / "observations.csv").write_text("\n".join([OBS_HEADER, *obs_lines]) + "\n", encoding="utf-8")
    (root / "datapackage.json").write_text(json.dumps({"name": "small", "resources": [
        {"name": "sources", "path": "sources.csv"},
        {"name": "observations", "path": "observations.csv"}]}), encoding="utf-8")
    return root


GOOD = "JPN,unicorn_count,2026,s1,7,,,,exact,companies,,,,reported,verified,,"


def test_export_then_import_into_an_empty_store_is_lossless(store, tmp_path):
    from hubscope import Observation, Period, Provenance, Source
    src = Source(id="s-extra", publisher="P", title="T", url="https://example.org/x")
    for value, reason in ((7, "first"), (9, "revised")):
        store.record(Observation(entity="JPN", indicator="unicorn_count", period=Period.parse("2026"),
                                 unit="companies", value=value, provenance=Provenance(source=src)),
                     "tester", reason)
    a = export_package(store, tmp_path / "a")
    fresh = Store(f"sqlite:///{tmp_path / 'fresh.db'}")
    summary = import_package(fresh, a)
    assert summary["observations"] == store.counts()["observations"]
    assert fresh.counts() == store.counts()
    b = export_package(fresh, tmp_path / "b")
    for name in ("datapackage.json", "entities.csv", "indicators.csv", "sources.csv",
                 "observations.csv", "revisions.csv"):
        assert (a / name).read_bytes() == (b / name).read_bytes(), name
    hist = fresh.history("JPN", "unicorn_count", "2026")
    assert [(f.value, f.revision.author, f.revision.reason) for f in hist] == [(7, "tester", "first"),
                                                                               (9, "tester", "revised")]


def test_a_package_without_revisions_gets_one_revision_per_figure(empty_store, tmp_path):
    summary = import_package(empty_store, small_package(tmp_path / "p", [GOOD]), author="carol")
    assert summary["observations"] == 1 and summary["revisions"] == 1
    hist = empty_store.history("JPN", "unicorn_count")
    assert [f.revision.author for f in hist] == ["carol"]
    assert "small" in hist[0].revision.reason


def test_reimporting_a_changed_figure_adds_a_revision(store, tmp_path):
    import_package(store, small_package(tmp_path / "p1", [GOOD]))
    changed = GOOD.replace(",7,", ",8,")
    summary = import_package(store, small_package(tmp_path / "p2", [changed]))
    assert summary["revisions"] == 1 and summary["observations"] == 0
    assert [f.value for f in store.history("JPN", "unicorn_count", "2026")] == [7, 8]


BAD_ROWS = [
    ("JPN,unicorn_cont,2026,s1,7,,,,exact,companies,,,,reported,verified,,",
     r"observations.csv, row 1, field 'indicator': unknown indicator 'unicorn_cont' "
     r"\(did you mean 'unicorn_count'\?\)"),
    ("JPX,unicorn_count,2026,s1,7,,,,exact,companies,,,,reported,verified,,",
     r"row 1, field 'entity': unknown entity 'JPX'"),
    ("JPN,unicorn_count,2026,s1,7,,,,exact,compnies,,,,reported,verified,,",
     r"row 1, field 'unit': unit 'compnies' does not parse"),
    ("JPN,unicorn_count,2026,s1,7,,,,exact,percent,,,,reported,verified,,",
     r"row 1, field 'unit': 'percent' does not fit indicator 'unicorn_count'"),
    ("JPN,unicorn_count,2026,s1,seven,,,,exact,companies,,,,reported,verified,,",
     r"row 1, field 'value': 'seven' is not a valid number"),
    ("JPN,unicorn_count,FY26,s1,7,,,,exact,companies,,,,reported,verified,,",
     r"row 1, field 'period': invalid period 'FY26'"),
    ("JPN,unicorn_count,2026,s2,7,,,,exact,companies,,,,reported,verified,,",
     r"row 1, field 'source': unknown source 's2'; expected an id"),
    ("JPN,unicorn_count,2026,s1,7,,,,exact,companies,,,,reported,verifed,,",
     r"row 1, field 'status': 'verifed' is not one of .* \(did you mean 'verified'\?\)"),
    ("JPN,unicorn_count,2026,s1,7,,,,exact,companies,,",
     r"row 1: has 12 fields, expected 17 \(is the file truncated\?\)"),
]


@pytest.mark.parametrize("row,message", BAD_ROWS)
def test_bad_rows_fail_whole_and_name_the_place(store, db_path, tmp_path, row, message):
    before = dump(db_path)
    pkg = small_package(tmp_path / "bad", [GOOD.replace("2026", "2027"), row])
    with pytest.raises(PackageError, match="nothing was imported") as exc:
        import_package(store, pkg)
    # the bad row is the second data row; the first is good
    expected = message.replace("row 1", "row 2")
    assert any(re.search(expected, str(p)) for p in exc.value.problems), exc.value.problems
    assert dump(db_path) == before


def test_duplicates_are_refused(store, db_path, tmp_path):
    before = dump(db_path)
    with pytest.raises(PackageError, match=r"row 2: duplicate of row 1"):
        import_package(store, small_package(tmp_path / "dup", [GOOD, GOOD]))
    assert dump(db_path) == before


def test_a_truncated_exported_file_is_caught_by_its_hash(store, db_path, tmp_path):
    pkg = export_package(store, tmp_path / "exp")
    data = (pkg / "observations.csv").read_bytes()
    (pkg / "observations.csv").write_bytes(data[: len(data) // 2])
    before = dump(db_path)
    with pytest.raises(PackageError, match=r"observations.csv: is \d+ bytes, datapackage.json says"):
        import_package(store, pkg)
    assert dump(db_path) == before


def test_a_truncated_file_without_hashes_is_caught_by_its_shape(empty_store, tmp_path):
    pkg = small_package(tmp_path / "t", [GOOD])
    text = (pkg / "observations.csv").read_text(encoding="utf-8")
    (pkg / "observations.csv").write_text(text[:-12], encoding="utf-8")
    with pytest.raises(PackageError, match="truncated"):
        import_package(empty_store, pkg)


def test_an_unterminated_quote_is_malformed(empty_store, tmp_path):
    pkg = small_package(tmp_path / "q", [GOOD, 'JPN,unicorn_count,2025,s1,"7'])
    with pytest.raises(PackageError, match="truncated|malformed|fields"):
        import_package(empty_store, pkg)


def test_missing_descriptor_and_unknown_columns(empty_store, tmp_path):
    with pytest.raises(PackageError, match="datapackage.json: missing"):
        import_package(empty_store, tmp_path)
    pkg = small_package(tmp_path / "c", [GOOD])
    text = (pkg / "observations.csv").read_text(encoding="utf-8").replace("qualifier", "qualifer", 1)
    (pkg / "observations.csv").write_text(text, encoding="utf-8")
    with pytest.raises(PackageError,
                       match="field 'qualifer': unknown column \\(did you mean 'qualifier'\\?\\)"):
        import_package(empty_store, pkg)


def test_a_source_clash_is_refused(store, db_path, tmp_path):
    import_package(store, small_package(tmp_path / "s1", [GOOD]))
    before = dump(db_path)
    clash = SOURCES.replace("Pub,Title", "Someone else,Other title")
    with pytest.raises(PackageError, match="source 's1' is already in the store"):
        import_package(store, small_package(tmp_path / "s2", [GOOD], sources=clash))
    assert dump(db_path) == before


# --- property tests -------------------------------------------------------------------------
figure = st.fixed_dictionaries({
    "entity": st.sampled_from(["JPN", "USA", "KOR", "JPN-Tokyo"]),
    "year": st.integers(1990, 2035),
    "value": st.floats(min_value=-1e15, max_value=1e15, allow_nan=False, allow_infinity=False),
    "note": st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=30),
})


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(figures=st.lists(figure, min_size=1, max_size=8, unique_by=lambda f: (f["entity"], f["year"])))
def test_any_valid_package_round_trips(tmp_path_factory, figures):
    tmp = tmp_path_factory.mktemp("prop")
    lines = []
    for f in figures:
        buf = io.StringIO()
        csv.writer(buf, lineterminator="").writerow(
            [f["entity"], "master_to_doctoral_progression_change", f["year"], "s1", repr(f["value"]), "", "", "",
             "exact", "percent", "", "", "", "reported", "verified", f["note"].strip(), ""])
        lines.append(buf.getvalue())
    store = Store(f"sqlite:///{tmp / 'p.db'}")
    import_package(store, small_package(tmp / "in", lines))
    df = store.observations(indicators=["master_to_doctoral_progression_change"])
    got = {(r.entity, int(r.period)): r.value for r in df.itertuples()}
    assert got == {(f["entity"], f["year"]): f["value"] for f in figures}
    out = export_package(store, tmp / "out")
    again = Store(f"sqlite:///{tmp / 'q.db'}")
    import_package(again, out)
    assert (export_package(again, tmp / "out2") / "revisions.csv").read_bytes() == \
        (out / "revisions.csv").read_bytes()
    store.close()
    again.close()


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cut=st.integers(min_value=1, max_value=400), junk=st.binary(min_size=0, max_size=20))
def test_any_damaged_package_is_refused_and_changes_nothing(tmp_path_factory, cut, junk):
    tmp = tmp_path_factory.mktemp("damage")
    shutil.copytree(BUNDLED, tmp / "pkg")
    path = tmp / "pkg" / "observations.csv"
    data = path.read_bytes()
    path.write_bytes(data[: len(data) - cut] + junk)
    store = Store(f"sqlite:///{tmp / 'd.db'}")
    store.migrate()
    before = dump(tmp / "d.db")
    with pytest.raises(PackageError):
        import_package(store, tmp / "pkg")
    assert dump(tmp / "d.db") == before
    store.close()
