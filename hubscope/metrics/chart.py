"""Charts of comparisons: Vega-Lite specs (Altair), rendered offline with vl-convert."""

from __future__ import annotations

from pathlib import Path

import altair as alt
import pandas as pd

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
