"""The report as a PDF, rendered by the same renderer as `hubscope render --pdf`, in the page's language.

A render takes seconds of CPU: one at a time (a second request meanwhile gets a 503 with
Retry-After), in a work.py slot off the event loop, and kept per data version and language so
that readers after the first get the file at once.
"""

from __future__ import annotations

import tempfile
import threading
from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import Response

from ...errors import Busy
from ..respond import lang_of
from ..work import off_loop

router = APIRouter(include_in_schema=False)
SECONDS = 120.0  # a render on a loaded two-core machine; the page gives up waiting after this
_one = threading.Lock()


def _cache(request: Request) -> dict:
    cache = getattr(request.app.state, "pdfs", None)
    if cache is None:
        cache = request.app.state.pdfs = {}
    return cache


def render_pdf(store, lang: str, cache: dict) -> bytes:
    """The bundled report as PDF bytes for the store's current data, rendered once per version."""
    from ...report import render

    key = (store.version(), lang)
    if key in cache:
        return cache[key]
    if not _one.acquire(blocking=False):
        raise Busy("the report PDF is being rendered for another reader; try again in a minute", retry_after=30)
    try:
        with tempfile.TemporaryDirectory(prefix="hubscope-pdf-") as tmp:
            out = Path(tmp) / "report.pdf"
            render(pdf=out, store=store, lang=lang, manifest=Path(tmp) / "manifest.json")
            data = out.read_bytes()
        for old in [k for k in cache if k[0] != key[0]]:  # older data versions are never asked for again
            del cache[old]
        cache[key] = data
        return data
    finally:
        _one.release()


@router.get("/report.pdf")
async def report_pdf(request: Request):
    """The living report as a paginated PDF (charts as static SVG), in the page's language."""
    store, lang, cache = request.app.state.store, lang_of(request), _cache(request)
    hit = cache.get((store.version(), lang))
    data = hit if hit is not None else await off_loop(render_pdf, store, lang, cache, seconds=SECONDS)
    return Response(
        data,
        media_type="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="japan-ai-hub-{lang}.pdf"'},
    )
