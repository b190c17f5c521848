"""Accounts: users with roles, argon2 passwords, scoped revocable API tokens."""

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

__all__ = ["ROLES", "User", "add_user", "authenticate", "get_user", "issue_token", "list_tokens", "list_users",
           "require", "revoke_token", "set_disabled", "set_password", "set_role", "user_for_token"]
