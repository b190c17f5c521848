"""Shared fixtures: real SQLite files on tmp_path, built from the bundled dataset once."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

import hubscope
from hubscope.cli import app
from hubscope.store import Store

REFERENCE = Path(__file__).resolve().parents[2] / "shared" / "reference"


@pytest.fixture(scope="session")
def _initialised_file(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("template") / "hubscope.db"
    store = Store(f"sqlite:///{path}")
    store.init()
    store.close()
    return path


@pytest.fixture
def db_path(tmp_path, _initialised_file) -> Path:
    """A fresh copy of an initialised store file (bundled dataset loaded)."""
    path = tmp_path / "hubscope.db"
    shutil.copy(_initialised_file, path)
    return path


@pytest.fixture
def store(db_path) -> Store:
    s = hubscope.open(f"sqlite:///{db_path}")
    yield s
    s.close()


@pytest.fixture
def empty_store(tmp_path) -> Store:
    s = Store(f"sqlite:///{tmp_path / 'empty.db'}")
    yield s
    s.close()


def dump(path: Path) -> list[str]:
    """Every statement needed to rebuild the database: equal dumps mean equal stores."""
    with sqlite3.connect(path) as conn:
        return list(conn.iterdump())


@pytest.fixture
def cli(db_path, monkeypatch):
    """Run the CLI in-process against the test store; returns the click Result."""
    monkeypatch.setenv("HUBSCOPE_DB", str(db_path))
    runner = CliRunner()

    def run(*args: str, input: str | None = None):
        return runner.invoke(app, list(args), input=input, catch_exceptions=False)
    return run
