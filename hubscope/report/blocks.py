"""Fenced YAML blocks in a report: charts, tables and checked claims."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from pathlib import Path

import altair as alt
import pandas as pd

from ..figures.display import publisher
from ..model import _num
from .bindings import Binder, BindingError, period_text
from .words import POLICY_FIELDS_JA, VERDICTS_JA, index_caption, policy_value_ja

BUNDLED_DIR = Path(__file__).resolve().parent.parent / "catalog"

CHART_TYPES = ("bar", "line", "scatter", "dot")
KEYS = {
    "chart": {"type", "indicator", "x", "y", "entities", "highlight", "title", "period", "from", "to"},
    "table": {"entities", "indicators", "period", "title"},
    "claims": {"statements", "title"},
    "index": {"framework", "draws", "seed", "weights", "title", "focus"},
    "policy": {"jurisdictions", "fields", "all", "title"},
}
COLOURS = {"focus": "#c0392b", "peer": "#7f8c8d"}


@dataclass
class Block:
    kind: str
    spec: dict
    html: str
    vega: dict | None = None  # the chart's Vega-Lite spec (rendered to SVG for PDF)
    title: str = ""


def validate(kind: str, spec: object) -> dict:
    """Check a block's keys and values; raise ValueError naming what was expected."""
    if not isinstance(spec, dict):
        raise ValueError(f"a {kind} block holds YAML keys ({', '.join(sorted(KEYS[kind]))})")
    unknown = set(spec) - KEYS[kind]
    if unknown:
        from ..errors import nearest

        key = sorted(unknown)[0]
        hint = nearest(key, KEYS[kind])
        raise ValueError(
            f"unknown key {key!r}"
            + (f" (did you mean {hint!r}?)" if hint else "")
            + f"; expected {', '.join(sorted(KEYS[kind]))}"
        )
    if kind == "chart":
        if spec.get("type") not in CHART_TYPES:
            raise ValueError(f"chart type {spec.get('type')!r}; expected one of {', '.join(CHART_TYPES)}")
        need = ("x", "y") if spec["type"] == "scatter" else ("indicator",)
        for k in (*need, "entities"):
            if k not in spec:
                raise ValueError(f"a {spec['type']} chart needs {k!r}")
    if kind == "table":
        for k in ("entities", "indicators"):
            if not isinstance(spec.get(k), list) or not spec[k]:
                raise ValueError(f"a table needs a non-empty list {k!r}")
    if kind == "index":
        _check_index(spec)
    for k in ("entities", "indicators", "jurisdictions", "statements", "fields"):
        if isinstance(spec.get(k), list) and len(spec[k]) > MAX_LIST:
            raise ValueError(f"{k!r} lists {len(spec[k])} items; a block shows at most {MAX_LIST}")
    if kind == "policy":
        from ..policy import fields

        if not isinstance(spec.get("jurisdictions"), list) or not spec["jurisdictions"]:
            raise ValueError("a policy block needs a non-empty list 'jurisdictions'")
        bad = [f for f in spec.get("fields") or [] if f not in fields()]
        if bad:
            raise ValueError(f"unknown policy field {bad[0]!r}; expected {', '.join(fields())}")
    if kind == "claims" and not isinstance(spec.get("statements"), list):
        raise ValueError("a claims block needs a list 'statements'")
    return spec


# A report is also written by contributors, so a block names no files and its work is bounded.
MAX_LIST = 100
DRAWS = (50, 5000)
FRAMEWORKS = ("index-ai-hub",)  # bundled frameworks, by id; a user's own file goes to `hubscope index`


def _check_index(spec: dict) -> None:
    if not isinstance(spec.get("weights", {}), dict):
        raise ValueError("index weights are a mapping of pillar: weight")
    for p, w in spec.get("weights", {}).items():
        if not isinstance(w, int | float) or isinstance(w, bool) or not 0 <= w <= 100:
            raise ValueError(f"weight for {p!r} is {w!r}; expected a number from 0 to 100")
    fw = spec.get("framework")
    if fw is not None and fw not in FRAMEWORKS:
        raise ValueError(f"framework {str(fw)[:60]!r}; a report block names a bundled one: {', '.join(FRAMEWORKS)}")
    for key, (lo, hi) in (("draws", DRAWS), ("seed", (0, 2**31 - 1))):
        v = spec.get(key)
        if v is not None and (not isinstance(v, int) or isinstance(v, bool) or not lo <= v <= hi):
            raise ValueError(f"{key} is {str(v)[:40]}; expected a whole number from {lo} to {hi}")


