"""Indicator pages (Chart, Map, Table and Sources tabs, the tab in the URL) and their embeds."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request

from ...errors import UnknownEntity, UnknownIndicator
from ...figures import FigureSet
from ...metrics import compare, derived_catalog
from ...metrics.chart import caption, chart_frame, ranked_chart, trend_chart, words
from ...metrics.chart_map import MIN_ECONOMIES, coverage, map_spec
from ..respond import lang_of, page
from .pages import _clean, _comments, _names

router = APIRouter(include_in_schema=False)
TABS = ("chart", "map", "table", "sources")
TAB = Query("chart", pattern="^(chart|map|table|sources)$", description="which tab the page opens on")
FOCUS = Query("JPN", max_length=60, description="the entity drawn in colour")


@dataclass(frozen=True)
class Charts:
    """One indicator's figures and every chart of them, as Vega-Lite specs (None where not drawn)."""

    every: FigureSet  # every period
    latest: FigureSet
    trend: dict | None
    ranked: dict | None
    map: dict | None
    drawn: tuple[str, ...]  # economies the map can draw
    undrawn: tuple[str, ...]  # economies with data the atlas cannot show


def indicator_charts(store, iid: str, title: str, focus: str, names: dict[str, str], lang: str) -> Charts:
    """The figures of ``iid`` for every entity and their trend, ranked and map specs."""
    entities = list(store.catalog.entities)
    every = compare(entities, [iid], store=store, latest=False)
    latest = compare(entities, [iid], store=store)
    df = chart_frame(every, names, focus, lang)
    if df.empty:
        return Charts(every, latest, None, None, None, (), ())
    fname = names.get(focus, focus)
    several = df.groupby("entity")["period"].nunique().max() > 1
    trend = trend_chart(df, title, fname, lang).to_dict() if several else None
    ranked = ranked_chart(chart_frame(latest, names, focus, lang), title, fname, lang).to_dict()
    cov = coverage(df)
    w = words(lang)
    spec = (
        map_spec(df, title, caption(df, None, lang), no_data=w["no data"], period_label=w["year"])
        if cov.enough
        else None
    )
    return Charts(every, latest, trend, ranked, spec, cov.drawn, cov.undrawn)


def _meta(store, iid: str):
    cat, derived = store.catalog, derived_catalog()
    if iid not in cat.indicators and iid not in derived:
        raise UnknownIndicator(iid, [*cat.indicators, *derived])
    return cat.indicators.get(iid) or derived[iid]


def _focus(store, focus: str) -> str:
    if focus not in store.catalog.entities:
        raise UnknownEntity(focus, store.catalog.entities)
    return focus


def _sources(figs: FigureSet) -> list[dict]:
    """Each source the figures cite, once, with how many figures it gives."""
    out: dict[str, dict] = {}
    for f in figs:
        s = f.source
        row = out.setdefault(s.id, {"source": s, "figures": 0, "vintages": set()})
        row["figures"] += 1
        if f.provenance.vintage:
            row["vintages"].add(f.provenance.vintage)
    return sorted(out.values(), key=lambda r: -r["figures"])


@router.get("/indicators/{indicator}")
def indicator_page(request: Request, indicator: str, tab: str = TAB, focus: str = FOCUS):
    """One indicator: its definition, a chart over time and ranked, a world map, tables, sources."""
    store = request.app.state.store
    iid = _clean(indicator)
    meta = _meta(store, iid)
    focus = _focus(store, focus)
    ent, ind, _ = _names(request)
    lang = lang_of(request)
    ch = indicator_charts(store, iid, ind.get(iid, iid), focus, ent, lang)
    conflicts = (
        FigureSet(tuple(f for f in store.figures(indicators=[iid]) if f.flags.conflict))
        if iid in store.catalog.indicators
        else FigureSet()
    )
    keep = {k: v for k, v in request.query_params.items() if k in ("focus", "lang")}
    return page(
        request,
        "indicator.html",
        {
            "title": ind.get(iid, iid),
            "indicator": iid,
            "definition": getattr(meta, "definition", None)
            or f"{getattr(meta, 'kind', '')} of {getattr(meta, 'of', '')}",
            "unit": meta.unit,
            "tab": tab,
            "focus": focus,
            "entity_names": ent,
            "spec": ch.ranked,
            "latest": ch.latest,
            "rows": ch.every,
            "conflicts": conflicts,
            "_trend": ch.trend,
            "_map": ch.map,
            "_drawn": ch.drawn,
            "_undrawn": ch.undrawn,
            "_min_economies": MIN_ECONOMIES,
            "_tabs": [(t, f"/indicators/{iid}?" + urlencode({**keep, "tab": t})) for t in TABS],
            "_embed": f"/embed/indicator/{iid}?" + urlencode({"tab": tab if tab == "map" else "chart", "focus": focus}),
            "_query": urlencode(keep),
            "_sources": _sources(ch.every),
            "_comments": _comments(store, "indicator", iid),
        },
        table="rows",
    )


@router.get("/embed/indicator/{indicator}")
def embed_indicator(
    request: Request,
    indicator: str,
    tab: str = Query("chart", pattern="^(chart|map)$", description="chart (over time, else ranked) or map"),
    focus: str = FOCUS,
):
    """Just one chart of an indicator and its source line, for other sites to frame."""
    store = request.app.state.store
    iid = _clean(indicator)
    _meta(store, iid)
    focus = _focus(store, focus)
    ent, ind, _ = _names(request)
    ch = indicator_charts(store, iid, ind.get(iid, iid), focus, ent, lang_of(request))
    spec = ch.map if tab == "map" else ch.trend or ch.ranked
    return page(
        request,
        "embed.html",
        {
            "title": ind.get(iid, iid),
            "indicator": iid,
            "tab": tab,
            "rows": ch.every,
            "_spec": spec,
            "_page": f"/indicators/{iid}?" + urlencode({"tab": tab, "focus": focus}),
            "_sources": _sources(ch.every),
        },
        table="rows",
    )
