"""Pages for contributors and editors: sign-in, account and tokens, comments, proposals, the
review queue, one figure with its revisions. Forms post here; each handler checks the CSRF
token, calls one library function (which checks the role) and redirects back."""

from __future__ import annotations

import re

import anyio
from fastapi import APIRouter, Query, Request
from fastapi.responses import RedirectResponse

from ... import contrib
from ...accounts import ROLES, add_user, authenticate, issue_token, list_tokens, list_users, require, revoke_token
from ...errors import HubscopeError
from ...store.edit import observation
from ..auth import check_csrf, csrf_token, current_user, sign_in, sign_out
from ..respond import page
from .contrib_api import Id

router = APIRouter(include_in_schema=False)
LOCAL = re.compile(r"^/(?![/\\])[A-Za-z0-9/_.\-?=&%#,]*$")  # a path on this site, never another host
MAX_FORM = 64 * 1024
HASHING = anyio.CapacityLimiter(2)  # password hashes at once, per process


async def _form(request: Request) -> dict:
    """The posted form (size-limited), after the CSRF check."""
    if int(request.headers.get("content-length") or 0) > MAX_FORM:
        raise HubscopeError(f"the form is larger than {MAX_FORM // 1024} KB")
    async with request.form(max_files=0, max_fields=40) as form:
        data = {k: str(v) for k, v in form.items()}
    check_csrf(request, data.get("csrf"))
    return data


def _back(data: dict, default: str = "/") -> RedirectResponse:
    target = data.get("next") or default
    return RedirectResponse(target if LOCAL.match(target) else default, status_code=303)


def _int(data: dict, key: str) -> int:
    raw = data.get(key, "")
    if not re.fullmatch(r"[1-9][0-9]{0,8}", raw):
        raise HubscopeError(f"{key}: expected a whole number from 1 to 999999999, got {raw!r}")
    return int(raw)


@router.get("/login")
def login_form(request: Request, next: str = "/"):
    return page(
        request,
        "login.html",
        {"title": "Sign in", "next": next if LOCAL.match(next) else "/", "_csrf": csrf_token(request)},
    )


@router.post("/login")
async def login(request: Request):
    data = await _form(request)
    # argon2 takes tens of milliseconds of CPU: in a small pool of its own, off the event loop,
    # so a burst of sign-ins neither stalls other requests nor takes every worker thread.
    user = await anyio.to_thread.run_sync(
        authenticate,
        request.app.state.store,
        data.get("name", ""),
        data.get("password", ""),
        request.client.host if request.client else "",
        limiter=HASHING,
    )
    sign_in(request, user)
    return _back(data)


@router.post("/logout")
async def logout(request: Request):
    await _form(request)
    sign_out(request)
    return RedirectResponse("/", status_code=303)


def _account(request: Request, user, new_token: dict | None = None):
    store = request.app.state.store
    return page(
        request,
        "account.html",
        {
            "title": "Account",
            "tokens": list_tokens(store, user),
            "scopes": ROLES[1 : ROLES.index(user.role) + 1],
            "proposals": contrib.proposals(store, author=user.name),
            "new_token": new_token,
        },
    )


@router.get("/account")
def account(request: Request):
    return _account(request, require(current_user(request), "contributor", "the account page"))


@router.post("/account/tokens")
async def new_token(request: Request):
    data = await _form(request)
    user = require(current_user(request), "contributor", "creating an API token")
    tid, secret = issue_token(request.app.state.store, user, data.get("label", "token"), data.get("scope") or None)
    # The secret is shown once, in this response only: never in a URL, never stored.
    return _account(request, user, {"id": tid, "secret": secret})


@router.post("/account/tokens/{token_id}/revoke")
async def revoke(request: Request, token_id: Id):
    await _form(request)
    user = require(current_user(request), "contributor", "revoking an API token")
    revoke_token(request.app.state.store, user, token_id)
    return RedirectResponse("/account", status_code=303)


@router.post("/comments")
async def comment(request: Request):
    data = await _form(request)
    parent = _int(data, "parent") if data.get("parent") else None
    cid = contrib.add_comment(
        request.app.state.store,
        current_user(request),
        data.get("target_kind", ""),
        data.get("target_id", ""),
        data.get("body", ""),
        question=data.get("question") == "on",
        parent=parent,
    )
    return _back(data | {"next": (data.get("next") or "/").split("#")[0] + f"#comment-{cid}"})


