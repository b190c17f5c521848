"""github-collaboration: how international each economy's developers are, from the Innovation Graph records.

Annual rules (docs/datasheet.md of github/innovationgraph):
- collaboration ``weight`` (git pushes and pull requests sent by developers of ``source`` to
  repositories owned in ``destination``) is a flow: a year is the sum of its four quarters, and a
  year the file does not hold all four quarters of gives nothing (2025 in the bundled snapshot);
- developers are a stock (accounts, inactive ones included): a year is its fourth quarter;
- topic pushers are unique developers per quarter, so quarters are never added: a year is its
  fourth quarter, like developers. Across AI topics they are added: a developer pushing to
  repositories of two AI topics counts twice, so the sum is an upper bound on distinct people;
  a topic with fewer than 100 pushers is not published (the threshold) and adds nothing.
Edges below the same threshold are absent, so every collaboration figure is a lower bound. The
files' "EU" rows are the sum of the member economies' rows (Japan to EU, 2023: 80,185 = the sum
over the 27 members), which are nodes themselves, so they are left out of the graph.
"""

from __future__ import annotations

from collections import defaultdict
from functools import lru_cache
from importlib import resources
from typing import Any

import pycountry

from .._yaml import safe_load
from ..catalog import load_catalog
from . import github_network as net
from .engine import read_csv_text
from .engine import rows as engine_rows
from .github_input import AGGREGATES, HEADERS, open_input
from .registry import Computed, Context, Pipeline, Result, register

VERSION = "1"
PER_MILLION = "person / (million * person)"


@lru_cache(maxsize=1)
def ai_topics() -> tuple[str, ...]:
    """The AI topic list (hubscope/catalog/ai-topics.yml)."""
    data = safe_load((resources.files("hubscope") / "catalog" / "ai-topics.yml").read_text(encoding="utf-8"))
    return tuple(sorted(data["topics"]))


def _ints(t: Any, *cols: str) -> Any:
    return t.mutate(**{c: t[c].cast("int64") for c in cols})


def tables(ctx: Context, inp: Any) -> dict[str, list[dict]]:
    """The pipeline's ibis expressions, executed: annual edges, pushes, developers and AI pushers."""
    con = ctx.con
    raw = {n: read_csv_text(con, inp.path(n)) for n in HEADERS}

    e = _ints(raw["economy_collaborators"], "weight", "year", "quarter")
    e = e.filter(~e.source.isin(list(AGGREGATES)) & ~e.destination.isin(list(AGGREGATES)))
    full = e.group_by("year").aggregate(nq=e.quarter.nunique())
    full = full.filter(full.nq == 4).select("year")
    e = e.semi_join(full, "year")
    edges = e.group_by(["source", "destination", "year"]).aggregate(weight=e.weight.sum(), rows=e.count())

    p = _ints(raw["git_pushes"], "git_pushes", "year", "quarter")
    pushes = p.group_by(["iso2_code", "year"]).aggregate(
        pushes=p.git_pushes.sum(), nq=p.quarter.nunique(), rows=p.count()
    )
    pushes = pushes.filter(pushes.nq == 4).drop("nq")

    d = _ints(raw["developers"], "developers", "year", "quarter")
    devs = d.filter(d.quarter == 4).select("iso2_code", "year", "developers")

    tp = _ints(raw["topics"], "num_pushers", "year", "quarter")
    tp = tp.filter(tp.topic.isin(list(ai_topics())) & (tp.quarter == 4))
    ai = tp.group_by(["iso2_code", "year"]).aggregate(ai=tp.num_pushers.sum(), topics=tp.count())

    def rows(expr: Any) -> list[dict]:
        # sorted here, not by the engine: the same input gives the same order on every engine
        return sorted(engine_rows(expr), key=lambda r: tuple(str(v) for v in r.values()))

    return {"edges": rows(edges), "pushes": rows(pushes), "developers": rows(devs), "ai": rows(ai)}


def population(ctx: Context, entities: list[str]) -> dict[tuple[str, str], tuple[float, str]]:
    """The store's preferred population (millions) per entity and year, with its source id."""
    if ctx.store is None or not entities:
        return {}
    df = ctx.store.observations(entities, ["population"])
    df = df[df["preferred"] & df["value_std"].notna()]
    return {
        (str(e), str(p)): (float(v), str(s))
        for e, p, v, s in zip(df["entity"], df["period"], df["value_std"], df["source"], strict=True)
    }


def label(code: str, by_iso2: dict[str, str]) -> str:
    """A partner as hubscope names economies: the catalog id, else ISO alpha-3 (Kosovo: XKX)."""
    if code in by_iso2:
        return by_iso2[code]
    c = pycountry.countries.get(alpha_2=code)
    return c.alpha_3 if c else "XKX" if code == "XK" else code


def compute(ctx: Context) -> Computed:
    inp = open_input(ctx.input)
    catalog = ctx.store.catalog if ctx.store is not None else load_catalog()
    by_iso2 = {e.iso2: e.id for e in catalog.entities.values() if e.type == "country" and e.iso2}
    data = tables(ctx, inp)
    out: list[Result] = []
    skipped: dict[str, int] = defaultdict(int)

    out += net.network_results(data["edges"], data["pushes"], by_iso2)

    pop = population(ctx, sorted(by_iso2.values()))
    ai = {(r["iso2_code"], r["year"]): r for r in data["ai"]}
    for r in data["developers"]:
        entity = by_iso2.get(r["iso2_code"])
        if entity is None:
            continue
        year = str(r["year"])
        devs = r["developers"]
        a = ai.get((r["iso2_code"], r["year"]))
        if a and devs:
            note = f"AI-topic pushers {a['ai']:,} (sum over {a['topics']} AI topics, Q4) of {devs:,} developers (Q4)"
            share = 100 * a["ai"] / devs
            out.append(Result(entity, "github_ai_pushers_share", year, share, "percent", 1 + a["topics"], note=note))
        if (entity, year) not in pop:
            skipped["no population figure for the year"] += 1
            continue
        people, pop_source = pop[(entity, year)]
        note = f"{devs:,} developers (Q4) / {people:,.7g} million people ({pop_source})"
        out.append(Result(entity, "github_developers_per_million", year, devs / people, PER_MILLION, 1, note=note))
        if a:
            note = f"{a['ai']:,} AI-topic pushers (Q4, {a['topics']} topics) / {people:,.7g} million people"
            note += f" ({pop_source})"
            per = a["ai"] / people
            out.append(Result(entity, "github_ai_pushers_per_million", year, per, PER_MILLION, a["topics"], note=note))
    out.sort(key=lambda r: (r.entity, r.indicator, r.period))
    return Computed(out, inp.snapshot, dict(inp.rows), dict(skipped))


PIPELINE = register(
    Pipeline(
        name="github-collaboration",
        version=VERSION,
        title="GitHub collaboration and AI-topic activity per economy and year",
        dataset="GitHub Innovation Graph",
        compute=compute,
        indicators=(
            "github_collab_cross_border_per_100_pushes",
            "github_collab_top_partners",
            "github_collab_top_partner_share",
            "github_collab_weighted_degree",
            "github_collab_pagerank",
            "github_collab_pagerank_rank",
            "github_collab_weighted_degree_apac",
            "github_collab_pagerank_apac",
            "github_collab_pagerank_rank_apac",
            "github_developers_per_million",
            "github_ai_pushers_per_million",
            "github_ai_pushers_share",
        ),
        needs_store=True,
    )
)
