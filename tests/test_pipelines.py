"""Record-level pipelines: the core (registry, engines, provenance, writing) and github-collaboration."""

from __future__ import annotations

import csv
import json
import shutil
from collections import defaultdict
from pathlib import Path

import pytest

from hubscope.errors import PipelineError
from hubscope.pipelines import compute, get, pipelines, run
from hubscope.pipelines.engine import SPARK_MISSING, connect
from hubscope.pipelines.github_input import default_root

from .conftest import dump

DATA = default_root() / "data"


@pytest.fixture(scope="module")
def gh(_initialised_file, tmp_path_factory):
    """github-collaboration computed once on DuckDB over the bundled snapshot, against a real store."""
    from hubscope.store import Store

    path = tmp_path_factory.mktemp("gh") / "s.db"
    shutil.copy(_initialised_file, path)
    store = Store(f"sqlite:///{path}")
    yield compute("github-collaboration", store=store)
    store.close()


def value(out, entity, indicator, period):
    hits = [r for r in out.results if (r.entity, r.indicator, r.period) == (entity, indicator, period)]
    assert len(hits) == 1, (entity, indicator, period, len(hits))
    return hits[0]


def rows(name):
    with (DATA / f"{name}.csv").open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def q4_developers(iso2, year):
    key = (iso2, year, "4")
    return next(int(r["developers"]) for r in rows("developers") if (r["iso2_code"], r["year"], r["quarter"]) == key)


def test_the_registry_lists_github_collaboration_and_suggests_names():
    assert "github-collaboration" in [p.name for p in pipelines()]
    p = get("github-collaboration")
    assert p.method == f"computed from records by pipeline github-collaboration, version {p.version}"
    with pytest.raises(PipelineError, match="did you mean 'github-collaboration'"):
        get("github-colaboration")


def test_unknown_engine_and_missing_spark_are_clear_errors():
    with pytest.raises(PipelineError, match="unknown engine 'polars'; expected one of duckdb, spark"):
        connect("polars")
    try:
        import pyspark  # noqa: F401
    except ModuleNotFoundError:
        with pytest.raises(PipelineError, match=SPARK_MISSING.replace("[", r"\[").replace("]", r"\]")):
            connect("spark")


def test_cross_border_share_is_sent_collaboration_over_pushes_summed_over_quarters(gh):
    # recomputed here from the CSV rows with the csv module, independently of ibis
    sent = sum(
        int(r["weight"])
        for r in rows("economy_collaborators")
        if r["source"] == "JP" and r["year"] == "2023" and r["destination"] != "EU"
    )
    pushes = sum(int(r["git_pushes"]) for r in rows("git_pushes") if r["iso2_code"] == "JP" and r["year"] == "2023")
    got = value(gh, "JPN", "github_collab_cross_border_per_100_pushes", "2023")
    assert got.value == pytest.approx(100 * sent / pushes, rel=1e-12)
    assert got.unit == "percent"


def test_the_files_eu_rows_are_the_sum_of_member_states_so_the_graph_leaves_them_out():
    eu = {"AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE"}
    eu |= {"IT", "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE"}
    jp = [r for r in rows("economy_collaborators") if r["source"] == "JP" and r["year"] == "2023"]
    assert sum(int(r["weight"]) for r in jp if r["destination"] == "EU") == sum(
        int(r["weight"]) for r in jp if r["destination"] in eu
    )


def test_years_without_four_quarters_give_no_flow_figures(gh):
    years = {r.period for r in gh.results if r.indicator == "github_collab_pagerank"}
    assert years == {"2020", "2021", "2022", "2023", "2024"}  # 2025 has three quarters in the file


def test_top_partners_are_shares_of_sent_plus_received(gh):
    vol: dict[str, int] = defaultdict(int)
    for r in rows("economy_collaborators"):
        if r["year"] == "2024" and "EU" not in (r["source"], r["destination"]):
            if r["source"] == "JP":
                vol[r["destination"]] += int(r["weight"])
            elif r["destination"] == "JP":
                vol[r["source"]] += int(r["weight"])
    total = sum(vol.values())
    top = sorted(vol.items(), key=lambda kv: -kv[1])[:3]
    assert [c for c, _ in top] == ["US", "HK", "CN"]
    text = ", ".join(f"{n} {100 * v / total:.1f}%" for n, (_, v) in zip(["USA", "HKG", "CHN"], top, strict=True))
    assert value(gh, "JPN", "github_collab_top_partners", "2024").text == text
    share = value(gh, "JPN", "github_collab_top_partner_share", "2024").value
    assert share == pytest.approx(100 * top[0][1] / total)


