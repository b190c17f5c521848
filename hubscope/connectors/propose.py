"""`hubscope update --propose`: a connector's update sent to the editors' review queue, applied on accept.

The proposal holds the snapshot id, the counts, the first changes for the reviewer to read, and a
digest of every change. On accept the snapshot is planned again against the store as it is then;
only if that gives the very changes proposed are they written, as the connector's revisions.
"""

from __future__ import annotations

import hashlib
import json

from ..errors import HubscopeError, StaleEdit
from ..store import Store
from .update import Change, apply, plan, reading_options

SHOWN = 50  # changes kept in the proposal for the reviewer; all of them are in its digest


def digest(changes: list[Change]) -> str:
    """The sha256 of every change's figure key, new value and vintage, in order."""
    rows = [
        [d["entity"], d["indicator"], d["period"], d["source"], d["new_value"], d["new_vintage"]]
        for d in (c.as_dict() for c in changes)
    ]
    return hashlib.sha256(json.dumps(rows, separators=(",", ":")).encode()).hexdigest()


def payload(conn_, p) -> dict:
    """The proposal body of one planned update."""
    return {
        "heading": f"{conn_.reason_label} update of {p.vintage}: {p.new} new, {p.revised} revised",
        "source": p.source,
        "snapshot": p.snapshot,
        "vintage": p.vintage,
        "summary": p.summary(),
        "changes": [c.as_dict() for c in p.changes[:SHOWN]],
        "digest": digest(p.changes),
    }


def checked(store: Store, raw: dict) -> dict:
    """An update proposal's body, after checking that its snapshot and source are known here."""
    from . import REGISTRY, find_snapshot

    if raw.get("source") not in REGISTRY:
        raise HubscopeError(f"update proposal: unknown source {raw.get('source')!r}; known: {', '.join(REGISTRY)}")
    find_snapshot(str(raw.get("snapshot", "")))  # SnapshotError names the known ones
    if not isinstance(raw.get("digest"), str) or not isinstance(raw.get("changes"), list):
        raise HubscopeError("update proposal: give the changes and their digest (hubscope update --propose)")
    return {k: raw.get(k) for k in ("heading", "source", "snapshot", "vintage", "summary", "changes", "digest")}


def publish(store: Store, conn, prop: dict, reason: str) -> str:
    """Apply an accepted update proposal inside the reviewer's transaction; refused if the store moved on."""
    from . import connector, find_snapshot

    body = prop["payload"]
    snap = find_snapshot(body["snapshot"])
    c = connector(body["source"], **reading_options(snap))
    p = plan(store, c, snap)
    if digest(p.changes) != body["digest"]:
        raise StaleEdit(
            f"proposal {prop['id']}: the store changed since this update was proposed ({p.new} new, "
            f"{p.revised} revised now); nothing was written: propose it again",
            {"new": p.new, "revised": p.revised},
        )
    apply(store, p, c, conn=conn, note=reason)
    return f"{body['heading']} (snapshot {body['snapshot']})"


def propose_update(store: Store, user, source: str, snapshot_id: str | None = None, progress=None, **options):
    """Plan an update (fetching a new snapshot unless one is named) and send it for review.

    Returns the plan (nothing applied) and the proposal's id.
    """
    from .. import contrib
    from ..accounts import require
    from . import connector, find_snapshot
    from .update import update

    require(user, "contributor", "proposing an update")  # before any fetch
    p = update(store, source, snapshot_id, dry_run=True, progress=progress, **options)
    if not p.changes:
        raise HubscopeError(f"{source}: snapshot {p.snapshot} changes nothing in the store; nothing proposed")
    c = connector(source, **reading_options(find_snapshot(p.snapshot)))
    return p, contrib.propose(store, user, "update", payload(c, p))
