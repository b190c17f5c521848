"""The observatory's pages. Each handler gathers data from the library and calls page(); the
same handler serves the JSON (and, for tables, CSV and ZIP) twin of its page."""

from __future__ import annotations

import re
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Query, Request
from starlette.datastructures import UploadFile

from ...claims import check as check_claims
from ...claims import from_text, read_document
from ...claims.html import MARK_CSS, details, highlighted
from ...errors import HubscopeError, InvalidOption, MetricError
from ...figures import FigureSet
from ...figures.display import number
from ...metrics import compare, derived_catalog
from ...metrics.chart import chart_frame, compare_chart, peers_chart
from .. import picker, shared_checks
from ..i18n import translations
from ..respond import lang_of, page
from ..work import MAX_CLAIMS, in_slot, off_loop

router = APIRouter(include_in_schema=False)
SUFFIX = re.compile(r"\.(json|csv|zip)$")
MAX_UPLOAD = 2 * 1024 * 1024  # the checker reads reports, not corpora


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


def _profile_rows(prof, catalog, limit: int | None = None) -> list[dict]:
    """Rows for a profile table: pillar, the figure, and each peer's figure (None if none)."""
    pillar = {i.id: i.pillar for i in catalog.indicators.values()}
    rows: list[dict] = []
    seen: dict[str, int] = {}
    for f, theirs in prof.rows():
        p = pillar.get(f.indicator, "")
        seen[p] = seen.get(p, 0) + 1
        if limit is None or seen[p] <= limit:
            rows.append({"pillar": p, "figure": f, "peers": theirs})
    return rows


def _profile_table(rows: list[dict], peers: tuple[str, ...]) -> FigureSet:
    """The profile as one FigureSet for the JSON, CSV and ZIP twins (peers' figures after the entity's)."""
    own = [r["figure"] for r in rows]
    theirs = [g for r in rows for g in r["peers"] if g is not None]
    return FigureSet(tuple(own + theirs))


def tr(request: Request, text: str) -> str:
    """``text`` in the page's language (for words a route puts inside a chart)."""
    return translations(lang_of(request)).gettext(text)


def _peer_chart(request: Request, rows: list[dict], title: str, entity: str) -> dict | None:
    """Small multiples of ``rows`` (profile rows): each indicator's bars for the entity and its peers,
    only where a peer has a figure in the same unit (a lone bar compares nothing)."""
    figs = []
    for r in rows:
        own, theirs = r["figure"], [g for g in r["peers"] if g is not None and g.value_std is not None]
        unit = own.unit_std or own.unit
        theirs = [g for g in theirs if (g.unit_std or g.unit) == unit]
        if own.value_std is not None and theirs:
            figs += [own, *theirs]
    ent, ind, _ = _names(request)
    lang = lang_of(request)
    df = chart_frame(FigureSet(tuple(figs)), ent, entity, lang)
    if df.empty:
        return None
    return peers_chart(df, title, ind, ent.get(entity, entity), lang).to_dict()


@router.get("/")
def home(request: Request):
    from ...metrics.profile import profile

    store = _store(request)
    prof = profile("JPN", store=store)
    rows = _profile_rows(prof, store.catalog, limit=3)
    ent, ind, pil = _names(request)
    return page(
        request,
        "home.html",
        {
            "title": "Japan as an AI hub",
            "entity": prof.entity,
            "names": ind,
            "pillars": pil,
            "entity_names": ent,
            "peers": list(prof.peers),
            "rows": _profile_table(rows, prof.peers),
            "changes": (changes := store.recent_revisions(8)),
            "_rows": rows,
            "_chart": _peer_chart(request, rows, tr(request, "Japan and its peers: key indicators"), prof.entity),
            "_changes": changes,
        },
        table="rows",
    )


