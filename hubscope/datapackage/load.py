"""Import a validated package into a store, in one transaction."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from sqlalchemy import func, insert, select

from ..errors import PackageError, Problem
from ..store import schema as t
from ..store.core import Store, entity_row, indicator_row, now, revision_values, source_row
from .read import Known, read_package


def import_package(
    store: Store, path: Path | str, author: str = "hubscope", progress: Callable[[str, int, int], None] | None = None
) -> dict:
    """Validate the package at ``path``, then add its figures; all or nothing.

    New figures become observations; a figure whose value differs from the store's
    current one becomes a new revision; identical figures change nothing, so importing
    the same package twice is harmless. Returns counts of what changed.
    """
    store.migrate()
    cat = store.catalog
    with store.read() as conn:
        have_e = set(conn.scalars(select(t.entities.c.id)))
        have_i = {r.id: r.unit for r in conn.execute(select(t.indicators.c.id, t.indicators.c.unit))}
        have_s = {r["id"]: r for r in conn.execute(select(t.sources)).mappings()}
    known = Known(
        entities=have_e | set(cat.entities),
        indicators={**{i.id: i.unit for i in cat.indicators.values()}, **have_i},
        sources=set(have_s),
        pillars=set(cat.pillars),
    )
    pkg = read_package(path, known, progress)
    clashes = [
        Problem(
            "sources.csv",
            None,
            "id",
            f"source {s.id!r} is already in the store with different details; give the new source its own id",
        )
        for s in pkg.sources
        if s.id in have_s and dict(have_s[s.id]) != source_row(s)
    ]
    if clashes:
        raise PackageError(clashes)

    reason = f"imported from data package {pkg.name!r}"
    summary = {
        "package": pkg.name,
        "observations": 0,
        "revisions": 0,
        "unchanged": 0,
        "sources": 0,
        "entities": 0,
        "indicators": 0,
    }
    used_e = {o.entity for o in pkg.observations}
    used_i = {o.indicator for o in pkg.observations}
    with store.write() as conn:
        new_e = [entity_row(e) for e in pkg.entities if e.id not in have_e]
        new_e += [entity_row(cat.entities[e]) for e in used_e - have_e - {x.id for x in pkg.entities}]
        new_i = [indicator_row(i) for i in pkg.indicators if i.id not in have_i]
        new_i += [indicator_row(cat.indicators[i]) for i in used_i - set(have_i) - {x.id for x in pkg.indicators}]
        if new_e:
            conn.execute(insert(t.entities), new_e)
        if new_i:
            conn.execute(insert(t.indicators), new_i)
        new_s = [source_row(s) for s in pkg.sources if s.id not in have_s]
        if new_s:
            conn.execute(insert(t.sources), new_s)
        summary.update(entities=len(new_e), indicators=len(new_i), sources=len(new_s))
        counts = _write_figures(store, conn, pkg, author, reason, progress)
        summary.update(counts)
    return summary


def _write_figures(store: Store, conn, pkg, author: str, reason: str, progress) -> dict:
    """Bulk path: new figures are inserted in batches; changed ones get a revision each."""
    o, r = t.observations, t.revisions
    latest = select(r.c.observation_id, func.max(r.c.number).label("n")).group_by(r.c.observation_id).subquery()
    q = (
        select(o.c.entity_id, o.c.indicator_id, o.c.period, o.c.source_id, r)
        .join(r, r.c.observation_id == o.c.id)
        .join(latest, (latest.c.observation_id == r.c.observation_id) & (latest.c.n == r.c.number))
    )
    current = {(m["entity_id"], m["indicator_id"], m["period"], m["source_id"]): m for m in conn.execute(q).mappings()}
    new, changed, unchanged = [], [], 0
    for obs in pkg.observations:
        row = current.get(obs.key)
        if row is None:
            new.append(obs)
        elif all(row[k] == v for k, v in revision_values(pkg.history.get(obs.key, [obs])[-1]).items()):
            unchanged += 1
        else:
            changed.append(obs)
    if new:
        conn.execute(
            insert(o),
            [
                {
                    "entity_id": x.entity,
                    "indicator_id": x.indicator,
                    "period": x.period.text,
                    "period_kind": x.period.kind,
                    "period_start": x.period.start,
                    "period_end": x.period.end,
                    "source_id": x.provenance.source.id,
                }
                for x in new
            ],
        )
        wanted = {x.key for x in new}
        ids = {
            tuple(k): i
            for i, *k in conn.execute(select(o.c.id, o.c.entity_id, o.c.indicator_id, o.c.period, o.c.source_id))
            if tuple(k) in wanted
        }
        stamp = now()
        rows = []
        for x in new:
            for number, rev in enumerate(pkg.history.get(x.key) or [x], start=1):
                meta = rev.revision
                rows.append(
                    {
                        "observation_id": ids[x.key],
                        "number": number,
                        **revision_values(rev),
                        "created_at": meta.created_at if meta else stamp,
                        "author": meta.author if meta else author,
                        "reason": meta.reason if meta else reason,
                    }
                )
        conn.execute(insert(r), rows)
        if progress:
            progress("importing", len(new), len(new) + len(changed))
    for n, obs in enumerate(changed, start=1):
        store.record(pkg.history.get(obs.key, [obs])[-1], author, reason, conn)
        if progress:
            progress("importing", len(new) + n, len(new) + len(changed))
    return {
        "observations": len(new),
        "revisions": len(changed) + sum(len(pkg.history.get(x.key) or [x]) for x in new),
        "unchanged": unchanged,
    }
