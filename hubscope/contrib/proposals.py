"""Proposals: a new figure, a correction or a report section, published only when an editor accepts.

An accepted figure becomes a revision credited to its contributor; a correction made against a
revision that has since changed is refused (nothing is overwritten silently); a rejected proposal
stays on record with the editor's reason."""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING

from sqlalchemy import insert, select, update

from ..accounts import User, require
from ..errors import Forbidden, HubscopeError, NotFound, StaleEdit
from ..model import Observation
from ..periods import Period
from ..plausible import figure_problems, number_problem
from ..provenance import Provenance, Source
from ..store import schema as t
from ..store.core import now
from ..units import fits
from .markup import checked_text

if TYPE_CHECKING:
    from ..store import Store

KINDS = ("figure", "correction", "section", "update")  # update: a connector's, see connectors/propose.py
ACTIONS = ("accept", "changes", "reject")
QUALIFIERS = ("exact", "approx", "at_least", "more_than", "at_most", "less_than")
SOURCE_ID = re.compile(r"^[a-z0-9][a-z0-9_.-]{2,119}$")


def _number(value, field: str) -> float:
    raw = str(value).strip()
    try:
        x = float(raw)
    except (TypeError, ValueError):
        raise HubscopeError(f"{field}: {raw[:40]!r} is not a number") from None
    bad = number_problem(raw, x)
    if bad:
        raise HubscopeError(f"{field}: {bad}")
    return x


def _source(store: Store, raw: dict) -> dict:
    """An existing source by id, or a new one with a publisher, title and an http(s) URL."""
    if not isinstance(raw, dict) or not raw.get("id"):
        raise HubscopeError("source: give the id of a stored source, or a new source with id, publisher, title and url")
    sid = str(raw["id"]).strip()
    with store.read() as conn:
        row = conn.execute(select(t.sources).where(t.sources.c.id == sid)).mappings().first()
    if row is not None:
        return {"id": sid}
    if not SOURCE_ID.match(sid):
        raise HubscopeError(
            f"source.id: {sid!r} is not a valid new source id (lower-case letters, digits, "
            "'.', '_' or '-', 3 to 120 characters)"
        )
    src = {k: str(raw.get(k) or "").strip() for k in ("publisher", "title", "url", "published")}
    for k in ("publisher", "title", "url"):
        if not src[k]:
            raise HubscopeError(f"source.{k}: a new source needs a {k}")
    if not re.match(r"^https?://[^\s<>\"']+$", src["url"]):
        raise HubscopeError(f"source.url: {src['url']!r} is not an http(s) address a reader can follow")
    return {"id": sid, **src}


def _figure(store: Store, raw: dict, correction: bool) -> tuple[dict, int | None]:
    """Check a proposed figure; returns the payload to store and the base revision."""
    base = None
    fig: dict = {}
    if correction:
        from ..store.edit import observation

        try:
            obs = observation(store, int(raw.get("observation_id", "")))
        except (TypeError, ValueError):
            raise HubscopeError("observation_id: the correction must name the figure it corrects") from None
        fig = {
            "observation_id": obs["id"],
            "entity": obs["entity_id"],
            "indicator": obs["indicator_id"],
            "period": obs["period"],
        }
        base = obs["current"]["number"]
        source = raw.get("source") or {"id": obs["source_id"]}
        raw = {"unit": obs["current"]["unit"], **{k: v for k, v in raw.items() if v not in (None, "")}}
        if raw.get("base_revision") not in (None, ""):
            base = int(raw["base_revision"])
    else:
        (entity,), (indicator,) = store.resolve([str(raw.get("entity", ""))], [str(raw.get("indicator", ""))])
        fig = {"entity": entity, "indicator": indicator, "period": Period.parse(str(raw.get("period", ""))).text}
        source = raw.get("source")
    meta = store.catalog.indicators.get(fig["indicator"])
    unit = str(raw.get("unit") or (meta.unit if meta else "")).strip()
    if meta and not fits(unit, meta.unit):
        raise HubscopeError(
            f"unit: {unit!r} does not fit {fig['indicator']} (expected something convertible to {meta.unit!r})"
        )
    qualifier = str(raw.get("qualifier") or "exact")
    if qualifier not in QUALIFIERS:
        raise HubscopeError(f"qualifier: {qualifier!r}; expected one of {', '.join(QUALIFIERS)}")
    fig |= {
        "value": _number(raw.get("value"), "value"),
        "unit": unit,
        "qualifier": qualifier,
        "vintage": str(raw.get("vintage") or "").strip() or None,
        "note": str(raw.get("note") or "").strip()[:2000] or None,
        "source": _source(store, source),
    }
    for field, bad in figure_problems(fig["indicator"], unit, fig["value"], None, None, None):
        raise HubscopeError(f"{field}: {bad}")
    if correction and fig["source"]["id"] != obs["source_id"]:
        base = None  # a figure from another source is a new observation beside the old one
    return fig, base


