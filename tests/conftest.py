"""Shared fixtures: real SQLite files on tmp_path, built from the bundled dataset once."""

from __future__ import annotations

import itertools
import os
import shutil
import sqlite3
import tempfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

import hubscope
from hubscope.cli import app
from hubscope.store import Store

from .live import CHROMIUM
from .pg import Server, binaries

REFERENCE = Path(os.environ.get("HUBSCOPE_REFERENCE") or Path(__file__).resolve().parents[2] / "shared" / "reference")
_count = itertools.count()


def next_db() -> str:
    return f"t{next(_count)}"


@pytest.fixture(autouse=True)
def _http_cache(tmp_path_factory, monkeypatch):
    """Each test its own connectors' HTTP cache (outside its tmp_path), never the user's data directory."""
    monkeypatch.setenv("HUBSCOPE_HTTP_CACHE", str(tmp_path_factory.mktemp("http-cache")))


@pytest.fixture(scope="session")
def pg_server():
    """A real PostgreSQL server in a temporary directory, for the whole session."""
    if binaries() is None:
        pytest.skip("PostgreSQL is not installed (make sysdeps installs Debian's postgresql)")
    server = Server(Path(tempfile.mkdtemp(prefix="hubscope-pg-")))
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def _pg_template(pg_server) -> str:
    """An initialised PostgreSQL database that tests copy (CREATE DATABASE ... TEMPLATE)."""
    store = Store(pg_server.create("template_hubscope"))
    store.init()
    store.close()
    return "template_hubscope"


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_backend(request, tmp_path):
    """An empty database on each backend (no tables)."""
    url = (f"sqlite:///{tmp_path / 'e.db'}" if request.param == "sqlite"
           else request.getfixturevalue("pg_server").create(next_db()))
    store = Store(url)
    yield store
    store.close()


@pytest.fixture(params=["sqlite", "postgresql"])
def backend(request, tmp_path):
    """A fresh, initialised store on each backend: the store and web suites run on both."""
    if request.param == "sqlite":
        path = tmp_path / "b.db"
        shutil.copy(request.getfixturevalue("_initialised_file"), path)
        url = f"sqlite:///{path}"
    else:
        server = request.getfixturevalue("pg_server")
        url = server.create(next_db(), template=request.getfixturevalue("_pg_template"))
    store = Store(url)
    yield store
    store.close()


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


@pytest.fixture(scope="module")
def browser():
    """Debian's headless Chromium, driven by Playwright."""
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True,
                              args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                                    "--disable-background-networking", "--disable-component-update", "--disable-sync"])
        yield b
        b.close()


@pytest.fixture
def tab(browser):
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    yield page, errors
    page.close()
