"""A world choropleth of one indicator: a Vega-Lite spec over the vendored Natural Earth atlas."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import pandas as pd
import pycountry

from ..units import pretty_unit

ATLAS_URL = "/static/atlas/countries-110m.json"
MIN_ECONOMIES = 10  # fewer economies with data than this make a map of mostly grey: the page says so
NO_DATA = "#d4d4d4"


@cache
def atlas_ids() -> frozenset[str]:
    """The ISO 3166-1 numeric ids the vendored atlas draws (small states are not in the 1:110m file)."""
    path = resources.files("hubscope.web") / "static" / "atlas" / "countries-110m.json"
    topo = json.loads(path.read_text(encoding="utf-8"))
    return frozenset(g["id"] for g in topo["objects"]["countries"]["geometries"] if "id" in g)


def numeric_id(iso3: str) -> str | None:
    """The atlas id of an ISO3 code ("JPN" -> "392"); None for regions, cities and unknown codes.

    >>> numeric_id("JPN"), numeric_id("Tokyo")
    ('392', None)
    """
    country = pycountry.countries.get(alpha_3=iso3) if len(iso3) == 3 and iso3.isupper() else None
    return country.numeric if country else None


@dataclass(frozen=True)
class Coverage:
    """Which economies with data a map can draw, and which it cannot (and so lists beside it)."""

    drawn: tuple[str, ...]  # entity ids on the map
    undrawn: tuple[str, ...]  # entity ids with data that the atlas cannot show

    @property
    def enough(self) -> bool:
        return len(self.drawn) >= MIN_ECONOMIES


def coverage(df: pd.DataFrame) -> Coverage:
    """Split the entities of a ``chart_frame`` into those on the atlas and the rest."""
    ids = atlas_ids()
    ents = list(dict.fromkeys(df["id"]))
    drawn = tuple(e for e in ents if numeric_id(e) in ids)
    return Coverage(drawn, tuple(e for e in ents if e not in drawn))


def map_spec(
    df: pd.DataFrame, title: str, caption: list[str], no_data: str = "no data", period_label: str = "Year"
) -> dict[str, Any]:
    """A choropleth of a ``chart_frame`` (one value per country and year, the latest period of each
    year): countries without a figure in grey, labelled ``no data``; a year slider when several."""
    part = df[df["id"].map(lambda e: numeric_id(e) in atlas_ids())].copy()
    if part.empty:
        raise ValueError(f"nothing to map for {title}")
    part["geo"] = part["id"].map(numeric_id)
    part = part.sort_values("date").groupby(["id", "year"]).tail(1)
    years = sorted(part["year"].unique().tolist())
    # the year with the most countries: a map opens on its fullest picture, the slider reaches the rest
    best = int(part.groupby("year")["id"].nunique().sort_values(kind="stable").index[-1])
    unit = part["unit"].iloc[0]
    values = part[["geo", "entity", "period", "year", "value", "shown"]].to_dict("records")
    for v in values:
        v["year"] = int(v["year"])
    atlas = {"url": ATLAS_URL, "format": {"type": "topojson", "feature": "countries"}}
    layer: dict[str, Any] = {
        "data": {"values": values},
        "transform": [
            {"lookup": "geo", "from": {"data": atlas, "key": "id"}, "as": "shape"},
            {"filter": "isValid(datum.shape)"},
        ],
        "mark": {"type": "geoshape", "stroke": "#ffffff", "strokeWidth": 0.5},
        "encoding": {
            "shape": {"field": "shape", "type": "geojson"},
            "color": {
                "field": "value",
                "type": "quantitative",
                "title": pretty_unit(unit),
                "scale": {"scheme": "blues", "reverse": unit == "rank"},  # rank 1 darkest
            },
            "tooltip": [
                {"field": "entity", "type": "nominal"},
                {"field": "period", "type": "nominal"},
                {"field": "shown", "type": "nominal", "title": "value"},
            ],
        },
    }
    spec: dict[str, Any] = {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "title": {"text": title, "subtitle": caption, "subtitleFontSize": 9, "anchor": "start"},
        "width": 640,
        "height": 340,
        "projection": {"type": "equalEarth"},
        "layer": [
            {
                "data": atlas,
                "mark": {"type": "geoshape", "stroke": "#ffffff", "strokeWidth": 0.5},
                "encoding": {
                    "color": {
                        "datum": no_data,
                        "type": "nominal",
                        "scale": {"domain": [no_data], "range": [NO_DATA]},
                        "legend": {"title": None, "symbolType": "square"},
                    }
                },
            },
            layer,
        ],
        "resolve": {"scale": {"color": "independent"}},
    }
    if len(years) > 1:
        spec["params"] = [
            {
                "name": "year",
                "value": best,
                "bind": {"input": "range", "min": years[0], "max": years[-1], "step": 1, "name": period_label + " "},
            }
        ]
        layer["transform"].insert(0, {"filter": "datum.year == year"})
    return spec
