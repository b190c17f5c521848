"""Plain ASGI middleware for every response: security headers, and the shared page cache.

Written against ASGI directly rather than as ``@app.middleware("http")`` functions: those wrap each
request in extra tasks and stream copies, which showed up in the load test's tail latency."""

from __future__ import annotations

from http.cookies import SimpleCookie

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


class Headers:
    """Adds the security headers to every response."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        security = EMBED if scope["path"].startswith("/embed/") else SECURITY

        async def with_headers(message):
            if message["type"] == "http.response.start":
                message["headers"] = [h for h in message.get("headers", []) if h[0] not in dict(SECURITY)] + security
            await send(message)

        await self.app(scope, receive, with_headers)


class PageCache:
    """GET responses kept until the store changes: pages must not recompute per hit. Requests
    with a session (signed in, or holding a sign-in form's CSRF token) or a token bypass it."""

    def __init__(self, app, cache):
        self.app, self.cache = app, cache

    async def __call__(self, scope, receive, send):
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
        hit = self.cache.get(key)
        if hit is not None:
            status, head, body = hit
            await send({"type": "http.response.start", "status": status, "headers": head})
            await send({"type": "http.response.body", "body": body})
            return
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
