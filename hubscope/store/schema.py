"""The store's tables (SQLAlchemy Core). Alembic migrations create them; tests check they agree."""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
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
    "entities", metadata,
    Column("id", String(80), primary_key=True),
    Column("type", String(20), nullable=False),
    Column("name_en", Text, nullable=False),
    Column("name_ja", Text),
    Column("iso2", String(2)),
    Column("parent", String(80)),
    Column("aliases", Text, nullable=False, default=""),  # "|"-separated
)

indicators = Table(
    "indicators", metadata,
    Column("id", String(80), primary_key=True),
    Column("name_en", Text, nullable=False),
    Column("name_ja", Text),
    Column("unit", Text, nullable=False),
    Column("pillar", String(40), nullable=False),
    Column("higher_is_better", Boolean),
    Column("definition", Text, nullable=False),
)

sources = Table(
    "sources", metadata,
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
    "observations", metadata,
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
    "revisions", metadata,
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
    "policy_revisions", metadata,
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
