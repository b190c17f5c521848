"""The web observatory: an app factory that builds the app and includes one router per resource."""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.staticfiles import StaticFiles
from starlette.middleware.sessions import SessionMiddleware

from .. import __version__
from ..accounts.secret import session_secret
from ..errors import Busy, Forbidden, HubscopeError, InvalidOption, NotSignedIn, RateLimited, StaleEdit, UnknownName
from ..store import Store
from .cache import Cache
from .middleware import Headers, PageCache
from .respond import page

HERE = Path(str(resources.files("hubscope.web")))
VEGA = Path(str(resources.files("hubscope.report"))) / "static"


def create_app(store: Store | None = None, check_every: float = 1.0) -> FastAPI:
    """Build the app over ``store`` (default: ``HUBSCOPE_DB`` or the data dir). Cached pages are
    dropped when the store changes, checked at most every ``check_every`` seconds."""
    from .routers import api, browse, contrib_api, contrib_pages, indicator, pages, policy, report_pdf

    app = FastAPI(
        title="hubscope",
        version=__version__,
        docs_url=None,
        redoc_url=None,
        description="Japan as an international AI hub: sourced indicators, comparisons, "
        "an index with rank intervals, a living report and a claim checker.",
    )
    app.state.store = store or Store()
    app.state.cache = Cache(app.state.store, check_every=check_every)
    app.mount("/static/vega", StaticFiles(directory=VEGA), name="vega")
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    # The API first: routes are matched in order, and API clients make most of the requests.
    app.include_router(api.router)
    app.include_router(contrib_api.router)
    app.include_router(browse.router)
    app.include_router(report_pdf.router)
    app.include_router(indicator.router)
    app.include_router(pages.router)
    app.include_router(policy.router)
    app.include_router(contrib_pages.router)

    @app.get("/docs", include_in_schema=False)
    def docs(request: Request):
        """The API reference, drawn from the OpenAPI document (no CDN, so no Swagger UI)."""
        spec = app.openapi()
        paths = [
            {
                "path": p,
                "method": m.upper(),
                "summary": op.get("summary", ""),
                "description": op.get("description", ""),
                "params": [
                    (x["name"], x.get("in"), x.get("description", ""), x.get("schema", {}))
                    for x in op.get("parameters", [])
                ],
            }
            for p, ops in spec["paths"].items()
            for m, op in ops.items()
        ]
        return page(request, "docs.html", {"title": "API", "paths": paths})

    @app.exception_handler(UnknownName)
    async def not_found(request: Request, exc: UnknownName):
        return page(
            request, "error.html", {"title": "Not found", "message": str(exc), "suggestion": exc.suggestion}, status=404
        )

    @app.exception_handler(RequestValidationError)
    async def bad_query(request: Request, exc: RequestValidationError):
        problems = "; ".join(f"{'.'.join(str(p) for p in e['loc'][1:])}: {e['msg']}" for e in exc.errors())
        return page(
            request, "error.html", {"title": "Bad request", "message": problems, "suggestion": None}, status=422
        )

    @app.exception_handler(InvalidOption)
    async def bad_option(request: Request, exc: InvalidOption):
        """A parameter the page does not take, or a value (an id, a choice) it does not know: 400."""
        return page(
            request, "error.html", {"title": "Bad request", "message": str(exc), "suggestion": None}, status=400
        )

    @app.exception_handler(NotSignedIn)
    async def not_signed_in(request: Request, exc: NotSignedIn):
        return page(
            request,
            "error.html",
            {"title": "Sign in needed", "message": str(exc), "suggestion": None, "login": True},
            status=401,
        )

    @app.exception_handler(Forbidden)
    async def forbidden(request: Request, exc: Forbidden):
        return page(
            request, "error.html", {"title": "Not allowed", "message": str(exc), "suggestion": None}, status=403
        )

    @app.exception_handler(Busy)
    async def busy(request: Request, exc: Busy):
        response = page(request, "error.html", {"title": "Busy", "message": str(exc), "suggestion": None}, status=503)
        response.headers["Retry-After"] = str(exc.retry_after)
        return response

    @app.exception_handler(RateLimited)
    async def rate_limited(request: Request, exc: RateLimited):
        response = page(
            request, "error.html", {"title": "Too many attempts", "message": str(exc), "suggestion": None}, status=429
        )
        response.headers["Retry-After"] = str(exc.retry_after)
        return response

    @app.exception_handler(StaleEdit)
    async def stale(request: Request, exc: StaleEdit):
        return page(
            request,
            "error.html",
            {"title": "Changed meanwhile", "message": str(exc), "suggestion": None, "current": exc.current},
            status=409,
        )

    @app.exception_handler(HubscopeError)
    async def hubscope_error(request: Request, exc: HubscopeError):
        return page(
            request, "error.html", {"title": "Cannot do that", "message": str(exc), "suggestion": None}, status=400
        )

    app.add_middleware(PageCache, cache=app.state.cache)
    app.state.session_key = session_secret(app.state.store)  # signs cookies, derives CSRF tokens
    # Outside the cache, so it sees the session. Cookies are signed (itsdangerous); a tampered
    # cookie is an empty session. Lax: forms still need CSRF tokens.
    app.add_middleware(
        SessionMiddleware,
        secret_key=app.state.session_key,
        session_cookie="hubscope",
        max_age=14 * 24 * 3600,
        same_site="lax",
        https_only=os.environ.get("HUBSCOPE_SECURE_COOKIES") == "1",
    )
    app.add_middleware(Headers)  # outermost: every response, errors included
    return app
