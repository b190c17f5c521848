"""The observatory's pages. Each handler gathers data from the library and calls page(); the
same handler serves the JSON (and, for tables, CSV and ZIP) twin of its page."""

from __future__ import annotations

import re

import pandas as pd
from fastapi import APIRouter, Query, Request
from starlette.datastructures import UploadFile

from ...claims import check as check_claims
from ...claims import from_text
from ...claims.html import details, highlighted
from ...errors import HubscopeError, UnknownIndicator
from ...metrics import derived_catalog, figures
from ...metrics.chart import comparison_chart
from ..respond import lang_of, page

router = APIRouter(include_in_schema=False)
SUFFIX = re.compile(r"\.(json|csv|zip)$")
MAX_UPLOAD = 2 * 1024 * 1024  # the checker reads reports, not corpora
COLUMNS = ["entity", "indicator", "period", "display_std", "display_unit", "status", "publisher", "url", "vintage",
           "method", "source"]


def _store(request: Request):
    return request.app.state.store


def _clean(name: str) -> str:
    return SUFFIX.sub("", name)


def _comments(store, kind: str, target: str | None = None) -> list[dict]:
    from ...contrib import comments
    return comments(store, kind, target)


def _names(request: Request):
    lang = lang_of(request)
    cat = _store(request).catalog
    ent = {e.id: (e.name_ja if lang == "ja" and e.name_ja else e.name_en) for e in cat.entities.values()}
    ind = {i.id: (i.name_ja if lang == "ja" and i.name_ja else i.name_en) for i in cat.indicators.values()}
    ind |= {d.id: (d.name_ja if lang == "ja" else d.name_en) for d in derived_catalog().values()}
    pil = {p.id: (p.name_ja if lang == "ja" else p.name_en) for p in cat.pillars.values()}
    return ent, ind, pil


@router.get("/")
def home(request: Request):
    store = _store(request)
    prof = store.profile("JPN")
    peers = [c for c in prof.columns if c.startswith("peer:")]
    key = prof.groupby("pillar", sort=False).head(3)
    changes = store.recent_revisions(8)
    ent, ind, pil = _names(request)
    return page(request, "home.html", {
        "title": "Japan as an AI hub", "names": ind, "pillars": pil, "entity_names": ent,
        "rows": key[["pillar", "indicator", "display_std", "display_unit", "period", "publisher", "url",
                     "status", *peers]], "peers": [p.removeprefix("peer:") for p in peers],
        "changes": changes[["entity", "indicator", "period", "display", "unit", "revision", "revised_at",
                            "author", "reason", "publisher"]]}, table="rows")


@router.get("/entities/{entity}")
def entity_page(request: Request, entity: str, peers: str | None = Query(None, max_length=200)):
    store = _store(request)
    prof = store.profile(_clean(entity), peers.split(",") if peers else None)
    eid = prof["entity"].iloc[0] if len(prof) else store.resolve([_clean(entity)])[0][0]
    peer_cols = [c for c in prof.columns if c.startswith("peer:")]
    ent, ind, pil = _names(request)
    return page(request, "entity.html", {
        "title": ent.get(eid, eid), "entity": eid, "names": ind, "pillars": pil,
        "peers": [p.removeprefix("peer:") for p in peer_cols],
        "rows": prof[["pillar", "indicator", "display_std", "display_unit", "period", "publisher", "url", "status",
                      "conflict", "vintage", *peer_cols]]}, table="rows")


