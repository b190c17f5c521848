"""openalex-ai-research: AI publications per country and year from the OpenAlex works snapshot.

Defined once in ibis (``expressions``), so DuckDB and Spark run the same plan. The rules:

- AI: a work with a catalog concept at score >= ``concept_min_score``, or whose primary topic is in a
  catalog subfield (hubscope/catalog/ai-concepts.yml).
- Fractional counting by authorship country: each AI work counts 1, split equally among its
  authors with at least one country, and each author's share equally among their countries.
  Authors with no country are left out of the split; works with none are not counted.
  Weights are integers in units of 1e-12 of a work (floored), so sums are exact and every
  engine gives the same figure bit for bit.
- Internationally co-authored: the work's authors have two or more distinct countries. The share is
  over the AI works with an author in that country (whole counting).
- Share of world AI output: the country's fractional count over all countries' in that year.
- Each work appears once in a snapshot (a partition holds the records last changed on that
  date), so no de-duplication is done.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import pycountry

from ..catalog.loader import HERE, _read, load_catalog
from ..errors import PipelineError
from .openalex_reader import check_lines, load, open_snapshot, part_name
from .registry import Computed, Context, Pipeline, Result, register

NAME = "openalex-ai-research"
VERSION = "1"
SCALE = 10**12  # fractional weights are integers in units of 1e-12 of a work
FRACTIONAL = "ai_publications_fractional"
INTL = "ai_publications_intl_coauthored_pct"
WORLD = "ai_publications_world_share_pct"
# codes OpenAlex uses that ISO 3166-1 does not assign: user-assigned XK is Kosovo
EXTRA_ALPHA2 = {"XK": "XKX"}


@lru_cache(maxsize=1)
def ai_rule() -> dict[str, Any]:
    """The catalog's AI definition, with full OpenAlex ids."""
    raw = _read("ai-concepts", HERE)
    return {
        "version": raw["version"],
        "min_score": float(raw["concept_min_score"]),
        "concepts": [f"https://openalex.org/{c['id']}" for c in raw["concepts"]],
        "subfields": [f"https://openalex.org/subfields/{s['id']}" for s in raw["subfields"]],
    }


def expressions(works: Any, rule: dict[str, Any] | None = None) -> dict[str, Any]:
    """The pipeline as ibis expressions over a works table (id, publication_year, authorships, concepts, primary_topic).

    Returns ``{"fractional": …, "coauthored": …, "counts": …}``: fractional weights and whole
    counts per (country, year), international co-authorship per (country, year), and work counts.
    """
    import ibis
    from ibis import _

    rule = rule or ai_rule()
    by_concept = works.concepts.filter(
        lambda c: c.id.isin(rule["concepts"]) & (c.score >= rule["min_score"])
    ).length() > 0
    by_topic = works.primary_topic.subfield.id.isin(rule["subfields"])
    is_ai = by_concept.fill_null(False) | by_topic.fill_null(False)
    ai = works.filter(is_ai, works.publication_year.notnull()).select(
        work=_.id, year=_.publication_year, authorships=_.authorships
    )
    # unnest first, then take the field: Spark cannot read a field of a column exploded in the same select
    authors = ai.select("work", "year", author=ai.authorships.unnest())
    authors = authors.select("work", "year", countries=authors.author.countries.unique())
    authors = authors.filter(authors.countries.length() > 0)
    authors = authors.mutate(n_authors=_.count().over(group_by="work"))
    weight = (ibis.literal(float(SCALE)) / (authors.n_authors * authors.countries.length())).floor().cast("int64")
    rows = authors.select("work", "year", country=authors.countries.unnest(), weight=weight)
    fractional = rows.group_by("country", "year").agg(weight=_.weight.sum(), works=_.work.nunique())
    pairs = rows.select("work", "year", "country").distinct()
    spread = pairs.group_by("work").agg(n_countries=_.country.nunique())
    coauthored = (
        pairs.join(spread, "work")
        .group_by("country", "year")
        .agg(works=_.count(), international=(_.n_countries > 1).cast("int64").sum())
    )
    with_country = authors.select("work").distinct().count()
    counts = works.aggregate(works=_.count()).cross_join(ai.aggregate(ai_works=_.count())).mutate(
        ai_with_country=with_country
    )
    return {"fractional": fractional, "coauthored": coauthored, "counts": counts}