def _section(raw: dict) -> dict:
    from ..report.sections import slug_for

    heading = checked_text(str(raw.get("heading") or ""), "the heading")
    if len(heading) > 200 or "\n" in heading:
        raise HubscopeError("the heading must be one line of at most 200 characters")
    slug_for(heading)
    return {"heading": heading, "body": checked_text(str(raw.get("body") or ""), "the section")}


def _checked(store: Store, kind: str, payload: dict) -> tuple[dict, int | None]:
    """The payload to store (with the author's note) and the revision a correction is based on."""
    if kind == "update":
        from ..connectors.propose import checked

        body, base = checked(store, payload), None
    else:
        body, base = (_section(payload), None) if kind == "section" else _figure(store, payload, kind == "correction")
    body["comment"] = str(payload.get("comment") or "").strip()[:4000]
    return body, base


def propose(store: Store, user: User | None, kind: str, payload: dict) -> int:
    """Record a proposal (pending review); returns its id. Nothing is published yet."""
    user = require(user, "contributor", "proposing")
    if kind not in KINDS:
        raise HubscopeError(f"unknown proposal kind {kind!r}: expected one of {', '.join(KINDS)}")
    body, base = _checked(store, kind, payload)
    with store.write() as conn:
        return t.inserted_id(
            conn.execute(
                insert(t.proposals).values(
                    kind=kind,
                    payload=json.dumps(body, ensure_ascii=False),
                    base_revision=base,
                    author_id=user.id,
                    status="pending",
                    version=1,
                    created_at=now(),
                )
            )
        )


def _row(conn, proposal_id: int) -> dict:
    p, u = t.proposals, t.users
    reviewer = u.alias("reviewer")
    row = (
        conn.execute(
            select(p, u.c.name.label("author"), reviewer.c.name.label("reviewer"))
            .join(u, u.c.id == p.c.author_id)
            .outerjoin(reviewer, reviewer.c.id == p.c.reviewer_id)
            .where(p.c.id == proposal_id)
        )
        .mappings()
        .first()
    )
    if row is None:
        raise NotFound("proposal", proposal_id)
    return {**dict(row), "payload": json.loads(row["payload"])}


def get_proposal(store: Store, proposal_id: int) -> dict:
    """One proposal with what it would change: the figure's current value beside the proposed one."""
    with store.read() as conn:
        prop = _row(conn, proposal_id)
    prop["current"] = None
    src = prop["payload"].get("source")
    if src and len(src) == 1:  # a stored source: show the reviewer what it is
        with store.read() as conn:
            row = (
                conn.execute(
                    select(t.sources.c.publisher, t.sources.c.title, t.sources.c.url).where(t.sources.c.id == src["id"])
                )
                .mappings()
                .first()
            )
        prop["payload"]["source"] = {**src, **dict(row or {})}
    oid = prop["payload"].get("observation_id")
    if prop["kind"] == "correction" and oid is not None:
        from ..store.edit import observation

        cur = observation(store, oid)["current"]
        prop["current"] = {k: cur[k] for k in ("number", "value", "unit", "vintage", "status", "author")}
        prop["stale"] = prop["base_revision"] is not None and cur["number"] != prop["base_revision"]
        if cur["value"] and prop["payload"]["value"] and cur["unit"] == prop["payload"]["unit"]:
            ratio = abs(prop["payload"]["value"] / cur["value"])
            if ratio > 10 or ratio < 0.1:
                prop["warning"] = f"the proposed value is {ratio:.3g} times the current one: check the unit and scale"
    return prop


def proposals(store: Store, status: str | None = None, author: str | None = None) -> list[dict]:
    """Proposals, newest first, optionally only those with ``status`` or by ``author``."""
    p, u = t.proposals, t.users
    q = select(p.c.id).join(u, u.c.id == p.c.author_id).order_by(p.c.id.desc())
    if status:
        q = q.where(p.c.status == status)
    if author:
        q = q.where(u.c.name == author)
    with store.read() as conn:
        ids = list(conn.scalars(q))
    return [get_proposal(store, i) for i in ids]


