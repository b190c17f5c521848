"""The policy pages: instruments compared field by field, filtered and searched by GET, a timeline."""

from __future__ import annotations

from fastapi import APIRouter, Query, Request

from ... import policy as pol
from ...errors import InvalidOption
from ...policy import view
from ...policy.model import field_choices
from ..respond import lang_of, page
from .pages import _clean, _comments, _names, _store

router = APIRouter(include_in_schema=False)
DEFAULT = ["JPN", "EU27", "CHN", "USA"]
PARAMS = {"j", "all", "status", "binding", "instrument_type", "q", "lang", "format"}


@router.get("/policy")
@router.get("/policy.{ext}")
def policy_page(
    request: Request,
    j: list[str] = Query(default=[]),
    every: bool = Query(False, alias="all"),
    status: str = Query("", max_length=40),
    binding: str = Query("", max_length=40),
    instrument_type: str = Query("", max_length=40),
    q: str = Query("", max_length=100),
):
    """AI laws compared field by field, each value linked to its source, and a timeline. With a
    filter or a search, every instrument of the jurisdictions (all of them if none is ticked) is searched."""
    unknown = sorted(set(request.query_params) - PARAMS)
    if unknown:
        raise InvalidOption(f"unknown parameter {unknown[0]!r}; this page takes {', '.join(sorted(PARAMS))}")
    store, lang = _store(request), lang_of(request)
    recs_all = pol.policies(store)
    have = sorted({r.jurisdiction for r in recs_all})
    filtered = bool(status or binding or instrument_type or q.strip())
    wanted = [store.catalog.resolve_entity(x) for x in j] or (have if filtered else DEFAULT)
    recs = pol.pick(recs_all, wanted, every=every or filtered)
    recs = view.select(recs, status=status, binding=binding, instrument_type=instrument_type, q=q)
    ent, _, _ = _names(request)
    rows = [{"field": pol.label(f), "cells": [view.cell(r, f, lang) for r in recs]} for f in pol.fields()]
    steps = view.steps(recs)
    choices = field_choices()
    return page(
        request,
        "policy.html",
        {
            "title": "AI policy",
            "records": [r.to_json() for r in recs],
            "matrix": pol.matrix(recs),
            "timeline": [s.record_json() for s in steps],
            "conflicts": [c for r in recs for c in r.conflicts()],
            "jurisdictions": have,
            "selected": wanted,
            "every": every,
            "filters": {"status": status, "binding": binding, "instrument_type": instrument_type, "q": q},
            "entity_names": ent,
            "_rows": rows,
            "_recs": recs,
            "_ended": {r.id: view.ended(r) for r in recs},
            "_steps": steps,
            "_choices": {f: [(c, view.code(c, lang)) for c in choices[f]] for f in view.FILTERS},
            "_code": lambda c, kind="values": view.code(c, lang, kind),
            "_conflict_words": lambda what: view.conflict_words(what, lang),
        },
        table="matrix",
    )


@router.get("/policy/{record}")
def policy_record_page(request: Request, record: str):
    """One instrument: fields with sources, events, conflicts and every revision."""
    store, lang = _store(request), lang_of(request)
    name = _clean(record)
    rec = pol.policy(store, name)
    hist = pol.history(store, name)
    ent, _, _ = _names(request)
    steps = view.steps([rec])
    return page(
        request,
        "policy_record.html",
        {
            "title": rec.name,
            "record": rec.to_json(),
            "conflicts": rec.conflicts(),
            "timeline": [s.record_json() for s in steps],
            "history": hist,
            "entity_names": ent,
            "_rec": rec,
            "_cells": {f: view.cell(rec, f, lang) for f in pol.fields()},
            "_ended": view.ended(rec),
            "_steps": steps,
            "_comments": _comments(store, "policy", rec.id),
            "_labels": {f: pol.label(f) for f in pol.fields()},
            "_code": lambda c, kind="values": view.code(c, lang, kind),
            "_conflict_words": lambda what: view.conflict_words(what, lang),
        },
    )
