"""Reads: current figures, comparisons, profiles, histories and sources, as DataFrames."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import replace
from datetime import date, datetime
from typing import Any

import pandas as pd
from sqlalchemy import Connection, Select, Subquery, and_, func, select

from ..figures import Cited, Figure, FigureSet, Flags
from ..model import Observation
from ..periods import Period
from ..plausible import MAX_ABS
from ..provenance import Provenance, Revision, Source
from ..units import resolve_lcu, to_indicator_unit
from . import schema as t

STATUS_RANK = {"verified": 0, "unverified": 1, "disputed": 2}
METHOD_RANK = {"reported": 0, "derived": 1, "estimate": 2, "projection": 3}

COLUMNS = [
    "entity",
    "entity_name",
    "entity_name_ja",
    "indicator",
    "indicator_name",
    "indicator_name_ja",
    "pillar",
    "period",
    "period_kind",
    "period_start",
    "period_end",
    "value",
    "lower",
    "upper",
    "value_text",
    "qualifier",
    "unit",
    "value_std",
    "display_std",
    "display_unit",
    "indicator_unit",
    "price_basis",
    "rank_of",
    "display",
    "source",
    "publisher",
    "source_title",
    "url",
    "published",
    "priority",
    "vintage",
    "method",
    "status",
    "note",
    "revision",
    "revised_at",
    "author",
    "reason",
    "observation_id",
]


COMPUTED = ("value_std", "display", "display_std", "display_unit")  # added after the query


def _latest_revision() -> Subquery:
    latest = (
        select(t.revisions.c.observation_id, func.max(t.revisions.c.number).label("n"))
        .group_by(t.revisions.c.observation_id)
        .subquery()
    )
    return latest


def _select(all_revisions: bool = False) -> Select[Any]:
    o, r, s, i, e = t.observations, t.revisions, t.sources, t.indicators, t.entities
    q = (
        select(
            o.c.id.label("observation_id"),
            o.c.entity_id.label("entity"),
            e.c.name_en.label("entity_name"),
            e.c.name_ja.label("entity_name_ja"),
            o.c.indicator_id.label("indicator"),
            i.c.name_en.label("indicator_name"),
            i.c.name_ja.label("indicator_name_ja"),
            i.c.pillar,
            i.c.unit.label("indicator_unit"),
            o.c.period,
            o.c.period_kind,
            o.c.period_start,
            o.c.period_end,
            r.c.value,
            r.c.lower,
            r.c.upper,
            r.c.value_text,
            r.c.qualifier,
            r.c.unit,
            r.c.price_basis,
            r.c.rank_of,
            r.c.vintage,
            r.c.method,
            r.c.status,
            r.c.note,
            r.c.number.label("revision"),
            r.c.created_at.label("revised_at"),
            r.c.author,
            r.c.reason,
            s.c.id.label("source"),
            s.c.publisher,
            s.c.title.label("source_title"),
            s.c.url,
            s.c.published,
            s.c.priority,
        )
        .join(r, r.c.observation_id == o.c.id)
        .join(s, s.c.id == o.c.source_id)
        .join(i, i.c.id == o.c.indicator_id)
        .join(e, e.c.id == o.c.entity_id)
    )
    if not all_revisions:
        latest = _latest_revision()
        q = q.join(latest, and_(latest.c.observation_id == o.c.id, latest.c.n == r.c.number))
    return q


def frame(
    conn: Connection,
    entities: Sequence[str] | None = None,
    indicators: Sequence[str] | None = None,
    periods: Sequence[str] | None = None,
    sources: Sequence[str] | None = None,
    all_revisions: bool = False,
) -> pd.DataFrame:
    """Figures matching the filters (current values unless ``all_revisions``), with flags."""
    o = t.observations
    q = _select(all_revisions)
    if entities:
        q = q.where(o.c.entity_id.in_(list(entities)))
    if indicators:
        q = q.where(o.c.indicator_id.in_(list(indicators)))
    if periods:
        q = q.where(o.c.period.in_(list(periods)))
    if sources:
        q = q.where(o.c.source_id.in_(list(sources)))
    rows = [dict(r) for r in conn.execute(q).mappings()]
    if not rows:
        return pd.DataFrame(columns=COLUMNS + ["preferred", "conflict"])
    for r in rows:  # computed on the records, before the frame exists: no per-row pandas access
        _hide_absurd(r)
        r["value_std"] = to_indicator_unit(r["value"], r["unit"], r["indicator_unit"])
        r["display"] = to_observation(r).display_value()
        r["display_std"], r["display_unit"] = _in_indicator_unit(r)
    df = pd.DataFrame(rows, columns=COLUMNS)
    if all_revisions:
        return df.sort_values(["entity", "indicator", "period", "source", "revision"], ignore_index=True)
    return _flag(df)


def _hide_absurd(row: dict[str, Any]) -> None:
    """Read a non-finite or absurd stored number (written before import refused them) as missing,
    saying so in the note: one such figure must not take every page that formats it down."""
    bad = [k for k in ("value", "lower", "upper") if row.get(k) is not None and not abs(row[k]) <= MAX_ABS]
    for k in bad:
        row[k] = None
    if bad:
        said = f"the stored {' and '.join(bad)} is not a plausible number and is shown as missing; correct it"
        row["note"] = f"{row['note']}; {said}" if row.get("note") else said


def _flag(df: pd.DataFrame) -> pd.DataFrame:
    """Mark one preferred figure per entity, indicator and period, and where sources disagree.

    Preference: verified before unverified before disputed; reported before estimates;
    the source's priority (primary series before cross-checks); the more recently
    published source; the most recent revision; then the source id, so ties are stable.
    """
    df = df.assign(
        _s=df["status"].map(STATUS_RANK),
        _m=df["method"].map(METHOD_RANK),
        _p=df["published"].fillna(""),
    ).sort_values(
        ["entity", "indicator", "period", "_s", "_m", "priority", "_p", "revised_at", "source"],
        ascending=[True, True, True, True, True, True, False, False, True],
        ignore_index=True,
    )
    group = df.groupby(["entity", "indicator", "period"], sort=False)
    df["preferred"] = group.cumcount() == 0
    # compare in the indicator's unit, so 4.19e12 USD and 4,190.01 USD bn are the same figure
    key = df["display_std"].astype(str)
    df["conflict"] = key.groupby([df["entity"], df["indicator"], df["period"]]).transform("nunique") > 1
    return df.drop(columns=["_s", "_m", "_p"])


def pick(df: pd.DataFrame, order: Sequence[str], latest_only: bool = False) -> pd.DataFrame:
    """From all sources' figures: the preferred one per cell (or per entity and indicator,
    the latest), with how many alternatives each had and notes on comparability."""
    counts = df.groupby(["entity", "indicator", "period"]).size().rename("alternatives") - 1
    df = latest(df) if latest_only else df[df["preferred"]].reset_index(drop=True)
    df = df.join(counts, on=["entity", "indicator", "period"])
    rank = {e: n for n, e in enumerate(order)}
    df = (
        df.assign(_o=df["entity"].map(rank))
        .sort_values(["indicator", "_o", "period_end"], ignore_index=True)
        .drop(columns="_o")
    )
    df.attrs["notes"] = comparability_notes(df)
    return df


def latest(df: pd.DataFrame) -> pd.DataFrame:
    """Keep each entity and indicator's most recent figure (preferred figures only).

    Reported figures come before projections, and a verified figure beats a newer unverified
    one: a report that states no period must not pass for the latest data. A single year beats
    a multi-year average ending the same day.
    """
    pref = df[df["preferred"]].copy()
    if pref.empty:
        return pref
    pref["_span"] = pd.to_datetime(pref["period_end"]) - pd.to_datetime(pref["period_start"])
    pref["_s"] = pref["status"].map(STATUS_RANK)
    pref["_proj"] = pref["method"] == "projection"  # a projection is never the latest data
    pref = pref.sort_values(
        ["entity", "indicator", "_proj", "_s", "period_end", "_span"], ascending=[True, True, True, True, False, True]
    )
    return (
        pref.groupby(["entity", "indicator"], sort=False)
        .head(1)
        .drop(columns=["_span", "_s", "_proj"])
        .reset_index(drop=True)
    )


def _in_indicator_unit(row: dict[str, Any]) -> tuple[str, str]:
    """The figure as text in the indicator's unit, and that unit; as published when the
    conversion needs an exchange rate or the figure is not a quantity."""
    obs = to_observation(row)
    target = resolve_lcu(row["indicator_unit"], obs.unit)
    factor = to_indicator_unit(1.0, obs.unit, target)
    if factor is None or (obs.value is None and obs.lower is None):
        return obs.display_value(), obs.unit

    def scale(v: float | None) -> float | None:
        return None if v is None else v * factor

    return replace(
        obs, value=scale(obs.value), lower=scale(obs.lower), upper=scale(obs.upper), unit=target
    ).display_value(), target


def to_observation(row: dict[str, Any]) -> Observation:
    """Rebuild a typed Observation (with its Provenance) from a frame row."""
    clean = none_if_missing
    source = Source(
        id=row["source"],
        publisher=row["publisher"],
        title=clean(row.get("source_title")) or "",
        url=clean(row.get("url")),
        published=clean(row.get("published")),
        priority=int(clean(row.get("priority")) or 50),
    )
    rank_of = clean(row.get("rank_of"))
    return Observation(
        entity=row["entity"],
        indicator=row["indicator"],
        period=Period.parse(row["period"]),
        unit=row["unit"],
        value=clean(row.get("value")),
        lower=clean(row.get("lower")),
        upper=clean(row.get("upper")),
        value_text=clean(row.get("value_text")),
        qualifier=clean(row.get("qualifier")) or "exact",
        price_basis=clean(row.get("price_basis")),
        rank_of=int(rank_of) if rank_of is not None else None,
        note=clean(row.get("note")),
        provenance=Provenance(
            source=source, vintage=clean(row.get("vintage")), method=row["method"], status=row["status"]
        ),
    )


def none_if_missing(v: Any) -> Any:
    """A frame cell as a public value: NaN and NaT are None."""
    return None if v is None or (isinstance(v, float) and math.isnan(v)) or v is pd.NaT else v


STALE_YEARS = 3  # a figure whose period ended longer ago than this is flagged stale


def is_stale(period: Period, today: date | None = None) -> bool:
    today = today or date.today()
    return period.end < today.replace(year=today.year - STALE_YEARS)


def to_figure(row: dict[str, Any]) -> Figure:
    """A typed Figure from a frame row (a stored figure, or a derived one with its inputs)."""
    derivation = none_if_missing(row.get("derivation"))
    if derivation is not None:
        fig: Figure = derivation.figure(alternatives=int(none_if_missing(row.get("alternatives")) or 0))
        return fig
    obs = to_observation(row)
    unit_std = none_if_missing(row.get("display_unit")) or obs.unit
    factor = None if unit_std == obs.unit else to_indicator_unit(1.0, obs.unit, unit_std)

    def std(v: float | None) -> float | None:
        return v if factor is None or v is None else v * factor

    revised = none_if_missing(row.get("revised_at"))
    revision = (
        Revision(
            int(row["revision"]),
            revised if isinstance(revised, datetime) else datetime.fromisoformat(str(revised)),
            str(row.get("author") or ""),
            str(row.get("reason") or ""),
        )
        if none_if_missing(row.get("revision")) is not None and revised
        else None
    )
    return Figure(
        entity=obs.entity,
        indicator=obs.indicator,
        period=obs.period,
        unit=obs.unit,
        provenance=obs.provenance,
        value=obs.value,
        lower=obs.lower,
        upper=obs.upper,
        value_text=obs.value_text,
        qualifier=obs.qualifier,
        price_basis=obs.price_basis,
        rank_of=obs.rank_of,
        note=obs.note,
        value_std=std(obs.value),
        lower_std=std(obs.lower),
        upper_std=std(obs.upper),
        unit_std=unit_std,
        revision=revision,
        observation_id=int(row["observation_id"]) if none_if_missing(row.get("observation_id")) else None,
        flags=Flags(
            preferred=bool(none_if_missing(row.get("preferred")) if "preferred" in row else True),
            conflict=bool(none_if_missing(row.get("conflict")) or False),
            stale=is_stale(obs.period),
            alternatives=int(none_if_missing(row.get("alternatives")) or 0),
        ),
    )


def figure_set(df: pd.DataFrame, notes: Sequence[str] | None = None) -> FigureSet:
    """The rows of a frame as a FigureSet; notes from the frame's attrs unless given."""
    records: list[dict[str, Any]] = df.to_dict("records")  # type: ignore[assignment]  # str column labels
    figs = tuple(to_figure(r) for r in records) if len(df) else ()
    return FigureSet(figs, tuple(notes if notes is not None else df.attrs.get("notes", ())))


