"""Hostile packages: absurd figures, units and descriptors are refused whole, naming the place.

Each case was, before this file, either accepted (and then broke 13 of 15 pages) or a traceback.
"""

import json
import re

import pytest

from hubscope.datapackage import import_package
from hubscope.errors import PackageError

from .conftest import dump
from .test_import_export import OBS_HEADER, small_package

GOOD = "JPN,unicorn_count,2027,s1,7,,,,exact,companies,,,,reported,verified,,"


def row(indicator="unicorn_count", value="7", unit="companies", lower="", upper="", rank_of="", qualifier="exact"):
    return f"JPN,{indicator},2026,s1,{value},{lower},{upper},,{qualifier},{unit},,{rank_of},,reported,verified,,"


ABSURD = [
    (row(value="inf"), r"field 'value': 'inf' is not a finite number"),
    (row(value="nan"), r"field 'value': 'nan' is not a finite number"),
    (row(value="1e309"), r"field 'value': '1e309' is not a finite number"),
    (row(value="9" * 400), r"field 'value': a number of 400 characters"),
    (row(value="1" * 60), r"field 'value': a number of 60 characters"),
    (row(value="1e300"), r"field 'value': '1e300' is beyond"),
    (row(value="-3"), r"field 'value': -3 is negative; a count in 'companies' cannot be"),
    (row(unit="10 ** 400 * companies"), r"field 'unit': unit '10 \*\* 400 \* companies' has a power"),
    (row(unit="9 ** 9 ** 8 * companies"), r"field 'unit': .* has a power that is not a whole number"),
    (row(unit="companies ** 1000"), r"field 'unit': .* has a power"),
    (row("ef_epi_rank", "0", "rank", rank_of="116"), r"field 'value': rank 0 is not a whole number of at least 1"),
    (row("ef_epi_rank", "-3", "rank", rank_of="116"), r"field 'value': rank -3 is not"),
    (row("ef_epi_rank", "200", "rank", rank_of="116"), r"field 'value': rank 200 is beyond the 116 ranked"),
    (row("ef_epi_rank", "92", "rank", rank_of=str(2**70)), r"field 'rank_of': .* too large for a whole number"),
    (row("ef_epi_rank", "92", "rank", rank_of="0"), r"field 'rank_of': 0 ranked; expected 1 to"),
    (row("rd_expenditure_pct_gdp", "340", "percent"), r"field 'value': 340% of GDP is outside 0 to 100"),
    (row("rd_expenditure_pct_gdp", "", "percent", "5", "3", qualifier="range"),
     r"field 'lower': lower 5 is above upper 3"),
    (row("rd_expenditure_pct_gdp", "9", "percent", "2", "3"), r"field 'value': 9 lies outside its own range 2 to 3"),
]


@pytest.mark.parametrize("bad,message", ABSURD)
def test_absurd_figures_are_refused_and_nothing_is_written(store, db_path, tmp_path, bad, message):
    before = dump(db_path)
    with pytest.raises(PackageError, match="nothing was imported") as exc:
        import_package(store, small_package(tmp_path / "bad", [GOOD, bad]))
    assert any(re.search("row 2, " + message, str(p)) for p in exc.value.problems), exc.value.problems
    assert dump(db_path) == before


SOURCES_HEAD = "id,publisher,title,url,published,accessed,licence,note\n"


@pytest.mark.parametrize("url", ["javascript:alert(1)", "data:text/html,<script>x</script>", "file:///etc/passwd",
                                 "https://exa mple.org", "//evil.example"])
def test_a_source_url_must_be_http(store, db_path, tmp_path, url):
    before = dump(db_path)
    sources = SOURCES_HEAD + f's1,Pub,Title,"{url}",,,,\n'
    with pytest.raises(PackageError) as exc:
        import_package(store, small_package(tmp_path / "u", [GOOD], sources=sources))
    assert any("sources.csv, row 1, field 'url'" in str(p) for p in exc.value.problems), exc.value.problems
    assert dump(db_path) == before


def test_swapped_id_and_name_columns_add_no_junk_indicator(store, db_path, tmp_path):
    before = dump(db_path)
    pkg = small_package(tmp_path / "swap", [GOOD])
    (pkg / "indicators.csv").write_text(
        "id,name_en,name_ja,unit,pillar,higher_is_better,definition\n"
        "Unicorns (companies valued over $1bn),unicorns,,companies,capital,true,Count of unicorns\n",
        encoding="utf-8",
    )
    desc = json.loads((pkg / "datapackage.json").read_text())
    desc["resources"].insert(0, {"name": "indicators", "path": "indicators.csv"})
    (pkg / "datapackage.json").write_text(json.dumps(desc))
    with pytest.raises(PackageError, match=r"indicators.csv, row 1, field 'id': .* is not a valid indicator id"):
        import_package(store, pkg)
    assert dump(db_path) == before


def _with_descriptor(tmp_path, text: str):
    pkg = small_package(tmp_path / "d", [GOOD])
    (pkg / "datapackage.json").write_text(text, encoding="utf-8")
    return pkg


