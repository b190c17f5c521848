"""The page cache under attack (issue 19, item 10): unknown query parameters are refused and cannot
force a re-render, concurrent misses on one page render once."""

import asyncio
import threading

import pytest
from fastapi.testclient import TestClient

from hubscope.web import create_app
from hubscope.web.cache import Cache
from hubscope.web.middleware import PageCache
from hubscope.web.routers import pages


def http_only(handler):
    """An ASGI app answering HTTP with ``handler`` and the lifespan protocol with nothing."""

    async def app(scope, receive, send):
        if scope["type"] == "lifespan":
            while (await receive())["type"] != "lifespan.shutdown":
                await send({"type": "lifespan.startup.complete"})
            return await send({"type": "lifespan.shutdown.complete"})
        await handler(scope, receive, send)

    return app


@pytest.fixture
def counted(store, monkeypatch):
    """The app over ``store``, counting the pages its pages router renders, by template."""
    renders: dict[str, int] = {}
    real = pages.page

    def counting(request, template, *args, **kwargs):
        renders[template] = renders.get(template, 0) + 1
        return real(request, template, *args, **kwargs)

    monkeypatch.setattr(pages, "page", counting)
    return TestClient(create_app(store, check_every=0)), renders


@pytest.mark.parametrize("url", ["/?nc=1", "/report?nc=8d3f", "/entities/JPN?x=1", "/api/whoami?debug=1",
                                 "/compare?entitie=JPN", "/index?w_nc=3", "/policy?nc=1", "/sources?nc=1"])
def test_an_unknown_parameter_is_a_400_naming_it_and_what_the_page_takes(counted, url):
    client, renders = counted
    r = client.get(url)
    name = url.split("?")[1].split("=")[0]
    assert r.status_code == 400, (url, r.status_code)
    assert f"unknown parameter &#39;{name}&#39;" in r.text or f"unknown parameter '{name}'" in r.text
    assert "lang" in r.text  # the parameters the page does take are listed
    assert "Traceback" not in r.text
    assert set(renders) <= {"error.html"}  # the page itself was never rendered


def test_a_random_parameter_cannot_force_a_re_render(counted):
    client, renders = counted
    assert client.get("/report").status_code == 200
    for n in range(5):
        assert client.get(f"/report?nc={n}").status_code == 400
        assert client.get(f"/report?utm_source=mail{n}").status_code == 200  # tracking: the same page
    assert renders["report.html"] == 1


def test_the_index_takes_weights_of_its_own_pillars_only(counted):
    client, renders = counted
    assert client.get("/index?w_capital=30").status_code == 200
    r = client.get("/index?w_capital=30&w_zz=1")
    assert r.status_code == 400 and "w_zz" in r.text and "w_capital" in r.text
    assert renders["index.html"] == 1


def test_credentials_in_a_url_are_dropped_never_used(counted):
    client, _ = counted
    for name in ("token", "access_token", "api_key"):
        r = client.get(f"/api/whoami?{name}=s3cret")
        assert r.status_code == 200 and r.json() == {"name": None, "role": "reader"}


def test_the_cache_key_leaves_tracking_and_credentials_out(store):
    seen: list[bytes] = []

    async def app(scope, receive, send):
        seen.append(scope["query_string"])
        await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"text/plain")]})
        await send({"type": "http.response.body", "body": b"page"})

    client = TestClient(PageCache(app, Cache(store, check_every=0)))
    for q in ("lang=ja", "lang=ja&utm_source=a", "utm_medium=b&lang=ja&fbclid=c", "lang=ja&token=t"):
        assert client.get(f"/x?{q}").text == "page"
    assert seen == [b"lang=ja"]  # one render; the app never saw a dropped name


