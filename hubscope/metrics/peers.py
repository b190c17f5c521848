"""Peer comparison: values, ranks within the peer set, ratio and gap to each peer and the median."""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import pandas as pd

from ..errors import MetricError, UnitError
from ..store.queries import comparability_notes, pick
from ..units import conversion_factor, resolve_lcu
from .derive import STATUS_ORDER, Context, derive, derived_catalog
from .money import Rates, convert, currency_of

if TYPE_CHECKING:
    from ..store import Store

KEEP = [
    "entity",
    "indicator",
    "period",
    "value",
    "unit",
    "value_std",
    "display",
    "method",
    "status",
    "source",
    "publisher",
    "url",
    "vintage",
    "note",
    "rank_of",
    "price_basis",
    "display_unit",
    "period_end",
    "alternatives",
    "indicator_unit",
    "qualifier",
    "lower",
    "upper",
]


def figures(
    store: Store,
    entities: Sequence[str],
    indicators: Sequence[str],
    periods: Sequence[str] = (),
    latest: bool = False,
    ctx: Context | None = None,
) -> pd.DataFrame:
    """Reported and derived figures in one frame, one preferred figure per cell.

    Pass a ``Context`` to reuse one read of the store across several calls.
    """
    derived = derived_catalog()
    ents, _ = store.resolve(entities)
    store.resolve((), [i for i in indicators if i not in derived])  # unknown ids fail here
    ctx = ctx or Context.from_store(store, ents)
    stored = [i for i in indicators if i not in derived]
    parts = []
    if stored:
        f = ctx.frame
        f = f[f["entity"].isin(ents) & f["indicator"].isin(stored)]
        if periods:
            f = f[f["period"].isin(periods)]
        parts.append(pick(f, ents, latest))
    for ind in (i for i in indicators if i in derived):
        rows = [{**f.row(), "derivation": f} for f in derive(store, ind, ents, periods, ctx)]
        if not rows:
            continue
        df = pd.DataFrame(rows)
        df["display_unit"] = derived[ind].unit
        df["period_end"] = df["period"].map(lambda p: p.split("/")[-1])
        if latest:  # verified first, as for stored figures; then the newest period
            df = (
                df.assign(_s=df["status"].map(STATUS_ORDER.index))
                .sort_values(["_s", "period_end"], ascending=[False, True])
                .groupby("entity")
                .tail(1)
                .drop(columns="_s")
            )
        parts.append(df)
    if not parts:
        return pd.DataFrame(columns=KEEP)
    out = pd.concat([p.reindex(columns=sorted(set(p.columns) | set(KEEP))) for p in parts], ignore_index=True)
    # pd.concat drops attrs: the notes are computed on the whole set, stored and derived together
    out.attrs["notes"] = comparability_notes(out)
    return out


def _unit_of(store: Store, indicator: str) -> tuple[str, bool | None]:
    derived = derived_catalog()
    if indicator in derived:
        return derived[indicator].unit, derived[indicator].higher_is_better
    ind = store.catalog.indicators[indicator]
    return ind.unit, ind.higher_is_better


PEER_FIELDS = [
    "entity",
    "indicator",
    "period",
    "value",
    "value_std",
    "unit",
    "method",
    "status",
    "publisher",
    "url",
    "vintage",
    "source",
    "display_unit",
    "rank_of",
    "price_basis",
    "qualifier",
    "source_title",
    "observation_id",
    "derivation",
    "lower",
    "upper",
    "value_text",
    "note",
    "alternatives",
    "published",
    "priority",
    "preferred",
    "conflict",
    "revision",
    "revised_at",
    "author",
]


