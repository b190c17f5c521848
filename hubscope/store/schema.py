"""The store's tables (SQLAlchemy Core). Alembic migrations create them; tests check they agree."""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    Boolean,
    Column,
    CursorResult,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData()

entities = Table(
    "entities",
    metadata,
    Column("id", String(80), primary_key=True),
    Column("type", String(20), nullable=False),
    Column("name_en", Text, nullable=False),
    Column("name_ja", Text),
    Column("iso2", String(2)),
    Column("parent", String(80)),
    Column("aliases", Text, nullable=False, default=""),  # "|"-separated
)

indicators = Table(
    "indicators",
    metadata,
    Column("id", String(80), primary_key=True),
    Column("name_en", Text, nullable=False),
    Column("name_ja", Text),
    Column("unit", Text, nullable=False),
    Column("pillar", String(40), nullable=False),
    Column("higher_is_better", Boolean),
    Column("definition", Text, nullable=False),
)

sources = Table(
    "sources",
    metadata,
    Column("id", String(120), primary_key=True),
    Column("publisher", Text, nullable=False),
    Column("title", Text, nullable=False),
    Column("url", Text),
    Column("published", String(40)),
    Column("accessed", String(40)),
    Column("licence", Text),
    Column("note", Text),
    Column("priority", Integer, nullable=False, default=50),
)

# An observation is the identity of a figure: one entity, indicator, period and source.
# Its values live in revisions; the current value is the revision with the highest number.
observations = Table(
    "observations",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("entity_id", String(80), ForeignKey("entities.id"), nullable=False),
    Column("indicator_id", String(80), ForeignKey("indicators.id"), nullable=False),
    Column("period", String(40), nullable=False),
    Column("period_kind", String(20), nullable=False),
    Column("period_start", Date, nullable=False),
    Column("period_end", Date, nullable=False),
    Column("source_id", String(120), ForeignKey("sources.id"), nullable=False),
    UniqueConstraint("entity_id", "indicator_id", "period", "source_id", name="uq_observation"),
    Index("ix_observations_indicator_entity", "indicator_id", "entity_id"),
)

revisions = Table(
    "revisions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("observation_id", Integer, ForeignKey("observations.id"), nullable=False),
    Column("number", Integer, nullable=False),
    Column("value", Float),
    Column("lower", Float),
    Column("upper", Float),
    Column("value_text", Text),
    Column("qualifier", String(20), nullable=False),
    Column("unit", Text, nullable=False),
    Column("price_basis", String(20)),
    Column("rank_of", Integer),
    Column("vintage", Text),
    Column("method", String(20), nullable=False),
    Column("status", String(20), nullable=False),
    Column("note", Text),
    Column("created_at", DateTime, nullable=False),
    Column("author", Text, nullable=False),
    Column("reason", Text, nullable=False),
    UniqueConstraint("observation_id", "number", name="uq_revision_number"),
)

# A policy record (a law, strategy or guideline) is stored whole, as JSON, once per revision:
# an amendment or repeal adds a revision and the record's history shows what changed.
policy_revisions = Table(
    "policy_revisions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("record_id", String(120), nullable=False),
    Column("number", Integer, nullable=False),
    Column("jurisdiction", String(80), nullable=False),
    Column("content", Text, nullable=False),
    Column("created_at", DateTime, nullable=False),
    Column("author", Text, nullable=False),
    Column("reason", Text, nullable=False),
    UniqueConstraint("record_id", "number", name="uq_policy_revision_number"),
)

# --- contributors (migration 0003) ---------------------------------------------------------
# Who may write: readers need no account; contributors propose and comment; editors review;
# admins manage accounts. Passwords are argon2 hashes; tokens are stored as SHA-256 digests.
users = Table(
    "users",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", String(80), nullable=False, unique=True),
    Column("role", String(20), nullable=False),
    Column("password_hash", Text),
    Column("created_at", DateTime, nullable=False),
    Column("disabled", Boolean, nullable=False, default=False),
)

tokens = Table(
    "tokens",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("user_id", Integer, ForeignKey("users.id"), nullable=False),
    Column("label", Text, nullable=False),
    Column("digest", String(64), nullable=False, unique=True),
    Column("scope", String(20), nullable=False),
    Column("created_at", DateTime, nullable=False),
    Column("revoked_at", DateTime),
)

# Failed sign-ins by account and client, so the limits hold across server processes.
login_failures = Table(
    "login_failures",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", String(80), nullable=False),
    Column("at", DateTime, nullable=False),
    Column("client", String(64)),  # the caller's address; empty before 0004
    Index("ix_login_failures_name_at", "name", "at"),
    Index("ix_login_failures_client_at", "client", "at"),
)

# Signed-in sessions: the digest of each cookie's random key. Deleting a row ends that session at
# once (logout, a password change, a disabled account); a cookie without a row signs no one in.
sessions = Table(
    "sessions",
    metadata,
    Column("digest", String(64), primary_key=True),
    Column("user_id", Integer, ForeignKey("users.id"), nullable=False),
    Column("created_at", DateTime, nullable=False),
    Index("ix_sessions_user", "user_id"),
)

# Threaded comments and questions on a report section, an observation, an indicator or a policy.
comments = Table(
    "comments",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("target_kind", String(20), nullable=False),
    Column("target_id", String(200), nullable=False),
    Column("parent_id", Integer, ForeignKey("comments.id")),
    Column("kind", String(20), nullable=False),
    Column("author_id", Integer, ForeignKey("users.id"), nullable=False),
    Column("body", Text, nullable=False),
    Column("version", Integer, nullable=False),
    Column("created_at", DateTime, nullable=False),
    Column("edited_at", DateTime),
    Column("resolved_by", Integer, ForeignKey("users.id")),
    Column("resolved_at", DateTime),
    Index("ix_comments_target", "target_kind", "target_id"),
)

# A proposed figure, correction or report section; published only when an editor accepts it.
proposals = Table(
    "proposals",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("kind", String(20), nullable=False),
    Column("payload", Text, nullable=False),  # JSON: the figure and its source, or the section
    Column("base_revision", Integer),  # the figure's revision number the correction was made against
    Column("author_id", Integer, ForeignKey("users.id"), nullable=False),
    Column("status", String(20), nullable=False),
    Column("version", Integer, nullable=False),
    Column("created_at", DateTime, nullable=False),
    Column("reviewer_id", Integer, ForeignKey("users.id")),
    Column("review_note", Text),
    Column("decided_at", DateTime),
    Column("result", Text),  # what accepting it created, e.g. "revision 12"
)

# Report sections contributed through accepted proposals, kept whole once per revision.
report_sections = Table(
    "report_sections",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("slug", String(120), nullable=False),
    Column("number", Integer, nullable=False),
    Column("heading", Text, nullable=False),
    Column("body", Text, nullable=False),
    Column("author", Text, nullable=False),
    Column("accepted_by", Text, nullable=False),
    Column("created_at", DateTime, nullable=False),
    Column("reason", Text, nullable=False),
    UniqueConstraint("slug", "number", name="uq_report_section_number"),
)

# Server settings shared by every process (the session-signing key).
settings = Table(
    "settings",
    metadata,
    Column("key", String(80), primary_key=True),
    Column("value", Text, nullable=False),
)


def inserted_id(result: CursorResult[Any]) -> int:
    """The id of the row an INSERT just wrote (SQLAlchemy types it as optional; after an insert it is set)."""
    key = result.inserted_primary_key
    assert key is not None
    return int(key[0])
