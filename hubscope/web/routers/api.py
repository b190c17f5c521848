"""The JSON API: observations with filters and pagination, entities, indicators, sources, export."""

from __future__ import annotations

import io
import tempfile
import zipfile
from pathlib import Path

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse, Response

from ..respond import _plain

router = APIRouter(prefix="/api", tags=["api"])


@router.get("/observations")
async def observations(
    request: Request,
    entity: list[str] = Query(default=[], max_length=80, description="Entity id or name; repeat"),
    indicator: list[str] = Query(default=[], max_length=80, description="Indicator id; repeat"),
    period: list[str] = Query(default=[], max_length=40),
    source: list[str] = Query(default=[]),
    vintage: str | None = Query(None, max_length=120),
    status: str | None = Query(None, pattern="^(verified|unverified|disputed)$"),
    all_sources: bool = Query(False, description="Every source's figure, not only the preferred"),
    limit: int = Query(100, ge=1, le=1000),
    offset: int = Query(0, ge=0),
):
    """Current figures with their provenance, filtered and paginated."""
    # async and answered with JSONResponse: the work is a few list lookups on cached records, so a
    # thread hop and FastAPI's generic encoder would cost more than the query itself.
    store = request.app.state.store
    recs, by_entity, by_indicator = request.app.state.cache.records()  # kept until the store changes
    ents, inds = store.resolve(entity, indicator)
    rows: list[int] | range = range(len(recs))
    if ents:
        rows = sorted(n for e in set(ents) for n in by_entity.get(e, ()))
    if inds:
        wanted = {n for i in set(inds) for n in by_indicator.get(i, ())}
        rows = [n for n in rows if n in wanted]
    periods, sources = set(period), set(source)
    hits = [
        recs[n]
        for n in rows
        if (all_sources or recs[n]["preferred"])
        and (not periods or recs[n]["period"] in periods)
        and (not sources or recs[n]["source"] in sources)
        and (not vintage or recs[n]["vintage"] == vintage)
        and (not status or recs[n]["status"] == status)
    ]
    return JSONResponse({"total": len(hits), "limit": limit, "offset": offset, "items": hits[offset : offset + limit]})


@router.get("/entities")
def entities(request: Request):
    cat = request.app.state.store.catalog
    return [
        {"id": e.id, "type": e.type, "name_en": e.name_en, "name_ja": e.name_ja, "aliases": list(e.aliases)}
        for e in cat.entities.values()
    ]


@router.get("/indicators")
def indicators(request: Request):
    from ...metrics import derived_catalog

    cat = request.app.state.store.catalog
    out = [
        {
            "id": i.id,
            "name_en": i.name_en,
            "name_ja": i.name_ja,
            "unit": i.unit,
            "pillar": i.pillar,
            "higher_is_better": i.higher_is_better,
            "definition": i.definition,
            "derived": False,
        }
        for i in cat.indicators.values()
    ]
    return out + [
        {
            "id": d.id,
            "name_en": d.name_en,
            "name_ja": d.name_ja,
            "unit": d.unit,
            "pillar": d.pillar,
            "higher_is_better": d.higher_is_better,
            "definition": f"{d.kind} of {d.of}",
            "derived": True,
        }
        for d in derived_catalog().values()
    ]


@router.get("/sources")
def sources(request: Request):
    return _plain(request.app.state.store.sources())


@router.get("/export.zip")
def export(request: Request):
    """The whole database as a Frictionless data package, history included."""
    from ...datapackage import export_package

    with tempfile.TemporaryDirectory() as tmp:
        root = export_package(request.app.state.store, Path(tmp) / "hubscope")
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
            for f in sorted(root.iterdir()):
                z.write(f, f"hubscope/{f.name}")
    return Response(
        buf.getvalue(),
        media_type="application/zip",
        headers={"Content-Disposition": 'attachment; filename="hubscope-export.zip"'},
    )
