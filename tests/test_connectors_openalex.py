"""OpenAlex connector: group_by answers followed through their cursor, over loopback HTTP.

Only one real group_by answer is recorded (group_by=type); the country answers below are
hand-written and marked: no recorded group_by=authorships.countries answer exists.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from werkzeug import Request, Response

from hubscope.connectors.openalex import OpenAlex
from hubscope.errors import ConnectorError

CASSETTE = Path(__file__).parent / "fixtures" / "openalex" / "pro_request_biodiversity_and_group_by_type.yml"
RECORDED = yaml.safe_load(CASSETTE.read_text(encoding="utf-8"))["http_interactions"][0]["response"]["body"]["string"]
# hand-written error case: the page after the recorded one's cursor, with no groups left
LAST = json.dumps({"meta": {"count": 145616, "per_page": 200, "next_cursor": None, "groups_count": 0},
                   "group_by": []})


def serve(httpserver, first: str, seen: list) -> OpenAlex:
    def handle(request: Request) -> Response:
        seen.append(request.args.to_dict())
        return Response(first if request.args.get("cursor") == "*" else LAST, content_type="application/json")
    httpserver.expect_request("/works").respond_with_handler(handle)
    return OpenAlex(endpoint=httpserver.url_for(""), sleep=lambda s: None)


def test_the_recorded_group_by_answer_is_paged_by_its_cursor_and_a_non_country_key_is_refused(httpserver, tmp_path):
    seen: list = []
    c = serve(httpserver, RECORDED, seen)
    c.snapshot_root = tmp_path / "s"
    with pytest.raises(ConnectorError, match=r"^openalex ai_works 2015/page-1.json group 1: unknown country code "
                                             r"'ARTICLE'; nothing written$"):
        c.fetch()
    assert not (tmp_path / "s").exists() or list((tmp_path / "s").iterdir()) == []
    # every year asked once with cursor=* and once with the recorded answer's next_cursor
    cursor = json.loads(RECORDED)["meta"]["next_cursor"]
    assert [s["cursor"] for s in seen] == ["*", cursor] * 10
    assert {s["group_by"] for s in seen} == {"authorships.countries"}
    assert seen[0]["filter"] == "concepts.id:C154945302,publication_year:2015"


def test_country_counts_per_year(httpserver, tmp_path):
    # hand-written: a group_by=authorships.countries page in the recorded answer's shape
    page = json.dumps({"meta": {"count": 3, "per_page": 200, "next_cursor": "x", "groups_count": 3}, "group_by": [
        {"key": "https://openalex.org/countries/JP", "key_display_name": "Japan", "count": 1200},
        {"key": "https://openalex.org/countries/US", "key_display_name": "United States", "count": 9000},
        {"key": "unknown", "key_display_name": "unknown", "count": 50}]})
    c = serve(httpserver, page, [])
    c.snapshot_root = tmp_path
    snap = c.fetch()
    got = {(r.observation.entity, r.observation.period.text): r.observation for r in c.read(snap)}
    assert len(snap.files) == 20 and len(got) == 20
    jp = got[("JPN", "2020")]
    assert (jp.value, jp.unit, jp.indicator) == (1200.0, "articles", "ai_works_openalex")
    assert jp.provenance.source.licence == "CC0-1.0" and "publication_year%3A2020" not in jp.provenance.source.url
    assert "publication_year:2020" in jp.provenance.source.url


@pytest.mark.parametrize(("body", "message"), [
    (RECORDED[:200], "truncated or malformed JSON"),  # hand-written error case: the answer cut short
    ('{"meta": {}, "results": []}', r"changed schema \(expected meta and a group_by list\)"),  # hand-written
    # hand-written error case: an error answer
    ('{"error": "Invalid query parameters error.", "message": "bad filter"}', "the API answered with an error: bad"),
])
def test_bad_answers_write_nothing(httpserver, tmp_path, body, message):
    c = serve(httpserver, body, [])
    c.snapshot_root = tmp_path / "s"
    with pytest.raises(ConnectorError, match=r"^openalex ai_works 2015 page 1: " + message) as e:
        c.fetch()
    assert "\n" not in str(e.value) and not (tmp_path / "s").exists()


def test_estat_says_in_one_line_what_it_needs(store, monkeypatch):
    from typer.testing import CliRunner

    from hubscope.cli import app

    monkeypatch.delenv("ESTAT_APP_ID", raising=False)
    r = CliRunner().invoke(app, ["update", "estat", "--dry-run", "--db", store.url])
    assert r.exit_code == 1
    assert r.output.strip() == "error: estat: set ESTAT_APP_ID to an e-Stat application id (free, " \
        "https://www.e-stat.go.jp/api/) to fetch; nothing written"
    monkeypatch.setenv("ESTAT_APP_ID", "x")
    r = CliRunner().invoke(app, ["update", "estat", "--dry-run", "--db", store.url])
    assert r.exit_code == 1 and "no e-Stat table is mapped yet" in r.output
