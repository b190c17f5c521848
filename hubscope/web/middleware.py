"""Plain ASGI middleware for every response: security headers, and the shared page cache.

Written against ASGI directly rather than as ``@app.middleware("http")`` functions: those wrap each
request in extra tasks and stream copies, which showed up in the load test's tail latency."""

from __future__ import annotations

import asyncio
from http.cookies import SimpleCookie

from .params import cache_query

CSP = (
    "default-src 'self'; script-src 'self' 'unsafe-eval'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)
# Vega compiles chart expressions with Function(): script-src needs 'unsafe-eval'; inline
# scripts stay forbidden, so injected markup cannot run.
SECURITY = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
]
# /embed pages exist to be framed by other sites; every other page keeps refusing frames.
EMBED_CSP = CSP.replace("frame-ancestors 'none'", "frame-ancestors *")
EMBED = [(b"content-security-policy", EMBED_CSP.encode()), *SECURITY[1:]]
UNCACHED = ("/static", "/api/export")
PLAIN = (b"content-type", b"text/plain; charset=utf-8")


class Headers:
    """Adds the security headers to every response."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        security = EMBED if scope["path"].startswith("/embed/") else SECURITY
        started = False

        async def with_headers(message):
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                message["headers"] = [h for h in message.get("headers", []) if h[0] not in dict(SECURITY)] + security
            await send(message)

        try:
            await self.app(scope, receive, with_headers)
        except Exception:
            # Starlette's own 500 is sent from outside every middleware, without these headers:
            # answer here, then re-raise so the server still logs the traceback.
            if not started:
                await with_headers({"type": "http.response.start", "status": 500, "headers": [PLAIN]})
                await send({"type": "http.response.body", "body": b"Internal Server Error"})
            raise


class Head:
    """HEAD answered as GET without the body, on every GET route (routes declare GET only, and
    answered HEAD with 405). The page cache serves HEAD from the same entries."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope["method"] != "HEAD":
            return await self.app(scope, receive, send)

        async def no_body(message):
            if message["type"] == "http.response.body":
                if message.get("more_body"):
                    return  # only the last (empty) body message goes out
                message = {"type": "http.response.body", "body": b""}
            await send(message)

        await self.app({**scope, "method": "GET"}, receive, no_body)


class PageCache:
    """GET responses kept until the store changes: pages must not recompute per hit. Requests
    with a session (signed in, or holding a sign-in form's CSRF token) or a token bypass it.

    Concurrent misses on one page are coalesced: after a write, the first request renders it and
    the others wait for that render instead of each rendering the same page at once."""

    def __init__(self, app, cache):
        self.app, self.cache = app, cache
        self._rendering: dict[tuple, asyncio.Event] = {}

    async def __call__(self, scope, receive, send):
        if scope["type"] == "http" and scope["method"] in ("GET", "HEAD"):
            # tracking parameters (utm_*, fbclid) and credentials in URLs never reach a route or a key
            scope = {**scope, "query_string": cache_query(scope.get("query_string", b""))}
        headers = dict(scope.get("headers", [])) if scope["type"] == "http" else {}
        if (
            scope["type"] != "http"
            or scope["method"] != "GET"
            or scope["path"].startswith(UNCACHED)
            or scope.get("session")
            or b"authorization" in headers
        ):
            return await self.app(scope, receive, send)
        cookies = SimpleCookie(headers.get(b"cookie", b"").decode("latin-1"))
        key = (scope["path"], scope.get("query_string", b""), cookies["lang"].value if "lang" in cookies else "")
        self.cache.refresh()
        busy = self._rendering.get(key)
        if busy is not None:
            await busy.wait()  # another request is rendering this page: use its result
        hit = self.cache.get(key)
        if hit is not None:
            status, head, body = hit
            await send({"type": "http.response.start", "status": status, "headers": head})
            await send({"type": "http.response.body", "body": body})
            return
        if busy is not None:  # the render we waited for was not kept (an error page): answer on our own
            return await self._render(key, scope, receive, send)
        self._rendering[key] = done = asyncio.Event()
        try:
            await self._render(key, scope, receive, send)
        finally:
            del self._rendering[key]
            done.set()

    async def _render(self, key, scope, receive, send):
        start, chunks = {}, []

        async def keep(message):
            if message["type"] == "http.response.start":
                start.update(message)
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))
                if (
                    not message.get("more_body")
                    and start.get("status") == 200
                    and not scope.get("session")
                    and not any(k == b"set-cookie" for k, _ in start.get("headers", []))
                ):
                    self.cache.put(key, (200, list(start["headers"]), b"".join(chunks)))
            await send(message)

        await self.app(scope, receive, keep)