@router.get("/entities/{entity}")
def entity_page(request: Request, entity: str, peers: str | None = Query(None, max_length=200)):
    from ...metrics.profile import profile

    store = _store(request)
    prof = profile(_clean(entity), [p.strip() for p in peers.split(",") if p.strip()] if peers else None, store=store)
    rows = _profile_rows(prof, store.catalog)
    ent, ind, pil = _names(request)
    return page(
        request,
        "entity.html",
        {
            "title": ent.get(prof.entity, prof.entity),
            "entity": prof.entity,
            "names": ind,
            "pillars": pil,
            "entity_names": ent,
            "peers": list(prof.peers),
            "rows": _profile_table(rows, prof.peers),
            "_rows": rows,
            "_charts": {
                p: spec
                for p in dict.fromkeys(r["pillar"] for r in rows)
                if (spec := _peer_chart(request, [r for r in rows if r["pillar"] == p], pil.get(p, p), prof.entity))
            },
        },
        table="rows",
    )


def _chart(
    figs: FigureSet, title: str, focus: str | None, names: dict[str, str] | None = None, lang: str = "en"
) -> dict | None:
    """One indicator's figures as ranked bars, or lines over time when some entity has several
    periods; entities by name, the focus in colour (None when none is a number)."""
    df = chart_frame(figs, names, focus, lang)
    if df.empty:
        return None
    return compare_chart(df, title, (names or {}).get(focus, focus) if focus else None, lang).to_dict()


COMPARE_PARAMS = {"entities", "indicators", "period", "mode", "lang", "format"}
DEFAULT_ENTITIES = ["JPN", "USA", "CHN", "GBR", "DEU", "KOR"]
DEFAULT_INDICATORS = ["rd_expenditure_pct_gdp", "gdp_per_capita_usd"]


@router.get("/compare")
@router.get("/compare.{ext}")
def compare_page(
    request: Request,
    entities: list[str] = Query(default=[], max_length=300),
    indicators: list[str] = Query(default=[], max_length=600),
    period: str | None = Query(None, max_length=40, pattern=r"^[A-Za-z0-9/\-]*$"),
    mode: str = Query("absolute", pattern="^(absolute|per_capita|pct_gdp)$"),
):
    """Entities side by side; the first is ranked against the others, with ratio and gap. Ids come
    repeated (the form's checkboxes) or comma-separated (a typed URL)."""
    unknown = sorted(set(request.query_params) - COMPARE_PARAMS)
    if unknown:
        raise InvalidOption(f"unknown parameter {unknown[0]!r}; this page takes {', '.join(sorted(COMPARE_PARAMS))}")
    store, lang = _store(request), lang_of(request)
    ents = picker.entities(store.catalog, picker.split(entities) or DEFAULT_ENTITIES)
    inds = picker.indicators(store.catalog, picker.split(indicators) or DEFAULT_INDICATORS)
    periods = [period] if period else []  # an empty form field means the latest
    result = compare(ents, inds, periods, mode, store=store)
    ent, ind, _ = _names(request)
    ranked = _ranked(store, ents, inds, periods, mode)
    rows = [{"figure": f, "standing": ranked.get((f.entity, f.indicator))} for f in result]
    groups = [
        (i, [r for r in rows if r["figure"] is not None and r["figure"].indicator == i]) for i in result.indicators
    ]
    medians = {m.indicator: m for m in ranked.get("medians", ())} if ranked else {}
    focus = result[0].entity if len(result) else None
    # one period asked for: bars; the latest asked for: lines over every period where there are several
    drawn = result if periods else compare(ents, inds, (), mode, store=store, latest=False)
    specs = [
        s
        for i in result.indicators
        if (s := _chart(drawn.where(indicator=i), ind.get(i, i), focus, ent, lang_of(request)))
    ]
    return page(
        request,
        "compare.html",
        {
            "title": "Compare",
            "entities": ",".join(ents),
            "indicators": ",".join(result.indicators or inds),
            "period": period or "",
            "mode": mode,
            "entity_names": ent,
            "names": ind,
            "notes": list(result.notes),
            "rows": result,
            "focus": focus,
            "_rows": rows,
            "_groups": groups,
            "_medians": medians,
            "_specs": specs,
            "_ents": ents,
            "_inds": inds,
            "_entity_groups": picker.entity_groups(store.catalog, lang),
            "_indicator_groups": picker.indicator_groups(store.catalog, lang),
            "_ratio": lambda x: number(x, lang) + "×",
        },
        table="rows",
    )


