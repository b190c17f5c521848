"""Peer comparison: values, ranks within the peer set, ratio and gap to each peer and the median."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from ..errors import MetricError
from ..store.queries import comparability_notes
from ..units import conversion_factor, resolve_lcu
from .derive import STATUS_ORDER, Context, derive, derived_catalog
from .money import Rates, convert, currency_of

KEEP = ["entity", "indicator", "period", "value", "unit", "value_std", "display", "method", "status",
        "source", "publisher", "url", "vintage", "note", "rank_of", "price_basis", "display_unit",
        "period_end", "alternatives", "indicator_unit", "qualifier", "lower", "upper"]


def figures(store, entities: Sequence[str], indicators: Sequence[str], periods: Sequence[str] = (),
            latest: bool = False, ctx: Context | None = None) -> pd.DataFrame:
    """Reported and derived figures in one frame, one preferred figure per cell."""
    derived = derived_catalog()
    ents, _ = store.resolve(entities)
    stored = [i for i in indicators if i not in derived]
    parts = []
    if stored:
        parts.append(store.compare(ents, stored, periods, latest=latest))
    wanted = [i for i in indicators if i in derived]
    if wanted:
        ctx = ctx or Context.from_store(store, ents)
        for ind in wanted:
            rows = [f.row() for f in derive(store, ind, ents, periods, ctx)]
            if not rows:
                continue
            df = pd.DataFrame(rows)
            df["display_unit"] = derived[ind].unit
            df["period_end"] = df["period"].map(lambda p: p.split("/")[-1])
            if latest:  # verified first, as for stored figures; then the newest period
                df = df.assign(_s=df["status"].map(STATUS_ORDER.index)).sort_values(
                    ["_s", "period_end"], ascending=[False, True]).groupby("entity").tail(1).drop(columns="_s")
            parts.append(df)
    if not parts:
        return pd.DataFrame(columns=KEEP)
    out = pd.concat([p.reindex(columns=sorted(set(p.columns) | set(KEEP))) for p in parts],
                    ignore_index=True)
    return out


def _unit_of(store, indicator: str) -> tuple[str, bool | None]:
    derived = derived_catalog()
    if indicator in derived:
        return derived[indicator].unit, derived[indicator].higher_is_better
    ind = store.catalog.indicators[indicator]
    return ind.unit, ind.higher_is_better


def compare_peers(store, entity: str, peers: Sequence[str], indicators: Sequence[str],
                  periods: Sequence[str] = (), rates: Rates | None = None) -> pd.DataFrame:
    """For each indicator: the entity and its peers, ranked, with ratio and gap to each peer and
    to the peer median. Values are in the indicator's unit (money converted at each figure's
    own period rate, which is listed)."""
    (eid,), _ = store.resolve([entity])
    peer_ids, _ = store.resolve(peers)
    rates = rates or Rates.from_store(store)
    df = figures(store, [eid, *peer_ids], indicators, periods, latest=not periods)
    out, missing, left_out = [], [i for i in indicators if i not in set(df["indicator"])], []
    for ind, part in df.groupby("indicator", sort=False):
        unit, higher = _unit_of(store, ind)
        part = part.copy()
        theirs = {currency_of(u) for u in part["unit"] if isinstance(u, str)}
        if len(theirs) == 1 and None not in theirs and currency_of(unit):
            # all in one currency: compare in it, no exchange rate needed
            unit = unit.replace(currency_of(unit), theirs.pop())
            part["value_std"] = None
        results = [_comparable(r, unit, rates) for r in part.to_dict("records")]
        part["value_cmp"] = [v for v, _ in results]
        part["rate_used"] = [why for _, why in results]
        for r, (v, why) in zip(part.to_dict("records"), results, strict=True):
            if v is None and why:
                left_out.append(f"{ind}: {r['entity']} {r['period']} left out: {why}")
        part = part[part["value_cmp"].notna()]
        if eid not in set(part["entity"]):
            missing.append(ind)
            continue
        asc = higher is False
        part["rank"] = part["value_cmp"].rank(ascending=asc, method="min").astype(int)
        part["ranked"] = len(part)
        mine = part.loc[part["entity"] == eid, "value_cmp"].iloc[0]
        others = part[part["entity"] != eid]
        part["ratio"] = [mine / v if v else None for v in part["value_cmp"]]
        part["gap"] = mine - part["value_cmp"]
        median = others["value_cmp"].median() if not others.empty else None
        part["cmp_unit"] = unit
        part = part.assign(_me=part["entity"] != eid).sort_values(["_me", "rank"]).drop(columns="_me")
        rows = part.to_dict("records")
        if median is not None:
            rows.append({"indicator": ind, "entity": "peer median", "value_cmp": median, "cmp_unit": unit,
                         "ratio": mine / median if median else None, "gap": mine - median,
                         "period": "", "status": "", "ranked": len(part)})
        out += rows
    result = pd.DataFrame(out)
    if result.empty:
        raise MetricError(f"no comparable figures for {eid} on {', '.join(indicators)}")
    result.attrs["notes"] = (_notes(result, eid) + left_out
                             + [f"{m}: no comparable figure for {eid}" for m in missing])
    return result


def _comparable(row: dict, unit: str, rates: Rates) -> tuple[float | None, str | None]:
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
