"""`hubscope user|token|proposals|review|revert|backup|restore`: accounts and contributions."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated

import typer

from .. import accounts  # its names load on first use: argon2 and SQLAlchemy are not needed for --help
from .app import CsvOpt, DbOpt, JsonOpt, _fmt, _store, app, emit, handles_errors, report

user_app = typer.Typer(help="Accounts: contributors, editors and admins (readers need none).", no_args_is_help=True)
token_app = typer.Typer(help="API tokens for scripts: scoped to a role, shown once, revocable.", no_args_is_help=True)
app.add_typer(user_app, name="user")
app.add_typer(token_app, name="token")
AsOpt = Annotated[str, typer.Option("--as", help="The account acting (must exist; its role is checked)")]


def _password(stdin: bool) -> str:
    """From stdin (scripts) or a hidden prompt; never an argument, which would land in shell history."""
    if stdin:
        return sys.stdin.readline().rstrip("\n")
    if os.environ.get("HUBSCOPE_PASSWORD"):
        return os.environ["HUBSCOPE_PASSWORD"]
    return typer.prompt("Password", hide_input=True, confirmation_prompt=True)


@user_app.command("add")
@handles_errors
def user_add(
    name: str,
    role: Annotated[str, typer.Option(help="contributor, editor or admin")] = "contributor",
    no_password: Annotated[bool, typer.Option("--no-password", help="Token use only")] = False,
    password_stdin: Annotated[bool, typer.Option("--password-stdin", help="Read the password from stdin")] = False,
    db: DbOpt = None,
    as_json: JsonOpt = False,
    as_csv: CsvOpt = False,
):
    """Add an account (the password is prompted for, or read from stdin or $HUBSCOPE_PASSWORD)."""
    store = _store(db)
    store.migrate()
    user = accounts.add_user(store, name, role, None if no_password else _password(password_stdin))
    report(
        {"id": user.id, "name": user.name, "role": user.role}, _fmt(as_json, as_csv), f"added {user.name} ({user.role})"
    )


@user_app.command("list")
@handles_errors
def user_list(db: DbOpt = None, as_json: JsonOpt = False, as_csv: CsvOpt = False):
    """List the accounts and their roles."""
    import pandas as pd

    df = pd.DataFrame(accounts.list_users(_store(db)), columns=["id", "name", "role", "created_at", "password"])
    emit(df, _fmt(as_json, as_csv), list(df.columns), title="Accounts")


@user_app.command("role")
@handles_errors
def user_role(name: str, role: str, db: DbOpt = None):
    """Change an account's role."""
    user = accounts.set_role(_store(db), name, role)
    report({}, _fmt(False, False), f"{user.name} is now {user.role}")


@user_app.command("password")
@handles_errors
def user_password(
    name: str, password_stdin: Annotated[bool, typer.Option("--password-stdin")] = False, db: DbOpt = None
):
    """Set an account's password."""
    accounts.set_password(_store(db), name, _password(password_stdin))
    report({}, _fmt(False, False), f"password of {name} changed")


@user_app.command("disable")
@handles_errors
def user_disable(
    name: str, enable: Annotated[bool, typer.Option("--enable", help="Enable it again")] = False, db: DbOpt = None
):
    """Disable an account: its sessions and tokens stop working; what it wrote stays."""
    accounts.set_disabled(_store(db), name, not enable)
    report({}, _fmt(False, False), f"{name} is {'enabled' if enable else 'disabled'}")


@token_app.command("add")
@handles_errors
def token_add(
    name: str,
    label: Annotated[str, typer.Option(help="What the token is for")] = "script",
    scope: Annotated[str | None, typer.Option(help="A role no higher than the account's")] = None,
    db: DbOpt = None,
):
    """Issue a token for NAME and print it once (send it as `Authorization: Bearer ...`)."""
    store = _store(db)
    tid, secret = accounts.issue_token(store, accounts.get_user(store, name), label, scope)
    typer.echo(secret)
    typer.echo(f"token {tid} for {name}; it is not shown again", err=True)


@token_app.command("list")
@handles_errors
def token_list(name: str, db: DbOpt = None, as_json: JsonOpt = False, as_csv: CsvOpt = False):
    """List NAME's tokens (never their secrets)."""
    import pandas as pd

    store = _store(db)
    df = pd.DataFrame(
        accounts.list_tokens(store, accounts.get_user(store, name)),
        columns=["id", "label", "scope", "created_at", "revoked_at"],
    )
    emit(df, _fmt(as_json, as_csv), list(df.columns), title=f"Tokens of {name}")


