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

from collections import defaultdict
from functools import lru_cache
from typing import Any

import pycountry

from ..catalog.loader import HERE, _read, load_catalog
from ..errors import PipelineError
from ..figures.display import number
from .engine import rows
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
    """The pipeline as ibis expressions over a works table (part, ok, id, publication_year, authorships, …).

    Returns ``{"parts": …, "countries": …}``: per part, the lines, malformed lines, AI works and AI
    works with an authorship country; per (country, year), the fractional weight, the AI works
    with an author there and how many of them are internationally co-authored.
    """
    import ibis
    from ibis import _

    rule = rule or ai_rule()
    by_concept = works.concepts.filter(
        lambda c: c.id.isin(rule["concepts"]) & (c.score >= rule["min_score"])
    ).length() > 0
    by_topic = works.primary_topic.subfield.id.isin(rule["subfields"])
    is_ai = works.ok & works.publication_year.notnull() & (by_concept.fill_null(False) | by_topic.fill_null(False))
    has_country = works.authorships.filter(lambda a: a.countries.length() > 0).length().fill_null(0) > 0
    parts = works.group_by("part").agg(
        lines=_.count(),
        malformed=(~works.ok).cast("int64").sum(),
        ai_works=is_ai.cast("int64").sum(),
        ai_with_country=(is_ai & has_country).cast("int64").sum(),
    )
    ai = works.filter(is_ai).select(work=_.id, year=_.publication_year, authorships=_.authorships)
    # unnest first, then take the field: Spark cannot read a field of a column exploded in the same select
    authors = ai.select("work", "year", author=ai.authorships.unnest())
    # filter on the list as given, then de-duplicate once: unique() keeps one null, so it is empty only
    # when the list is (the same rule, without computing the de-duplicated list twice)
    authors = authors.filter(authors.author.countries.length() > 0)
    authors = authors.select("work", "year", countries=authors.author.countries.unique())
    authors = authors.mutate(n_authors=_.count().over(group_by="work"))
    weight = (ibis.literal(float(SCALE)) / (authors.n_authors * authors.countries.length())).floor().cast("int64")
    rows = authors.select("work", "year", country=authors.countries.unnest(), weight=weight)
    fractional = rows.group_by("country", "year").agg(weight=_.weight.sum())
    pairs = rows.select("work", "year", "country").distinct()
    spread = pairs.group_by("work").agg(n_countries=_.country.nunique())
    coauthored = (
        pairs.join(spread, "work")
        .group_by("country", "year")
        .agg(works=_.count(), international=(_.n_countries > 1).cast("int64").sum())
    )
    # both have one row per (country, year) a weighted author gives, so the inner join keeps every one
    countries = fractional.join(coauthored, ["country", "year"])
    return {"parts": parts, "countries": countries}


def _entity(code: str, known: dict[str, str]) -> str | None | bool:
    """The store entity for an OpenAlex country code: None if only ISO knows it, False if not even ISO does."""
    if code in known:
        return known[code]
    if code in EXTRA_ALPHA2 or pycountry.countries.get(alpha_2=code) is not None:
        return None
    return False


def _works(n: int) -> str:
    return f"{number(n)} AI work{'' if n == 1 else 's'}"


def _place(code: str) -> str:
    """A country's common name and its code, as OpenAlex gives it: "the United States (US)"."""
    c = pycountry.countries.get(alpha_2=code)
    name = getattr(c, "common_name", None) or getattr(c, "name", None) if c else None
    if not name:
        return code
    the = "the " if name.startswith(("United", "Netherlands", "Philippines", "Czech")) else ""
    return f"{the}{name} ({code})"


def results(rows: list[dict[str, Any]], known: dict[str, str]) -> tuple[list[Result], dict[str, int]]:
    """Typed figures from the per (country, year) rows; countries outside the catalog feed world totals only."""
    world: dict[int, int] = defaultdict(int)
    for row in rows:
        world[row["year"]] += row["weight"]
    unknown = sorted({row["country"] for row in rows if _entity(row["country"], known) is False})
    if unknown:
        raise PipelineError(
            f"authorships[].countries: unknown country code(s) {', '.join(map(repr, unknown))}; "
            "expected ISO 3166-1 alpha-2; nothing written"
        )
    out: list[Result] = []
    skipped = 0
    for row in rows:
        country = row["country"]
        entity = _entity(country, known)
        if not isinstance(entity, str):  # None: ISO knows the code, the catalog does not (False was refused above)
            skipped += 1
            continue
        year, works, intl, weight = row["year"], row["works"], row["international"], row["weight"]
        place = _place(country)
        note = f"fractional count over {_works(works)} with an author in {place}"
        world_note = f"{note}, of {number(world[year] / SCALE)} fractional AI works worldwide in {year}"
        intl_note = (f"{number(intl)} of the {_works(works)} with an author in {place} "
                     f"{'has' if works == 1 else 'have'} authors in 2+ countries")
        out += [
            Result(entity, FRACTIONAL, str(year), round(weight / SCALE, 6), "articles", works, note=note),
            Result(entity, WORLD, str(year), round(100 * weight / world[year], 6), "percent", works, note=world_note),
            Result(entity, INTL, str(year), round(100 * intl / works, 6), "percent", works, note=intl_note),
        ]
    out.sort(key=lambda r: (r.entity, r.indicator, r.period))
    return out, ({"country-years outside the catalog": skipped} if skipped else {})


def compute(ctx: Context) -> Computed:
    """Read the snapshot at ``ctx.input``, check it, run the expressions on ``ctx.con`` and return the figures."""
    if not ctx.input:
        raise PipelineError(
            f"{NAME} needs --input: an OpenAlex snapshot, a local copy or s3://openalex/data "
            "(it reads works/manifest and the parts it lists)"
        )
    snap = open_snapshot(ctx.input)
    if not snap.parts:
        raise PipelineError(f"{ctx.input}: the manifest lists no parts; nothing written")
    exprs = expressions(load(ctx.con, ctx.engine, snap))
    parts = rows(exprs["parts"])
    counts = {part_name(r["part"]): (r["lines"], r["malformed"]) for r in parts}
    malformed = check_lines(counts, snap)
    known = {e.iso2: e.id for e in load_catalog().entities.values() if e.type == "country" and e.iso2}
    figures, skipped = results(rows(exprs["countries"]), known)
    ai, with_country = sum(r["ai_works"] for r in parts), sum(r["ai_with_country"] for r in parts)
    if malformed:
        skipped["malformed lines skipped"] = malformed
    if ai > with_country:
        skipped["AI works without an authorship country"] = ai - with_country
    records = {"works": sum(r["lines"] for r in parts) - malformed, "AI works": ai,
               "AI works with an authorship country": with_country}
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
