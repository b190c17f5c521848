"""An index run explained for readers: names, pillar scores, where each cell came from, what was
screened out and why, and the rank chart; the web page and its JSON twin both show this."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ..figures.display import number

if TYPE_CHECKING:
    from .run import IndexRun

# one mark per cell source, the same in every language; the legend and tooltips say what each means
MARKS = {"verified": "●", "estimate": "◐", "imputed": "○", "not_applicable": "◇", "missing": "×"}
LEGEND = {
    "en": {
        "verified": "verified figure",
        "estimate": "estimate: a verified figure of the framework's stand-in indicator",
        "imputed": "imputed: no figure, filled in by the imputation method",
        "not_applicable": "not applicable: scored by the framework's documented rule",
        "missing": "missing: left out, the pillar is averaged over the rest",
    },
    "ja": {
        "verified": "検証済みの数値",
        "estimate": "推計：フレームワークが指定する代替指標の検証済み数値",
        "imputed": "補完：数値がなく、補完の方法で埋めた値",
        "not_applicable": "対象外：フレームワークの規定に従って採点",
        "missing": "欠損：除外し、残りの指標で柱を平均",
    },
}


def _names(lang: str) -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    from ..catalog import load_catalog
    from ..metrics import derived_catalog

    cat = load_catalog()
    ja = lang == "ja"
    ent = {e.id: (e.name_ja if ja and e.name_ja else e.name_en) for e in cat.entities.values()}
    ind = {i.id: (i.name_ja if ja and i.name_ja else i.name_en) for i in cat.indicators.values()}
    ind |= {d.id: (d.name_ja if ja and d.name_ja else d.name_en) for d in derived_catalog().values()}
    pil = {p.id: (p.name_ja if ja else p.name_en) for p in cat.pillars.values()}
    return ent, ind, pil


CHOICES_JA = {"normalisation": "正規化", "aggregation": "集計", "imputation": "補完"}


def driver(run: IndexRun, text: str, lang: str) -> str:
    """A rank driver ("normalisation choice", "weight of capital") in the reader's language."""
    if text.endswith(" choice"):
        choice = text.removesuffix(" choice")
        return f"{CHOICES_JA.get(choice, choice)}の方法" if lang == "ja" else text
    if text.startswith("weight of "):
        ident = text.removeprefix("weight of ")
        _, ind, pil = _names(lang)
        label = ind.get(ident) or pil.get(ident) or ident
        return f"{label}の重み" if lang == "ja" else f"weight of {label}"
    return text


def screening(run: IndexRun, lang: str = "en", name: Callable[[str], str] | None = None) -> list[str]:
    """One sentence per indicator, pillar or entity the coverage screening left out, e.g.
    "Singapore screened out: 4 of 9 indicators (threshold 50%)"."""
    ent, ind, pil = _names(lang)
    out = []
    for s in run.matrix.screened:
        kind = s["kind"]
        label = (name or ent.get)(s["id"]) if kind == "entity" else (pil if kind == "pillar" else ind).get(s["id"])
        label = label or s["id"]
        share = f"{s['threshold']:.0%}"
        if lang == "ja":
            if kind == "pillar":
                out.append(f"{label}：指標{s['of']}件のいずれもカバー率{share}に届かないため除外")
            else:
                what = "指標" if kind == "entity" else "国・地域"
                out.append(f"{label}：{what}{s['of']}件中{s['have']}件のデータのみ（基準{share}）のため除外")
        elif kind == "pillar":
            out.append(f"{label} pillar screened out: none of its {s['of']} indicators reaches {share} coverage")
        else:
            what = "indicators" if kind == "entity" else "economies"
            out.append(f"{label} screened out: {s['have']} of {s['of']} {what} (threshold {share})")
    return out


def rank_chart(run: IndexRun, lang: str = "en", focus: str = "JPN", title: str = "") -> dict[str, Any]:
    """A Vega-Lite spec: each entity's nominal rank (dot) and its 5-95% interval (rule)."""
    ent, _, _ = _names(lang)
    values = [
        {
            "label": ent.get(r["entity"], r["entity"]),
            "rank": int(r["rank"]),
            "lo": float(r["rank_p05"]),
            "hi": float(r["rank_p95"]),
            "role": "focus" if r["entity"] == focus else "peer",
        }
        for r in run.table.to_dict("records")
    ]
    axis = "順位（1が最上位）" if lang == "ja" else "rank (1 = best)"
    y = {"field": "label", "type": "nominal", "sort": {"field": "rank"}, "title": None}
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "title": title,
        "width": 420,
        "height": 28 * len(values),
        "data": {"values": values},
        "layer": [
            {
                "mark": {"type": "rule", "strokeWidth": 4},
                "encoding": {
                    "y": y,
                    "x": {"field": "lo", "type": "quantitative", "title": axis, "scale": {"zero": False}},
                    "x2": {"field": "hi"},
                    "color": {
                        "field": "role",
                        "type": "nominal",
                        "legend": None,
                        "scale": {"domain": ["focus", "peer"], "range": ["#c0392b", "#7f8c8d"]},
                    },
                },
            },
            {
                "mark": {"type": "point", "filled": True, "size": 90, "color": "#1b1b1b"},
                "encoding": {"y": y, "x": {"field": "rank", "type": "quantitative"}},
            },
        ],
    }


def explain(run: IndexRun, lang: str = "en", focus: str = "JPN") -> dict[str, Any]:
    """Everything the index page shows, as plain data (the page's JSON twin)."""
    ent, ind, pil = _names(lang)
    m = run.matrix
    columns = [{"id": i, "name": ind.get(i, i), "pillar": p} for i, p in zip(m.indicators, m.pillars, strict=True)]
    cells: dict[str, dict[str, dict[str, Any]]] = {}
    for c in run.cells.to_dict("records"):
        c = {k: (None if isinstance(v, float) and v != v else v) for k, v in c.items()}  # NaN -> None
        src = c["source"]
        # the value the index scored, after the framework's transformation (not always the stored unit)
        shown = number(c["value"], lang) if c["value"] is not None else "–"
        why = LEGEND[lang][src]
        if c["from"] and src == "estimate":
            why += f" ({ind.get(c['from'], c['from'])})"
        if c["rule"]:
            why += f" ({c['rule']})"
        period = str(c["period"] or "")
        cells.setdefault(c["entity"], {})[c["indicator"]] = {
            "source": src,
            "mark": MARKS[src],
            "value": shown,
            "period": period,
            "title": why + (f" · {period}" if period else ""),
        }
    rows = []
    for r in run.table.to_dict("records"):
        rows.append(
            {
                "rank": int(r["rank"]),
                "entity": r["entity"],
                "name": ent.get(r["entity"], r["entity"]),
                "score": f"{r['score']:.1f}",
                "interval": f"{r['rank_p05']:.0f}–{r['rank_p95']:.0f}",
                "pillars": {p: f"{r[f'pillar:{p}']:.1f}" for p in run.result.pillars},
            }
        )
    return {
        "rows": rows,
        "columns": columns,
        "cells": cells,
        "pillars": [{"id": p, "name": pil.get(p, p)} for p in run.result.pillars],
        "screened": screening(run, lang),
        "drivers": [
            {"driver": driver(run, d["driver"], lang), "share": f"{d['share_of_variance']:.0%}"}
            for d in run.drivers.to_dict("records")
        ],
        "legend": [{"source": s, "mark": MARKS[s], "text": t} for s, t in LEGEND[lang].items()],
        "chart": rank_chart(run, lang, focus),
    }

