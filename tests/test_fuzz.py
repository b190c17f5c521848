"""Fuzzing the doors hostile input comes through: the importer, the report renderer, the checker's
reader. Any input either works or raises the one error type of its door; the store is unchanged
after a refusal. Examples are bounded so the file stays quick."""

import contextlib
import csv
import io
import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hubscope.claims import DocumentError, check, from_text
from hubscope.datapackage import import_package
from hubscope.errors import HubscopeError, PackageError, ReportError
from hubscope.report import render

from .conftest import dump
from .test_import_export import OBS_HEADER

FUZZ = settings(max_examples=20, deadline=None, suppress_health_check=list(HealthCheck))

# cells a hostile package may hold: numbers of every shape, units, URLs, control characters
CELL = st.one_of(
    st.sampled_from(["inf", "-inf", "nan", "1e309", "-0", "1_000", "0x10", "9" * 500, "", " ", "true",
                     "10 ** 400 * USD", "USD ** 9", "javascript:alert(1)", "../../etc/passwd", "\x00", "🙂"]),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.text(max_size=30),
)
FIELDS = OBS_HEADER.split(",")
GOOD_ROW = "JPN,unicorn_count,2026,s1,7,,,,exact,companies,,,,reported,verified,,"


@FUZZ
@given(cells=st.lists(st.tuples(st.sampled_from(FIELDS), CELL), min_size=1, max_size=6))
def test_any_hostile_observation_row_is_imported_or_refused_whole(store, db_path, tmp_path_factory, cells):
    good = dict(zip(FIELDS, GOOD_ROW.split(","), strict=True))
    row = good | dict(cells)
    root = tmp_path_factory.mktemp("fuzz")
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(FIELDS)
    w.writerow([row[f] for f in FIELDS])
    (root / "observations.csv").write_text(buf.getvalue(), encoding="utf-8")
    (root / "sources.csv").write_text("id,publisher,title,url\ns1,Pub,Title,https://example.org\n")
    (root / "datapackage.json").write_text(json.dumps({"name": "f", "resources": [
        {"name": "sources", "path": "sources.csv"}, {"name": "observations", "path": "observations.csv"}]}))
    before = dump(db_path)
    try:
        import_package(store, root)
    except PackageError:
        assert dump(db_path) == before


DESCRIPTOR = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=10), st.sampled_from(["observations", "."])),
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(
        st.sampled_from(["name", "path", "resources", "hash", "bytes", "schema"]), inner, max_size=4)),
    max_leaves=12,
)


@FUZZ
@given(desc=DESCRIPTOR)
def test_any_descriptor_is_refused_with_a_package_error(store, db_path, tmp_path_factory, desc):
    root = tmp_path_factory.mktemp("desc")
    (root / "datapackage.json").write_text(json.dumps(desc))
    before = dump(db_path)
    with contextlib.suppress(PackageError):
        import_package(store, root)
    assert dump(db_path) == before


MARKDOWN = st.lists(st.one_of(
    st.sampled_from(["{{ value('JPN', 'unicorn_count') }}", "{{ value }}", "{{ 9**99 }}", "{{ 'a' * 10**7 }}",
                     "{{ value('JPN', 'unicorn_count', fmt='9999') }}", "{{ ", "}}", "```index\ndraws: 9\n```",
                     "```chart\ntype: bar\n```", "```table\n[\n```", "<!--", "<style>", "<script>x</script>",
                     "{{ ''.__class__ }}", "{{ range(10**9) | list }}", "```", "# H", "\n"]),
    st.text(max_size=20),
), max_size=8).map("\n".join)


@FUZZ
@given(text=MARKDOWN)
def test_any_report_renders_or_names_its_problem(store, tmp_path_factory, text):
    tmp = tmp_path_factory.mktemp("md")
    src = tmp / "r.md"
    src.write_text("# Fuzz\n\n" + text, encoding="utf-8")
    try:
        render(src, html=tmp / "o.html", store=store)
    except ReportError:
        assert not (tmp / "o.html").exists()


NUMBERISH = list("0123456789.,%億万兆円ドル$ -~〜年度FYQ第位 \nJapan日本")


@FUZZ
@given(text=st.text(alphabet=st.sampled_from(NUMBERISH), max_size=300))
def test_any_text_of_numbers_is_checked_without_an_error(store, text):
    try:
        report = check(store, from_text(text))
    except DocumentError:
        assert not text.strip()
        return
    except HubscopeError as exc:  # pragma: no cover - reported as a failure with the message
        raise AssertionError(f"{text!r}: {exc}") from None
    assert all(v.verdict for v in report.verdicts)
