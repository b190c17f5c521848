"""The command line, in-process and as the installed `hubscope` program."""

import csv
import io
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import dump


def test_show_prints_every_pillar_with_peers(cli):
    r = cli("show", "JPN")
    assert r.exit_code == 0
    for heading in ("Japan · Talent and skills", "Japan · Capital", "Japan · Governance",
                    "Japan · Language and openness"):
        assert heading in r.stdout
    assert "92 of 116" not in r.stdout  # the profile shows the latest edition...
    assert "96 of 123" in r.stdout       # ...EF EPI 2025
    assert "KOR" in r.stdout and "USA" in r.stdout


def test_show_json_carries_sources(cli):
    data = json.loads(cli("show", "Japan", "--json").stdout)
    rd = next(d for d in data if d["indicator"] == "rd_expenditure_pct_gdp_national")
    assert rd["value"] == pytest.approx(3.7) and rd["period"].startswith("FY")
    assert all(d["url"] or d["source"].startswith("seed-") for d in data)
    assert {"peer:USA", "peer:KOR"} <= set(data[0])


def test_compare_table_json_and_csv(cli):
    args = ["compare", "JPN", "USA", "CHN", "GBR", "--indicator", "unicorn_count", "--period", "2023"]
    table = cli(*args)
    assert table.exit_code == 0 and "Unicorns" in table.stdout
    data = json.loads(cli(*args, "--json").stdout)
    got = {d["entity"]: d["value"] for d in data}
    assert got == {"USA": 641, "CHN": 171, "GBR": 49, "JPN": 15}
    assert next(d for d in data if d["entity"] == "JPN")["status"] == "disputed"
    rows = list(csv.DictReader(io.StringIO(cli(*args, "--csv").stdout)))
    assert {r["entity"] for r in rows} == {"JPN", "USA", "CHN", "GBR"}


def test_compare_several_indicators_latest(cli):
    data = json.loads(cli("compare", "JPN", "USA", "-i", "rd_expenditure_pct_gdp",
                          "-i", "genai_individual_use_pct", "--latest", "--json").stdout)
    assert {(d["entity"], d["indicator"]) for d in data} == {
        ("JPN", "rd_expenditure_pct_gdp"), ("USA", "rd_expenditure_pct_gdp"),
        ("JPN", "genai_individual_use_pct"), ("USA", "genai_individual_use_pct")}


def test_history_shows_revisions(cli):
    data = json.loads(cli("history", "JPN", "gdp_current_usd", "--period", "2024", "--json").stdout)
    wb = [d for d in data if d["source"].startswith("world-bank")]
    assert [d["revision"] for d in wb] == [1, 2]
    assert wb[0]["value"] == pytest.approx(4027597523550.58)
    assert "revision" in wb[0]["reason"] or "WDI" in wb[0]["reason"]


def test_sources_lists_counts(cli):
    data = json.loads(cli("sources", "--json").stdout)
    assert data[0]["figures"] >= data[-1]["figures"]
    assert any(d["id"].startswith("seed-kulyatin") for d in data)


def test_export_and_import(cli, tmp_path, monkeypatch):
    assert cli("export", str(tmp_path / "pkg")).exit_code == 0
    assert (tmp_path / "pkg" / "datapackage.json").exists()
    monkeypatch.setenv("HUBSCOPE_DB", str(tmp_path / "new.db"))
    r = cli("import", str(tmp_path / "pkg"), "--json")
    assert r.exit_code == 0 and json.loads(r.stdout)["observations"] > 800


def test_a_bad_import_exits_nonzero_with_the_place_and_no_traceback(cli, db_path, tmp_path):
    pkg = tmp_path / "bad"
    pkg.mkdir()
    (pkg / "datapackage.json").write_text(json.dumps({"resources": [
        {"name": "observations", "path": "observations.csv"}]}))
    (pkg / "observations.csv").write_text(
        "entity,indicator,period,source,value,lower,upper,value_text,qualifier,unit,price_basis,"
        "rank_of,vintage,method,status,note,revision\n"
        "JPN,rd_expenditure_pct_gpd,2024,nobody,3,,,,exact,percent,,,,reported,verified,,\n")
    before = dump(db_path)
    r = cli("import", str(pkg))
    assert r.exit_code == 1
    assert "observations.csv, row 1, field 'indicator'" in r.stderr
    assert "did you mean 'rd_expenditure_pct_gdp'" in r.stderr
    assert "Traceback" not in r.stderr + r.stdout
    assert dump(db_path) == before


