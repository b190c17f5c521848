"""Charts of comparisons: Vega-Lite specs (Altair), rendered offline with vl-convert."""

from __future__ import annotations

from pathlib import Path

import altair as alt
import pandas as pd

from ..figures import FigureSet
from ..figures.display import unit_label
from ..units import pretty_unit


def comparison_chart(
    df: pd.DataFrame, indicator: str, title: str, highlight: str | None = None, value: str = "value_std"
) -> alt.Chart:
    """A ranked bar chart of one indicator, the focal entity highlighted, sources underneath."""
    part = df[(df["indicator"] == indicator) & df[value].notna()].copy()
    if part.empty:
        raise ValueError(f"nothing to chart for {indicator}")
    unit = part["cmp_unit"].iloc[0] if "cmp_unit" in part else part["display_unit"].iloc[0]
    part["label"] = [
        e if not p else f"{e} ({p})" for e, p in zip(part["entity"], part["period"].fillna(""), strict=True)
    ]
    part["value"] = part[value].astype(float)
    value = "value"
    part["focus"] = part["entity"].map(
        lambda e: "focus" if e == highlight else "median" if e == "peer median" else "peer"
    )
    sources = sorted({s for s in part.get("publisher", pd.Series(dtype=str)).dropna() if s})
    part = part[["label", "entity", "period", "value", "focus"]]  # only what the chart shows
    caption = "Source: " + "; ".join(sources) if sources else "Source: hubscope store"
    chart: alt.Chart = (
        alt.Chart(part, title=alt.Title(title, subtitle=[caption], subtitleFontSize=9, anchor="start", orient="top"))
        .mark_bar()
        .encode(
            y=alt.Y("label:N", sort="-x", title=None),
            x=alt.X(f"{value}:Q", title=pretty_unit(unit)),
            color=alt.Color(
                "focus:N",
                legend=None,
                scale=alt.Scale(domain=["focus", "peer", "median"], range=["#c0392b", "#7f8c8d", "#34495e"]),
            ),
            tooltip=["entity", "period", alt.Tooltip(f"{value}:Q", format=",.4g")],
        )
        .properties(width=420, height=max(60, 24 * len(part)))
    )
    return chart


SHORT = "abs(datum.value) >= 1000 ? format(datum.value, '~s') : format(datum.value, '~g')"
FOCUS, OTHER, MEDIAN = "#c0392b", "#9aa0a6", "#34495e"


def chart_frame(
    figs: FigureSet, names: dict[str, str] | None = None, focus: str | None = None, lang: str = "en"
) -> pd.DataFrame:
    """The numbers a chart draws, one row per figure: entity name, value in the indicator's unit,
    period (text, date, year), the display text for tooltips, and whether it is the focus."""
    names = names or {}
    rows = [
        {
            "id": f.entity,
            "entity": names.get(f.entity, f.entity),
            "indicator": f.indicator,
            "period": f.period.text,
            "date": f.period.start.isoformat(),
            "year": f.period.start.year,
            "value": float(f.value_std),
            "unit": f.unit_std or f.unit,
            "shown": f.display(lang),
            "publisher": f.source.publisher,
            "focus": "focus" if f.entity == focus else "peer",
        }
        for f in figs
        if f.value_std is not None
    ]
    return pd.DataFrame(
        rows,
        columns=["id", "entity", "indicator", "period", "date", "year", "value", "unit", "shown", "publisher", "focus"],
    )


# The few words a chart writes itself (titles and names come translated from the caller).
WORDS = {
    "en": {"source": "Source: ", "sep": "; ", "focus": "{} in red, others in grey", "value": "value",
           "indicator": "indicator", "period": "period", "entity": "entity", "no data": "no data", "year": "Year",
           "best": "; 1 = best"},
    "ja": {"source": "出典：", "sep": "、", "focus": "{}を赤、その他を灰色で表示", "value": "値",
           "indicator": "指標", "period": "期間", "entity": "対象", "no data": "データなし", "year": "年",
           "best": "、1位が最上位"},
}


def words(lang: str) -> dict[str, str]:
    return WORDS.get(lang, WORDS["en"])


def caption(df: pd.DataFrame, focus_name: str | None, lang: str = "en") -> list[str]:
    """The source line under a chart's title, and which entity is in colour."""
    w = words(lang)
    sources = sorted({s for s in df["publisher"].dropna() if s})
    lines, line = [], w["source"]
    for i, src in enumerate(sources or ["hubscope"]):  # wrapped: a long list of sources is not clipped
        piece = src + (w["sep"] if i < len(sources) - 1 else "")
        if len(line) + len(piece) > 110 and line.strip() != w["source"].strip():
            lines.append(line.rstrip())
            line = ""
        line += piece
    lines.append(line.rstrip())
    if focus_name and (df["entity"] == focus_name).any():
        lines.append(w["focus"].format(focus_name))
    return lines


def _title(title: str, df: pd.DataFrame, focus_name: str | None, lang: str) -> alt.Title:
    return alt.Title(title, subtitle=caption(df, focus_name, lang), subtitleFontSize=9, anchor="start")


def _tips(lang: str, *extra: tuple[str, str]) -> list[alt.Tooltip]:
    w = words(lang)
    return [
        alt.Tooltip("entity:N", title=w["entity"]),
        *(alt.Tooltip(f"{f}:N", title=w[t]) for f, t in extra),
        alt.Tooltip("period:N", title=w["period"]),
        alt.Tooltip("shown:N", title=w["value"]),
    ]


