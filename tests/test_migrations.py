"""Alembic migrations build exactly the schema the code declares."""

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from hubscope.store import schema


def test_migrations_match_the_declared_schema(empty_store):
    empty_store.migrate()
    with empty_store.engine.connect() as conn:
        diffs = compare_metadata(MigrationContext.configure(conn), schema.metadata)
    assert diffs == []


def test_migrate_is_safe_to_repeat(store):
    before = store.counts()
    store.migrate()
    assert store.schema_version() == "0003"
    assert store.counts() == before