def test_pagerank_sums_to_one_and_ranks_are_consistent(gh):
    pr = [r for r in gh.results if r.indicator == "github_collab_pagerank_apac" and r.period == "2024"]
    rank = {r.entity: r for r in gh.results if r.indicator == "github_collab_pagerank_rank_apac" and r.period == "2024"}
    # only catalog economies are written, so their scores sum to less than 1, each in (0, 1)
    assert 0 < sum(r.value for r in pr) <= 1
    ordered = sorted(pr, key=lambda r: -r.value)
    assert [rank[r.entity].value for r in ordered] == sorted(rank[r.entity].value for r in ordered)
    assert {r.rank_of for r in rank.values()} == {32}
    assert "USA" not in rank  # not an Asia-Pacific economy


def test_weighted_degree_is_volume_sent_plus_received(gh):
    deg = sum(
        int(r["weight"])
        for r in rows("economy_collaborators")
        if r["year"] == "2022" and "JP" in (pair := (r["source"], r["destination"])) and "EU" not in pair
    )
    assert value(gh, "JPN", "github_collab_weighted_degree", "2022").value == deg


def test_developers_per_million_use_the_stores_population_of_the_same_year(gh):
    devs = q4_developers("JP", "2023")
    got = value(gh, "JPN", "github_developers_per_million", "2023")
    assert got.value == pytest.approx(devs / 124.51665, rel=1e-6)  # World Bank population 2023, in millions
    assert "world-bank" in got.note


def test_ai_topic_pushers_add_the_catalog_topics_at_the_fourth_quarter(gh):
    from hubscope.pipelines.github_collaboration import ai_topics

    topics = set(ai_topics())
    assert {"machine-learning", "deep-learning", "artificial-intelligence", "llm"} <= topics
    ai = sum(
        int(r["num_pushers"])
        for r in rows("topics")
        if (r["iso2_code"], r["year"], r["quarter"]) == ("KR", "2024", "4") and r["topic"] in topics
    )
    devs = q4_developers("KR", "2024")
    assert ai > 0
    assert value(gh, "KOR", "github_ai_pushers_share", "2024").value == pytest.approx(100 * ai / devs)


def test_run_writes_once_with_provenance_and_a_rerun_changes_nothing(store, db_path):
    rep = run("github-collaboration", store)
    assert rep.written.new == len(rep.results) > 1000
    before = dump(db_path)
    again = run("github-collaboration", store)
    assert (again.written.new, again.written.revised, again.written.unchanged) == (0, 0, len(rep.results))
    assert dump(db_path) == before
    f = store.figures(["JPN"], ["github_collab_pagerank_rank_apac"], ["2024"])[0]
    assert f.source.id == "pipeline-github-collaboration"
    assert f.provenance.method == "derived"
    assert f.provenance.vintage.startswith("github-innovation-graph-8faec9d72c7e sha256:")
    assert "computed from records by pipeline github-collaboration, version 1" in f.note
    assert "74,127 economy_collaborators.csv rows" in f.note
    assert f.rank_of == 32


def test_dry_run_json_prints_one_record_per_figure_and_writes_nothing(cli, db_path):
    before = dump(db_path)
    res = cli("pipeline", "run", "github-collaboration", "--dry-run", "--json")
    assert res.exit_code == 0, res.output
    records = json.loads(res.output)
    assert dump(db_path) == before
    assert len(records) > 1000
    assert {"entity", "indicator", "period", "value"} <= set(records[0])
    key = ("JPN", "github_collab_top_partners", "2024")
    jp = [r for r in records if (r["entity"], r["indicator"], r["period"]) == key]
    assert jp[0]["value"].startswith("USA ")


def copy_input(tmp_path: Path) -> Path:
    root = tmp_path / "ig"
    shutil.copytree(DATA, root / "data")
    return root


def edit(path: Path, line: int, text: str) -> None:
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[line - 1] = text + "\n"
    path.write_text("".join(lines), encoding="utf-8")


