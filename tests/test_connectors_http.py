"""The connectors' HTTP layer over loopback: the cache's 304 path, Retry-After, timeouts, a missing page."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from werkzeug import Request, Response

from hubscope.connectors import http
from hubscope.connectors.datapackage import DataPackage
from hubscope.connectors.wdi import WDI
from hubscope.errors import ConnectorError

FIXTURES = Path(__file__).parent / "fixtures"
PAGE1 = (FIXTURES / "worldbank" / "jpn-usa-gdp-2018-2019-page1.json").read_bytes()  # real: page 1 of 2


def conditional(body: bytes, seen: list, etag: str | None = '"v1"', modified: str | None = None):
    """A handler that answers 304 to a request carrying the validator it gave, and 200 otherwise."""
    def handle(request: Request) -> Response:
        seen.append(dict(request.headers))
        if (etag and request.headers.get("If-None-Match") == etag) or (
                modified and request.headers.get("If-Modified-Since") == modified):
            return Response(status=304, headers={"ETag": etag} if etag else {})
        headers = {**({"ETag": etag} if etag else {}), **({"Last-Modified": modified} if modified else {})}
        return Response(body, status=200, headers=headers, content_type="application/json")
    return handle


@pytest.mark.parametrize(("etag", "modified", "sent"), [
    ('"v1"', None, ("If-None-Match", '"v1"')),
    (None, "Wed, 25 Nov 2026 10:00:00 GMT", ("If-Modified-Since", "Wed, 25 Nov 2026 10:00:00 GMT")),
])
def test_a_304_reuses_the_cached_body_and_says_so(httpserver, tmp_path, etag, modified, sent):
    seen: list = []
    httpserver.expect_request("/p").respond_with_handler(conditional(PAGE1, seen, etag, modified))
    url = httpserver.url_for("/p")
    first = http.fetch(url, "t", cache=tmp_path)
    second = http.fetch(url, "t", cache=tmp_path)
    assert (first.how, second.how) == ("fetched", "revalidated")
    assert second.body == first.body == PAGE1
    assert sent[0] not in seen[0] and seen[1][sent[0]] == sent[1]  # the server was asked, and said 304
    assert (tmp_path / "http.sqlite").is_file()  # kept on disk: a new session finds it
    http.session.cache_clear()
    assert http.fetch(url, "t", cache=tmp_path).how == "revalidated"


def test_an_answer_without_validators_is_never_reused(httpserver, tmp_path):
    bodies = iter([b"first", b"second"])
    httpserver.expect_request("/p").respond_with_handler(lambda r: Response(next(bodies)))
    url = httpserver.url_for("/p")
    assert [http.fetch(url, "t", cache=tmp_path).body for _ in range(2)] == [b"first", b"second"]


def test_retry_after_is_honoured_then_backoff_doubles(httpserver, tmp_path):
    answers = iter([Response(status=503, headers={"Retry-After": "7"}), Response(status=429), Response(b"ok")])
    httpserver.expect_request("/p").respond_with_handler(lambda r: next(answers))
    waits: list[float] = []
    got = http.fetch(httpserver.url_for("/p"), "t", sleep=waits.append, cache=tmp_path)
    # the server's 7 seconds, then the backoff of the second attempt (1 s doubled) where it gave none
    assert got.body == b"ok" and waits == [7.0, 2.0]


def test_retries_run_out_with_one_line_error(httpserver, tmp_path):
    httpserver.expect_request("/p").respond_with_data("busy", status=503, headers={"Retry-After": "1"})
    waits: list[float] = []
    with pytest.raises(ConnectorError, match=r"^wdi X page 1: HTTP 503 for http://.*/p; nothing written$"):
        http.fetch(httpserver.url_for("/p"), "wdi X page 1", sleep=waits.append, cache=tmp_path)
    assert waits == [1.0, 1.0, 1.0]  # three retries, each waiting what the server asked


def test_a_read_timeout_is_a_network_error(httpserver, tmp_path):
    def slow(request):
        time.sleep(0.5)
        return Response(b"late")
    httpserver.expect_request("/p").respond_with_handler(slow)
    with pytest.raises(ConnectorError, match=r"^t: network error \(ReadTimeout\) for http://"):
        http.fetch(httpserver.url_for("/p"), "t", timeout=(1.0, 0.05), retries=0, cache=tmp_path)


def _page2(rows: int, page: int = 2) -> bytes:
    """Hand-written error case: page 2 made from the real page 1, with its header's page and some rows."""
    header, data = json.loads(PAGE1)
    return json.dumps([{**header, "page": page}, data[:rows]]).encode()


