"""Hostile-load drills (issue 19) against a real `hubscope serve` process: how fast `/` and
`/api/whoami` answer while a hostile check and heavy renders run, and while 1,000 half-open
connections are held; and 50 concurrent writers on PostgreSQL with `--workers 2`.

Latencies are whole requests (a new connection each) from this process; each phase's p99 is
also given as a ratio to the idle baseline measured in the same run, against the same server."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HOSTILE_TEXT = "3.4% " * 3000  # 15 KB: the paste that froze the server for 50 s (issue 19, item 1)
PROBES = ("/", "/api/whoami")
LOG = Path("/tmp/hubscope-hostile-serve.log")  # the servers' output: tracebacks under load show here


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve(db_url: str, code: Path = ROOT, workers: int = 1) -> tuple[subprocess.Popen, int]:
    """`hubscope serve` on a free port, importing hubscope from ``code``, niced (a shared machine)."""
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(code)}
    cmd = ["nice", sys.executable, "-c", "from hubscope.cli import app; app()", "serve", "--db", db_url,
           "--port", str(port), "--workers", str(workers)]
    log = open(LOG, "ab")  # noqa: SIM115 - the server writes it for its whole life; a pipe could fill and block it
    proc = subprocess.Popen(cmd, env=env, stdout=log, stderr=log, cwd=code)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/whoami", timeout=5):
                break
        except OSError:
            time.sleep(0.3)
    else:
        proc.kill()
        raise RuntimeError(f"hubscope serve did not start; see {LOG}")
    for path in PROBES:  # warm the page cache: the drills measure a served site, not a cold start
        urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=60).read()
    return proc, port


@dataclass
class Probe:
    """Latencies (ms) and failures of the probe requests of one phase."""

    ms: dict[str, list[float]] = field(default_factory=lambda: {p: [] for p in PROBES})
    failed: int = 0

    def p99(self, path: str) -> float:
        xs = sorted(self.ms[path])
        return xs[min(len(xs) - 1, int(0.99 * len(xs)))] if xs else float("nan")


def probe(port: int, n: int = 150, seconds: float | None = None) -> Probe:
    """``n`` requests to each probe path in turn (or as many as fit in ``seconds``)."""
    out = Probe()
    end = time.monotonic() + seconds if seconds else None
    for _ in range(n):
        if end and time.monotonic() > end:
            break
        for path in PROBES:
            t0 = time.perf_counter()
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=30) as r:
                    r.read()
                out.ms[path].append((time.perf_counter() - t0) * 1000)
            except (OSError, urllib.error.HTTPError):
                out.failed += 1
    return out


def hostile_load(port: int, stop: threading.Event) -> tuple[dict[str, int], list[threading.Thread]]:
    """Until ``stop``: two clients posting the 15 KB check, one asking for fresh /index renders."""
    done = {"checks": 0, "renders": 0, "errors": 0}

    def checks():
        body = urllib.parse.urlencode({"text": HOSTILE_TEXT}).encode()
        while not stop.is_set():
            try:
                urllib.request.urlopen(urllib.request.Request(f"http://127.0.0.1:{port}/check", data=body),
                                       timeout=120).read()
                done["checks"] += 1
            except OSError:
                done["errors"] += 1

    def renders():
        k = 0
        while not stop.is_set():
            k += 1  # a new weight each time: a new cache key, so a full index run with 5,000 draws
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/index?draws=5000&w_capital={k % 100}",
                                       timeout=120).read()
                done["renders"] += 1
            except OSError:
                done["errors"] += 1

    threads = [threading.Thread(target=checks), threading.Thread(target=checks), threading.Thread(target=renders)]
    for t in threads:
        t.start()
    time.sleep(2)  # let the heavy work begin before probing
    return done, threads


def half_open(port: int, count: int = 1000) -> list[socket.socket]:
    """``count`` connections that send part of a request head and then nothing (slowloris)."""
    socks = []
    for _ in range(count):
        s = socket.create_connection(("127.0.0.1", port), timeout=10)
        s.sendall(b"GET / HTTP/1.1\r\nHost: x\r\nX-a: ")
        socks.append(s)
    return socks


def read_drills(db_url: str, code: Path = ROOT) -> list[str]:
    """The three read phases against one server: idle, hostile work, 1,000 half-open connections."""
    proc, port = serve(db_url, code)
    lines = []
    try:
        idle = probe(port)
        stop = threading.Event()
        done, threads = hostile_load(port, stop)
        loaded = probe(port, n=100)
        stop.set()
        for t in threads:  # their last requests finish (or time out): the counts below are final
            t.join(150)
        socks = half_open(port)
        held = probe(port, n=100, seconds=8)  # the server closes half-open heads after 10 s
        for s in socks:
            s.close()
        for name, ph in (("idle", idle), ("hostile check + render", loaded), ("1,000 half-open", held)):
            cells = "  ".join(
                f"{p} p99 {ph.p99(p):6.1f} ms ({ph.p99(p) / idle.p99(p):4.1f}x idle)" for p in PROBES
            )
            lines.append(f"{name:24s} {cells}  failed {ph.failed}/{sum(map(len, ph.ms.values())) + ph.failed}")
        lines.append(f"   hostile work meanwhile: {done['checks']} 15 KB checks, {done['renders']} /index renders "
                     f"(5,000 draws), {done['errors']} refused or failed")
    finally:
        proc.terminate()
        proc.wait(30)
    return lines


def writers(db_url: str, tokens: list[str], code: Path = ROOT, each: int = 4) -> str:
    """Every token's writer posts ``each`` comments at once through `hubscope serve --workers 2`."""
    proc, port = serve(db_url, code, workers=2)
    codes: list[int] = []
    start = threading.Barrier(len(tokens))

    def write(token: str, n: int):
        start.wait()
        for k in range(each):
            body = json.dumps({"target_kind": "report", "target_id": "summary", "body": f"writer {n} comment {k}"})
            req = urllib.request.Request(f"http://127.0.0.1:{port}/api/comments", data=body.encode(), method="POST",
                                         headers={"Authorization": f"Bearer {token}",
                                                  "Content-Type": "application/json"})
            try:
                with urllib.request.urlopen(req, timeout=60) as r:
                    codes.append(r.status)
            except urllib.error.HTTPError as e:
                codes.append(e.code)
            except OSError:
                codes.append(0)

    try:
        threads = [threading.Thread(target=write, args=(t, n)) for n, t in enumerate(tokens)]
        t0 = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        took = time.perf_counter() - t0
    finally:
        proc.terminate()
        proc.wait(30)
    bad = sorted(c for c in codes if c != 201)
    return (f"{len(tokens)} writers x {each} comments on PostgreSQL, serve --workers 2: {codes.count(201)} stored, "
            f"{len(bad)} errors {sorted(set(bad)) if bad else ''} ({took:.1f} s)")
