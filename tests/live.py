"""A real uvicorn server on a free loopback port, in a thread, for browser tests."""

from __future__ import annotations

import shutil
import socket
import threading
import time
from contextlib import contextmanager
from pathlib import Path

import uvicorn

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTEFACTS = Path(__file__).parent / "artefacts"


@contextmanager
def live(app):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    for _ in range(100):
        if srv.started:
            break
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        srv.should_exit = True
        thread.join(5)


def shot(page, name):
    ARTEFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTEFACTS / f"{name}.png"), full_page=True)


@contextmanager
def served_copy(tmp: Path, db_file: Path):
    """The app over a copy of ``db_file`` in ``tmp``, served live: yields its base URL."""
    from hubscope.store import Store
    from hubscope.web import create_app

    shutil.copy(db_file, tmp / "db.sqlite")
    with live(create_app(Store(f"sqlite:///{tmp / 'db.sqlite'}"))) as url:
        yield url
