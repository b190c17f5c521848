"""openalex-ai-research on the real fixtures: the figures, the snapshot layout, provenance and bad input."""

from __future__ import annotations

import gzip
import hashlib
import json
import re
import shutil
from collections import defaultdict
from fractions import Fraction
from pathlib import Path

import jsonschema
import pytest
import yaml

from hubscope.catalog.loader import HERE
from hubscope.errors import PipelineError
from hubscope.pipelines import compute, run
from hubscope.pipelines import openalex_reader as reader
from hubscope.pipelines.openalex import ai_rule

from .conftest import dump

FIXTURE = Path(__file__).parent / "fixtures" / "openalex"
SNAPSHOT = FIXTURE / "snapshot"
WORKS = SNAPSHOT / "works"
NEW_PART = WORKS / "updated_date=2025-11-17" / "part_000.gz"
NAME = "openalex-ai-research"


@pytest.fixture(scope="module")
def oa():
    return compute(NAME, input=str(SNAPSHOT))


def records():
    for part in sorted(WORKS.glob("updated_date=*/part_*.gz")):
        with gzip.open(part, "rt", encoding="utf-8") as f:
            yield from (json.loads(line) for line in f if line.strip())


def oracle():
    """The method written out again in plain Python with exact fractions: what the engines must match."""
    rule = ai_rule()
    frac: dict[tuple[str, int], Fraction] = defaultdict(Fraction)
    works: dict[tuple[str, int], set] = defaultdict(set)
    intl: dict[tuple[str, int], set] = defaultdict(set)
    for w in records():
        concepts = any(c["id"] in rule["concepts"] and c["score"] >= 0.3 for c in w.get("concepts") or [])
        topic = ((w.get("primary_topic") or {}).get("subfield") or {}).get("id") in rule["subfields"]
        if not (concepts or topic) or w.get("publication_year") is None:
            continue
        authors = [set(a["countries"]) for a in w["authorships"] if a.get("countries")]
        countries = set().union(*authors)
        for a in authors:
            for c in a:
                frac[c, w["publication_year"]] += Fraction(1, len(authors) * len(a))
        for c in countries:
            works[c, w["publication_year"]].add(w["id"])
            if len(countries) > 1:
                intl[c, w["publication_year"]].add(w["id"])
    return frac, works, intl


def figure(out, entity, indicator, period):
    hits = [r for r in out.results if (r.entity, r.indicator, r.period) == (entity, indicator, period)]
    assert len(hits) == 1, (entity, indicator, period)
    return hits[0]