BAD = {
    "unknown country code": ("economy_collaborators", 5, "10,JP,QQ,2020,1", r"line 5: destination 'QQ' is not an ISO"),
    "not a number": ("git_pushes", 7, "many,JP,2020,1", r"git_pushes.csv line 7: git_pushes 'many' is not a whole"),
    "bad quarter": ("developers", 3, "100,JP,2020,5", r"developers.csv line 3: quarter '5'; expected 1-4"),
    "changed columns": ("topics", 1, "pushers,topic,iso2,year,quarter", r"topics.csv line 1: columns"),
    "short row": ("topics", 9, "12,python", r"topics.csv line 9: 2 fields; expected 5"),
}


@pytest.mark.parametrize("case", list(BAD))
def test_bad_input_is_one_clear_line_and_nothing_written(case, cli, db_path, tmp_path):
    name, line, text, message = BAD[case]
    root = copy_input(tmp_path)
    edit(root / "data" / f"{name}.csv", line, text)
    before = dump(db_path)
    res = cli("pipeline", "run", "github-collaboration", "--input", str(root))
    assert res.exit_code == 1
    assert res.output.count("\n") <= 2 and "Traceback" not in res.output
    import re

    assert re.search(message, " ".join(res.output.split())), res.output
    assert dump(db_path) == before


def test_missing_and_empty_inputs_are_refused(cli, db_path, tmp_path):
    before = dump(db_path)
    res = cli("pipeline", "run", "github-collaboration", "--input", str(tmp_path / "nowhere"))
    assert res.exit_code == 1 and "no such directory" in res.output
    root = copy_input(tmp_path)
    (root / "data" / "topics.csv").unlink()
    res = cli("pipeline", "run", "github-collaboration", "--input", str(root))
    assert res.exit_code == 1 and "topics.csv: no such file" in " ".join(res.output.split())
    (root / "data" / "topics.csv").write_text("num_pushers,topic,iso2_code,year,quarter\n", encoding="utf-8")
    res = cli("pipeline", "run", "github-collaboration", "--input", str(root))
    assert res.exit_code == 1 and "no data rows" in res.output
    assert dump(db_path) == before


def test_an_altered_snapshot_file_is_refused(cli, db_path, tmp_path):
    root = tmp_path / "snap"
    shutil.copytree(default_root(), root)
    edit(root / "data" / "developers.csv", 2, "9763123,US,2020,1")
    res = cli("pipeline", "run", "github-collaboration", "--input", str(root))
    assert res.exit_code == 1 and "does not match its sha256" in " ".join(res.output.split())


def test_a_plain_copy_of_the_files_is_identified_by_their_digest(store, tmp_path):
    root = copy_input(tmp_path)
    out = compute("github-collaboration", store=store, input=str(root))
    assert out.input.snapshot.startswith("github-innovation-graph-files-")
    assert out.input.date is None


def test_explain_shows_how_a_pipeline_figure_was_made(store, cli):
    from hubscope.errors import MetricError
    from hubscope.metrics import explain

    with pytest.raises(MetricError, match="run `hubscope pipeline run github-collaboration` first"):
        explain(store, "JPN", "github_developers_per_million", "2024")
    run("github-collaboration", store)
    d = explain(store, "JPN", "github_developers_per_million", "2024")
    text = d.explain()
    assert "computed from records by pipeline github-collaboration, version 1" in text
    assert "github-innovation-graph-8faec9d72c7e" in text and "sha256" in text
    assert "3,759,833 developers (Q4) / 123.9754 million people (world-bank-" in text
    res = cli("explain", "JPN", "github_collab_top_partners", "2024", "--json")
    assert res.exit_code == 0, res.output
    row = json.loads(res.output)
    assert row["value"].startswith("USA ") and row["source"] == "pipeline-github-collaboration"


def test_the_explain_page_shows_a_pipeline_figure(store):
    from fastapi.testclient import TestClient

    from hubscope.web import create_app

    run("github-collaboration", store)
    client = TestClient(create_app(store, check_every=0))
    r = client.get("/explain?entity=JPN&indicator=github_collab_pagerank_rank_apac&period=2024")
    assert r.status_code == 200, r.text[:300]
    assert "Computed from records by a hubscope pipeline" in r.text
    assert "4 of 32" in r.text and "github-innovation-graph-8faec9d72c7e" in r.text
    assert "nothing here is stored" not in r.text
