"""HTTP for connectors: timeouts, retries with backoff that honour Retry-After, one-line errors."""

from __future__ import annotations

import time
from email.utils import parsedate_to_datetime

from ..errors import ConnectorError

RETRY_STATUSES = {429, 500, 502, 503, 504}


def get(url: str, where: str, timeout: float = 30.0, retries: int = 3, backoff: float = 1.0, sleep=time.sleep) -> bytes:
    """GET a URL and return its body; ``where`` ("wdi NY.GDP.MKTP.CD page 2") starts every error."""
    import requests

    for attempt in range(retries + 1):
        try:
            response = requests.get(url, timeout=timeout)
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
        return response.content
    raise AssertionError("unreachable")  # pragma: no cover


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
