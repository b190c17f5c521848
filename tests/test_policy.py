"""The AI policy tracker: schema, bundled records, validation, comparison, history, CLI."""

from __future__ import annotations

import json
import re

import jsonschema
import pytest
import yaml

from hubscope import policy as pol
from hubscope.errors import PolicyError
from hubscope.policy.model import schema

from .conftest import dump

BUNDLED_DOC = yaml.safe_load(pol.BUNDLED.read_text(encoding="utf-8"))


def test_bundled_file_is_valid_against_the_catalog_schema():
    jsonschema.Draft202012Validator.check_schema(schema())
    jsonschema.validate(BUNDLED_DOC, schema())


def test_bundled_records_cover_ten_jurisdictions_with_a_source_for_every_value():
    recs = pol.read_policies()
    assert len({r.jurisdiction for r in recs}) >= 10
    assert {"JPN", "EU27", "CHN", "USA", "KOR", "GBR", "SGP", "CAN", "IND", "BRA"} <= {r.jurisdiction for r in recs}
    for r in recs:
        for vals in r.fields.values():
            for v in vals:
                assert v.source.url.startswith("http"), (r.id, v)
        for e in r.events:
            assert e.source.url.startswith("http"), (r.id, e)


def test_sources_that_disagree_are_both_kept_and_shown():
    recs = {r.id: r for r in pol.read_policies()}
    c = {x["what"]: x for x in recs["JPN-ai-promotion-act"].conflicts()}
    assert {v["value"] for v in c["passed"]["values"]} == {"2025-05-28", "2025-06-04"}
    fine = {x["what"]: x for x in recs["KOR-ai-basic-act"].conflicts()}["max_fine"]
    assert {v["source"] for v in fine["values"]} == {"dla-kr-act", "foley-kr-act"}
    assert "[dla-kr-act]" in recs["KOR-ai-basic-act"].value("max_fine")
    # same date from two sources is agreement, not a conflict
    assert "in_force (AI Strategy Headquarters and AI Basic Plan chapters)" not in c


def _write(tmp_path, mutate):
    doc = yaml.safe_load(pol.BUNDLED.read_text(encoding="utf-8"))
    mutate(doc)
    path = tmp_path / "policies.yml"
    path.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    return path


@pytest.mark.parametrize("mutate, expect", [
    (lambda d: d["records"][0]["fields"].__setitem__("colour", {"value": "x", "source": "aicerts-jp-act"}),
     r"record 'JPN-ai-promotion-act', field 'colour': unknown field"),
    (lambda d: d["records"][0]["events"].append({"event": "passed", "date": "2025-13-40", "source": "aicerts-jp-act"}),
     r"record 'JPN-ai-promotion-act', field 'events\[passed\]': date '2025-13-40' does not parse"),
    (lambda d: d["records"][0].__setitem__("jurisdiction", "Atlantis"),
     r"record 'JPN-ai-promotion-act', field 'jurisdiction': 'Atlantis' is not an entity"),
    (lambda d: d["records"][0]["fields"].__setitem__("copyright", {"value": "text-and-data mining allowed"}),
     r"record 'JPN-ai-promotion-act', field 'copyright': a value with no source"),
    (lambda d: d["records"][0]["fields"].__setitem__("status", {"value": "dormant", "source": "aicerts-jp-act"}),
     r"field 'status': 'dormant' is not one of"),
])
def test_bad_records_are_refused_naming_file_record_and_field(tmp_path, store, db_path, mutate, expect):
    path = _write(tmp_path, mutate)
    before = dump(db_path)
    with pytest.raises(PolicyError) as err:
        pol.record_policies(store, pol.read_policies(path, store.catalog), "test", "bad")
    assert "policies.yml" in str(err.value)
    assert re.search(expect, str(err.value)), str(err.value)
    assert dump(db_path) == before


def test_duplicate_ids_next_to_records_without_an_id_are_refused_not_a_traceback(tmp_path):
    # found by mypy: the duplicate check sorted the ids with None among them (a TypeError)
    def mutate(d):
        first = d["records"][0]
        nameless = {k: v for k, v in first.items() if k != "id"}
        d["records"] += [dict(first), nameless, dict(nameless)]
    with pytest.raises(PolicyError) as err:
        pol.read_policies(_write(tmp_path, mutate))
    assert "duplicate record id 'JPN-ai-promotion-act'" in str(err.value)
    assert "'id' is a required property" in str(err.value), str(err.value)


