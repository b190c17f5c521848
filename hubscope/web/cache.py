"""A read cache for the observatory: pages and the full frame of figures, kept until the store
changes. The store is written rarely and read constantly; one cheap query per request
(the newest revision id and the counts) tells whether anything changed."""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from typing import TYPE_CHECKING

import pandas as pd

if TYPE_CHECKING:
    from ..store import Store


class Cache:
    def __init__(self, store: Store, max_pages: int = 512, check_every: float = 1.0):
        self.store = store
        self.check_every = check_every  # seconds between looks at the store's version
        self._checked = 0.0
        self.max_pages = max_pages
        self._lock = threading.Lock()
        self._version: tuple | None = None
        self._frame: pd.DataFrame | None = None
        self._records: tuple | None = None
        self._pages: OrderedDict = OrderedDict()

    def version(self) -> tuple:
        return self.store.version()

    def refresh(self) -> None:
        """Drop everything cached if the store changed since it was cached. Looks at most once
        per ``check_every`` seconds, so a change made elsewhere shows within that time."""
        now = time.monotonic()
        if now - self._checked < self.check_every:
            return
        self._checked = now
        v = self.version()
        with self._lock:
            if v != self._version:
                self._version, self._frame, self._records = v, None, None
                self._pages.clear()

    def frame(self) -> pd.DataFrame:
        """Every current figure (all sources, with preferred and conflict flags)."""
        self.refresh()
        with self._lock:
            frame = self._frame
        if frame is None:
            frame = self.store.observations()
            with self._lock:
                self._frame = frame
        return frame

    def records(self) -> tuple[list[dict], dict[str, list[int]], dict[str, list[int]]]:
        """The frame as JSON-ready records, with row numbers by entity and by indicator: an API
        query picks rows by index and builds only the page it returns (no DataFrame per request)."""
        frame = self.frame()
        with self._lock:
            cached = self._records
        if cached is None:
            from .respond import _plain

            recs = _plain(frame.drop(columns=["entity_name_ja", "indicator_name_ja"], errors="ignore"))
            by_entity: dict[str, list[int]] = {}
            by_indicator: dict[str, list[int]] = {}
            for n, r in enumerate(recs):
                by_entity.setdefault(r["entity"], []).append(n)
                by_indicator.setdefault(r["indicator"], []).append(n)
            cached = (recs, by_entity, by_indicator)
            with self._lock:
                self._records = cached
        return cached

    def get(self, key):
        with self._lock:
            hit = self._pages.get(key)
            if hit is not None:
                self._pages.move_to_end(key)
            return hit

    def put(self, key, value) -> None:
        with self._lock:
            self._pages[key] = value
            while len(self._pages) > self.max_pages:
                self._pages.popitem(last=False)
