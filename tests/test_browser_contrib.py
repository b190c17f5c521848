"""Contributors in a real browser: a contributor proposes a correction, an editor accepts it, the
report shows the new figure with the contributor credited; and a corpus of XSS payloads in
comments, proposals and sections runs no script."""

import re
import shutil

import pytest

from hubscope.accounts import add_user, issue_token
from hubscope.contrib import add_comment, propose, review
from hubscope.store import Store
from hubscope.web import create_app

from .live import CHROMIUM, live, shot

pytestmark = pytest.mark.skipif(not shutil.os.path.exists(CHROMIUM), reason="Chromium not installed")
PW = "correct horse battery"
XSS = [
    "<script>window.__xss=1;alert(1)</script>",
    "<img src=x onerror=\"window.__xss=1;alert(1)\">",
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "\"><script>alert(1)</script>",
    "'><img src=x onerror=alert(1)>",
    "<a href=\"javascript:alert(1)\" id=\"xss-link\">click</a>",
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "![x](javascript:alert(1))",
    "<iframe src=\"javascript:alert(1)\"></iframe>",
    "<body onload=alert(1)>",
    "<details open ontoggle=alert(1)>x</details>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<a href=\"&#106;avascript:alert(1)\">x</a>",
    "[x](&#106;avascript:alert(1))",
    "<div style=\"background:url(javascript:alert(1))\">x</div>",
    "<input autofocus onfocus=alert(1)>",
    "<object data=\"javascript:alert(1)\"></object>",
    "<embed src=\"javascript:alert(1)\">",
    "<form action=\"javascript:alert(1)\"><button>x</button></form>",
    "<scr<script>ipt>alert(1)</script>",
    "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\">",
    "`<script>alert(1)</script>`",
    "<base href=\"javascript:alert(1)//\">",
    "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">",
    "{{ '<img src=x onerror=alert(1)>' }}",
    "<style>@import 'javascript:alert(1)';</style>",
    "<a href=\"data:text/html,<script>alert(1)</script>\">x</a>",
    "<video><source onerror=alert(1)></video>",
]


@pytest.fixture(scope="module")
def site(tmp_path_factory, _initialised_file):
    path = tmp_path_factory.mktemp("contrib") / "db.sqlite"
    shutil.copy(_initialised_file, path)
    store = Store(f"sqlite:///{path}")
    people = {n: add_user(store, n, r, PW) for n, r in (("alice", "contributor"), ("erin", "editor"))}
    with live(create_app(store, check_every=0)) as url:
        yield url, store, people
    store.close()


def sign_in(page, url, name):
    page.goto(url + "/login")
    page.fill("#name", name)
    page.fill("#password", PW)
    page.click("main form button")
    page.wait_for_url(url + "/")


def test_propose_accept_and_credit_in_the_report(site, tab):
    url, store, _ = site
    page, errors = tab
    sign_in(page, url, "alice")
    # the latest GDP, which the bundled report binds: 2025, from the bundled WDI snapshot (revision 1)
    page.goto(url + "/history/JPN/gdp_current_usd?period=2025")
    page.click("tr:has-text('World Bank') a:text-is('1')")
    page.wait_for_url(re.compile(r".*/observations/\d+$"))
    page.click("text=Propose a correction")
    page.fill("#value", "4200")
    page.fill("#vintage", "2026-10 WDI update")
    page.fill("#comment", "WDI revised Japan's 2025 GDP")
    page.click("main form button")
    page.wait_for_url(re.compile(r".*/proposals/\d+$"))
    assert "pending" in page.inner_text("h1")
    assert "4,200" in page.inner_text("table.diff")
    shot(page, "proposal-pending")
    page.click("header form button")  # sign out
    sign_in(page, url, "erin")
    page.goto(url + "/review")
    page.click("table.proposals >> text=#1")
    page.select_option("#status", "verified")
    page.fill("#note", "checked against the WDI release")
    shot(page, "proposal-review")
    page.click("button[value=accept]")
    page.wait_for_selector("text=Published")
    assert "accepted" in page.inner_text("h1") and "revision 2" in page.inner_text("main")
    page.goto(url + "/report")
    credits = page.inner_text("#credits + ul")
    assert "contributed by alice, accepted by erin" in credits and "4,200" in credits
    page.locator("#credits").scroll_into_view_if_needed()
    shot(page, "report-credit")
    page.goto(url + "/history/JPN/gdp_current_usd?period=2025")
    assert "alice" in page.inner_text("main table")  # who changed what, when and why
    assert not [e for e in errors if "Content Security Policy" in e], errors


def test_xss_payloads_run_no_script(site, browser):
    url, store, people = site
    alice, erin = people["alice"], people["erin"]
    oid = str(store.history("JPN", "rd_expenditure_pct_gdp")[0].observation_id)
    pids = []
    for n, payload in enumerate(XSS):
        add_comment(store, alice, "report", "summary", payload)
        add_comment(store, alice, "observation", oid, payload, question=True)
        pids.append(propose(store, alice, "correction", {"observation_id": oid, "value": 3.5, "comment": payload}))
        pid = propose(store, alice, "section", {"heading": f"Probe {n} {payload[:60]}".replace("\n", " "),
                                                "body": payload})
        review(store, erin, pid, "accept", version=1)
        pids.append(pid)
    _, secret = issue_token(store, erin, "browser")
    context = browser.new_context(extra_http_headers={"Authorization": f"Bearer {secret}"})
    page = context.new_page()
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    pages = ["/report", f"/observations/{oid}", "/review", *(f"/proposals/{p}" for p in pids[:12])]
    for path in pages:
        # /report renders the bundle's report with ~40 accepted probe sections: slow on a busy machine,
        # and speed is not what this test is about
        page.goto(url + path, timeout=180_000)
        page.wait_for_load_state("load")
        found = page.evaluate("""() => ({
            xss: window.__xss || 0,
            handlers: [...document.querySelectorAll('main *')].flatMap(el => [...el.attributes]
                .filter(a => a.name.startsWith('on')).map(a => el.tagName + ' ' + a.name)),
            js: [...document.querySelectorAll('main [href], main [src], main [action], main [data]')]
                .map(el => el.getAttribute('href') || el.getAttribute('src') || el.getAttribute('action') ||
                     el.getAttribute('data'))
                .filter(v => /^\\s*(javascript|data|vbscript):/i.test(v)),
            scripts: document.querySelectorAll('main script:not([type="application/json"])').length,
            frames: document.querySelectorAll('main iframe, main object, main embed, main base, main meta').length,
        })""")
        assert found == {"xss": 0, "handlers": [], "js": [], "scripts": 0, "frames": 0}, (path, found)
    assert dialogs == []
    page.goto(url + "/report", timeout=180_000)
    assert "window.__xss" in page.inner_text("main")  # shown as text, not run
    shot(page, "xss-report")
    context.close()
