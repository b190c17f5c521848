"""ECB connector: the real recorded SDMX-ML exchange-rate answer served over loopback HTTP."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest

from hubscope.connectors.ecb import ECB
from hubscope.errors import ConnectorError

XML = (Path(__file__).parent / "fixtures" / "ecb" / "M.USD.EUR.SP00.A.xml").read_bytes()


def serve(httpserver, tmp_path, body: bytes = XML) -> ECB:
    httpserver.expect_request("/service/data/EXR/M.USD.EUR.SP00.A").respond_with_data(body,
                                                                                      content_type="application/xml")
    return ECB(endpoint=httpserver.url_for("/service"), snapshot_root=tmp_path, sleep=lambda s: None)


def test_monthly_rates_inverted_match_the_raw_message(httpserver, tmp_path):
    c = serve(httpserver, tmp_path)
    recs = {r.observation.period.text: r for r in c.read(c.fetch())}
    # the raw observations, read with a regular expression, not with the code under test
    raw = dict(re.findall(rb'<generic:ObsDimension value="(\d{4}-\d\d)"/>\s*<generic:ObsValue value="([0-9.]+)"/>',
                          XML))
    assert len(raw) == len(recs) == 252
    for month, value in raw.items():
        assert recs[month.decode()].observation.value == float(1 / Decimal(value.decode()))
    jan = recs["1999-01"].observation
    assert raw[b"1999-01"] == b"1.16078" and jan.value == pytest.approx(0.861489, abs=1e-6)
    assert (jan.entity, jan.indicator, jan.unit) == ("EMU", "fx_lcu_per_usd", "EUR / USD")
    assert jan.provenance.method == "derived" and jan.provenance.vintage == "2020-01-16"  # the message's Prepared


@pytest.mark.parametrize(("body", "message"), [
    (XML[:3000], "not a readable SDMX-ML data message"),  # hand-written error case: the answer cut short
    (XML.replace(b'value="1.16078"', b'value="n/a"'), "not a readable SDMX-ML data message|is not a number"),
    # hand-written error case: a value that is not a number
])
def test_bad_payloads_write_nothing(httpserver, tmp_path, body, message):
    c = serve(httpserver, tmp_path, body)
    with pytest.raises(ConnectorError, match=message) as e:
        c.fetch()
    assert "\n" not in str(e.value) and str(e.value).startswith("ecb EXR.M.USD.EUR.SP00.A")
    assert list(tmp_path.iterdir()) == []  # the unreadable answer was not kept
