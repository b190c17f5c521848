"""Policy records in the store: each change is a new revision, nothing is overwritten."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence

import pandas as pd
from sqlalchemy import func, insert, select

from ..errors import HubscopeError, UnknownName
from ..store import Store
from ..store import schema as t
from ..store.core import now
from .model import PolicyRecord, fields, label


class UnknownPolicy(UnknownName):
    kind = "policy record"


def _dump(rec: PolicyRecord) -> str:
    return json.dumps(rec.to_json(), ensure_ascii=False, sort_keys=True)


def record_policies(store: Store, records: Iterable[PolicyRecord], author: str, reason: str) -> dict:
    """Store records; a record whose content changed gets a new revision. Returns counts."""
    counts = {"added": 0, "revised": 0, "unchanged": 0}
    store.require_initialised()
    with store.write() as conn:  # one transaction: all records or none
        latest = _latest_rows(conn)
        for rec in records:
            doc = _dump(rec)
            prev = latest.get(rec.id)
            if prev is not None and prev["content"] == doc:
                counts["unchanged"] += 1
                continue
            number = 1 if prev is None else prev["number"] + 1
            conn.execute(
                insert(t.policy_revisions).values(
                    record_id=rec.id,
                    number=number,
                    jurisdiction=rec.jurisdiction,
                    content=doc,
                    created_at=now(),
                    author=author,
                    reason=reason,
                )
            )
            counts["added" if prev is None else "revised"] += 1
    return counts


def _latest_rows(conn) -> dict[str, dict]:
    pr = t.policy_revisions
    top = select(pr.c.record_id, func.max(pr.c.number).label("n")).group_by(pr.c.record_id).subquery()
    rows = conn.execute(select(pr).join(top, (pr.c.record_id == top.c.record_id) & (pr.c.number == top.c.n)))
    return {r.record_id: dict(r._mapping) for r in rows}


def policies(store: Store, jurisdictions: Sequence[str] = ()) -> list[PolicyRecord]:
    """The current version of every record, optionally for some jurisdictions (names or ids)."""
    store.require_initialised()
    wanted = [store.catalog.resolve_entity(j) for j in jurisdictions]
    with store.read() as conn:
        rows = _latest_rows(conn)
    recs = [PolicyRecord.from_json(json.loads(r["content"])) for r in rows.values()]
    if wanted:
        recs = [r for r in recs if r.jurisdiction in wanted]
    return sorted(recs, key=lambda r: (r.jurisdiction, not r.principal, r.id))


def policy(store: Store, record_id: str) -> PolicyRecord:
    recs = {r.id: r for r in policies(store)}
    if record_id not in recs:
        raise UnknownPolicy(record_id, recs)
    return recs[record_id]


def history(store: Store, record_id: str) -> list[dict]:
    """Every revision of a record, oldest first, with the fields and events that changed."""
    pr = t.policy_revisions
    with store.read() as conn:
        rows = [
            dict(r._mapping) for r in conn.execute(select(pr).where(pr.c.record_id == record_id).order_by(pr.c.number))
        ]
    if not rows:
        policy(store, record_id)  # raises with a suggestion
    out, before = [], None
    for r in rows:
        doc = json.loads(r["content"])
        out.append(
            {
                "number": r["number"],
                "created_at": r["created_at"],
                "author": r["author"],
                "reason": r["reason"],
                "changes": diff(before, doc),
            }
        )
        before = doc
    return out


def diff(before: dict | None, after: dict) -> list[str]:
    """What changed between two versions of a record, one line per field or event."""
    if before is None:
        return ["created"]
    rec_a, rec_b = PolicyRecord.from_json(before), PolicyRecord.from_json(after)
    lines = []
    for name in fields():
        a, b = rec_a.value(name), rec_b.value(name)
        if a != b:
            lines.append(f"{name}: {a or '(empty)'} → {b or '(empty)'}")
    ev_a = {(e.event, e.label, e.date, e.source.id) for e in rec_a.events}
    ev_b = {(e.event, e.label, e.date, e.source.id) for e in rec_b.events}
    for e in sorted(ev_b - ev_a, key=lambda x: x[2]):
        lines.append(f"event added: {e[0]}{f' ({e[1]})' if e[1] else ''} {e[2]} [{e[3]}]")
    for e in sorted(ev_a - ev_b, key=lambda x: x[2]):
        lines.append(f"event removed: {e[0]}{f' ({e[1]})' if e[1] else ''} {e[2]} [{e[3]}]")
    return lines


def pick(recs: list[PolicyRecord], jurisdictions: Sequence[str], every: bool = False) -> list[PolicyRecord]:
    """The records to compare: each jurisdiction's principal instrument, or all with ``every``."""
    chosen = []
    for j in jurisdictions:
        mine = [r for r in recs if r.jurisdiction == j]
        if not mine:
            raise HubscopeError(
                f"no policy records for {j!r}; jurisdictions with records: "
                f"{', '.join(sorted({r.jurisdiction for r in recs}))}"
            )
        principal = [r for r in mine if r.principal]
        chosen += mine if every or not principal else principal[:1]
    return chosen