@token_app.command("revoke")
@handles_errors
def token_revoke(token_id: int, user: AsOpt, db: DbOpt = None):
    """Revoke a token (its owner, or an admin)."""
    store = _store(db)
    accounts.revoke_token(store, accounts.get_user(store, user), token_id)
    report({}, _fmt(False, False), f"token {token_id} revoked")


@app.command("proposals")
@handles_errors
def proposals_(
    status: Annotated[str | None, typer.Option(help="pending, changes, accepted or rejected")] = None,
    db: DbOpt = None,
    as_json: JsonOpt = False,
    as_csv: CsvOpt = False,
):
    """List proposals (the review queue with --status pending)."""
    import pandas as pd

    from .. import contrib

    rows = [
        {
            "id": p["id"],
            "kind": p["kind"],
            "author": p["author"],
            "status": p["status"],
            "version": p["version"],
            "what": p["payload"].get("heading")
            or f"{p['payload']['entity']} {p['payload']['indicator']} {p['payload']['period']}",
            "proposed": p["payload"].get("value"),
            "current": (p["current"] or {}).get("value"),
            "reviewer": p["reviewer"],
            "note": p["review_note"],
        }
        for p in contrib.proposals(_store(db), status)
    ]
    df = pd.DataFrame(
        rows, columns=["id", "kind", "author", "status", "version", "what", "proposed", "current", "reviewer", "note"]
    )
    emit(df, _fmt(as_json, as_csv), list(df.columns), title="Proposals")


@app.command("review")
@handles_errors
def review_(
    proposal_id: int,
    action: Annotated[str, typer.Argument(help="accept, changes or reject")],
    user: AsOpt,
    version: Annotated[int, typer.Option(help="The version you reviewed")],
    note: Annotated[str, typer.Option(help="Why (required to reject or ask for changes)")] = "",
    verified: Annotated[bool, typer.Option(help="The figure was checked against its source")] = False,
    db: DbOpt = None,
):
    """Accept, send back or reject a proposal, as an editor."""
    from .. import contrib

    store = _store(db)
    out = contrib.review(
        store,
        accounts.get_user(store, user),
        proposal_id,
        action,
        version,
        note,
        "verified" if verified else "unverified",
    )
    report(
        out,
        _fmt(False, False),
        f"proposal {proposal_id}: {out['status']}" + (f" ({out['result']})" if out.get("result") else ""),
    )


@app.command("revert")
@handles_errors
def revert_(revision_id: int, user: AsOpt, reason: Annotated[str, typer.Option(help="Why")], db: DbOpt = None):
    """Undo a figure's current revision, as an editor (the undo is a new revision)."""
    from .. import contrib

    store = _store(db)
    n = contrib.revert(store, accounts.get_user(store, user), revision_id, reason)
    report({}, _fmt(False, False), f"reverted: the figure is now at revision {n}")


@app.command("backup")
@handles_errors
def backup(path: Path, db: DbOpt = None, as_json: JsonOpt = False):
    """Write everything (figures, history, policies, users, comments, proposals) to a zip file."""
    from ..store.backup import backup as backup_store

    counts = backup_store(_store(db), path)
    report(counts, _fmt(as_json, False), f"backed up {sum(counts.values()):,} rows in {len(counts)} tables to {path}")


@app.command("restore")
@handles_errors
def restore(path: Path, db: DbOpt = None, as_json: JsonOpt = False):
    """Load a backup into a new, empty store (all of it, or nothing)."""
    from ..store.backup import restore as restore_store

    store = _store(db)
    counts = restore_store(store, path)
    # Roles come back as the backup says: say who holds rights, so an edited backup cannot promote anyone silently.
    rights = [f"{u['name']} ({u['role']})" for u in accounts.list_users(store) if u["role"] in ("editor", "admin")]
    report(
        {**counts, "privileged": rights},
        _fmt(as_json, False),
        f"restored {sum(counts.values()):,} rows in {len(counts)} tables; "
        f"accounts with editor or admin rights: {', '.join(rights) or 'none'}",
    )