def sources(conn: Connection) -> list[Cited]:
    """Sources with how many figures (observations) cite each, most cited first."""
    s, o = t.sources, t.observations
    q = (
        select(s, func.count(o.c.id).label("figures"))
        .outerjoin(o, o.c.source_id == s.c.id)
        .group_by(*s.c)
        .order_by(func.count(o.c.id).desc(), s.c.id)
    )
    out = []
    for r in conn.execute(q).mappings():
        row = dict(r)
        figures = int(row.pop("figures"))
        out.append(Cited(Source(**row), figures))
    return out


def comparability_notes(df: pd.DataFrame) -> list[str]:
    """Warnings a reader needs before comparing the rows of one indicator with each other."""
    groups: dict[str, dict[str, set[Any]]] = {}
    cols = ["indicator", "period", "display_unit", "rank_of", "price_basis", "status", "entity"]
    for r in df.reindex(columns=cols).itertuples(index=False):  # one pass, no per-group frames
        g = groups.setdefault(
            str(r.indicator), {"fy": set(), "units": set(), "ranks": set(), "bases": set(), "unverified": set()}
        )
        g["fy"].add(str(r.period).startswith("FY"))
        g["units"].add(r.display_unit)
        rank_of: Any = r.rank_of
        g["ranks"].add(None if pd.isna(rank_of) else int(rank_of))
        if isinstance(r.price_basis, str):
            g["bases"].add(r.price_basis)
        if r.status != "verified":
            g["unverified"].add(r.entity)
    notes = []
    for ind, g in groups.items():
        if len(g["fy"]) > 1:
            notes.append(f"{ind}: mixes Japanese fiscal years (April-March) with calendar years")
        if len(g["units"]) > 1:
            notes.append(
                f"{ind}: figures are in different units ({', '.join(sorted(map(str, g['units'])))}); "
                "converting them needs exchange rates"
            )
        if len(g["ranks"]) > 1 and g["ranks"] != {None}:
            notes.append(f"{ind}: ranks out of different numbers of entries; compare them with their N")
        if len(g["bases"]) > 1:
            notes.append(f"{ind}: mixes price bases ({', '.join(sorted(g['bases']))})")
        if g["unverified"]:
            notes.append(f"{ind}: includes figures that are not verified ({', '.join(sorted(g['unverified']))})")
    return notes
