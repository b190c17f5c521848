"""Heavy work (a claim check, a render) off the event loop, within a budget.

The checker is CPU-bound Python: run on the event loop, one large paste stalled every client. It
now runs in the thread pool, at most ``SLOTS`` at a time (further requests get a 503 at once rather
than queueing), checks at most ``MAX_CLAIMS`` claims, and the page gives up waiting after
``SECONDS`` (the thread finishes its bounded work and is dropped).
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from typing import TypeVar

from starlette.concurrency import run_in_threadpool

from ..errors import Busy

T = TypeVar("T")

SLOTS = 2
MAX_CLAIMS = 2000
SECONDS = 30.0
_slots = threading.BoundedSemaphore(SLOTS)


async def off_loop(fn: Callable[..., T], *args: object, seconds: float | None = None) -> T:
    """``fn(*args)`` in a worker thread; Busy when every slot is taken or the time runs out."""
    if not _slots.acquire(blocking=False):
        raise Busy(f"the server is already running {SLOTS} checks; try again in a few seconds")

    def run() -> T:
        try:
            return fn(*args)
        finally:
            _slots.release()

    try:
        return await asyncio.wait_for(run_in_threadpool(run), seconds or SECONDS)
    except TimeoutError:
        raise Busy(f"the check took longer than {seconds or SECONDS:.0f} s; check a shorter text") from None


def in_slot(fn: Callable[..., T], *args: object) -> T:
    """``fn(*args)`` in the caller's (already pooled) thread, holding a slot: for sync routes."""
    if not _slots.acquire(blocking=False):
        raise Busy(f"the server is already running {SLOTS} checks; try again in a few seconds")
    try:
        return fn(*args)
    finally:
        _slots.release()
