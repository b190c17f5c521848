"""HTTP for every connector: one session with a persistent cache, timeouts, retries that honour Retry-After.

The cache (requests-cache, SQLite, in the data directory) keeps each answer with its ETag or
Last-Modified; the next GET of the same URL revalidates it, and a 304 reuses the kept body. An
answer without either validator is not reused: a connector must never read a stale figure.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from functools import lru_cache
from pathlib import Path

from ..errors import ConnectorError

RETRY_STATUSES = {429, 500, 502, 503, 504}
TIMEOUT = (10.0, 60.0)  # seconds to connect, seconds between bytes read


def cache_dir() -> Path:
    """``HUBSCOPE_HTTP_CACHE`` or ``http-cache`` in the platform data directory."""
    configured = os.environ.get("HUBSCOPE_HTTP_CACHE")
    if configured:
        return Path(configured)
    import platformdirs

    return Path(platformdirs.user_data_dir("hubscope", appauthor=False)) / "http-cache"


@lru_cache(maxsize=4)
def session(directory: Path):
    """The shared cached session for one cache directory (created on first use)."""
    from requests_cache import EXPIRE_IMMEDIATELY, CachedSession

    directory.mkdir(parents=True, exist_ok=True)
    return CachedSession(
        str(directory / "http"),
        backend="sqlite",
        expire_after=EXPIRE_IMMEDIATELY,  # kept only to revalidate: every GET asks the server
        allowable_codes=(200,),
    )


@dataclass(frozen=True)
class Answer:
    """One GET's body and how it was got: ``fetched`` (200) or ``revalidated`` (304, cached body reused)."""

    url: str
    body: bytes
    how: str

    def as_dict(self) -> dict:
        return {"url": self.url, "how": self.how, "bytes": len(self.body)}


def fetch(
    url: str, where: str, timeout=TIMEOUT, retries: int = 3, backoff: float = 1.0, sleep=time.sleep,
    cache: Path | None = None,
) -> Answer:
    """GET a URL through the cache; ``where`` ("wdi NY.GDP.MKTP.CD page 2") starts every error."""
    import requests

    s = session(Path(cache or cache_dir()).resolve())
    for attempt in range(retries + 1):
        try:
            response = s.get(url, timeout=timeout)
        except requests.RequestException as e:
            if attempt == retries:
                raise ConnectorError(
                    f"{where}: network error ({type(e).__name__}) for {url}; nothing written"
                ) from None
            sleep(backoff * 2**attempt)
            continue
        if response.status_code in RETRY_STATUSES and attempt < retries:
            sleep(_retry_after(response.headers.get("Retry-After"), backoff * 2**attempt))
            continue
        if response.status_code >= 400:
            raise ConnectorError(f"{where}: HTTP {response.status_code} for {url}; nothing written")
        how = "revalidated" if getattr(response, "revalidated", False) else "fetched"
        return Answer(url, response.content, how)
    raise AssertionError("unreachable")  # pragma: no cover


def get(url: str, where: str, **options) -> bytes:
    """The body of ``fetch``."""
    return fetch(url, where, **options).body


def _retry_after(header: str | None, default: float) -> float:
    """Seconds to wait: Retry-After as seconds or an HTTP date, capped at two minutes.

    >>> _retry_after("3", 1.0), _retry_after(None, 2.0), _retry_after("soon", 1.5)
    (3.0, 2.0, 1.5)
    """
    if not header:
        return default
    try:
        return min(120.0, max(0.0, float(header)))
    except ValueError:
        pass
    try:
        from datetime import UTC, datetime

        return min(120.0, max(0.0, (parsedate_to_datetime(header) - datetime.now(UTC)).total_seconds()))
    except (TypeError, ValueError):
        return default