@pytest.mark.parametrize(("page2", "message"), [
    (None, r"^wdi NY.GDP.MKTP.CD page 2: HTTP 404 for .*page=2; nothing written$"),
    (_page2(1), r"^wdi NY.GDP.MKTP.CD: 3 rows in 2 pages, the API said 4; nothing written$"),
    (_page2(2, page=1), r"^wdi NY.GDP.MKTP.CD page 2: the API answered page 1; nothing written$"),
])
def test_a_missing_or_short_page_writes_nothing(httpserver, tmp_path, page2, message):
    def pages(request: Request) -> Response:
        if request.args.get("page") == "1":
            return Response(PAGE1, content_type="application/json")
        if page2 is None:
            return Response(b"not found", status=404)  # page 2 of 2 is missing
        return Response(page2, content_type="application/json")
    httpserver.expect_request("/v2/country/JPN;USA/indicator/NY.GDP.MKTP.CD").respond_with_handler(pages)
    c = WDI(endpoint=httpserver.url_for("/v2"), countries=("JPN", "USA"), series=("NY.GDP.MKTP.CD",),
            snapshot_root=tmp_path / "snapshots", sleep=lambda s: None)
    with pytest.raises(ConnectorError, match=message):
        c.fetch()
    assert not (tmp_path / "snapshots").exists()


def test_all_pages_are_kept(httpserver, tmp_path):
    def pages(request: Request) -> Response:
        return Response(PAGE1 if request.args.get("page") == "1" else _page2(2), content_type="application/json")
    httpserver.expect_request("/v2/country/JPN;USA/indicator/NY.GDP.MKTP.CD").respond_with_handler(pages)
    c = WDI(endpoint=httpserver.url_for("/v2"), countries=("JPN", "USA"), series=("NY.GDP.MKTP.CD",),
            snapshot_root=tmp_path / "snapshots", sleep=lambda s: None)
    snap = c.fetch()
    assert [f.path for f in snap.files] == ["NY.GDP.MKTP.CD/page-1.json", "NY.GDP.MKTP.CD/page-2.json"]
    assert [a["how"] for a in snap.meta["http"]] == ["fetched", "fetched"]


def test_a_snapshot_records_how_each_answer_was_got(httpserver, tmp_path):
    pkg = FIXTURES / "datapackage-fred-fx"
    seen: list = []
    httpserver.expect_request("/pkg/datapackage.json").respond_with_handler(
        conditional((pkg / "datapackage.json").read_bytes(), seen, '"d1"'))
    httpserver.expect_request("/pkg/data/annual.csv").respond_with_handler(
        conditional((pkg / "data" / "annual.csv").read_bytes(), seen, '"a1"'))
    url = httpserver.url_for("/pkg/datapackage.json")
    first = DataPackage(package=url, snapshot_root=tmp_path / "s1").fetch()
    again = DataPackage(package=url, snapshot_root=tmp_path / "s2").fetch()
    assert [a["how"] for a in first.meta["http"]] == ["fetched", "fetched"]
    assert [a["how"] for a in again.meta["http"]] == ["revalidated", "revalidated"]
    assert again.id == first.id  # same bytes, same snapshot id
    assert json.loads((tmp_path / "s2" / again.id / "snapshot.json").read_text())["http"][1]["url"].endswith(
        "/pkg/data/annual.csv")
    kept = DataPackage(package=url, snapshot_root=tmp_path / "s1")
    assert kept.fetch().meta["http"][0]["how"] == "fetched"  # the kept snapshot is not rewritten...
    assert [a.how for a in kept.fetched] == ["revalidated", "revalidated"]  # ...the connector still says so


def test_update_says_how_many_answers_the_cache_reused(httpserver, store, tmp_path, monkeypatch):
    from hubscope.connectors.update import update

    monkeypatch.setenv("HUBSCOPE_SNAPSHOTS", str(tmp_path / "s"))
    pkg = FIXTURES / "datapackage-fred-fx"
    seen: list = []
    for name, path in (("datapackage.json", "datapackage.json"), ("data/annual.csv", "data/annual.csv")):
        httpserver.expect_request(f"/pkg/{name}").respond_with_handler(
            conditional((pkg / path).read_bytes(), seen, f'"{name}"'))
    url = httpserver.url_for("/pkg/datapackage.json")
    assert update(store, "datapackage", dry_run=True, package=url).summary()["http_304"] == 0
    again = update(store, "datapackage", dry_run=True, package=url).summary()
    assert again["http_304"] == 2 and again["new"] == 380
