"""Heavy work off the event loop: while checks run, the rest of the site answers (issue 19, item 1)."""

import threading
import urllib.error
import urllib.parse
import urllib.request

import pytest

from hubscope.claims import check, from_text
from hubscope.web import create_app, work
from hubscope.web.routers import pages

from .live import live


@pytest.fixture
def blocked_checks(monkeypatch):
    """The checker replaced by one that waits until released: a check as long as the test wants."""
    started, release = threading.Semaphore(0), threading.Event()
    real = pages.check_claims

    def slow(store, doc, **kw):
        started.release()
        release.wait(30)
        return real(store, doc, **kw)

    monkeypatch.setattr(pages, "check_claims", slow)
    yield started, release
    release.set()


def _get(url: str, data: dict | None = None, timeout: float = 10) -> tuple[int, dict, str]:
    body = urllib.parse.urlencode(data).encode() if data is not None else None
    try:
        with urllib.request.urlopen(urllib.request.Request(url, data=body), timeout=timeout) as r:
            return r.status, {k.lower(): v for k, v in r.headers.items()}, r.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, {k.lower(): v for k, v in e.headers.items()}, e.read().decode()


def _post(url, text, out, i):
    out[i] = _get(url + "/check", {"text": text}, timeout=60)


def test_the_site_answers_while_checks_run_and_a_third_check_is_told_to_wait(store, blocked_checks):
    started, release = blocked_checks
    with live(create_app(store, check_every=0)) as url:
        results: dict[int, tuple] = {}
        threads = [threading.Thread(target=_post, args=(url, "Japan spent 3.4% of GDP on R&D.", results, i))
                   for i in range(work.SLOTS)]
        for t in threads:
            t.start()
        for _ in threads:
            assert started.acquire(timeout=30)  # every slot is now held by a running check
        # the event loop is free: pages and the API answer while both checks are still running
        assert _get(url + "/")[0] == 200
        assert _get(url + "/api/whoami")[0] in (200, 401)
        status, headers, _ = _get(url + "/check", {"text": "3.4%"})
        assert status == 503 and "retry-after" in headers
        release.set()
        for t in threads:
            t.join(60)
    assert [r[0] for r in results.values()] == [200] * work.SLOTS
    assert all("3.4%" in r[2] for r in results.values())


def test_the_checker_stops_at_its_budget_and_says_how_many_it_left(store):
    report = check(store, from_text("Japan: 3.4% in 2022. " * 20), max_claims=5)
    assert len(report.verdicts) == 5 and report.not_checked == 15
    assert report.to_dict()["summary"]["not_checked"] == 15


def test_the_web_page_says_when_it_checked_only_part_of_a_text(store, monkeypatch):
    from fastapi.testclient import TestClient

    monkeypatch.setattr(pages, "MAX_CLAIMS", 3)
    r = TestClient(create_app(store, check_every=0)).post("/check", data={"text": "Japan: 3.4% in 2022. " * 6})
    assert r.status_code == 200
    assert "Only the first 3 claims were checked; 3 more were not" in r.text
