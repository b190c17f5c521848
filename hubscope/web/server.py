"""Server settings for `hubscope serve`: bounded connections and timeouts, so that slow or
half-open clients (slowloris) cannot hold every file descriptor. Behind a reverse proxy these
are a second line; docs/deploy.md shows the nginx settings that are the first."""

from __future__ import annotations

import asyncio
from typing import Any

from uvicorn.protocols.http.h11_impl import H11Protocol

HEADER_TIMEOUT = 10.0  # seconds for a client to send a whole request head
SETTINGS: dict[str, Any] = {
    "timeout_keep_alive": 5,  # seconds an idle kept-alive connection stays open
    "h11_max_incomplete_event_size": 16 * 1024,  # bytes of request head (uvicorn's default is 16 KiB too)
    "limit_concurrency": 400,  # connections and tasks at once: past it, 503 at once, well under 1,024 descriptors
    "backlog": 256,
    "timeout_graceful_shutdown": 10,
}


class HeadTimeout(H11Protocol):
    """h11 with a deadline for each request head: uvicorn waits for headers forever, so a
    client that sends one byte a minute would keep its connection (and a descriptor) for good."""

    _timer: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm()

    def _arm(self) -> None:
        waiting_after = self.cycle  # a new request replaces the cycle once its head is complete
        self._timer = self.loop.call_later(HEADER_TIMEOUT, self._expire, waiting_after)

    def _expire(self, waiting_after: object) -> None:
        if self.cycle is waiting_after and not self.transport.is_closing():
            self.transport.close()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if self._timer is not None:
            self._timer.cancel()
        if not self.transport.is_closing():
            self._arm()

    def connection_lost(self, exc: Exception | None) -> None:
        if self._timer is not None:
            self._timer.cancel()
        super().connection_lost(exc)


def options(**overrides: Any) -> dict[str, Any]:
    """Keyword arguments for ``uvicorn.run`` / ``uvicorn.Config``: the settings and the protocol."""
    return {**SETTINGS, "http": HeadTimeout, "log_level": "warning", **overrides}