def _ranked(store, ents: list[str], inds: list[str], periods: list[str], mode: str) -> dict:
    """Each figure's standing against the first entity, and each indicator's peer median."""
    if len(ents) < 2:
        return {}
    try:
        ranked = compare(ents[:1], inds, periods, mode, peers=ents[1:], store=store)
    except MetricError:  # the first entity has no comparable figure: the table still shows the rest
        return {}
    return {(f.entity, f.indicator): f.standing for f in ranked} | {"medians": ranked.medians}


@router.get("/explain")
def explain_page(
    request: Request,
    entity: str = Query(..., max_length=60),
    indicator: str = Query(..., max_length=80),
    period: str = Query(..., max_length=40, pattern=r"^[A-Za-z0-9/\-]+$"),
):
    """How a derived figure was computed: its formula, inputs (each with its source) and rates."""
    from ...metrics import explain

    d = explain(_store(request), entity, indicator, period)
    fig = d.figure()
    ent, ind, _ = _names(request)
    return page(
        request,
        "explain.html",
        {
            "title": f"{ind.get(d.indicator, d.indicator)} · {ent.get(d.entity, d.entity)} · {d.period}",
            "figure": fig,
            "formula": d.formula,
            "pipeline": getattr(d, "pipeline", None),  # a stored figure computed from records
            "notes": list(d.notes),
            "inputs": FigureSet(tuple(i.figure for i in fig.inputs)),
            "rates": [r.describe() for r in d.rates],
            "names": ind,
            "entity_names": ent,
            "_roles": [i.role for i in fig.inputs],
        },
        table="inputs",
    )


@router.get("/sources")
@router.get("/sources.{ext}")
def sources(request: Request):
    cited = _store(request).sources()
    return page(
        request,
        "sources.html",
        {"title": "Sources", "rows": [c.record() for c in cited], "_sources": cited},
        table="rows",
    )


@router.get("/history/{entity}/{indicator}")
@router.get("/history/{entity}/{indicator}.{ext}")
def history(
    request: Request,
    entity: str,
    indicator: str,
    period: str | None = Query(None, max_length=40, pattern=r"^[A-Za-z0-9/\-]+$"),
):
    store = _store(request)
    hist = store.history(entity, _clean(indicator), period)
    lang = lang_of(request)
    rows: list[dict] = []
    before: dict[tuple[str, str], str] = {}
    for f in hist:  # each revision beside the one it replaced (per period and source)
        key = (f.period.text, f.source.id)
        shown = f.display(lang, std=False)
        rows.append({"figure": f, "shown": shown, "previous": before.get(key)})
        before[key] = shown
    ent, ind, _ = _names(request)
    first = hist[0] if len(hist) else None
    title = (
        f"{ind.get(first.indicator, first.indicator)} · {ent.get(first.entity, first.entity)}" if first else "History"
    )
    return page(request, "history.html", {"title": title, "rows": hist, "_rows": rows}, table="rows")


@router.get("/report")
def report(request: Request):
    from ...report import web_body
    from ...report.sections import sections

    store = _store(request)
    title, body = web_body(store, lang_of(request))
    return page(
        request,
        "report.html",
        {"title": title, "_body": body, "_sections": sections(store), "_comments": _comments(store, "report")},
    )


@router.get("/check")
def check_form(request: Request, text: str | None = None, doc: str | None = None):
    """The form; with ``text`` (short) or ``doc`` (a kept text's hash), that text checked."""
    if text and len(text) > shared_checks.IN_URL:
        raise HubscopeError(
            f"text in a link is at most {shared_checks.IN_URL} characters; paste longer text in the form"
        )
    if doc is not None:
        kept = shared_checks.get(doc)
        if kept is None:
            raise HubscopeError(
                f"the checked text {doc!r} is no longer kept (links to long texts last while the server runs); "
                "paste it again"
            )
        return in_slot(_checked, request, from_text(kept, "shared text"))
    if text:
        return in_slot(_checked, request, from_text(text, "shared text"))
    return page(request, "check.html", {"title": "Check a report", "verdicts": None, "text": ""})