@router.get("/indicators/{indicator}")
def indicator_page(request: Request, indicator: str):
    store = _store(request)
    iid = _clean(indicator)
    cat, derived = store.catalog, derived_catalog()
    if iid not in cat.indicators and iid not in derived:
        raise UnknownIndicator(iid, [*cat.indicators, *derived])
    meta = cat.indicators.get(iid) or derived[iid]
    entities = list(cat.entities)
    df = figures(store, entities, [iid])
    latest = figures(store, entities, [iid], latest=True)
    conflicts = store.observations(indicators=[iid]) if iid in cat.indicators else pd.DataFrame()
    if len(conflicts):
        conflicts = conflicts[conflicts["conflict"]]
    spec = None
    if len(latest):
        chart_df = latest.assign(cmp_unit=latest["display_unit"])
        spec = comparison_chart(chart_df, iid, meta.name_en).to_dict() if chart_df["value_std"].notna().any() \
            else None
    ent, ind, _ = _names(request)
    return page(request, "indicator.html", {
        "title": ind.get(iid, iid), "indicator": iid,
        "definition": getattr(meta, "definition", None) or f"{getattr(meta, 'kind', '')} of {getattr(meta, 'of', '')}",
        "unit": meta.unit, "entity_names": ent, "spec": spec,
        "latest": latest.reindex(columns=COLUMNS), "rows": df.reindex(columns=COLUMNS),
        "conflicts": conflicts.reindex(columns=COLUMNS) if len(conflicts) else pd.DataFrame(columns=COLUMNS),
        "_comments": _comments(store, "indicator", iid)}, table="rows")


@router.get("/compare")
@router.get("/compare.{ext}")
def compare(request: Request, entities: str = Query("JPN,USA,CHN,GBR,DEU,KOR", max_length=300),
            indicators: str = Query("rd_expenditure_pct_gdp,gdp_per_capita_usd", max_length=600),
            period: str | None = Query(None, max_length=40, pattern=r"^[A-Za-z0-9/\-]*$"),
            mode: str = Query("absolute", pattern="^(absolute|per_capita|pct_gdp)$")):
    store = _store(request)
    ents = [e.strip() for e in entities.split(",") if e.strip()]
    inds = [i.strip() for i in indicators.split(",") if i.strip()]
    inds = [_variant(i, mode) for i in inds]
    period = period or None  # an empty form field means the latest
    df = figures(store, ents, inds, [period] if period else (), latest=not period)
    ent, ind, _ = _names(request)
    return page(request, "compare.html", {
        "title": "Compare", "entities": ",".join(ents), "indicators": ",".join(inds), "period": period or "",
        "mode": mode, "entity_names": ent, "names": ind, "notes": df.attrs.get("notes", []),
        "rows": df.reindex(columns=COLUMNS)}, table="rows")


def _variant(indicator: str, mode: str) -> str:
    """The per-capita or share-of-GDP version of an indicator, where the catalog declares one."""
    if mode == "absolute":
        return indicator
    kind = "per_capita" if mode == "per_capita" else "share_of_gdp"
    for d in derived_catalog().values():
        if d.of == indicator and d.kind in (kind, "per_million" if kind == "per_capita" else kind):
            return d.id
    return indicator


@router.get("/sources")
@router.get("/sources.{ext}")
def sources(request: Request):
    df = _store(request).sources()
    return page(request, "sources.html", {"title": "Sources", "rows": df}, table="rows")


@router.get("/history/{entity}/{indicator}")
def history(request: Request, entity: str, indicator: str,
            period: str | None = Query(None, max_length=40, pattern=r"^[A-Za-z0-9/\-]+$")):
    df = _store(request).history(entity, _clean(indicator), period)
    rows = df[["observation_id", "entity", "indicator", "period", "source", "publisher", "revision", "display", "unit",
               "vintage", "status", "revised_at", "author", "reason"]].copy()
    rows["previous"] = rows.groupby(["period", "source"])["display"].shift(1)
    return page(request, "history.html", {"title": "History", "rows": rows}, table="rows")


@router.get("/report")
def report(request: Request):
    from ...report import web_body
    from ...report.sections import sections

    store = _store(request)
    title, body = web_body(store, lang_of(request))
    return page(request, "report.html", {"title": title, "_body": body, "_sections": sections(store),
                                         "_comments": _comments(store, "report")})


@router.get("/check")
def check_form(request: Request):
    return page(request, "check.html", {"title": "Check a report", "verdicts": None})