def test_unknown_entity_exits_nonzero(cli):
    r = cli("show", "Japn")
    assert r.exit_code == 1 and "did you mean 'JPN'" in r.stderr


def run(args, env_db: str, timeout=120):
    env = {**os.environ, "HUBSCOPE_DB": env_db}
    exe = Path(sys.executable).with_name("hubscope")
    return subprocess.run([str(exe), *args], capture_output=True, text=True, env=env, timeout=timeout)


def test_the_installed_program_inits_and_shows(tmp_path):
    db = str(tmp_path / "real.db")
    r = run(["init"], db)
    assert r.returncode == 0, r.stderr
    assert "10558 observations" in r.stdout
    r = run(["show", "JPN"], db)
    assert r.returncode == 0 and "Japan · Research and IP" in r.stdout


def test_a_locked_store_gives_a_clear_error(db_path):
    holder = sqlite3.connect(db_path)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        r = run(["init"], str(db_path))
    finally:
        holder.rollback()
        holder.close()
    assert r.returncode == 1
    assert "locked" in r.stderr and "Traceback" not in r.stderr


def test_a_read_only_store_gives_a_clear_error(db_path, tmp_path):
    from .test_import_export import GOOD, small_package
    pkg = small_package(tmp_path / "p", [GOOD])
    url = f"sqlite:///file:{db_path}?mode=ro&uri=true"
    before = dump(db_path)
    assert run(["show", "JPN", "--db", url], str(db_path)).returncode == 0  # reading is fine
    r = run(["import", str(pkg), "--db", url], str(db_path))
    assert r.returncode == 1, r.stdout
    assert "read-only" in r.stderr and "Traceback" not in r.stderr
    assert dump(db_path) == before


def test_a_corrupt_store_gives_a_clear_error(tmp_path):
    bad = tmp_path / "corrupt.db"
    bad.write_bytes(b"this is not a database at all" * 100)
    r = run(["show", "JPN"], str(bad))
    assert r.returncode == 1
    assert "not a readable hubscope database" in r.stderr and "Traceback" not in r.stderr


def test_a_store_that_was_never_initialised(tmp_path):
    r = run(["show", "JPN"], str(tmp_path / "nothing.db"))
    assert r.returncode == 1 and "hubscope init" in r.stderr


@pytest.mark.parametrize("command", [["init"], ["info"], ["sources"], ["show", "JPN"],
                                     ["compare", "JPN", "-i", "population", "--latest"],
                                     ["history", "JPN", "population"]])
def test_every_command_speaks_json_and_csv(cli, command):
    data = json.loads(cli(*command, "--json").stdout)
    assert data
    rows = list(csv.DictReader(io.StringIO(cli(*command, "--csv").stdout)))
    assert rows


def test_export_and_import_speak_json_and_csv(cli, tmp_path):
    data = json.loads(cli("export", str(tmp_path / "x"), "--json").stdout)
    assert data["observations"] > 800
    rows = list(csv.DictReader(io.StringIO(cli("import", str(tmp_path / "x"), "--csv").stdout)))
    assert rows[0]["unchanged"] == str(data["observations"])


def test_show_in_japanese(cli):
    r = cli("show", "日本", "--lang", "ja")
    assert r.exit_code == 0
    assert "日本 · 人材・スキル" in r.stdout and "博士課程入学者数" in r.stdout


def test_compare_warns_about_what_does_not_compare(cli):
    r = cli("compare", "JPN", "USA", "-i", "unicorn_count", "-p", "2023")
    assert "includes figures that are not verified (JPN)" in r.stderr