def test_concurrent_misses_on_one_page_render_once(store):
    renders = []

    async def slow_page(scope, receive, send):
        renders.append(scope["path"])
        await asyncio.sleep(0.3)  # long enough for every thread's request to arrive meanwhile
        await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"text/plain")]})
        await send({"type": "http.response.body", "body": f"render of {scope['path']}".encode()})

    start = threading.Barrier(8)
    bodies: list[str] = []
    with TestClient(PageCache(http_only(slow_page), Cache(store, check_every=0))) as client:

        def get(path):
            start.wait()
            bodies.append(client.get(path).text)

        threads = [threading.Thread(target=get, args=("/report" if n < 6 else "/other",)) for n in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(30)
    assert sorted(renders) == ["/other", "/report"]  # one render per page, not one per request
    assert len(bodies) == 8 and len(set(bodies)) == 2


def test_a_waiter_renders_itself_when_the_first_render_was_not_kept(store):
    renders = []

    async def failing_once(scope, receive, send):
        renders.append(1)
        await asyncio.sleep(0.2)
        status = 500 if len(renders) == 1 else 200
        await send({"type": "http.response.start", "status": status, "headers": []})
        await send({"type": "http.response.body", "body": str(status).encode()})

    start = threading.Barrier(3)
    codes: list[int] = []
    app = PageCache(http_only(failing_once), Cache(store, check_every=0))
    with TestClient(app, raise_server_exceptions=False) as client:

        def get():
            start.wait()
            codes.append(client.get("/p").status_code)

        threads = [threading.Thread(target=get) for _ in range(3)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(30)
    assert sorted(codes) == [200, 200, 500]  # an error is never handed to the others
    assert len(renders) == 3


@pytest.fixture
def counted_pages(store, monkeypatch):
    """The app over ``store`` (changes seen at once), counting entity pages by entity, and the home page."""
    renders: list[str] = []
    real = pages.page

    def counting(request, template, context, *args, **kwargs):
        if template in ("entity.html", "home.html"):
            renders.append(context["entity"] if template == "entity.html" else "home")
        return real(request, template, context, *args, **kwargs)

    monkeypatch.setattr(pages, "page", counting)
    return TestClient(create_app(store, check_every=0)), renders


def test_a_comment_drops_only_the_pages_it_touches(store, counted_pages):
    from hubscope.accounts import add_user
    from hubscope.contrib import add_comment

    client, renders = counted_pages
    for url in ("/entities/JPN", "/entities/USA", "/"):
        assert client.get(url).status_code == 200
    before = client.get("/entities/JPN").text
    assert renders == ["JPN", "USA", "home"]  # the second JPN came from the cache
    jpn = next(f for f in store.figures(entities=["JPN"]))
    alice = add_user(store, "alice", "contributor", "a long enough password 1")
    add_comment(store, alice, "observation", str(jpn.observation_id), "Is this the fiscal year?")
    for url in ("/entities/USA", "/", "/entities/JPN", "/entities/JPN"):
        assert client.get(url).status_code == 200
    assert renders == ["JPN", "USA", "home", "JPN"]  # JPN re-rendered once; USA and the home page still cached
    assert client.get("/entities/JPN").text == before  # the entity page does not list comments


def test_a_figure_change_drops_the_figure_pages_and_keeps_the_policy_page(store, counted, monkeypatch):
    from hubscope.model import Observation
    from hubscope.periods import Period
    from hubscope.provenance import Provenance, Source
    from hubscope.web.routers import policy

    client, renders = counted
    src = Source(id="cache-test", publisher="Test", title="A correction", url="https://example.org/t")

    def figure(year: int) -> None:
        store.record(Observation(entity="JPN", indicator="unicorn_count", period=Period.parse(str(year)),
                                 unit="companies", value=7, provenance=Provenance(source=src)), "test", "test")

    figure(1990)  # the source now exists: the next figure changes figures only
    policy_renders: list[str] = []
    real = policy.page
    monkeypatch.setattr(policy, "page", lambda rq, t, *a, **k: policy_renders.append(t) or real(rq, t, *a, **k))
    for url in ("/policy", "/entities/JPN", "/policy", "/entities/JPN"):
        assert client.get(url).status_code == 200
    figure(1991)
    for url in ("/policy", "/entities/JPN"):
        assert client.get(url).status_code == 200
    assert renders["entity.html"] == 2 and policy_renders == ["policy.html"]


def test_policy_load_by_another_process_shows_on_the_policy_page(db_path):
    """`hubscope policy load` while the server runs: a second Store on the same file writes."""
    import dataclasses

    from hubscope.policy import read_policies, record_policies
    from hubscope.store import Store

    serving, loading = Store(f"sqlite:///{db_path}"), Store(f"sqlite:///{db_path}")
    client = TestClient(create_app(serving, check_every=0))
    assert "Renamed by a policy load" not in client.get("/policy").text
    rec = next(r for r in read_policies() if r.jurisdiction == "JPN")
    v = serving.version()
    renamed = dataclasses.replace(rec, title_en="Renamed by a policy load", short="Renamed by a policy load")
    counts = record_policies(loading, [renamed], "cli", "test")
    assert counts["revised"] == 1 and serving.version() != v
    assert "Renamed by a policy load" in client.get("/policy").text