@router.post("/comments/{comment_id}/edit")
async def edit_comment(request: Request, comment_id: Id):
    data = await _form(request)
    contrib.edit_comment(
        request.app.state.store, current_user(request), comment_id, data.get("body", ""), _int(data, "version")
    )
    return _back(data)


@router.post("/comments/{comment_id}/resolve")
async def resolve_comment(request: Request, comment_id: Id):
    data = await _form(request)
    contrib.resolve_comment(request.app.state.store, current_user(request), comment_id)
    return _back(data)


@router.get("/observations/{observation_id}")
def observation_page(request: Request, observation_id: Id):
    """One figure: every revision with who, when and why; comments; propose a correction; revert."""
    store = request.app.state.store
    obs = observation(store, observation_id)
    return page(
        request,
        "observation.html",
        {
            "title": f"{obs['entity_id']} · {obs['indicator_id']} · {obs['period']}",
            "observation": obs,
            "_comments": contrib.comments(store, "observation", str(observation_id)),
        },
    )


@router.get("/propose")
def propose_form(
    request: Request, obs_id: int | None = Query(None, alias="observation", ge=1, le=2**31 - 1), section: bool = False
):
    require(current_user(request), "contributor", "proposing")
    obs = observation(request.app.state.store, obs_id) if obs_id else None
    return page(request, "propose.html", {"title": "Propose", "observation": obs, "section": section})


@router.post("/proposals")
async def propose(request: Request):
    data = await _form(request)
    pid = contrib.propose(request.app.state.store, current_user(request), data.get("kind", ""), _proposal(data))
    return RedirectResponse(f"/proposals/{pid}", status_code=303)


def _proposal(data: dict) -> dict:
    fields = (
        "observation_id",
        "base_revision",
        "entity",
        "indicator",
        "period",
        "value",
        "unit",
        "qualifier",
        "vintage",
        "note",
        "heading",
        "body",
        "comment",
    )
    payload = {k: data[k] for k in fields if data.get(k, "") != ""}
    src = {k.removeprefix("source_"): v for k, v in data.items() if k.startswith("source_") and v}
    if src:
        payload["source"] = src
    return payload


@router.get("/proposals/{proposal_id}")
def proposal_page(request: Request, proposal_id: Id):
    store = request.app.state.store
    return page(
        request,
        "proposal.html",
        {"title": f"Proposal #{proposal_id}", "proposal": contrib.get_proposal(store, proposal_id)},
    )


@router.post("/proposals/{proposal_id}/review")
async def review(request: Request, proposal_id: Id):
    data = await _form(request)
    contrib.review(
        request.app.state.store,
        current_user(request),
        proposal_id,
        data.get("action", ""),
        _int(data, "version"),
        data.get("note", ""),
        data.get("status") or "unverified",
    )
    return RedirectResponse(f"/proposals/{proposal_id}", status_code=303)


@router.post("/proposals/{proposal_id}/resubmit")
async def resubmit(request: Request, proposal_id: Id):
    data = await _form(request)
    contrib.resubmit(
        request.app.state.store, current_user(request), proposal_id, _proposal(data), _int(data, "version")
    )
    return RedirectResponse(f"/proposals/{proposal_id}", status_code=303)


@router.get("/review")
def review_queue(request: Request):
    """The editors' queue: pending proposals with the diff and the source."""
    require(current_user(request), "editor", "the review queue")
    store = request.app.state.store
    return page(
        request,
        "review.html",
        {
            "title": "Review",
            "pending": contrib.proposals(store, "pending"),
            "recent": [p for p in contrib.proposals(store) if p["status"] != "pending"][:20],
        },
    )


@router.post("/revisions/{revision_id}/revert")
async def revert(request: Request, revision_id: Id):
    data = await _form(request)
    contrib.revert(request.app.state.store, current_user(request), revision_id, data.get("reason", ""))
    return _back(data)


@router.get("/admin/users")
def users_page(request: Request):
    require(current_user(request), "admin", "managing accounts")
    return page(
        request, "users.html", {"title": "Accounts", "users": list_users(request.app.state.store), "roles": ROLES[1:]}
    )


@router.post("/admin/users")
async def create_user(request: Request):
    data = await _form(request)
    require(current_user(request), "admin", "adding accounts")
    add_user(request.app.state.store, data.get("name", ""), data.get("role", ""), data.get("password") or None)
    return RedirectResponse("/admin/users", status_code=303)
