"""Contributed report content cannot name files or ask for unbounded work (issue 19, item 3)."""

import html
import re

import pytest

from hubscope.errors import ReportError
from hubscope.report import render

from .test_report import write

HOSTILE = [
    ("```index\nframework: /etc/passwd\n```\n", "a report block names a bundled one"),
    ("```index\nframework: ../../etc/passwd\n```\n", "a report block names a bundled one"),
    ("```index\ndraws: 3000000\n```\n", "draws is 3000000; expected a whole number from 50 to 5000"),
    ("```index\ndraws: 0\n```\n", "draws is 0"),
    ("```index\ndraws: -5\n```\n", "draws is -5"),
    ("```index\nweights: {capital: 1e309}\n```\n", "expected a number from 0 to 100"),
    ("```table\nentities: [" + ", ".join(["JPN"] * 500) + "]\nindicators: [unicorn_count]\n```\n",
     "'entities' lists 500 items"),
    ("{{ value('JPN', 'unicorn_count', fmt='999999999') }}\n", "is not a number format"),
    ("{{ ratio('JPN', 'USA', 'gdp_current_usd', fmt='>99999') }}\n", "is not a number format"),
    ("{{ 9**(9**8) }}\n", "a power in a binding is limited"),
    ("{{ 'x' * 1000000000 }}\n", "a repetition in a binding is limited"),
    ("{{ [1] * 10**8 }}\n", "a repetition in a binding is limited"),
]


@pytest.mark.parametrize("body,message", HOSTILE)
def test_hostile_sections_are_refused_quickly_and_name_the_place(store, tmp_path, body, message):
    src = write(tmp_path, "# T\n\n" + body)
    with pytest.raises(ReportError) as exc:
        render(src, html=tmp_path / "o.html", store=store)
    assert message in str(exc.value)
    assert "root:" not in str(exc.value)  # nothing of /etc/passwd


def test_a_bundled_framework_by_id_and_bounded_arithmetic_still_work(store, tmp_path):
    text = "# T\n\n{{ 2 ** 10 }} and {{ 'ab' * 3 }}\n\n```index\nframework: index-ai-hub\ndraws: 50\n```\n"
    src = write(tmp_path, text)
    r = render(src, html=tmp_path / "o.html", store=store)
    html = (tmp_path / "o.html").read_text()
    assert "1024 and ababab" in html
    assert r is not None


def test_one_bad_section_shows_its_own_error_and_the_rest_of_the_report_renders(store):
    from fastapi.testclient import TestClient

    from hubscope.report.sections import add_section
    from hubscope.web import create_app

    with store.write() as conn:
        for heading, body in [
            ("Good before", "Japan has {{ value('JPN', 'unicorn_count') }} unicorns."),
            ("Broken binding", "{{ value('JPX', 'unicorn_count') }}"),
            ("Unclosed comment", "Before <!-- never closed"),
            ("Unclosed style", "<style>body{display:none}"),
            ("Runaway power", "{{ 9**(9**8) }}"),
            ("Good after", "The last section still shows."),
        ]:
            add_section(conn, heading, body, "alice", "erin", "test")
    r = TestClient(create_app(store, check_every=0), raise_server_exceptions=False).get("/report")
    assert r.status_code == 200
    page = r.text
    assert "Good before" in page and "The last section still shows." in page
    assert page.count("This section could not be rendered") == 2
    assert "unknown entity" in page and "a power in a binding is limited" in page
    shown = re.sub(r"<[^>]+>", "", page)
    assert "<!-- never closed" in html.unescape(shown) and "<style>body{display:none}" in html.unescape(shown)


@pytest.mark.parametrize("expr", ["value", "ratio", "name"])
def test_a_bare_function_name_is_an_error_not_its_repr(store, tmp_path, expr):
    src = write(tmp_path, "# T\n\n{{ " + expr + " }}\n")
    with pytest.raises(ReportError, match="names a function; call it") as exc:
        render(src, html=tmp_path / "o.html", store=store)
    assert ".db" not in str(exc.value) and "Binder" not in str(exc.value)