@router.post("/check")
async def check_post(request: Request):
    async with request.form(max_files=1, max_fields=5) as form:  # closes the spooled upload
        text = str(form.get("text") or "")
        upload = form.get("file")
        raw = await upload.read(MAX_UPLOAD + 1) if isinstance(upload, UploadFile) and upload.filename else None
        filename = upload.filename if isinstance(upload, UploadFile) else None
    if raw is not None:
        if len(raw) > MAX_UPLOAD:
            raise HubscopeError(
                f"the file is larger than {MAX_UPLOAD // 2**20} MB; the checker reads reports, split it into parts"
            )
        # the same reader as `hubscope check FILE`: text, Markdown, HTML or PDF (read off the loop too)
        return await off_loop(lambda: _checked(request, read_document(raw, filename or "upload")))
    if len(text.encode()) > MAX_UPLOAD:
        raise HubscopeError(f"the text is larger than {MAX_UPLOAD // 2**20} MB")
    return await off_loop(_checked, request, from_text(text, "pasted text"))


def _checked(request: Request, doc):
    """The check page for ``doc``: the text kept in the form, each claim coloured by verdict
    (the renderer of `hubscope check --html`), reasons in the page's language, a share link."""
    lang = lang_of(request)
    report = check_claims(_store(request), doc, max_claims=MAX_CLAIMS)
    data = report.to_dict(lang)
    query = shared_checks.share_query(doc.text) | {"lang": lang}
    return page(
        request,
        "check.html",
        {
            "title": "Check a report",
            "text": doc.text,
            "share": "/check?" + urlencode(query),
            "summary": data["summary"],
            "verdicts": [c | _measure_and_evidence(c, lang) for c in data["claims"]],
            "_marked": highlighted(report, lang),
            "_details": details(report, lang),
            "_css": MARK_CSS,
        },
    )


def _measure_and_evidence(c: dict, lang: str) -> dict:
    """What a claim was linked to (the indicator, and its series for the claim's entity) and the
    stored figure it was judged against, with that figure's source."""
    from ...claims.reasons import indicator_name, period_label

    suffix = f"?lang={lang}" if lang != "en" else ""
    ind = c["indicator"] or (c["indicators"][0] if c["indicators"] else None)
    ev = c["evidence"][0] if c["evidence"] else None
    out: dict = {"m_name": None, "m_href": None, "s_href": None, "ev": None}
    if ind:
        out |= {"m_name": indicator_name(ind, lang), "m_href": f"/indicators/{quote(ind)}{suffix}"}
    if ev:
        out["s_href"] = f"/history/{quote(ev['entity'])}/{quote(ev['indicator'])}{suffix}"
        url = ev["url"] if ev["url"] and ev["url"].startswith(("http://", "https://")) else None
        out["ev"] = {"text": f"{ev['display']} ({period_label(ev['period'], lang)})", "publisher": ev["publisher"],
                     "url": url}
    return out


@router.get("/index")
@router.get("/index.{ext}")
def index_page(
    request: Request,
    draws: int = Query(500, ge=50, le=5000),
    normalisation: str = Query("minmax", pattern="^(minmax|zscore|rank|frontier)$"),
    aggregation: str = Query("arithmetic", pattern="^(arithmetic|geometric)$"),
):
    from ...index import load_framework, run_index

    fw = load_framework()
    weights = {}
    for p in fw.pillar_weights:
        raw = request.query_params.get(f"w_{p}")
        if raw is not None:
            try:
                weights[p] = float(raw)
            except ValueError:
                raise HubscopeError(f"weight w_{p}={raw[:40]!r} is not a number") from None
            if not 0 <= weights[p] <= 100:
                raise HubscopeError(f"weight w_{p}={raw[:40]!r} is outside 0 to 100")
    from ...index.view import explain

    run = run_index(_store(request), None, normalisation, aggregation, pillar_weights=weights, draws=draws)
    lang = lang_of(request)
    view = explain(run, lang)
    current = {p: weights.get(p, w) for p, w in run.matrix.pillar_weights.items() if p in run.result.pillars}
    return page(
        request,
        "index.html",
        {
            "title": "AIハブ指数" if lang == "ja" else "Index",
            "rows": run.table,
            "view": view,
            "drivers": run.drivers,
            "notes": run.notes,
            "weights": current,
            "normalisation": normalisation,
            "aggregation": aggregation,
            "draws": draws,
            "_ja": lang == "ja",
        },
        table="rows",
    )