def build(kind: str, spec: dict, b: Binder, n: int) -> Block:
    return {"chart": _chart, "table": _table, "claims": _claims, "index": _index, "policy": _policy}[kind](spec, b, n)


def _policy(spec: dict, b: Binder, n: int) -> Block:
    """A field-by-field comparison of AI laws; every value cites its source in the report's list."""
    from .. import policy as pol

    ids = [b.store.catalog.resolve_entity(j) for j in spec["jurisdictions"]]
    recs = pol.pick(pol.policies(b.store), ids, every=bool(spec.get("all")))
    ja = b.lang == "ja"
    heads = "".join(
        f"<th scope=col>{escape((r.title_ja or r.name) if ja else r.name)}<br>"
        f"<small>{escape(b.name(r.jurisdiction))}</small></th>"
        for r in recs
    )
    body = []
    for f in spec.get("fields") or pol.fields():
        cells = []
        for r in recs:
            vals = r.fields.get(f, ())
            parts = [
                escape(policy_value_ja(v.value) if ja else v.text())
                + b.cite(
                    {
                        "source": f"policy:{v.source.id}",
                        "publisher": v.source.publisher,
                        "source_title": v.source.title,
                        "url": v.source.url,
                        "vintage": v.source.accessed,
                    }
                )
                for v in vals
            ]
            cells.append(f"<td>{' / '.join(parts)}</td>" if parts else '<td class="na">–</td>')
        head = POLICY_FIELDS_JA.get(f, f) if ja else pol.label(f)
        body.append(f"<tr><th scope=row>{escape(head)}</th>{''.join(cells)}</tr>")
    return _grid("policy", spec, f'class="data policy" id="policy-{n}"', heads, body)


def _grid(kind: str, spec: dict, attrs: str, heads: str, body: list[str]) -> Block:
    """A table block: an optional caption, a header row with an empty corner, then the rows."""
    title = spec.get("title", "")
    caption = f"<caption>{escape(title)}</caption>" if title else ""
    return Block(
        kind,
        spec,
        f"<table {attrs}>{caption}<thead><tr><th></th>{heads}</tr></thead><tbody>{''.join(body)}</tbody></table>",
        title=title,
    )


def _index(spec: dict, b: Binder, n: int) -> Block:
    """The AI-hub index: ranks with their 5-95% intervals, as a table and a chart."""
    from ..index import run_index

    fw = spec.get("framework")
    run = run_index(
        b.store,
        str(BUNDLED_DIR / f"{fw}.yml") if fw else None,
        pillar_weights=spec.get("weights"),
        draws=int(spec.get("draws", 1000)),
        seed=int(spec.get("seed", 0)),
        focus=spec.get("focus", "JPN"),
        ctx=b.ctx,
    )
    t = run.table.assign(label=[b.name(e) for e in run.table["entity"]])
    focus = spec.get("focus", "JPN")
    t["role"] = ["focus" if e == focus else "peer" for e in t["entity"]]
    base = alt.Chart(t[["label", "rank", "rank_p05", "rank_p95", "role"]]).encode(
        y=alt.Y("label:N", sort=alt.EncodingSortField("rank"), title=None)
    )
    chart = base.mark_rule(strokeWidth=3).encode(
        x=alt.X("rank_p05:Q", title="順位（1が最上位）" if b.lang == "ja" else "rank (1 = best)"),
        x2="rank_p95:Q",
        color=alt.Color("role:N", legend=None, scale=alt.Scale(domain=list(COLOURS), range=list(COLOURS.values()))),
    ) + base.mark_point(filled=True, size=90, color="#1b1b1b").encode(x="rank:Q")
    title = spec.get("title") or run.framework.name
    vega = chart.properties(width=420, height=30 * len(t), title=title).to_dict()
    rows = "".join(
        f"<tr><td>{r['rank']}</td><th scope=row>{escape(r['label'])}</th><td>{r['score']:.1f}</td>"
        f"<td>{r['rank_p05']:.0f}–{r['rank_p95']:.0f}</td></tr>"
        for r in t.to_dict("records")
    )
    caption = index_caption(run, title, focus, int(spec.get("draws", 1000)), b.name, b.lang)
    heads = ("順位", "", "スコア", "5–95%区間") if b.lang == "ja" else ("Rank", "", "Score", "5–95% interval")
    html = (
        f'<figure class="chart" id="chart-{n}"><div class="vega" data-chart="{n}"></div>'
        f"<figcaption>{escape(caption)}</figcaption></figure>"
        f'<table class="data" id="index-{n}"><thead><tr>{"".join(f"<th>{h}</th>" for h in heads)}</tr></thead>'
        f"<tbody>{rows}</tbody></table>"
    )
    return Block("chart", spec, html, vega, title)


