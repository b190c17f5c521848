"""The guard: every GET page and every read command, on the bundled store, shows no NaN, None,
NaT, inf, undefined or traceback, and no display number with more digits than its figure has.

Routes and commands are enumerated from the app and the typer tree, so a new page or command is
covered the day it is added; one whose parameters the guard cannot fill fails until SAMPLES says how.
"""

from __future__ import annotations

import html
import re

import pytest
import typer.main
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from hubscope.accounts import add_user
from hubscope.cli import app as cli_app
from hubscope.contrib import add_comment, propose
from hubscope.web import create_app

PW = "correct horse battery"
BAD = re.compile(r"\b(nan|NaN|None|NaT|inf|Infinity|undefined)\b|Traceback")
# a display number with 4+ decimals and 4+ significant digits: "3.44125", never "0.045" or "33,797.1"
LONG = re.compile(r"(?<![\w.\-/#])(\d[\d,]*\.(\d{4,}))(?![\w.\-/])")
# how to fill each path parameter; {oid} etc. are resolved from the store below
PARAMS = {"entity": "JPN", "indicator": "gdp_current_usd", "record": "JPN-ai-promotion-act", "ext": "json",
          "observation_id": "{oid}", "proposal_id": "{pid}", "comment_id": "{cid}"}
QUERIES = {"/explain": "entity=JPN&indicator=gdp_per_capita_usd&period=2024",
           "/history/{entity}/{indicator}": "period=2024"}
SKIP = {"/api/export.zip": "a binary data package (its contents are tested in test_import_export)",
        "/docs": "FastAPI's Swagger page, not ours", "/redoc": "FastAPI's ReDoc page, not ours",
        "/openapi.json": "the schema, tested by schemathesis", "/logout": "POST only in use",
        "/api/whoami": "tested with tokens in test_web_contrib",
        "/report.pdf": "a binary PDF (rendered and read back in test_web_report_pdf)"}
EXTRA = ["/entities/Tokyo", "/entities/utokyo", "/indicators/gdp_per_capita_usd", "/indicators/ef_epi_rank",
         "/compare?mode=per_capita", "/compare?mode=pct_gdp&indicators=vc_investment,rd_expenditure_pct_gdp",
         "/compare?entities=JPN,USA,KOR&indicators=gdp_current_usd,ef_epi_rank,unicorn_count",
         "/compare.csv", "/sources.csv", "/index.json", "/indicators/rd_expenditure_pct_gdp?tab=map",
         "/indicators/gdp_current_usd?tab=table&focus=USA", "/indicators/gdp_current_usd?tab=sources",
         "/indicators/gpci_rank?tab=map", "/embed/indicator/rd_expenditure_pct_gdp?tab=map",
         "/indicators/gdp_current_usd?format=meta", "/compare?period=2022"]


