"""Slowloris (issue 19, item 9): a connection that never finishes its request head is closed by
the server, while whole requests on other connections are answered."""

import json
import socket
import threading
import time
import urllib.request

import pytest
import uvicorn

from hubscope.web import create_app, server


@pytest.fixture
def guarded(store, monkeypatch):
    monkeypatch.setattr(server, "HEADER_TIMEOUT", 0.5)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    srv = uvicorn.Server(uvicorn.Config(create_app(store), **server.options(host="127.0.0.1", port=port)))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    for _ in range(200):
        if srv.started:
            break
        time.sleep(0.05)
    yield port
    srv.should_exit = True
    thread.join(10)


def _closed_by_server(sock: socket.socket) -> bool:
    sock.settimeout(10)  # far beyond the 0.5 s deadline: only a hang reaches it
    try:
        return sock.recv(1024) == b""
    except ConnectionResetError:
        return True
    except TimeoutError:
        return False


def test_a_half_open_request_head_is_closed(guarded):
    slow = socket.create_connection(("127.0.0.1", guarded))
    slow.sendall(b"GET / HTTP/1.1\r\nHost: x\r\nX-a: ")  # and never the rest
    with urllib.request.urlopen(f"http://127.0.0.1:{guarded}/api/whoami", timeout=10) as r:
        assert json.load(r) == {"name": None, "role": "reader"}
    assert _closed_by_server(slow)
    slow.close()


def test_an_idle_connection_after_a_response_is_closed_too(guarded):
    sock = socket.create_connection(("127.0.0.1", guarded))
    sock.sendall(b"GET /api/whoami HTTP/1.1\r\nHost: x\r\n\r\n")
    sock.settimeout(10)
    assert sock.recv(65536).startswith(b"HTTP/1.1 200")
    sock.sendall(b"GET / HTTP/1.1\r\n")  # a second request head, left unfinished
    assert _closed_by_server(sock)
    sock.close()


def test_serve_uses_the_guarded_settings():
    opts = server.options(host="h", port=1)
    assert opts["http"] is server.HeadTimeout and opts["limit_concurrency"] < 1024
    assert opts["timeout_keep_alive"] <= 5 and opts["h11_max_incomplete_event_size"] <= 16 * 1024