def resubmit(store: Store, user: User | None, proposal_id: int, payload: dict, version: int) -> int:
    """The author's new version of a pending or sent-back proposal; returns the new version."""
    user = require(user, "contributor", "changing a proposal")
    with store.read() as conn:
        prop = _row(conn, proposal_id)
    if prop["author_id"] != user.id:
        raise Forbidden("only a proposal's author can change it")
    if prop["status"] not in ("pending", "changes"):
        raise HubscopeError(f"proposal {proposal_id} is {prop['status']}; it can no longer change")
    body, base = _checked(store, prop["kind"], payload)
    with store.write() as conn:
        _claim(conn, prop, version, status="pending", payload=json.dumps(body, ensure_ascii=False), base_revision=base)
    return version + 1


def _claim(conn, prop: dict, version: int, **values) -> None:
    """Move a proposal on, only if nobody else did first (version check, one UPDATE)."""
    p = t.proposals
    done = conn.execute(
        update(p)
        .where(p.c.id == prop["id"], p.c.version == version, p.c.status.in_(("pending", "changes")))
        .values(version=version + 1, **values)
    ).rowcount
    if done != 1:
        current = _row(conn, prop["id"])
        raise StaleEdit(
            f"proposal {prop['id']} changed since you opened it (now version {current['version']}, "
            f"{current['status']}); nothing was written",
            {"version": current["version"], "status": current["status"]},
        )


def review(
    store: Store,
    user: User | None,
    proposal_id: int,
    action: str,
    version: int,
    note: str = "",
    status: str = "unverified",
) -> dict:
    """Accept (publishing it, credited to the contributor), send back for changes, or reject.

    ``version`` is the proposal version the editor looked at; ``status`` is the standing an
    accepted figure gets (``verified`` when the editor checked it against its source)."""
    user = require(user, "editor", "reviewing proposals")
    if action not in ACTIONS:
        raise HubscopeError(f"unknown review action {action!r}: expected one of {', '.join(ACTIONS)}")
    note = (note or "").strip()[:4000]
    if action != "accept" and not note:
        raise HubscopeError("say why: a reason is required to reject a proposal or ask for changes")
    if status not in ("verified", "unverified"):
        raise HubscopeError(f"status {status!r}: an accepted figure is verified or unverified")
    with store.write() as conn:
        prop = _row(conn, proposal_id)
        if prop["author_id"] == user.id and action == "accept":
            raise Forbidden("an editor cannot accept their own proposal; another editor must review it")
        decided = {"reviewer_id": user.id, "review_note": note or None, "decided_at": now()}
        if action != "accept":
            _claim(conn, prop, version, status="rejected" if action == "reject" else "changes", **decided)
            return {"status": "rejected" if action == "reject" else "changes"}
        _claim(conn, prop, version, status="accepted", **decided)
        reason = f"proposal #{proposal_id} by {prop['author']}, accepted by {user.name}" + (f": {note}" if note else "")
        result = _publish(store, conn, prop, reason, status, user.name)
        conn.execute(update(t.proposals).where(t.proposals.c.id == proposal_id).values(result=result))
    return {"status": "accepted", "result": result}


def _publish(store: Store, conn, prop: dict, reason: str, status: str, editor: str) -> str:
    body = prop["payload"]
    if prop["kind"] == "update":
        from ..connectors.propose import publish

        return publish(store, conn, prop, reason)
    if prop["kind"] == "section":
        from ..report.sections import add_section

        n = add_section(conn, body["heading"], body["body"], prop["author"], editor, reason)
        return f"report section {body['heading']!r}, revision {n}"
    src = body["source"]
    if len(src) == 1:
        row = conn.execute(select(t.sources).where(t.sources.c.id == src["id"])).mappings().one()
        source = Source(
            **{
                k: row[k]
                for k in ("id", "publisher", "title", "url", "published", "accessed", "licence", "note", "priority")
            }
        )
    else:
        source = Source(
            id=src["id"],
            publisher=src["publisher"],
            title=src["title"],
            url=src["url"],
            published=src.get("published") or None,
            priority=60,
        )
    obs = Observation(
        entity=body["entity"],
        indicator=body["indicator"],
        period=Period.parse(body["period"]),
        unit=body["unit"],
        value=body["value"],
        qualifier=body["qualifier"],
        note=body.get("note"),
        provenance=Provenance(source=source, vintage=body.get("vintage"), status=status),
    )
    expected = prop["base_revision"] if prop["kind"] == "correction" and prop["base_revision"] is not None else None
    number = store.record(obs, author=prop["author"], reason=reason, conn=conn, expected=expected)
    if number is None:
        raise HubscopeError("the proposed figure is already the current one; reject the proposal as a duplicate")
    return f"{body['entity']} {body['indicator']} {body['period']} ({source.id}): revision {number}"
