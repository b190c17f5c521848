"""The metrics commands, as a user types them."""

import json

import pytest

from hubscope.index import PEERS


def test_explain(cli):
    r = cli("explain", "JPN", "gdp_per_capita_usd", "2024")
    assert r.exit_code == 0
    assert "formula:" in r.stdout and "population JPN 2024" in r.stdout
    data = json.loads(cli("explain", "JPN", "gdp_per_capita_usd", "2024", "--json").stdout)
    assert data["method"] == "derived" and json.loads(data["inputs"])[0]["indicator"] == "gdp_current_usd"


def test_convert_and_its_errors(cli):
    r = cli("convert", "JPN", "ai_rd_expenditure", "FY2022", "--to", "USD", "--rate-period", "2022")
    assert r.exit_code == 0 and "JPY per USD" in r.stdout and "as asked" in r.stdout
    r = cli("convert", "JPN", "ai_rd_expenditure", "FY2022", "--to", "USD")
    assert r.exit_code == 1 and "no market rate JPY per USD for period FY2022" in r.stderr
    r = cli("convert", "JPN", "ai_rd_expenditure", "FY2022", "--to", "XXX", "--rate-period", "2022")
    assert r.exit_code == 1 and "unknown currency 'XXX'" in r.stderr


def test_compare_with_peers_and_chart(cli, tmp_path):
    r = cli("compare", "JPN", "--peers", "USA,CHN,GBR,DEU,KOR", "-i", "rd_expenditure_pct_gdp",
            "-i", "gdp_per_capita_usd", "--chart", str(tmp_path / "c.svg"), "--json")
    data = json.loads(r.stdout)
    assert {d["indicator"] for d in data} == {"rd_expenditure_pct_gdp", "gdp_per_capita_usd"}
    assert any(d["entity"] == "peer median" for d in data)
    assert (tmp_path / "c-gdp_per_capita_usd.svg").read_text(encoding="utf-8").startswith("<svg")
    r = cli("compare", "JPN", "USA", "--peers", "KOR", "-i", "rd_expenditure_pct_gdp")
    assert r.exit_code != 0


def test_scenarios(cli):
    r = cli("scenario", "match", "JPN", "--peer", "USA", "-i", "vc_investment_pct_gdp",
            "--amount", "vc_fund_investment")
    assert r.exit_code == 0 and "multiple of today" in r.stdout and "USD bn" in r.stdout
    r = cli("scenario", "target", "JPN", "-i", "startup_investment_gov_estimate", "--value", "10000",
            "--by", "FY2027", "--json")
    rows = {d["what"]: d for d in json.loads(r.stdout)}
    assert rows["annual growth needed"]["value"] == pytest.approx(61.8, abs=0.1)


def test_project_refuses_short_series(cli):
    r = cli("project", "JPN", "startup_funding_total", "--to", "2027")
    assert r.exit_code == 1 and "at least three" in r.stderr
    r = cli("project", "JPN", "gdp_current_usd", "--to", "2026", "--json")
    assert [d["period"] for d in json.loads(r.stdout)] == ["2026"]  # WDI gives 2025


def test_check_from_stdin_with_json_and_html(cli, tmp_path):
    r = cli("check", "-", "--json", "--html", str(tmp_path / "out.html"),
            input="In 2023, the US had 641 unicorns while China had 200 unicorns.")
    data = json.loads(r.stdout)
    assert data["summary"]["verdicts"]["supported"] == 1 and data["summary"]["verdicts"]["contradicted"] == 1
    assert (tmp_path / "out.html").read_text(encoding="utf-8").count("<mark") == 2


def test_check_gives_reasons_in_japanese(cli, tmp_path):
    r = cli("check", "-", "--json", "--lang", "ja", "--html", str(tmp_path / "ja.html"),
            input="In 2023, the US had 641 unicorns.")
    claim = json.loads(r.stdout)["claims"][0]
    assert "と一致します" in claim["reason"] and claim["reason_en"].startswith("Matches")
    assert "裏付けあり" in (tmp_path / "ja.html").read_text(encoding="utf-8")
    r = cli("check", "-", "--lang", "fr", input="In 2023, the US had 641 unicorns.")
    assert r.exit_code == 2 and "expected en or ja" in r.stderr and "Traceback" not in r.stderr


def test_check_bad_input_exits_cleanly(cli, tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    r = cli("check", str(tmp_path / "empty.txt"))
    assert r.exit_code == 1 and "empty" in r.stderr and "Traceback" not in r.stderr
    r = cli("check", "-", input="no numbers at all")
    assert r.exit_code == 0 and "no numeric claims" in r.stdout


def test_index_command(cli, tmp_path):
    r = cli("index", "--draws", "200", "--json")
    rows = json.loads(r.stdout)
    assert {"rank", "entity", "score", "median_rank", "rank_p05", "rank_p95"} <= set(rows[0])
    assert len(rows) == 56  # the bundled framework ranks every catalog economy that passes the screening
    # the survey indicators cover too few of the 56 to be scored; R&D intensity is
    r = cli("index", "--draws", "200", "--what-if", "JPN:rd_expenditure_pct_gdp=5", "--chart",
            str(tmp_path / "ranks.svg"))
    assert r.exit_code == 0 and "What moves JPN's rank most" in r.stdout and "What if" in r.stdout
    assert (tmp_path / "ranks.svg").read_text().startswith("<svg")
    r = cli("index", "--what-if", "JPN=oops")
    assert r.exit_code != 0


def test_index_cells_say_where_they_came_from(cli):
    # the twelve-economy framework, whose few economies hold the VC and English-proficiency cells
    peers = ["--framework", str(PEERS)]
    rows = json.loads(cli("index", *peers, "--draws", "50", "--cells", "--json").stdout)
    jpn = {r["indicator"]: r for r in rows if r["entity"] == "JPN"}
    assert jpn["vc_investment_pct_gdp"]["source"] == "estimate"
    assert jpn["vc_investment_pct_gdp"]["from"] == "vc_fund_investment_pct_gdp"
    usa = next(r for r in rows if r["entity"] == "USA" and r["indicator"] == "ef_epi_rank")
    assert usa["source"] == "not_applicable" and usa["rule"] == "frontier"
    table = json.loads(cli("index", *peers, "--draws", "50", "--json").stdout)
    assert {"cells:verified", "cells:imputed", "cells:estimate", "cells:not_applicable"} <= set(table[0])
    text = " ".join(cli("index", *peers, "--draws", "50").stdout.split())  # the table wraps at 80 columns
    assert "Screened out" in text and "entity SGP screened out: coverage 44% below the threshold 50%" in text
    assert "pillar talent_skills screened out" in text and "1 estimate" in text


@pytest.mark.parametrize("args,message", [
    (["--normalisation", "foo"], "normalisation 'foo'; expected one of minmax"),
    (["--draws", "0"], "draws must be at least 1, got 0"),
    (["--draws", "-5"], "draws must be at least 1, got -5"),
    (["--imputation", "bogus"], "imputation 'bogus'; expected one of mean, median, none"),
    (["--focus", "ZZZ"], "unknown entity 'ZZZ'; expected one of the framework's entities: JPN"),
    (["--focus", "JPNN"], "unknown entity 'JPNN' (did you mean 'JPN'?)"),
])
def test_index_bad_options_are_one_line_errors(cli, args, message):
    r = cli("index", *args)
    assert r.exit_code == 1 and message in r.stderr
    assert "Traceback" not in r.stderr and len(r.stderr.strip().splitlines()) == 1 and not r.stdout