def compare_peers(
    store: Store,
    entity: str,
    peers: Sequence[str],
    indicators: Sequence[str],
    periods: Sequence[str] = (),
    ctx: Context | None = None,
) -> pd.DataFrame:
    """For each indicator: the entity and its peers, ranked, with ratio and gap to each peer and
    to the peer median. Values are in the indicator's unit (money converted at each figure's
    own period rate, which is listed)."""
    (eid,), _ = store.resolve([entity])
    peer_ids, _ = store.resolve(peers)
    ctx = ctx or Context.from_store(store, [eid, *peer_ids])
    df = figures(store, [eid, *peer_ids], indicators, periods, latest=not periods, ctx=ctx)
    by_ind: dict[str, list[dict[str, Any]]] = {}
    records: list[dict[str, Any]] = df.reindex(columns=PEER_FIELDS).to_dict("records")  # type: ignore[assignment]
    for r in records:  # one pass over the frame
        by_ind.setdefault(r["indicator"], []).append(r)
    out, left_out = [], []
    missing = [i for i in indicators if i not in by_ind]
    for ind in dict.fromkeys(indicators):
        rows = by_ind.get(ind)
        if not rows:
            continue
        unit, higher = _unit_of(store, ind)
        if "LCU" in unit:
            left_out.append(f"{ind}: each entity's own currency; not comparable across entities")
            continue
        theirs = {_single_currency(r["unit"]) for r in rows}
        own = currency_of(unit)
        if len(theirs) == 1 and None not in theirs and own:
            # all in one currency: compare in it, no exchange rate needed
            unit = unit.replace(own, theirs.pop() or own)
            for r in rows:
                r["value_std"] = None
        ranked = []
        for r in rows:
            v, why = _comparable(r, unit, ctx.rates)
            if v is None:
                if why:
                    left_out.append(f"{ind}: {r['entity']} {r['period']} left out: {why}")
                continue
            ranked.append({**r, "value_cmp": v, "rate_used": why, "cmp_unit": unit})
        mine = next((r["value_cmp"] for r in ranked if r["entity"] == eid), None)
        if mine is None:
            missing.append(ind)
            continue
        values = sorted((r["value_cmp"] for r in ranked), reverse=higher is not False)
        for r in ranked:
            r["rank"] = values.index(r["value_cmp"]) + 1  # ties share the better rank
            r["ranked"] = len(ranked)
            r["ratio"] = mine / r["value_cmp"] if r["value_cmp"] else None
            r["gap"] = mine - r["value_cmp"]
        ranked.sort(key=lambda r: (r["entity"] != eid, r["rank"]))
        others = [r["value_cmp"] for r in ranked if r["entity"] != eid]
        out += ranked
        if others:
            median = statistics.median(others)
            out.append(
                {
                    "indicator": ind,
                    "entity": "peer median",
                    "value_cmp": median,
                    "cmp_unit": unit,
                    "ratio": mine / median if median else None,
                    "gap": mine - median,
                    "period": "",
                    "status": "",
                    "ranked": len(ranked),
                }
            )
    result = pd.DataFrame(out)
    if result.empty:
        raise MetricError(f"no comparable figures for {eid} on {', '.join(indicators)}")
    result.attrs["notes"] = (
        _notes(result, eid) + left_out + [f"{m}: no comparable figure for {eid}" for m in dict.fromkeys(missing)]
    )
    return result


def _single_currency(unit: object) -> str | None:
    try:
        return currency_of(unit) if isinstance(unit, str) else None
    except UnitError:  # a rate such as "JPY / USD"
        return None


def _comparable(row: dict[str, Any], unit: str, rates: Rates) -> tuple[float | None, str | None]:
    """The figure in ``unit``, converting currency at the figure's own period when needed."""
    if row.get("value_std") is not None and not pd.isna(row.get("value_std")):
        return float(row["value_std"]), None
    value = row.get("value")
    if value is None or pd.isna(value) or not isinstance(row.get("unit"), str):
        return None, None
    target = resolve_lcu(unit, row["unit"])
    if row.get("method") == "derived" or target == row["unit"]:
        return float(value) * conversion_factor(row["unit"], target), None
    want = currency_of(target)
    if want and currency_of(row["unit"]) and currency_of(row["unit"]) != want:
        try:
            conv = convert(rates, float(value), row["unit"], want, row["period"])
        except MetricError as exc:  # no rate for its period: left out, and said
            return None, str(exc)
        return conv.value * conversion_factor(conv.unit, target), "; ".join(r.describe() for r in conv.rates)
    try:
        return float(value) * conversion_factor(row["unit"], target), None
    except Exception:  # incompatible units: left out of the comparison
        return None, None


def _notes(df: pd.DataFrame, eid: str) -> list[str]:
    real = df[df["entity"] != "peer median"]
    notes = comparability_notes(real.assign(display_unit=real.get("display_unit", real["cmp_unit"])))
    for ind, part in real.groupby("indicator"):
        periods = set(part["period"])
        if len(periods) > 1:
            notes.append(f"{ind}: periods differ ({', '.join(sorted(periods))}); latest figure of each entity")
    if "rate_used" in real and real["rate_used"].notna().any():
        notes.append("some money figures were converted at their own period's market rate (see rate_used)")
    return notes