def matrix(recs: list[PolicyRecord]) -> pd.DataFrame:
    """Field-by-field comparison: one row per field, one column per record."""
    rows = []
    for name in ("title", "key_date", *fields()):
        row = {"field": label(name) if name != "key_date" else "Key date"}
        for r in recs:
            cell: str | None
            if name == "title":
                cell = r.title_en
            elif name == "key_date":
                kd = r.key_date()
                cell = f"{kd[0].replace('_', ' ')} {kd[1]}" if kd else None
            else:
                cell = r.value(name)
            # "none (...)" values say the instrument has none; an empty cell means nobody recorded it
            row[f"{r.jurisdiction}: {r.name}"] = cell if cell is not None else "not recorded"
        rows.append(row)
    return pd.DataFrame(rows)


def listing(recs: list[PolicyRecord]) -> pd.DataFrame:
    rows = []
    for r in recs:
        kd = r.key_date()
        rows.append(
            {
                "id": r.id,
                "jurisdiction": r.jurisdiction,
                "instrument": r.name,
                "type": r.value("instrument_type"),
                "status": r.value("status"),
                "key_event": kd[0] if kd else None,
                "key_date": kd[1] if kd else None,
                "fields_filled": len(r.fields),
                "conflicts": len(r.conflicts()),
            }
        )
    return pd.DataFrame(rows)


def field_table(rec: PolicyRecord) -> pd.DataFrame:
    """One row per value of each field, with its source: several rows where sources disagree."""
    return pd.DataFrame(
        [
            {"field": label(f), "value": v.text(), "source": v.source.id, "status": v.status, "note": v.note or ""}
            for f, vals in rec.fields.items()
            for v in vals
        ]
    )


def cited(conflict: dict) -> str:
    """A conflict's values, each with its source: ``2024-08-01 [a]; 2024-08-02 [b]``."""
    return "; ".join(f"{v['value']} [{v['source']}]" for v in conflict["values"])


def timeline(recs: list[PolicyRecord]) -> pd.DataFrame:
    """Every dated event, oldest first, each with its source; conflicting dates are flagged."""
    rows = []
    for r in recs:
        conflicted = {c["what"] for c in r.conflicts()}
        for e in r.events:
            what = f"{e.event} ({e.label})" if e.label else e.event
            rows.append(
                {
                    "date": e.date,
                    "jurisdiction": r.jurisdiction,
                    "record": r.id,
                    "instrument": r.name,
                    "event": what,
                    "source": e.source.id,
                    "url": e.source.url,
                    "conflict": what in conflicted,
                    "status": e.status,
                    "note": e.note or "",
                }
            )
    df = pd.DataFrame(rows)
    return df.sort_values(["date", "jurisdiction"], kind="stable").reset_index(drop=True) if len(df) else df


def gaps(recs: list[PolicyRecord]) -> pd.DataFrame:
    """Which fields are still empty for which record."""
    return pd.DataFrame(
        [
            {
                "record": r.id,
                "jurisdiction": r.jurisdiction,
                "empty": ", ".join(f for f in fields() if f not in r.fields),
            }
            for r in recs
        ]
    )
