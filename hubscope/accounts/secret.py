"""The key that signs session cookies: ``HUBSCOPE_SECRET``, or one kept in the store so every
server process shares it. It is never written to a backup: a restored server signs new sessions."""

from __future__ import annotations

import os
import secrets
from typing import TYPE_CHECKING

from sqlalchemy import exc, insert, select

from ..store import schema as t

if TYPE_CHECKING:
    from ..store import Store

KEY = "session_secret"


def session_secret(store: Store) -> str:
    configured = os.environ.get("HUBSCOPE_SECRET")
    if configured:
        if len(configured) < 32:
            from ..errors import HubscopeError

            raise HubscopeError("HUBSCOPE_SECRET is too short: use at least 32 random characters")
        return configured
    with store.read() as conn:
        value = conn.scalar(select(t.settings.c.value).where(t.settings.c.key == KEY))
    if value:
        return value
    try:
        with store.write() as conn:
            conn.execute(insert(t.settings).values(key=KEY, value=secrets.token_urlsafe(48)))
    except exc.IntegrityError:
        pass  # another process created it first: use theirs
    with store.read() as conn:  # ours or theirs, it is there now
        return conn.execute(select(t.settings.c.value).where(t.settings.c.key == KEY)).scalar_one()