def _rows(spec: dict, b: Binder, indicator: str, all_periods: bool = False) -> pd.DataFrame:
    ents = [b.entity(e) for e in spec["entities"]]
    b.indicator_name(indicator)
    period = spec.get("period")
    df = b.rows(ents, indicator, str(period) if period else None, all_periods)
    if df.empty:
        raise BindingError(f"no figures for {indicator} for {', '.join(ents)}")
    df = df[df["value_std"].notna() | df["value"].notna()].copy()
    df["v"] = df["value_std"].where(df["value_std"].notna(), df["value"]).astype(float)
    df["label"] = [b.name(e) for e in df["entity"]]
    focus = b.entity(spec["highlight"]) if spec.get("highlight") else None
    df["role"] = ["focus" if e == focus else "peer" for e in df["entity"]]
    for r in df.to_dict("records"):
        b.record(f"chart:{r['entity']}:{indicator}:{r['period']}", r, _num(r["v"]))
    return df


def _caption(df: pd.DataFrame, b: Binder) -> str:
    marks = "".join(b.cite(r) for r in df.drop_duplicates("source").to_dict("records"))
    pubs = "; ".join(sorted(set(df["publisher"])))
    word = "出典" if b.lang == "ja" else "Source"
    pubs = publisher(pubs, b.lang)
    return f"{word}: {escape(pubs)} {marks}"


def _chart(spec: dict, b: Binder, n: int) -> Block:
    kind = spec["type"]
    colour = alt.Color("role:N", legend=None, scale=alt.Scale(domain=list(COLOURS), range=list(COLOURS.values())))
    if kind == "scatter":
        dx, dy = _rows(spec, b, spec["x"]), _rows(spec, b, spec["y"])
        df = dx[["entity", "label", "role", "v", "publisher", "source", "period"]].merge(
            dy[["entity", "v", "publisher", "source"]], on="entity", suffixes=("_x", "_y")
        )
        x_title, y_title = b.indicator_name(spec["x"]), b.indicator_name(spec["y"])
        chart = (
            alt.Chart(df[["label", "role", "v_x", "v_y"]])
            .mark_circle(size=90)
            .encode(
                x=alt.X("v_x:Q", title=x_title),
                y=alt.Y("v_y:Q", title=y_title),
                color=colour,
                tooltip=["label", alt.Tooltip("v_x:Q", format=",.4g"), alt.Tooltip("v_y:Q", format=",.4g")],
            )
        )
        chart = chart + chart.mark_text(dx=8, align="left").encode(text="label")
        caption_df = pd.concat([dx, dy])
        title = spec.get("title") or f"{y_title} vs {x_title}"
    else:
        ind = spec["indicator"]
        df = _rows(spec, b, ind, all_periods=kind == "line")
        if kind == "line":
            lo, hi = str(spec.get("from", "1900")), str(spec.get("to", "2100"))
            df = df[(df["period"].astype(str) >= lo) & (df["period"].astype(str) <= hi)]
            df = df[df["period"].astype(str).str.fullmatch(r"(FY)?\d{4}")]
            df["year"] = df["period"].astype(str).str.removeprefix("FY")
            chart = (
                alt.Chart(df[["label", "role", "v", "year"]])
                .mark_line(point=True)
                .encode(
                    x=alt.X("year:O", title=None),
                    y=alt.Y("v:Q", title=b.unit(df["display_unit"].iloc[0])),
                    color=alt.Color("label:N", title=None),
                    strokeWidth=alt.condition(alt.datum.role == "focus", alt.value(3.5), alt.value(1.5)),
                    tooltip=["label", "year", alt.Tooltip("v:Q", format=",.4g")],
                )
            )
        else:
            df["text"] = df["label"] + " (" + df["period"].astype(str) + ")"
            mark = (
                alt.Chart(df[["text", "role", "v"]]).mark_bar()
                if kind == "bar"
                else alt.Chart(df[["text", "role", "v"]]).mark_circle(size=120)
            )
            chart = mark.encode(
                y=alt.Y("text:N", sort="-x", title=None),
                x=alt.X("v:Q", title=b.unit(df["display_unit"].iloc[0])),
                color=colour,
                tooltip=["text", alt.Tooltip("v:Q", format=",.4g")],
            )
        caption_df = df
        title = spec.get("title") or b.indicator_name(ind)
    chart = chart.properties(width=480, height=260, title=title)
    vega = chart.to_dict()
    html = (
        f'<figure class="chart" id="chart-{n}"><div class="vega" data-chart="{n}"></div>'
        f"<figcaption>{escape(title)}{'。' if b.lang == 'ja' else '.'} {_caption(caption_df, b)}</figcaption></figure>"
    )
    return Block("chart", spec, html, vega, title)