def test_init_stores_every_record_once_and_reloading_changes_nothing(store):
    recs = pol.policies(store)
    assert len(recs) == len(BUNDLED_DOC["records"])
    assert pol.record_policies(store, pol.read_policies(), "test", "again") == {
        "added": 0, "revised": 0, "unchanged": len(recs)}


def test_a_repeal_adds_a_revision_and_history_says_what_changed(tmp_path, store):
    def repeal(d):
        rec = next(r for r in d["records"] if r["id"] == "CAN-aida")
        rec["fields"]["status"] = {"value": "revoked", "source": "fasken-ca-aida"}
        rec["events"].append({"event": "repealed", "date": "2025-03-24", "source": "fasken-ca-aida"})
    counts = pol.record_policies(store, pol.read_policies(_write(tmp_path, repeal), store.catalog),
                                 "analyst", "test repeal")
    assert counts == {"added": 0, "revised": 1, "unchanged": len(BUNDLED_DOC["records"]) - 1}
    hist = pol.history(store, "CAN-aida")
    assert [h["number"] for h in hist] == [1, 2]
    assert hist[1]["reason"] == "test repeal" and hist[1]["author"] == "analyst"
    assert "status: lapsed → revoked" in hist[1]["changes"]
    assert any(c.startswith("event added: repealed 2025-03-24") for c in hist[1]["changes"])
    assert pol.policy(store, "CAN-aida").value("status") == "revoked"


def test_compare_picks_principal_instruments_and_lists_every_field(store):
    recs = pol.pick(pol.policies(store), ["JPN", "EU27", "CHN", "USA"])
    assert [r.id for r in recs] == ["JPN-ai-promotion-act", "EU27-ai-act", "CHN-genai-interim-measures",
                                    "USA-eo-14110"]
    m = pol.matrix(recs).set_index("field")
    assert len(m) == len(pol.fields()) + 2
    assert m.loc["Lead body head", "JPN: AI Promotion Act"] == "Prime Minister"
    assert m.loc["Status", "USA: EO 14110"] == "revoked"
    assert "EUR 35 million" in m.loc["Max fine", "EU27: AI Act"]
    every = pol.pick(pol.policies(store), ["JPN"], every=True)
    assert len(every) == 3


def test_timeline_is_chronological_and_flags_conflicts(store):
    tl = pol.timeline(pol.policies(store, ["EU27"]))
    assert list(tl["date"]) == sorted(tl["date"])
    flagged = tl[tl["conflict"]]
    assert set(flagged["date"]) == {"2024-08-01", "2024-08-02"}
    assert "2027-08-02" in set(tl["date"])


def test_cli_list_compare_show_timeline(cli):
    r = cli("policy", "list", "--json")
    assert r.exit_code == 0
    rows = json.loads(r.stdout)
    assert len({row["jurisdiction"] for row in rows}) >= 10
    r = cli("policy", "compare", "JPN", "EU", "China", "USA")
    assert r.exit_code == 0
    assert "Max fine" in r.stdout and "sources disagree" in r.stdout
    r = cli("policy", "compare", "JPN", "EU27", "--csv")
    assert r.stdout.splitlines()[0].startswith("field,JPN: AI Promotion Act,EU27: AI Act")
    r = cli("policy", "show", "KOR-ai-basic-act", "--json")
    doc = json.loads(r.stdout)
    assert doc["history"][0]["changes"] == ["created"] and doc["conflicts"]
    r = cli("policy", "show", "KOR-ai-basic-act")
    assert "sources disagree on max_fine" in r.stdout and "revision 1" in r.stdout
    r = cli("policy", "timeline", "JPN", "--csv")
    assert "2025-05-28" in r.stdout
    r = cli("policy", "show", "JPN-ai-promotion")
    assert r.exit_code == 1


def test_cli_load_refuses_bad_input_and_exits_non_zero(cli, tmp_path, db_path):
    path = tmp_path / "bad.yml"
    path.write_text("sources: {}\nrecords:\n  - {id: X, jurisdiction: JPN, title_en: X, "
                    "fields: {status: {value: in_force}}, events: []}\n", encoding="utf-8")
    before = dump(db_path)
    r = cli("policy", "load", str(path))
    assert r.exit_code == 1
    assert "bad.yml, record 'X', field 'status': a value with no source" in r.stderr
    assert dump(db_path) == before
