"""The initial store: entities, indicators, sources, observations and revisions.

Revision ID: 0001
Revises:
Create Date: 2026-11-21
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "entities",
        sa.Column("id", sa.String(80), primary_key=True),
        sa.Column("type", sa.String(20), nullable=False),
        sa.Column("name_en", sa.Text, nullable=False),
        sa.Column("name_ja", sa.Text),
        sa.Column("iso2", sa.String(2)),
        sa.Column("parent", sa.String(80)),
        sa.Column("aliases", sa.Text, nullable=False),
    )
    op.create_table(
        "indicators",
        sa.Column("id", sa.String(80), primary_key=True),
        sa.Column("name_en", sa.Text, nullable=False),
        sa.Column("name_ja", sa.Text),
        sa.Column("unit", sa.Text, nullable=False),
        sa.Column("pillar", sa.String(40), nullable=False),
        sa.Column("higher_is_better", sa.Boolean),
        sa.Column("definition", sa.Text, nullable=False),
    )
    op.create_table(
        "sources",
        sa.Column("id", sa.String(120), primary_key=True),
        sa.Column("publisher", sa.Text, nullable=False),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("url", sa.Text),
        sa.Column("published", sa.String(40)),
        sa.Column("accessed", sa.String(40)),
        sa.Column("licence", sa.Text),
        sa.Column("note", sa.Text),
        sa.Column("priority", sa.Integer, nullable=False),
    )
    op.create_table(
        "observations",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("entity_id", sa.String(80), sa.ForeignKey("entities.id"), nullable=False),
        sa.Column("indicator_id", sa.String(80), sa.ForeignKey("indicators.id"), nullable=False),
        sa.Column("period", sa.String(40), nullable=False),
        sa.Column("period_kind", sa.String(20), nullable=False),
        sa.Column("period_start", sa.Date, nullable=False),
        sa.Column("period_end", sa.Date, nullable=False),
        sa.Column("source_id", sa.String(120), sa.ForeignKey("sources.id"), nullable=False),
        sa.UniqueConstraint("entity_id", "indicator_id", "period", "source_id", name="uq_observation"),
    )
    op.create_index("ix_observations_indicator_entity", "observations", ["indicator_id", "entity_id"])
    op.create_table(
        "revisions",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("observation_id", sa.Integer, sa.ForeignKey("observations.id"), nullable=False),
        sa.Column("number", sa.Integer, nullable=False),
        sa.Column("value", sa.Float),
        sa.Column("lower", sa.Float),
        sa.Column("upper", sa.Float),
        sa.Column("value_text", sa.Text),
        sa.Column("qualifier", sa.String(20), nullable=False),
        sa.Column("unit", sa.Text, nullable=False),
        sa.Column("price_basis", sa.String(20)),
        sa.Column("rank_of", sa.Integer),
        sa.Column("vintage", sa.Text),
        sa.Column("method", sa.String(20), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("note", sa.Text),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("author", sa.Text, nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.UniqueConstraint("observation_id", "number", name="uq_revision_number"),
    )


def downgrade() -> None:
    for table in ("revisions", "observations", "sources", "indicators", "entities"):
        op.drop_table(table)