def visible(text: str) -> str:
    """The words a reader sees: no scripts, no JSON blocks, no tags, no attribute values."""
    text = re.sub(r"<script\b.*?</script>", " ", text, flags=re.S)
    text = re.sub(r"<style\b.*?</style>", " ", text, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", text))


def problems(text: str, is_html: bool) -> list[str]:
    shown = visible(text) if is_html else text
    found = [m.group(0) for m in BAD.finditer(shown)]
    if is_html:
        found += [f"too many digits: {m.group(1)}" for m in LONG.finditer(shown)
                  if len(m.group(1).replace(",", "").replace(".", "").lstrip("0")) >= 4]
    return found


@pytest.fixture(scope="module")
def site(tmp_path_factory, _initialised_file):
    import shutil

    from hubscope.store import Store
    path = tmp_path_factory.mktemp("guard") / "hubscope.db"
    shutil.copy(_initialised_file, path)
    store = Store(f"sqlite:///{path}")
    alice = add_user(store, "alice", "contributor", PW)
    add_user(store, "erin", "editor", PW)
    oid = store.history("JPN", "gdp_current_usd", "2024")[-1].observation_id
    cid = add_comment(store, alice, "observation", str(oid), "Which vintage is this?")
    pid = propose(store, alice, "correction", {"observation_id": str(oid), "value": 4.2e12})
    ids = {"{oid}": str(oid), "{pid}": str(pid), "{cid}": str(cid)}
    return store, create_app(store, check_every=0), ids


def _client(app, name: str | None) -> TestClient:
    client = TestClient(app)
    if name:
        csrf = re.search(r'name="csrf" value="([^"]+)"', client.get("/login").text).group(1)
        r = client.post("/login", data={"name": name, "password": PW, "csrf": csrf}, follow_redirects=False)
        assert r.status_code == 303
    return client


def get_urls(app, ids: dict[str, str]) -> list[str]:
    """One URL per GET route of the app, parameters filled; fails on a parameter it cannot fill."""
    urls = []
    for route in app.routes:
        if not isinstance(route, APIRoute) or "GET" not in route.methods or route.path in SKIP:
            continue
        path = route.path
        for name in re.findall(r"{(\w+)}", path):
            assert name in PARAMS, f"the guard cannot fill {{{name}}} in {path}: add it to PARAMS"
            path = path.replace(f"{{{name}}}", ids.get(PARAMS[name], PARAMS[name]))
        query = QUERIES.get(route.path)
        urls.append(f"{path}?{query}" if query else path)
    return list(dict.fromkeys(urls + EXTRA))


@pytest.mark.parametrize("who", [None, "alice", "erin"])
def test_every_page_shows_no_nan_none_or_long_numbers(site, who):
    store, app, ids = site
    client = _client(app, who)
    failures = []
    for url in get_urls(app, ids):
        for lang in ("en", "ja"):
            full = url + ("&" if "?" in url else "?") + f"lang={lang}"
            r = client.get(full)
            if r.status_code != 200:
                failures.append(f"{full}: HTTP {r.status_code} {r.text[:200]}")
                continue
            bad = problems(r.text, r.headers["content-type"].startswith("text/html"))
            if bad:
                failures.append(f"{full}: {sorted(set(bad))[:6]}")
    assert not failures, "\n".join(failures)


# read commands and the arguments that make them show something; a new read command fails until listed
COMMANDS = {
    "show": ["JPN"], "compare": ["JPN", "USA", "-i", "gdp_current_usd", "-i", "gdp_per_capita_usd"],
    "history": ["JPN", "gdp_current_usd"], "sources": [], "info": [],
    "explain": ["JPN", "gdp_per_capita_usd", "2024"], "convert": ["JPN", "gdp_current_lcu", "2024"],
    "index": [], "policy list": [], "policy show": ["JPN-ai-promotion-act"],
    "policy compare": ["JPN", "EU27", "CHN", "USA"], "policy timeline": [], "proposals": [], "user list": [],
    "token list": ["alice"],
    "scenario match": ["JPN", "--peer", "USA", "-i", "vc_investment_pct_gdp"],
    "scenario target": ["JPN", "-i", "rd_expenditure_pct_gdp", "--value", "4", "--by", "FY2030"],
    "project": ["JPN", "gdp_current_usd", "--to", "2030"],
    "snapshots": [], "update": ["github", "--snapshot", "github-innovation-graph-8faec9d72c7e", "--dry-run"],
    "pipeline list": [], "pipeline run": ["github-collaboration", "--dry-run"],
}
EXTRA_RUNS = [["show", "JPN", "--lang", "ja"], ["compare", "JPN", "--peers", "USA,KOR", "-i", "rd_expenditure_pct_gdp"],
              ["compare", "JPN", "USA", "-i", "gdp_current_usd", "--mode", "per_capita"]]


WRITERS = ("init", "import", "export", "render", "check", "backup", "restore", "load", "add", "role", "password",
           "disable", "revoke", "review", "revert")


def read_commands() -> list[tuple[str, ...]]:
    """Every command (with its group) that takes --json: the ones that read and print."""
    found = []

    def walk(cmd, prefix: tuple[str, ...]) -> None:
        for name, sub in getattr(cmd, "commands", {}).items():
            if hasattr(sub, "commands"):
                walk(sub, (*prefix, name))
            elif any("--json" in p.opts for p in sub.params) and name not in WRITERS:
                found.append((*prefix, name))
    walk(typer.main.get_command(cli_app), ())
    return found


def test_every_read_command_is_listed_here():
    missing = [" ".join(c) for c in read_commands() if " ".join(c) not in COMMANDS]
    assert missing == [], "add these read commands (with sample arguments) to COMMANDS"


def options(args: list[str]) -> set[str]:
    """The options the command named at the start of ``args`` takes."""
    cmd = typer.main.get_command(cli_app)
    for word in args:
        sub = getattr(cmd, "commands", {}).get(word)
        if sub is None:
            break
        cmd = sub
    return {o for p in cmd.params for o in p.opts}


@pytest.mark.parametrize("fmt", ["", "--json", "--csv"])
def test_every_read_command_prints_no_nan_or_none(cli, fmt, db_path):
    from hubscope.store import Store
    add_user(Store(f"sqlite:///{db_path}"), "alice", "contributor", PW)
    failures = []
    runs = [[*name.split(), *args] for name, args in COMMANDS.items()] + (EXTRA_RUNS if not fmt else [])
    for args in runs:
        if fmt and fmt not in options(args):
            continue  # a command that offers no CSV (a diff or a listing) is run in the formats it has
        full = [*args, *([fmt] if fmt else [])]
        r = cli(*full)
        if r.exit_code != 0:
            failures.append(f"{' '.join(full)}: exit {r.exit_code}: {r.output[-300:]}")
            continue
        bad = problems(r.output, is_html=False)
        if not fmt:  # tables are for people: numbers as people read them
            bad += [f"too many digits: {m.group(1)}" for m in LONG.finditer(r.output)
                    if len(m.group(1).replace(",", "").replace(".", "").lstrip("0")) >= 4]
        if bad:
            failures.append(f"{' '.join(full)}: {sorted(set(bad))[:6]}")
    assert not failures, "\n".join(failures)
