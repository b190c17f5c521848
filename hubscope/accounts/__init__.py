"""Accounts: users with roles, argon2 passwords, scoped revocable API tokens."""

from typing import TYPE_CHECKING

from .. import _lazy

if TYPE_CHECKING:
    from .tokens import issue_token, list_tokens, revoke_token, user_for_token
    from .users import (
        ROLES,
        User,
        add_user,
        authenticate,
        get_user,
        list_users,
        require,
        set_disabled,
        set_password,
        set_role,
    )

# Imported on first use, so that commands which never sign anyone in do not load argon2 and SQLAlchemy.
__getattr__, __dir__ = _lazy.exports(
    __name__,
    {
        ".tokens": ("issue_token", "list_tokens", "revoke_token", "user_for_token"),
        ".users": (
            "ROLES",
            "User",
            "add_user",
            "authenticate",
            "get_user",
            "list_users",
            "require",
            "set_disabled",
            "set_password",
            "set_role",
        ),
    },
)

__all__ = [
    "ROLES",
    "User",
    "add_user",
    "authenticate",
    "get_user",
    "issue_token",
    "list_tokens",
    "list_users",
    "require",
    "revoke_token",
    "set_disabled",
    "set_password",
    "set_role",
    "user_for_token",
]