def _resource(**fields) -> str:
    obs = {"name": "observations", "path": "observations.csv", **fields}
    return json.dumps({"name": "x", "resources": [{"name": "sources", "path": "sources.csv"}, obs]})


DESCRIPTORS = [
    ("[" * 100_000 + "]" * 100_000, r"nested too deeply"),
    (json.dumps({"resources": [{"name": ["observations"]}]}), r"resources\[0\]'?: expected an object with a 'name'"),
    (json.dumps({"resources": [{"name": {"a": 1}}]}), r"resources\[0\]'?: expected an object with a 'name'"),
    (json.dumps({"resources": ["observations"]}), r"resources\[0\]'?: expected an object"),
    (_resource(path="."), r"is not a regular file"),
    (_resource(path="/etc/passwd"), r"'/etc/passwd' is not a file name inside the package"),
    (_resource(path="../../../../etc/passwd"), r"is not a file name inside the package"),
    (_resource(path=["a.csv"]), r"is not a file name inside the package"),
    (_resource(path="https://example.org/x.csv"), r"is not a file name inside the package"),
    (_resource(hash="whirlpool:abc"), r"unknown hash algorithm 'whirlpool'"),
    (_resource(hash="shake_128:abc"), r"unknown hash algorithm 'shake_128'"),
]


@pytest.mark.parametrize("text,message", DESCRIPTORS)
def test_hostile_descriptors_are_refused_with_a_line(store, db_path, tmp_path, text, message):
    before = dump(db_path)
    with pytest.raises(PackageError) as exc:
        import_package(store, _with_descriptor(tmp_path, text))
    assert any(re.search(message, str(p)) for p in exc.value.problems), exc.value.problems
    assert dump(db_path) == before


def test_the_cli_names_the_problem_without_a_traceback(cli, tmp_path):
    pkg = small_package(tmp_path / "cli", [GOOD, row(value="1e309")])
    result = cli("import", str(pkg))
    assert result.exit_code != 0
    assert "observations.csv, row 2, field 'value': '1e309' is not a finite number" in result.output
    assert "Traceback" not in result.output


def test_obs_header_is_the_one_the_reader_expects():
    # the rows above are written against this header; if it changes they must change too
    assert OBS_HEADER.split(",")[4] == "value" and OBS_HEADER.split(",")[11] == "rank_of"


@pytest.fixture
def poisoned(db_path):
    """A store that already holds absurd figures, as one written before these checks could."""
    import sqlite3

    with sqlite3.connect(db_path) as conn:
        def current(entity, indicator):
            return conn.execute(
                "SELECT r.id FROM revisions r JOIN observations o ON o.id = r.observation_id "
                "WHERE o.entity_id = ? AND o.indicator_id = ? ORDER BY r.number DESC LIMIT 1",
                (entity, indicator)).fetchone()[0]
        conn.execute("UPDATE revisions SET value = ? WHERE id = ?", (float("inf"), current("JPN", "unicorn_count")))
        conn.execute("UPDATE revisions SET value = ? WHERE id = ?", (1e300, current("JPN", "gdp_current_usd")))
        conn.execute("UPDATE revisions SET value = ? WHERE id = ?", (-1e300, current("USA", "gdp_current_usd")))
    return db_path


PAGES = ["/", "/entities/JPN", "/compare", "/compare?mode=per_capita", "/indicators/gdp_current_usd",
         "/indicators/unicorn_count", "/compare.csv", "/sources"]


def test_a_store_that_holds_absurd_figures_still_serves_every_page(poisoned):
    from fastapi.testclient import TestClient

    from hubscope.store import Store
    from hubscope.web import create_app

    store = Store(f"sqlite:///{poisoned}")
    client = TestClient(create_app(store, check_every=0), raise_server_exceptions=False)
    failed = {}
    for url in PAGES:
        for lang in ("en", "ja"):
            r = client.get(url + ("&" if "?" in url else "?") + f"lang={lang}")
            if r.status_code != 200:
                failed[url + lang] = r.status_code
    store.close()
    assert failed == {}


@pytest.mark.parametrize("args", [("show", "JPN"), ("compare", "JPN", "USA", "-i", "gdp_current_usd"),
                                  ("compare", "JPN", "USA", "-i", "unicorn_count", "--mode", "per_capita")])
def test_a_store_that_holds_absurd_figures_still_answers_the_cli(poisoned, cli, args):
    result = cli(*args)
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize("weight", ["1e309", "inf", "nan", "-1", "1e9"])
def test_an_absurd_index_weight_is_a_clear_400(db_path, weight):
    from fastapi.testclient import TestClient

    from hubscope.store import Store
    from hubscope.web import create_app

    store = Store(f"sqlite:///{db_path}")
    r = TestClient(create_app(store, check_every=0), raise_server_exceptions=False).get(f"/index?w_capital={weight}")
    store.close()
    assert r.status_code == 400, r.status_code
    assert "w_capital" in r.text and "Traceback" not in r.text
