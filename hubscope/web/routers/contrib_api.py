"""The write API: comments, proposals, reviews and reverts, for scripts (API token) and pages
(session + X-CSRF-Token). Every handler calls one library function, which checks the role."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Path, Query, Request
from pydantic import BaseModel, Field

from ... import contrib
from ...accounts import User
from ...store.edit import observation
from ..auth import current_user, writer
from ..respond import _plain

router = APIRouter(prefix="/api", tags=["contributions"])
MAXID = 2**31 - 1  # ids are 32-bit integers on PostgreSQL
Id = Annotated[int, Path(ge=1, le=MAXID)]
AUTH: dict[int | str, dict[str, Any]] = {
    401: {"description": "Not signed in"},
    403: {"description": "Role or CSRF token not accepted"},
    409: {"description": "Edited against a stale version; the current one is in the answer"},
}


class CommentIn(BaseModel):
    target_kind: Literal["report", "observation", "indicator", "policy"]
    target_id: str = Field(min_length=1, max_length=200)
    body: str = Field(min_length=1, max_length=20_000, description="Markdown; shown sanitised")
    question: bool = False
    parent: int | None = Field(None, ge=1, le=MAXID)


class CommentEdit(BaseModel):
    body: str = Field(min_length=1, max_length=20_000)
    version: int = Field(ge=1, le=MAXID, description="The version you edited; a newer one refuses the edit")


class SourceIn(BaseModel):
    id: str = Field(min_length=1, max_length=120)
    publisher: str | None = Field(None, max_length=300)
    title: str | None = Field(None, max_length=500)
    url: str | None = Field(None, max_length=2000)
    published: str | None = Field(None, max_length=40)


class ProposalIn(BaseModel):
    kind: Literal["figure", "correction", "section"]
    observation_id: int | None = Field(None, ge=1, le=MAXID, description="The figure a correction corrects")
    base_revision: int | None = Field(None, ge=1, le=MAXID, description="The revision the correction was made against")
    entity: str | None = Field(None, max_length=80)
    indicator: str | None = Field(None, max_length=80)
    period: str | None = Field(None, max_length=40)
    value: float | None = None
    unit: str | None = Field(None, max_length=80)
    qualifier: str | None = Field(None, max_length=20)
    vintage: str | None = Field(None, max_length=120)
    note: str | None = Field(None, max_length=2000)
    source: SourceIn | None = None
    heading: str | None = Field(None, max_length=200)
    body: str | None = Field(None, max_length=20_000)
    comment: str | None = Field(None, max_length=4000)


class ReviewIn(BaseModel):
    action: Literal["accept", "changes", "reject"]
    version: int = Field(ge=1, le=MAXID)
    note: str = Field("", max_length=4000)
    status: Literal["verified", "unverified"] = "unverified"


class RevertIn(BaseModel):
    reason: str = Field(min_length=1, max_length=2000)


def _payload(p: BaseModel) -> dict:
    return p.model_dump(exclude_none=True)


@router.get("/whoami")
def whoami(user: User | None = Depends(current_user)):
    """The caller's name and role (``reader`` when not signed in)."""
    return {"name": user.name, "role": user.role} if user else {"name": None, "role": "reader"}


@router.get("/comments")
def list_comments(
    request: Request,
    target_kind: Literal["report", "observation", "indicator", "policy"] | None = None,
    target_id: str | None = Query(None, max_length=200),
):
    """Comments as threads, with their Markdown and sanitised HTML."""
    return _plain(contrib.comments(request.app.state.store, target_kind, target_id))


@router.post("/comments", status_code=201, responses=AUTH)
def post_comment(request: Request, c: CommentIn, user: User | None = Depends(writer)):
    """Comment on (or ask about) a report section, observation, indicator or policy record."""
    cid = contrib.add_comment(
        request.app.state.store, user, c.target_kind, c.target_id, c.body, question=c.question, parent=c.parent
    )
    return {"id": cid}


@router.patch("/comments/{comment_id}", responses=AUTH)
def patch_comment(request: Request, comment_id: Id, c: CommentEdit, user: User | None = Depends(writer)):
    """Edit your own comment."""
    return {
        "id": comment_id,
        "version": contrib.edit_comment(request.app.state.store, user, comment_id, c.body, c.version),
    }


@router.post("/comments/{comment_id}/resolve", responses=AUTH)
def resolve(request: Request, comment_id: Id, user: User | None = Depends(writer)):
    """Mark a comment or question resolved (editors)."""
    contrib.resolve_comment(request.app.state.store, user, comment_id)
    return {"id": comment_id, "resolved": True}


@router.get("/proposals")
def list_proposals(
    request: Request,
    status: Literal["pending", "changes", "accepted", "rejected"] | None = None,
    author: str | None = Query(None, max_length=80),
):
    """Proposals, newest first, with the current figure beside a correction."""
    return _plain(contrib.proposals(request.app.state.store, status, author))


@router.post("/proposals", status_code=201, responses=AUTH)
def post_proposal(request: Request, p: ProposalIn, user: User | None = Depends(writer)):
    """Propose a new figure, a correction or a report section; an editor reviews it."""
    payload = _payload(p)
    return {"id": contrib.propose(request.app.state.store, user, payload.pop("kind"), payload)}


@router.put("/proposals/{proposal_id}", responses=AUTH)
def put_proposal(
    request: Request,
    proposal_id: Id,
    p: ProposalIn,
    version: int = Query(ge=1, le=MAXID),
    user: User | None = Depends(writer),
):
    """Change your own pending (or sent-back) proposal."""
    return {
        "id": proposal_id,
        "version": contrib.resubmit(request.app.state.store, user, proposal_id, _payload(p), version),
    }


@router.post("/proposals/{proposal_id}/review", responses=AUTH)
def review(request: Request, proposal_id: Id, r: ReviewIn, user: User | None = Depends(writer)):
    """Accept, ask for changes, or reject (editors; a reason is required unless accepting)."""
    return contrib.review(request.app.state.store, user, proposal_id, r.action, r.version, r.note, r.status)


@router.get("/observations/{observation_id}")
def one_observation(request: Request, observation_id: Id):
    """One figure with every revision: who changed it, when and why."""
    return _plain(observation(request.app.state.store, observation_id))


@router.post("/revisions/{revision_id}/revert", responses=AUTH)
def revert_revision(request: Request, revision_id: Id, r: RevertIn, user: User | None = Depends(writer)):
    """Undo a figure's current revision (editors); the undo is itself a new revision."""
    return {"revision": contrib.revert(request.app.state.store, user, revision_id, r.reason)}
