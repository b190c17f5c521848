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
    assert store.schema_version() == "0004"
    assert store.counts() == before


def test_an_existing_database_upgrades_in_place(empty_backend, monkeypatch):
    """A store made by the previous release (schema 0002, data loaded) gains the contributor tables
    and keeps every figure, revision and policy record."""
    from hubscope.accounts import add_user
    from hubscope.datapackage import BUNDLED, import_package
    from hubscope.policy import read_policies, record_policies
    store = empty_backend
    store.migrate("0002")
    with store.write() as conn:
        store.sync_catalog(conn)
    with monkeypatch.context() as m:  # load as the 0002 release did: no upgrade on import
        m.setattr(store, "migrate", lambda target="head": None)
        import_package(store, BUNDLED)
    record_policies(store, read_policies(catalog=store.catalog), author="hubscope", reason="bundled")
    before = store.counts()
    assert store.schema_version() == "0002"
    store.migrate()
    assert store.schema_version() == "0004" and store.counts() == before
    assert add_user(store, "alice", "editor", "correct horse battery").id == 1
