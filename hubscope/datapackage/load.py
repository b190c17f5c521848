"""Import a validated package into a store, in one transaction."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from sqlalchemy import insert, select

from ..errors import PackageError, Problem
from ..store import schema as t
from ..store.core import Store, entity_row, indicator_row, source_row
from .read import Known, read_package


def import_package(store: Store, path: Path | str, author: str = "hubscope",
                   progress: Callable[[str, int, int], None] | None = None) -> dict:
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
    known = Known(entities=have_e | set(cat.entities),
                  indicators={**{i.id: i.unit for i in cat.indicators.values()}, **have_i},
                  sources=set(have_s), pillars=set(cat.pillars))
    pkg = read_package(path, known, progress)
    clashes = [Problem("sources.csv", None, "id", f"source {s.id!r} is already in the store with "
                       "different details; give the new source its own id")
               for s in pkg.sources if s.id in have_s and dict(have_s[s.id]) != source_row(s)]
    if clashes:
        raise PackageError(clashes)

    reason = f"imported from data package {pkg.name!r}"
    summary = {"package": pkg.name, "observations": 0, "revisions": 0, "unchanged": 0,
               "sources": 0, "entities": 0, "indicators": 0}
    used_e = {o.entity for o in pkg.observations}
    used_i = {o.indicator for o in pkg.observations}
    with store.write() as conn:
        new_e = [entity_row(e) for e in pkg.entities if e.id not in have_e]
        new_e += [entity_row(cat.entities[e]) for e in used_e - have_e - {x.id for x in pkg.entities}]
        new_i = [indicator_row(i) for i in pkg.indicators if i.id not in have_i]
        new_i += [indicator_row(cat.indicators[i])
                  for i in used_i - set(have_i) - {x.id for x in pkg.indicators}]
        if new_e:
            conn.execute(insert(t.entities), new_e)
        if new_i:
            conn.execute(insert(t.indicators), new_i)
        new_s = [source_row(s) for s in pkg.sources if s.id not in have_s]
        if new_s:
            conn.execute(insert(t.sources), new_s)
        summary.update(entities=len(new_e), indicators=len(new_i), sources=len(new_s))
        total = len(pkg.observations)
        for n, obs in enumerate(pkg.observations, start=1):
            history = pkg.history.get(obs.key) or [obs]
            exists = _exists(conn, obs.key)
            if not exists:
                for rev in history:
                    store.record(rev, author, reason, conn)
                summary["observations"] += 1
                summary["revisions"] += len(history)
            elif store.record(history[-1], author, reason, conn) is None:
                summary["unchanged"] += 1
            else:
                summary["revisions"] += 1
            if progress and (n % 100 == 0 or n == total):
                progress("importing", n, total)
    return summary


def _exists(conn, key: tuple) -> bool:
    o = t.observations
    entity, indicator, period, source = key
    return conn.scalar(select(o.c.id).where(
        (o.c.entity_id == entity) & (o.c.indicator_id == indicator)
        & (o.c.period == period) & (o.c.source_id == source))) is not None
