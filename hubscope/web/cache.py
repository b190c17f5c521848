"""A read cache for the observatory: pages and the full frame of figures, kept until what they
show changes. The store is written rarely and read constantly; one cheap query per request
(the newest revision id and the counts) tells whether anything changed, and
hubscope.store.changes says what: only the pages tagged with it are dropped."""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from typing import TYPE_CHECKING

import pandas as pd

from ..errors import HubscopeError
from ..store.changes import COMMENT_MARK, COMMENTS, EVERYTHING, FIGURES, POLICY, REPORT, changed, comment_marks

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
        self._tags: dict = {}  # page key -> the tags of what it shows
        self._marks: dict = {}  # comment marks at self._version

    def version(self) -> tuple:
        return self.store.version()

    def refresh(self) -> None:
        """Drop what the store changed since it was cached: the pages tagged with the change, and
        the frame if figures changed. Looks at most once per ``check_every`` seconds, so a change
        made elsewhere (another process, ``hubscope policy load``) shows within that time."""
        now = time.monotonic()
        if now - self._checked < self.check_every:
            return
        self._checked = now
        v = self.version()
        if v == self._version:
            return
        old = self._version
        marks = comment_marks(self.store) if old is None or v[COMMENT_MARK] != old[COMMENT_MARK] else self._marks
        tags = {EVERYTHING} if old is None else changed(self.store, old, v, self._marks, marks)
        with self._lock:
            self._version, self._marks = v, marks
            if tags & {EVERYTHING, FIGURES}:
                self._frame, self._records = None, None
            stale = [k for k, kt in self._tags.items() if EVERYTHING in tags or EVERYTHING in kt or kt & tags]
            for k in stale:
                del self._pages[k], self._tags[k]

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
        """Keep a page; ``key`` starts with its path, which says what the page shows."""
        tags = self.page_tags(key[0])
        with self._lock:
            self._pages[key], self._tags[key] = value, tags
            while len(self._pages) > self.max_pages:
                del self._tags[self._pages.popitem(last=False)[0]]

    def page_tags(self, path: str) -> frozenset[str]:
        """What the page at ``path`` shows, as hubscope.store.changes tags; ``*`` when unsure."""
        parts = [p.split(".")[0] if p.endswith(EXTENSIONS) else p for p in path.strip("/").split("/")]
        head, rest = (parts[0], parts[1:]) if parts else ("", [])
        if head == "policy" or path.startswith("/api/policy"):
            return frozenset({POLICY})
        if path == "/api/comments":
            return frozenset({COMMENTS})
        if head == "report" and not rest:
            return frozenset({FIGURES, REPORT})
        if head in FIGURE_PAGES and not rest:
            return frozenset({FIGURES})
        try:
            if head == "entities" and len(rest) == 1:
                return frozenset({FIGURES, f"entity:{self.store.catalog.resolve_entity(rest[0])}"})
            if head == "indicators" and len(rest) == 1:
                return frozenset({FIGURES, f"indicator:{rest[0]}"})  # ids only: no names to resolve
            if head == "history" and len(rest) == 2:
                entity = self.store.catalog.resolve_entity(rest[0])
                return frozenset({FIGURES, f"entity:{entity}", f"indicator:{rest[1]}"})
        except HubscopeError:
            pass
        if head == "observations" and len(rest) == 1:
            return frozenset({FIGURES, f"observation:{rest[0]}"})
        return frozenset({EVERYTHING})


EXTENSIONS = (".json", ".csv", ".zip", ".html", ".svg", ".png", ".pdf")
# pages built from figures alone: no comments, proposals, sections or policy records on them
FIGURE_PAGES = frozenset({"", "index", "compare", "sources", "entities", "indicators"})
