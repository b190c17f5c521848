"""Load benchmark: the observatory under wrk on loopback, against Datasette on the same SQLite file.

Run: .venv/bin/python bench/bench_web.py   (part of `make bench`; needs Debian's wrk, and Datasette
in its own virtual environment at $DATASETTE, default /tmp/dsvenv/bin/datasette)
32 concurrent connections for 10 s per URL, 2 wrk threads; prints requests/s and p50/p99, and how long
each page's first (uncached) request took. Fails if a page loads anything from another host (no CDN).
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from hubscope.store import Store  # noqa: E402


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait(port: int) -> None:
    for _ in range(200):
        try:
            socket.create_connection(("127.0.0.1", port), 0.2).close()
            return
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"nothing listening on {port}")


# Every request a different query (entity and offset drawn at random, 20,000 combinations against
# a 512-page cache): what an API client exploring the data costs, not a repeated URL.
VARIED = """
math.randomseed(42)
local ents = {"JPN", "USA", "CHN", "GBR", "DEU", "KOR", "FRA", "SGP", "IND", "CAN"}
request = function()
  return wrk.format("GET", "/api/observations?entity=" .. ents[math.random(#ents)] ..
                    "&limit=20&offset=" .. math.random(0, 1999))
end
"""


FIRST: dict[str, float] = {}  # url -> seconds the first (uncached) request took
CDN = re.compile(r"<(?:script|link|img|iframe)[^>]+(?:src|href)=\"(?:https?:)?//", re.I)


def wrk(url: str, script: str | None = None) -> str:
    # one request first: the first hit computes and caches the page; wrk measures serving it
    import urllib.request
    start = time.perf_counter()
    body = urllib.request.urlopen(url, timeout=60).read().decode("utf-8", "replace")
    FIRST[url] = time.perf_counter() - start
    if CDN.search(body):
        raise SystemExit(f"{url} loads something from another host: {CDN.search(body).group(0)}")
    extra = []
    if script:
        lua = Path(tempfile.mkdtemp()) / "varied.lua"
        lua.write_text(script)
        extra = ["-s", str(lua)]
    out = subprocess.run(["wrk", "-t2", "-c32", "-d10s", "--latency", *extra, url], capture_output=True,
                         text=True).stdout
    rps = re.search(r"Requests/sec:\s+([\d.]+)", out)
    p50 = re.search(r"\s50%\s+([\d.]+\w+)", out)
    p99 = re.search(r"\s99%\s+([\d.]+\w+)", out)
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return (f"{float(rps.group(1)):8.0f} req/s   p50 {p50.group(1):>8}   p99 {p99.group(1):>8}"
            + (f"   non-2xx {errors.group(1)}" if errors else "")) if rps else out


IND = "/indicators/rd_expenditure_pct_gdp"
PAGES = (
    ("home page", "/"),
    ("profile page", "/entities/JPN"),
    ("policy page", "/policy"),
    ("API query", "/api/observations?entity=JPN&indicator=rd_expenditure_pct_gdp"),
    # issue 17's pages: each first hit is uncached ("first" is that request's time, before wrk)
    ("indicator", IND),
    ("  chart tab", IND + "?tab=chart&focus=KOR"),
    ("  map tab", "/indicators/gdp_per_capita_usd?tab=map"),
    ("  table tab", IND + "?tab=table"),
    ("  sources tab", IND + "?tab=sources"),
    ("compare chart", "/compare?entities=JPN,USA,KOR,DEU&indicators=rd_expenditure_pct_gdp,gdp_per_capita_usd"),
    ("embed", "/embed/indicator/rd_expenditure_pct_gdp?tab=chart"),
    ("embed map", "/embed/indicator/gdp_per_capita_usd?tab=map"),
    ("browse", "/indicators"),
    ("index", "/index"),
)


def main() -> None:
    if not shutil.which("wrk"):
        raise SystemExit("wrk is not installed (apt-get install wrk)")
    tmp = Path(tempfile.mkdtemp())
    db = tmp / "bench.db"
    Store(f"sqlite:///{db}").init()
    port = free_port()
    env = {**os.environ, "HUBSCOPE_DB": str(db)}
    server = subprocess.Popen([sys.executable, "-m", "uvicorn", "--factory", "hubscope.web.app:create_app",
                               "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"], env=env)
    try:
        wait(port)
        base = f"http://127.0.0.1:{port}"
        print("hubscope (uvicorn, one process), wrk -t2 -c32 -d10s:")
        for name, path in PAGES:
            print(f"  {name:14} {path:60} {wrk(base + path)}   first {FIRST[base + path] * 1000:6.0f} ms")
        print(f"  {'API, varied':14} {'/api/observations?entity=<10 random>&offset=<0-1999>':60} "
              f"{wrk(base + '/api/observations?entity=JPN', VARIED)}")
    finally:
        server.terminate()
        server.wait()
    ds = os.environ.get("DATASETTE", "/tmp/dsvenv/bin/datasette")
    if not Path(ds).exists():
        print("Datasette not installed: no reference measured")
        return
    port = free_port()
    server = subprocess.Popen([ds, "serve", str(db), "--port", str(port), "--host", "127.0.0.1"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait(port)
        sql = ("select o.entity_id, o.indicator_id, o.period, r.value, r.unit, s.publisher, s.url from observations o "
               "join revisions r on r.observation_id = o.id join sources s on s.id = o.source_id "
               "where o.entity_id = 'JPN' and o.indicator_id = 'rd_expenditure_pct_gdp'")
        from urllib.parse import quote
        url = f"http://127.0.0.1:{port}/bench.json?sql={quote(sql)}&_shape=array"
        print("Datasette, the same query as SQL over the same file:")
        print(f"  {'API query':14} {'/bench.json?sql=...':60} {wrk(url)}")
    finally:
        server.terminate()
        server.wait()


if __name__ == "__main__":
    main()