def _entity(code: str, known: dict[str, str]) -> str | None:
    """The store entity for an OpenAlex country code; None if ISO knows it but the catalog does not."""
    if code in known:
        return known[code]
    if code in EXTRA_ALPHA2 or pycountry.countries.get(alpha_2=code) is not None:
        return None
    raise KeyError(code)


def results(fractional: Any, coauthored: Any, known: dict[str, str]) -> tuple[list[Result], dict[str, int]]:
    """Typed figures from the two aggregated frames; countries outside the catalog feed world totals only."""
    world: dict[int, int] = {}
    for row in fractional.itertuples():
        world[int(row.year)] = world.get(int(row.year), 0) + int(row.weight)
    unknown = sorted({c for c in fractional["country"] if c not in known and c not in EXTRA_ALPHA2
                      and pycountry.countries.get(alpha_2=c) is None})
    if unknown:
        raise PipelineError(
            f"authorships[].countries: unknown country code(s) {', '.join(map(repr, unknown))}; "
            "expected ISO 3166-1 alpha-2; nothing written"
        )
    out: list[Result] = []
    skipped = 0
    for row in fractional.itertuples():
        entity = _entity(row.country, known)
        if entity is None:
            skipped += 1
            continue
        year, works = int(row.year), int(row.works)
        note = f"fractional count over {works} AI works with an author in {row.country}"
        out.append(Result(entity, FRACTIONAL, str(year), round(int(row.weight) / SCALE, 6), "articles", works,
                          note=note))
        out.append(Result(entity, WORLD, str(year), round(100 * int(row.weight) / world[year], 6), "percent", works,
                          note=f"{note}, of {round(world[year] / SCALE, 6)} AI works with an authorship country "
                               f"worldwide in {year}"))
    for row in coauthored.itertuples():
        entity = _entity(row.country, known)
        if entity is None:
            continue
        works, intl = int(row.works), int(row.international)
        out.append(Result(entity, INTL, str(int(row.year)), round(100 * intl / works, 6), "percent", works,
                          note=f"{intl} of {works} AI works with an author in {row.country} have authors "
                               "in two or more countries"))
    out.sort(key=lambda r: (r.entity, r.indicator, r.period))
    return out, ({"country-years outside the catalog": skipped} if skipped else {})


def compute(ctx: Context) -> Computed:
    """Read the snapshot at ``ctx.input``, check it, run the expressions on ``ctx.con`` and return the figures."""
    if not ctx.input:
        raise PipelineError(
            f"{NAME} needs --input: an OpenAlex snapshot (a local copy, or s3://openalex/data); "
            f"it reads {'works/manifest'} and the parts it lists"
        )
    snap = open_snapshot(ctx.input)
    if not snap.parts:
        raise PipelineError(f"{ctx.input}: the manifest lists no parts; nothing written")
    works = load(ctx.con, ctx.engine, snap)
    from ibis import _

    lines = ctx.con.execute(works.group_by("part").agg(lines=_.count(), bad=(~_.ok).cast("int64").sum()))
    counts = {part_name(str(r.part)): (int(r.lines), int(r.bad)) for r in lines.itertuples()}
    malformed = check_lines(counts, snap)
    exprs = expressions(works.filter(works.ok))
    fractional = ctx.con.execute(exprs["fractional"])
    coauthored = ctx.con.execute(exprs["coauthored"])
    n = ctx.con.execute(exprs["counts"]).iloc[0]
    known = {e.iso2: e.id for e in load_catalog().entities.values() if e.type == "country" and e.iso2}
    figures, skipped = results(fractional, coauthored, known)
    if malformed:
        skipped["malformed lines skipped"] = malformed
    no_country = int(n["ai_works"]) - int(n["ai_with_country"])
    if no_country:
        skipped["AI works without an authorship country"] = no_country
    records = {
        "works": int(n["works"]),
        "AI works": int(n["ai_works"]),
        "AI works with an authorship country": int(n["ai_with_country"]),
    }
    return Computed(figures, snap.input_snapshot(), records, skipped)


PIPELINE = register(
    Pipeline(
        name=NAME,
        version=VERSION,
        title="AI research output by country (OpenAlex)",
        dataset="OpenAlex works snapshot",
        compute=compute,
        indicators=(FRACTIONAL, INTL, WORLD),
    )
)