def _table(spec: dict, b: Binder, n: int) -> Block:
    heads = "".join(f"<th>{escape(b.indicator_name(i))}</th>" for i in spec["indicators"])
    body = []
    for e in spec["entities"]:
        cells = []
        for ind in spec["indicators"]:
            try:
                html = b.value(e, ind, spec.get("period", "latest"))
                period = b.manifest[-1].period
                cells.append(f"<td>{html} <small>({escape(period_text(period, b.lang))})</small></td>")
            except BindingError:
                cells.append('<td class="na">–</td>')
        body.append(f"<tr><th scope=row>{escape(b.name(e))}</th>{''.join(cells)}</tr>")
    return _grid("table", spec, f'class="data" id="table-{n}"', heads, body)


def _claims(spec: dict, b: Binder, n: int) -> Block:
    from ..claims import check, from_text

    rows = []
    statements = [str(s) for s in spec["statements"]]
    # one document, one read of the store: each statement is its own paragraph
    text = "\n\n".join(statements)
    starts = [sum(len(s) + 2 for s in statements[:i]) for i in range(len(statements))]
    report = check(b.store, from_text(text, "report"))
    for i, statement in enumerate(statements):
        lo, hi = starts[i], starts[i] + len(statement)
        for v in (v for v in report.verdicts if lo <= v.claim.start < hi):
            ev = v.evidence[0] if v.evidence else None
            cite = ""
            if ev:
                cite = b.cite(
                    {
                        "source": ev.source,
                        "publisher": ev.publisher,
                        "source_title": ev.publisher,
                        "url": ev.url,
                        "vintage": ev.vintage,
                    }
                )
            shown, reason = v.verdict, v.reason
            if b.lang == "ja":  # the checker explains in English; in Japanese, show the figure it used
                shown = VERDICTS_JA.get(v.verdict, v.verdict)
                reason = (
                    f"ストアの数値：{b.name(ev.entity)}、{b.indicator_name(ev.indicator)}、"
                    f"{period_text(ev.period, 'ja')}は{_ja_figure(ev)}"
                    if ev
                    else "この数値に対応する指標はストアにありません"
                )
            rows.append(
                f"<tr><td>{escape(str(statement))}</td><td class='verdict {v.verdict}'>{escape(shown)}</td>"
                f"<td>{escape(reason)} {cite}</td></tr>"
            )
    title = spec.get("title", "")
    heads = ("主張", "判定", "根拠") if b.lang == "ja" else ("Claim", "Verdict", "What the data says")
    return Block(
        "claims",
        spec,
        f'<table class="claims" id="claims-{n}"><caption>{escape(title)}</caption>'
        f"<thead><tr>{''.join(f'<th>{h}</th>' for h in heads)}</tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>",
        title=title,
    )


def _ja_figure(ev) -> str:
    from ..figures.display import amount

    return amount(ev.value, ev.unit, "ja") if ev.value is not None else ev.display