@router.post("/check")
async def check_post(request: Request):
    async with request.form(max_files=1, max_fields=5) as form:  # closes the spooled upload
        text = str(form.get("text") or "")
        upload = form.get("file")
        raw = await upload.read(MAX_UPLOAD + 1) if isinstance(upload, UploadFile) and upload.filename else None
    if raw is not None:
        if len(raw) > MAX_UPLOAD:
            raise HubscopeError(f"the file is larger than {MAX_UPLOAD // 2**20} MB; the checker reads reports, "
                                "split it into parts")
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise HubscopeError("the file is not UTF-8 text") from None
    if len(text.encode()) > MAX_UPLOAD:
        raise HubscopeError(f"the text is larger than {MAX_UPLOAD // 2**20} MB")
    report = check_claims(_store(request), from_text(text, "pasted text"))
    return page(request, "check.html", {"title": "Check a report", "summary": report.to_dict()["summary"],
                                        "verdicts": report.to_dict()["claims"], "_marked": highlighted(report),
                                        "_details": details(report)})


@router.get("/index")
@router.get("/index.{ext}")
def index_page(request: Request, draws: int = Query(500, ge=50, le=5000),
               normalisation: str = Query("minmax", pattern="^(minmax|zscore|rank|frontier)$"),
               aggregation: str = Query("arithmetic", pattern="^(arithmetic|geometric)$")):
    from ...index import load_framework, run_index

    fw = load_framework()
    weights = {}
    for p in fw.pillar_weights:
        raw = request.query_params.get(f"w_{p}")
        if raw is not None:
            try:
                weights[p] = float(raw)
            except ValueError:
                raise HubscopeError(f"weight w_{p}={raw!r} is not a number") from None
    run = run_index(_store(request), None, normalisation, aggregation, pillar_weights=weights, draws=draws)
    _, _, pil = _names(request)
    current = {p: weights.get(p, w) for p, w in run.matrix.pillar_weights.items() if p in run.result.pillars}
    return page(request, "index.html", {
        "title": "Index", "rows": run.table, "drivers": run.drivers, "notes": run.notes, "weights": current,
        "pillar_names": pil, "normalisation": normalisation, "aggregation": aggregation, "draws": draws},
        table="rows")


@router.get("/policy")
@router.get("/policy.{ext}")
def policy_page(request: Request, j: list[str] = Query(default=[]), every: bool = Query(False, alias="all")):
    """AI laws compared field by field, each value linked to its source, and a timeline."""
    from ... import policy as pol

    store = _store(request)
    recs_all = pol.policies(store)
    have = sorted({r.jurisdiction for r in recs_all})
    wanted = [store.catalog.resolve_entity(x) for x in j] or ["JPN", "EU27", "CHN", "USA"]
    recs = pol.pick(recs_all, wanted, every=every)
    ent, _, _ = _names(request)
    rows = []
    for name in pol.fields():
        rows.append({"field": pol.label(name), "cells": [
            [{"text": v.text(), "source": v.source.id, "url": v.source.url, "status": v.status,
              "note": v.note} for v in r.fields.get(name, ())] for r in recs]})
    return page(request, "policy.html", {
        "title": "AI policy", "records": [r.to_json() for r in recs], "matrix": pol.matrix(recs),
        "timeline": pol.timeline(recs), "conflicts": [c for r in recs for c in r.conflicts()],
        "jurisdictions": have, "selected": wanted, "every": every, "entity_names": ent,
        "_rows": rows, "_recs": recs}, table="matrix")


@router.get("/policy/{record}")
def policy_record_page(request: Request, record: str):
    """One instrument: fields with sources, events, conflicts and every revision."""
    from ... import policy as pol

    store = _store(request)
    name = _clean(record)
    rec = pol.policy(store, name)
    hist = pol.history(store, name)
    ent, _, _ = _names(request)
    return page(request, "policy_record.html", {
        "title": rec.name, "record": rec.to_json(), "conflicts": rec.conflicts(),
        "timeline": pol.timeline([rec]), "history": hist, "entity_names": ent, "_rec": rec,
        "_comments": _comments(store, "policy", rec.id),
        "_labels": {f: pol.label(f) for f in pol.fields()}})