def test_the_ai_catalog_matches_its_schema_and_names_real_ids():
    data = yaml.safe_load((HERE / "ai-concepts.yml").read_text(encoding="utf-8"))
    schema = json.loads((HERE / "schemas" / "ai-concepts.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(data, schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({**data, "concepts": [{"id": "154945302", "name": "AI", "checked": "fixture"}]}, schema)
    # every id marked "fixture" is in the fixture records under the same name
    seen = {}
    for w in records():
        seen |= {c["id"].rsplit("/", 1)[1]: c["display_name"] for c in w.get("concepts") or []}
        for t in w.get("topics") or []:
            seen[t["subfield"]["id"].rsplit("/", 1)[1]] = t["subfield"]["display_name"]
    for term in data["concepts"] + data["subfields"]:
        if term["checked"] == "fixture":
            assert seen.get(term["id"]) == term["name"], term


def test_fractional_counts_match_an_exact_recount_of_the_records(oa):
    frac, works, intl = oracle()
    iso3 = {"ES": "ESP", "FR": "FRA", "GB": "GBR", "ID": "IDN", "IE": "IRL", "IL": "ISR", "IT": "ITA",
            "NO": "NOR", "RU": "RUS", "SE": "SWE", "US": "USA"}
    world = defaultdict(Fraction)
    for (_, year), v in frac.items():
        world[year] += v
    expected = set()
    for (c, year), v in frac.items():
        if c not in iso3:  # HR and SS are not in the catalog: they count in the world total only
            continue
        expected.add((iso3[c], year))
        assert figure(oa, iso3[c], "ai_publications_fractional", str(year)).value == pytest.approx(float(v), abs=1e-9)
        share = figure(oa, iso3[c], "ai_publications_world_share_pct", str(year)).value
        assert share == pytest.approx(float(100 * v / world[year]), abs=1e-9)
        r = figure(oa, iso3[c], "ai_publications_intl_coauthored_pct", str(year))
        assert r.value == pytest.approx(100 * len(intl[c, year]) / len(works[c, year]))
        assert r.records == len(works[c, year])
    assert {(r.entity, int(r.period)) for r in oa.results} == expected
    assert len(oa.results) == 3 * len(expected) == 66


def test_hand_checked_figures(oa):
    # W2911997761: six US authors -> 1; W2936368166: US, US, (none), GB+US, US -> US 3/4 + 1/8, GB 1/8
    assert figure(oa, "USA", "ai_publications_fractional", "2019").value == 1.875
    assert figure(oa, "GBR", "ai_publications_fractional", "2019").value == 0.125
    assert figure(oa, "GBR", "ai_publications_world_share_pct", "2019").value == 6.25
    assert figure(oa, "USA", "ai_publications_intl_coauthored_pct", "2019").value == 50.0
    intl = figure(oa, "USA", "ai_publications_intl_coauthored_pct", "2019").note
    assert "1 of the 2 AI works with an author in the United States (US) have authors in 2+ countries" in intl


def test_counts_and_what_was_left_out_are_reported(oa):
    assert oa.records == {"works": 73, "AI works": 26, "AI works with an authorship country": 18}
    assert oa.skipped == {"country-years outside the catalog": 2, "AI works without an authorship country": 8}


def test_the_snapshot_is_identified_by_its_manifest(oa):
    inp = oa.input
    assert inp.date == "2025-11-17" and inp.snapshot == "openalex-works-2025-11-17"
    assert inp.sha256 == hashlib.sha256((WORKS / "manifest").read_bytes()).hexdigest()
    assert inp.licence == "CC0-1.0"
    # the same snapshot is found from its root, its works/ prefix or its manifest
    for uri in (WORKS, WORKS / "manifest", f"file://{SNAPSHOT}"):
        assert reader.open_snapshot(str(uri)).manifest_sha256 == inp.sha256


def test_run_writes_once_with_provenance_and_a_rerun_changes_nothing(store, db_path):
    rep = run(NAME, store, input=str(SNAPSHOT))
    assert rep.written.new == 66
    before = dump(db_path)
    again = run(NAME, store, input=str(SNAPSHOT))
    assert (again.written.new, again.written.revised, again.written.unchanged) == (0, 0, 66)
    assert dump(db_path) == before
    f = store.figures(["USA"], ["ai_publications_fractional"], ["2019"])[0]
    assert f.source.id == "pipeline-openalex-ai-research"
    assert f.provenance.vintage == "openalex-works-2025-11-17 sha256:ce50494787ca"
    assert "computed from records by pipeline openalex-ai-research, version 1" in f.note
    assert "73 works" in f.note and "2 records went into this figure" in f.note


def test_dry_run_json_prints_one_record_per_figure_and_writes_nothing(cli, db_path):
    before = dump(db_path)
    res = cli("pipeline", "run", NAME, "--input", str(SNAPSHOT), "--dry-run", "--json")
    assert res.exit_code == 0, res.output
    out = json.loads(res.output)
    assert dump(db_path) == before
    assert len(out) == 66
    assert {"entity": "USA", "indicator": "ai_publications_fractional", "period": "2019", "value": 1.875}.items() \
        <= next(r for r in out if r["entity"] == "USA" and r["period"] == "2019"
                and r["indicator"] == "ai_publications_fractional").items()


def copy_snapshot(tmp_path: Path) -> Path:
    root = tmp_path / "oa"
    shutil.copytree(SNAPSHOT, root)
    return root


def rewrite_part(root: Path, edit, manifest_count: int | None = None) -> Path:
    """Rewrite the API part through ``edit(lines) -> lines`` and fix its manifest entry (size, and count if given)."""
    part = root / "works" / "updated_date=2025-11-17" / "part_000.gz"
    with gzip.open(part, "rt", encoding="utf-8") as f:
        lines = edit(f.read().splitlines())
    with gzip.open(part, "wt", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    manifest = json.loads((root / "works" / "manifest").read_text(encoding="utf-8"))
    entry = manifest["entries"][1]
    entry["meta"]["content_length"] = part.stat().st_size
    entry["meta"]["record_count"] = len([x for x in lines if x.strip()]) if manifest_count is None else manifest_count
    (root / "works" / "manifest").write_text(json.dumps(manifest), encoding="utf-8")
    return part


def truncate(n: int):
    def edit(lines):
        return [line[:200] if i in range(2, 2 + n) else line for i, line in enumerate(lines)]
    return edit


def recode(lines):  # one author's country becomes a code ISO 3166 does not have
    return [line.replace('"countries":["ID"]', '"countries":["QQ"]', 1) for line in lines]


BAD = {
    "malformed lines": (truncate(2), None, r"2 of 73 lines are not valid JSON \(2\.74%, above the 0\.1% threshold\): "
                                          r".*updated_date=2025-11-17/part_000\.gz:3, .*gz:4; nothing written"),
    "count differs from the manifest": (lambda lines: lines[:-1], 46, r"part_000\.gz: 45 non-blank lines, but the "
                                                                       r"manifest lists 46 records"),
    "unknown country code": (recode, None, r"authorships\[\]\.countries: unknown country code\(s\) 'QQ'; expected "
                                           r"ISO 3166-1 alpha-2"),
    "no AI works": (lambda lines: [line for line in lines if "C154945302" not in line and "subfields/1702" not in line],
                    None, r"gave no figures; nothing written"),
}


@pytest.mark.parametrize("case", list(BAD))
def test_bad_input_is_one_clear_line_and_nothing_written(case, cli, db_path, tmp_path):
    edit, count, message = BAD[case]
    root = copy_snapshot(tmp_path)
    rewrite_part(root, edit, count)
    before = dump(db_path)
    res = cli("pipeline", "run", NAME, "--input", str(root))
    assert res.exit_code == 1, res.output
    text = " ".join(res.output.split())
    assert res.output.count("\n") <= 2 and "Traceback" not in res.output
    assert re.search(message, text), text
    assert dump(db_path) == before


def test_malformed_lines_at_or_below_the_threshold_are_skipped_and_counted(tmp_path, monkeypatch):
    monkeypatch.setattr(reader, "MAX_MALFORMED_SHARE", 0.02)
    root = copy_snapshot(tmp_path)
    rewrite_part(root, truncate(1))
    out = compute(NAME, input=str(root))
    assert out.skipped["malformed lines skipped"] == 1
    assert out.records["works"] == 72


@pytest.mark.parametrize(
    ("layout", "message"),
    [
        ("nowhere", r"nowhere: no such file or directory \(expected an OpenAlex snapshot: works/manifest and"),
        ("no manifest", r"no works/manifest here"),
        ("partial", r"464 of 465 listed parts are missing under .* \(first: updated_date=2023-07-17/part_000\.gz\); "
                    r"a partial snapshot would undercount"),
        ("not a manifest", r"manifest: not an OpenAlex manifest \(expected JSON with entries\[\]\.url"),
        ("empty", r"the manifest lists no parts; nothing written"),
        ("no input", r"openalex-ai-research needs --input: an OpenAlex snapshot"),
    ],
)
def test_missing_partial_and_empty_snapshots_are_refused(layout, message, cli, db_path, tmp_path):
    root = copy_snapshot(tmp_path)
    manifest = root / "works" / "manifest"
    if layout == "no manifest":
        manifest.unlink()
    elif layout == "partial":
        shutil.copyfile(FIXTURE / "go-openalex-manifest", manifest)
    elif layout == "not a manifest":
        manifest.write_text('{"parts": []}', encoding="utf-8")
    elif layout == "empty":
        manifest.write_text('{"entries": [], "meta": {"content_length": 0, "record_count": 0}}', encoding="utf-8")
    args = [] if layout == "no input" else ["--input", str(tmp_path / "nowhere" if layout == "nowhere" else root)]
    before = dump(db_path)
    res = cli("pipeline", "run", NAME, *args)
    assert res.exit_code == 1, res.output
    assert re.search(message, " ".join(res.output.split())), res.output
    assert "Traceback" not in res.output
    assert dump(db_path) == before


def test_an_engine_that_is_not_known_is_refused():
    snap = reader.open_snapshot(str(SNAPSHOT))
    with pytest.raises(PipelineError, match="unknown engine 'polars'"):
        reader.load(object(), "polars", snap)


def test_the_fractional_count_unit_reads_in_japanese():
    from hubscope.figures.display import unit_label

    assert (unit_label("articles", "ja"), unit_label("articles", "en")) == ("本", "articles")
