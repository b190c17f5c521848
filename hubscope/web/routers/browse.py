"""Browse pages: every entity and every indicator, searchable by name in English and Japanese."""

from __future__ import annotations

from fastapi import APIRouter, Query, Request

from ...metrics import derived_catalog
from ..respond import lang_of, page

router = APIRouter(include_in_schema=False)


def _matches(q: str, *names: str | None) -> bool:
    q = q.casefold().strip()
    return not q or any(q in n.casefold() for n in names if n)


@router.get("/entities")
@router.get("/entities.{ext}")
def entities_page(request: Request, q: str = Query("", max_length=100)):
    """Countries, blocs, cities and organisations, with how many figures each has."""
    store = request.app.state.store
    _, by_entity, _ = request.app.state.cache.records()
    ja = lang_of(request) == "ja"
    rows = [
        {
            "id": e.id,
            "name": (e.name_ja if ja and e.name_ja else e.name_en),
            "name_en": e.name_en,
            "name_ja": e.name_ja or "",
            "type": e.type,
            "figures": len(by_entity.get(e.id, ())),
        }
        for e in store.catalog.entities.values()
        if _matches(q, e.id, e.name_en, e.name_ja, *e.aliases)
    ]
    rows.sort(key=lambda r: (r["type"] != "country", -r["figures"], r["name_en"]))
    return page(request, "browse.html", {"title": "Entities", "kind": "entities", "q": q, "rows": rows}, table="rows")


@router.get("/indicators")
@router.get("/indicators.{ext}")
def indicators_page(request: Request, q: str = Query("", max_length=100)):
    """Every indicator (and derived figure) by pillar, with how many figures each has."""
    store = request.app.state.store
    _, _, by_indicator = request.app.state.cache.records()
    ja = lang_of(request) == "ja"
    pil = {p.id: (p.name_ja if ja else p.name_en) for p in store.catalog.pillars.values()}
    metas = [*store.catalog.indicators.values(), *derived_catalog().values()]
    rows = [
        {
            "id": i.id,
            "name": (i.name_ja if ja and i.name_ja else i.name_en),
            "name_en": i.name_en,
            "name_ja": i.name_ja or "",
            "type": pil.get(getattr(i, "pillar", ""), getattr(i, "pillar", "") or "derived"),
            "figures": len(by_indicator.get(i.id, ())),
        }
        for i in metas
        if _matches(q, i.id, i.name_en, i.name_ja)
    ]
    return page(
        request, "browse.html", {"title": "Indicators", "kind": "indicators", "q": q, "rows": rows}, table="rows"
    )


@router.get("/observations")
def observations_page(request: Request):
    """A browser asking for observations gets the ways in: by indicator, by entity, or the API."""
    return page(request, "observations.html", {"title": "Observations"})
