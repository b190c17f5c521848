"""Shareable check results: short text travels in the URL, longer text by its content hash.

``GET /check?text=...`` re-checks text of up to ``IN_URL`` characters, so such a link works on
any server and after a restart. A longer text (or an upload) is kept here, in memory, under the
first 16 hex digits of its SHA-256, and shared as ``GET /check?doc=HASH``. The cache is
bounded (``MAX_DOCS`` texts and ``MAX_CHARS`` characters in all, the least recently used
dropped first) and belongs to one server process: after a restart, or on another worker of
``hubscope serve --workers N``, a hash link says the text is no longer kept and asks for it
again. Nothing is written to disk or to the store.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict

IN_URL = 2000
MAX_DOCS = 128
MAX_CHARS = 16 * 1024 * 1024

_lock = threading.Lock()
_docs: OrderedDict[str, str] = OrderedDict()


def key_of(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def keep(text: str) -> str:
    """Keep ``text`` and return its key."""
    key = key_of(text)
    with _lock:
        _docs[key] = text
        _docs.move_to_end(key)
        while len(_docs) > MAX_DOCS or (len(_docs) > 1 and sum(map(len, _docs.values())) > MAX_CHARS):
            _docs.popitem(last=False)
    return key


def get(key: str) -> str | None:
    with _lock:
        text = _docs.get(key)
        if text is not None:
            _docs.move_to_end(key)
        return text


def share_query(text: str) -> dict[str, str]:
    """The query that reproduces a check of ``text``: the text itself when short, else its key."""
    return {"text": text} if len(text) <= IN_URL else {"doc": keep(text)}