def _colour() -> alt.Color:
    return alt.Color(
        "focus:N", legend=None, scale=alt.Scale(domain=["focus", "peer", "median"], range=[FOCUS, OTHER, MEDIAN])
    )


def trend_chart(df: pd.DataFrame, title: str, focus_name: str | None = None, lang: str = "en") -> alt.LayerChart:
    """A line over time for each entity (from ``chart_frame``), the focus in colour and on top."""
    if df.empty:
        raise ValueError(f"nothing to chart for {title}")
    unit = df["unit"].iloc[0]
    df = df.assign(order=(df["focus"] == "focus").astype(int))  # the focus line drawn last, over the grey
    base = alt.Chart(df, title=_title(title, df, focus_name, lang))
    enc = {
        "x": alt.X("date:T", title=None, axis=alt.Axis(format="%Y", tickCount="year")),
        "y": alt.Y("value:Q", title=unit_label(unit, lang)),
        "color": _colour(),
        "detail": "entity:N",
        "order": alt.Order("order:Q"),
        "tooltip": _tips(lang),
    }
    lines = base.mark_line(point=True, strokeWidth=1.5).encode(**enc)
    last = df.sort_values("date").groupby("entity").tail(1)
    # names at the line ends for the focus and the three highest only: more would overprint
    top = set(last.nlargest(3, "value")["entity"]) | set(last.loc[last["focus"] == "focus", "entity"])
    last = last[last["entity"].isin(top)]
    labels = (
        alt.Chart(last)
        .mark_text(align="left", dx=6, fontSize=10)
        .encode(x="date:T", y="value:Q", text="entity:N", color=_colour())
    )
    chart: alt.LayerChart = alt.layer(lines, labels).properties(width=520, height=280)  # type: ignore[assignment]  # Altair types properties() loosely
    return chart


def ranked_chart(df: pd.DataFrame, title: str, focus_name: str | None = None, lang: str = "en") -> alt.Chart:
    """The latest value of each entity as ranked bars (from ``chart_frame``), the focus in colour."""
    if df.empty:
        raise ValueError(f"nothing to chart for {title}")
    latest = df.sort_values("date").groupby("entity").tail(1)
    latest = latest.assign(label=[f"{e} ({p})" for e, p in zip(latest["entity"], latest["period"], strict=True)])
    unit = latest["unit"].iloc[0]
    desc = unit != "rank"  # rank 1 is the best: it goes on top with the shortest bar
    chart: alt.Chart = (
        alt.Chart(latest, title=_title(title, latest, focus_name, lang))
        .mark_bar()
        .encode(
            y=alt.Y("label:N", sort="-x" if desc else "x", title=None),
            x=alt.X("value:Q", title=unit_label(unit, lang)),
            color=_colour(),
            tooltip=_tips(lang),
        )
        .properties(width=420, height=max(60, 22 * len(latest)))
    )
    return chart


def compare_chart(df: pd.DataFrame, title: str, focus_name: str | None = None, lang: str = "en") -> alt.TopLevelMixin:
    """Bars when each entity has one period, lines over time when some have several."""
    several = not df.empty and df.groupby("entity")["period"].nunique().max() > 1
    return trend_chart(df, title, focus_name, lang) if several else ranked_chart(df, title, focus_name, lang)


def peers_chart(
    df: pd.DataFrame, title: str, titles: dict[str, str], focus_name: str | None = None, lang: str = "en"
) -> alt.FacetChart:
    """Small multiples: one panel of bars per indicator (its own scale, its unit in its title),
    best first (the highest value, or rank 1), the focus in colour."""
    if df.empty:
        raise ValueError("nothing to chart")
    rank = df["unit"] == "rank"
    best = words(lang)["best"]
    df = df.assign(
        name=[
            f"{titles.get(i, i)} ({unit_label(u, lang)}{best if u == 'rank' else ''})"
            for i, u in zip(df["indicator"], df["unit"], strict=True)
        ],
        order=df["value"].where(rank, -df["value"]),
    )
    chart: alt.FacetChart = (
        alt.Chart(df)
        .mark_bar()
        .encode(
            y=alt.Y("entity:N", title=None, sort=alt.EncodingSortField("order", order="ascending")),
            # each label formatted alone (a shared SI prefix prints "0k"); SI only for thousands and up,
            # or 0.8 % would read "800m"
            x=alt.X("value:Q", title=None, axis=alt.Axis(tickCount=3, labelExpr=SHORT)),
            color=_colour(),
            tooltip=_tips(lang, ("name", "indicator")),
        )
        .properties(width=200, height=alt.Step(11))
        .facet(facet=alt.Facet("name:N", title=None, header=alt.Header(labelFontSize=10, labelLimit=240)), columns=3)
        .resolve_scale(x="independent", y="independent")
        .properties(title=_title(title, df, focus_name, lang))
    )
    return chart


def save_chart(chart: alt.Chart, path: Path | str) -> Path:
    """Write an SVG or PNG with vl-convert (no browser, no network)."""
    import vl_convert as vlc

    path = Path(path)
    spec = chart.to_json()
    if path.suffix.lower() == ".svg":
        path.write_text(vlc.vegalite_to_svg(spec), encoding="utf-8")
    elif path.suffix.lower() == ".png":
        path.write_bytes(vlc.vegalite_to_png(spec, scale=2))
    elif path.suffix.lower() == ".json":
        path.write_text(spec, encoding="utf-8")
    else:
        raise ValueError(f"{path}: chart files end in .svg, .png or .json")
    return path
