"""The JSON API: observations with filters and pagination, entities, indicators, sources, export."""

from __future__ import annotations

import io
import tempfile
import zipfile
from pathlib import Path

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from ..respond import _plain

router = APIRouter(prefix="/api", tags=["api"])


@router.get("/observations")
def observations(request: Request,
                 entity: list[str] = Query(default=[], max_length=80, description="Entity id or name; repeat"),
                 indicator: list[str] = Query(default=[], max_length=80, description="Indicator id; repeat"),
                 period: list[str] = Query(default=[], max_length=40), source: list[str] = Query(default=[]),
                 vintage: str | None = Query(None, max_length=120),
                 status: str | None = Query(None, pattern="^(verified|unverified|disputed)$"),
                 all_sources: bool = Query(False, description="Every source's figure, not only the preferred"),
                 limit: int = Query(100, ge=1, le=1000), offset: int = Query(0, ge=0)):
    """Current figures with their provenance, filtered and paginated."""
    store = request.app.state.store
    df = request.app.state.cache.frame()  # every figure, kept until the store changes
    ents, inds = store.resolve(entity, indicator)
    if ents:
        df = df[df["entity"].isin(ents)]
    if inds:
        df = df[df["indicator"].isin(inds)]
    if period:
        df = df[df["period"].isin(period)]
    if source:
        df = df[df["source"].isin(source)]
    if not all_sources:
        df = df[df["preferred"]]
    if vintage:
        df = df[df["vintage"] == vintage]
    if status:
        df = df[df["status"] == status]
    page = df.iloc[offset:offset + limit]
    return {"total": len(df), "limit": limit, "offset": offset,
            "items": _plain(page.drop(columns=["entity_name_ja", "indicator_name_ja"], errors="ignore"))}


@router.get("/entities")
def entities(request: Request):
    cat = request.app.state.store.catalog
    return [{"id": e.id, "type": e.type, "name_en": e.name_en, "name_ja": e.name_ja, "aliases": list(e.aliases)}
            for e in cat.entities.values()]


@router.get("/indicators")
def indicators(request: Request):
    from ...metrics import derived_catalog
    cat = request.app.state.store.catalog
    out = [{"id": i.id, "name_en": i.name_en, "name_ja": i.name_ja, "unit": i.unit, "pillar": i.pillar,
            "higher_is_better": i.higher_is_better, "definition": i.definition, "derived": False}
           for i in cat.indicators.values()]
    return out + [{"id": d.id, "name_en": d.name_en, "name_ja": d.name_ja, "unit": d.unit, "pillar": d.pillar,
                   "higher_is_better": d.higher_is_better, "definition": f"{d.kind} of {d.of}", "derived": True}
                  for d in derived_catalog().values()]


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
    return Response(buf.getvalue(), media_type="application/zip",
                    headers={"Content-Disposition": 'attachment; filename="hubscope-export.zip"'})
