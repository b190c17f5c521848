"""Query parameters a page does not take are refused with a 400 that names them, not ignored.

Ignoring them would let ``?nc=<random>`` give every request its own page-cache key, so each one
re-renders (a /report render takes seconds); a typo such as ``?indicator=`` would silently show
the default. Tracking parameters that links pick up when shared (``utm_*``, ``fbclid``) are
accepted and take no part in the page or its cache key. Credentials put in a URL (``?token=``,
``?access_token=``) are dropped the same way: never honoured (URLs end up in logs and referrers),
and refusing them would break links scripts already use."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode

from fastapi import Request
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute

from .picker import bad

EVERY_PAGE = frozenset({"lang", "format"})  # read by web/respond.py on every route
TRACKING = frozenset({"fbclid", "gclid", "msclkid", "mc_cid", "mc_eid"})
CREDENTIALS = frozenset({"token", "access_token", "api_key", "apikey"})
DROPPED = TRACKING | CREDENTIALS
PREFIXES = "x-query-prefixes"  # a route's openapi_extra may accept families such as w_<pillar>


def dropped(name: str) -> bool:
    """A name taken out of the query before any route sees it (tracking, or a credential)."""
    return name in DROPPED or name.startswith("utm_")


def accepted(route: APIRoute) -> tuple[frozenset[str], tuple[str, ...]]:
    """The query parameters a route declares, and the name prefixes it reads itself."""
    hit = getattr(route, "_hubscope_query", None)  # kept on the route: worked out once per route
    if hit is None:
        names = frozenset(_query_names(route.dependant)) | EVERY_PAGE
        hit = (names, tuple((route.openapi_extra or {}).get(PREFIXES, ())))
        route._hubscope_query = hit  # type: ignore[attr-defined]
    return hit


def _query_names(dependant: Dependant) -> set[str]:
    names = {p.alias for p in dependant.query_params}
    for sub in dependant.dependencies:
        names |= _query_names(sub)
    return names


def known_params(request: Request) -> None:
    """A dependency of every route: a GET with a parameter its route does not take is a 400."""
    route = request.scope.get("route")
    if request.method not in ("GET", "HEAD") or not isinstance(route, APIRoute):
        return
    names, prefixes = accepted(route)
    unknown = sorted(
        k for k in set(request.query_params) if k not in names and not (prefixes and k.startswith(prefixes))
        and not dropped(k)
    )
    if unknown:
        takes = ", ".join(sorted(names)) + "".join(f", {p}<name>" for p in prefixes)
        raise bad(
            f"unknown parameter {unknown[0][:40]!r}; this page takes {takes}",
            f"不明なパラメータ {unknown[0][:40]!r}。このページで使えるのは {takes} です",
        )


def cache_query(query_string: bytes) -> bytes:
    """The query string as routes see it and the page cache keys it: dropped names left out.

    >>> cache_query(b"lang=ja&utm_source=x&access_token=s3cret")
    b'lang=ja'
    """
    if b"utm_" not in query_string and not any(t.encode() in query_string for t in DROPPED):
        return query_string  # the common case, without parsing
    pairs = parse_qsl(query_string.decode("latin-1"), keep_blank_values=True)
    return urlencode([(k, v) for k, v in pairs if not dropped(k)]).encode("latin-1")
