"""Start-up: the CLI loads no heavy library until a command needs it (timings are in bench/)."""

import json
import os
import subprocess
import sys

import pytest

import hubscope

# What `hubscope --help` must not pay for: each of these costs 0.1-0.5 s to import.
HEAVY = ("pandas", "numpy", "sqlalchemy", "alembic", "argon2", "fastapi", "pint", "altair", "weasyprint",
         "sudachipy")


def loaded_after(code: str, env: dict | None = None) -> list[str]:
    """Which of HEAVY a fresh interpreter has imported after running ``code``."""
    probe = f"{code}\nimport json, sys\nprint(json.dumps([m for m in {HEAVY!r} if m in sys.modules]))"
    r = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120,
                       env=env or os.environ)
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout.strip().splitlines()[-1])


def test_importing_the_cli_loads_no_heavy_library():
    assert loaded_after("import hubscope.cli.app") == []


def test_help_loads_no_heavy_library():
    # the help lists every command, so typer has read every command's signature
    code = ("from hubscope.cli import app\n"
            "try:\n    app(['--help'])\nexcept SystemExit as exc:\n    assert exc.code == 0, exc.code")
    assert loaded_after(code) == []


def test_a_command_that_needs_the_store_still_loads_it():
    # the guard above must be able to fail: the same probe sees what a real command imports
    assert {"pandas", "sqlalchemy", "alembic"} <= set(loaded_after(
        "import hubscope\nstore = hubscope.open('sqlite:///:memory:')\nstore.init(bundled=False)"))


def test_reading_a_store_loads_neither_alembic_nor_pint(tmp_path):
    # the schema version is read straight from alembic_version, and the bundled catalog's units
    # are checked by tests/test_catalog.py, not on every open
    url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    loaded_after(f"import hubscope\nhubscope.open({url!r}).init(bundled=False)")
    loaded = loaded_after(f"import hubscope\ns = hubscope.open({url!r})\n"
                          "assert s.schema_version() == '0004', s.schema_version()\ns.require_initialised()")
    assert "sqlalchemy" in loaded and not {"alembic", "pint"} & set(loaded)


def test_public_names_load_on_first_use():
    from hubscope import Store
    from hubscope.store import Store as StoreClass
    assert Store is StoreClass and hubscope.Store is StoreClass
    assert {"Store", "open", "Observation", "HubscopeError"} <= set(dir(hubscope))
    assert set(hubscope.__all__) <= set(dir(hubscope))
    with pytest.raises(AttributeError, match="has no attribute 'Stor'"):
        hubscope.Stor  # noqa: B018


def test_a_broken_unit_cache_is_rebuilt(tmp_path):
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path)}
    code = ("from hubscope.units import conversion_factor, registry\n"
            "print(registry().cache_folder, conversion_factor('billion * USD', 'thousand * USD'))")

    def run() -> str:
        r = subprocess.run([sys.executable, "-W", "error", "-c", code], capture_output=True, text=True,
                           timeout=120, env=env)
        assert r.returncode == 0, r.stderr
        return r.stdout.strip()

    cache = tmp_path / "hubscope" / "pint"
    assert run() == f"{cache} 1000000.0"
    pickles = list(cache.glob("*.pickle"))
    assert pickles
    for p in pickles:  # as if another process were still writing them
        p.write_bytes(p.read_bytes()[:100])
    assert run() == "None 1000000.0"  # built without the cache, same answer
    assert not cache.exists()
    assert run() == f"{cache} 1000000.0"
