"""IMF connector: the real recorded SDMX 3.0 JSON answer served over loopback HTTP."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from hubscope.connectors.imf import IMF
from hubscope.errors import ConnectorError

FIX = Path(__file__).parent / "fixtures" / "imf"
APD = json.loads((FIX / "a0f09ba9d30d31375eb9c7d945d7f21f452cf87576703c0b811b7cf1f63ab410.json").read_text())
EMPTY = json.loads((FIX / "7f5e249231e5f83f419e04a79d3ede949cef65fa08bfb2aaf33a6ffe275d4cab.json").read_text())
PATH = "/external/sdmx/3.0/data/dataflow/IMF.APD/APDREO/+/*.*.*"
QUERY = {"dimensionAtObservation": "TIME_PERIOD", "attributes": "dsd", "measures": "all"}


def serve(httpserver, body: str | bytes = APD["text"], status: int = 200) -> IMF:
    httpserver.expect_request(PATH, query_string=QUERY).respond_with_data(body, status=status,
                                                                          content_type="application/json")
    return IMF(endpoint=httpserver.url_for("/external/sdmx/3.0"), sleep=lambda s: None)


def raw_jpn_growth() -> dict[str, str]:
    """JPN NGDP_RPCH straight from the recorded message, by position as SDMX-JSON 2.0 defines it."""
    msg = json.loads(APD["text"])
    dims = msg["data"]["structures"][0]["dimensions"]
    country = [v["id"] for v in dims["series"][0]["values"]].index("JPN")
    indicator = [v["id"] for v in dims["series"][1]["values"]].index("NGDP_RPCH")
    years = [v["value"] for v in dims["observation"][0]["values"]]
    obs = msg["data"]["dataSets"][0]["series"][f"{country}:{indicator}:0"]["observations"]
    return {years[int(i)]: v[0] for i, v in obs.items()}


def test_real_gdp_growth_matches_the_raw_message(httpserver, tmp_path):
    c = serve(httpserver)
    c.snapshot_root = tmp_path
    snap = c.fetch()
    assert snap.read_bytes("APDREO/*.*.*/data.json") == APD["text"].encode()
    recs = {(r.observation.entity, r.observation.period.text): r for r in c.read(snap)}
    raw = raw_jpn_growth()
    assert len(raw) == 41
    for year, value in raw.items():
        assert recs[("JPN", year)].observation.value == float(value)
    assert recs[("JPN", "2023")].observation.value == 1.24507652425563  # the raw string "1.24507652425563"
    this_year = int(snap.retrieved[:4])
    assert recs[("JPN", "2024")].observation.provenance.method == ("projection" if this_year <= 2024 else "reported")
    assert recs[("JPN", "2030")].observation.provenance.method == "projection"
    assert {i for (_, _), r in recs.items() for i in [r.observation.indicator]} == {"gdp_real_growth_pct"}
    # only catalog economies: the message's Pacific islands (FJI, TUV...) are real but left out
    assert ("FJI", "2023") not in recs and ("KOR", "2023") in recs and ("TWN", "2023") not in recs


def test_the_real_no_content_answer_is_a_one_line_error(httpserver, tmp_path):
    assert EMPTY["status_code"] == 204 and EMPTY["text"] == ""
    c = serve(httpserver, EMPTY["text"], EMPTY["status_code"])
    c.snapshot_root = tmp_path
    with pytest.raises(ConnectorError,
                       match=r"imf APDREO.NGDP_RPCH APDREO/\*.\*.\*/data.json: the API answered with no content"):
        c.fetch()
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(("body", "message"), [
    (APD["text"][:5000], "truncated or malformed JSON"),  # hand-written error case: the body cut short
    ('{"data": {"dataSets": []}}', "changed schema"),  # hand-written error case
])
def test_bad_payloads_write_nothing(httpserver, tmp_path, body, message):
    c = serve(httpserver, body)
    c.snapshot_root = tmp_path
    with pytest.raises(ConnectorError, match=message) as e:
        c.fetch()
    assert "\n" not in str(e.value) and list(tmp_path.iterdir()) == []


def test_unknown_country_code_names_the_series(httpserver, tmp_path):
    msg = json.loads(APD["text"])
    msg["data"]["structures"][0]["dimensions"]["series"][0]["values"][10]["id"] = "QQQ"  # hand-written: JPN renamed
    c = serve(httpserver, json.dumps(msg))
    c.snapshot_root = tmp_path
    with pytest.raises(ConnectorError, match=r"imf APDREO.NGDP_RPCH APDREO/\*\.\*\.\*/data.json series 10:\d+:0: "
                                             r"unknown country code 'QQQ'"):
        c.fetch()
    assert list(tmp_path.iterdir()) == []
