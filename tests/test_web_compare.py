"""The compare page: pickers by name in the page's language, the CLI's rank, ratio and gap, clear errors."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from hubscope.figures.display import amount, difference, number
from hubscope.metrics import compare
from hubscope.web.app import create_app


@pytest.fixture
def client(store):
    return TestClient(create_app(store))


def test_pickers_list_names_in_the_pages_language_and_keep_the_selection(client):
    en = client.get("/compare?entities=JPN,KOR&indicators=unicorn_count&lang=en").text
    ja = client.get("/compare?entities=JPN,KOR&indicators=unicorn_count&lang=ja").text
    assert '<option value="JPN" selected>Japan</option>' in en
    assert '<option value="JPN" selected>日本</option>' in ja
    assert re.search(r'name="entities" value="KOR" checked> South Korea<', en)
    assert re.search(r'name="entities" value="KOR" checked> 韓国<', ja)
    assert re.search(r'name="indicators" value="unicorn_count" checked> ', ja)
    assert 'name="indicators" value="gdp_per_capita_usd">' in en  # derived indicators are offered too
    assert 'value="ai_law_passed"' not in en  # text and date indicators cannot be compared
    assert '<input type="hidden" name="lang" value="ja">' in ja


def test_repeated_and_comma_separated_ids_are_the_same_comparison(client):
    a = client.get("/compare.json?entities=JPN&entities=USA&entities=KOR&indicators=unicorn_count").json()
    b = client.get("/compare.json?entities=JPN,USA,KOR&indicators=unicorn_count").json()
    c = client.get("/compare.json?entities=Japan,JPN,United%20States,KOR&indicators=unicorn_count").json()
    assert a["entities"] == b["entities"] == c["entities"] == "JPN,USA,KOR"
    assert a["rows"] == b["rows"] == c["rows"]


def test_rank_ratio_and_gap_are_the_librarys_numbers_formatted_for_people(client, store):
    ind = "rd_expenditure_pct_gdp"
    ranked = compare(["JPN"], [ind], peers=["USA", "KOR", "DEU"], store=store)
    for lang in ("en", "ja"):
        html = client.get(f"/compare?entities=JPN,USA,KOR,DEU&indicators={ind}&lang={lang}").text
        for f in ranked:
            s = f.standing
            row = re.search(rf'<a href="/entities/{f.entity}">.*?</tr>', html, re.S).group(0)
            assert amount(s.rank, "rank", lang, rank_of=s.ranked) in row
            if f.entity != "JPN":
                assert number(s.ratio, lang) + "×" in row and difference(s.gap, s.unit, lang) in row
        m = ranked.medians[0]
        median = re.search(r'<tr class="median">.*?</tr>', html, re.S).group(0)
        assert number(m.ratio, lang) + "×" in median and difference(m.gap, m.unit, lang) in median
    assert "1 of 4" in client.get(f"/compare?entities=JPN,USA,KOR,DEU&indicators={ind}&lang=en").text  # Korea


@pytest.mark.parametrize(("url", "words"), [
    ("/compare?colour=red", "unknown parameter &#39;colour&#39;; this page takes entities"),
    ("/compare?entities=JPN,Atlantis", "entities: unknown entity &#39;Atlantis&#39;"),
    ("/compare?entities=JPN,Japn", "(did you mean &#39;JPN&#39;?)"),
    ("/compare?indicators=unicorn_cont", "indicators: unknown indicator &#39;unicorn_cont&#39; "
                                         "(did you mean &#39;unicorn_count&#39;?)"),
    ("/compare?indicators=ai_law_passed", "indicators: unknown indicator &#39;ai_law_passed&#39;"),
])
def test_unknown_parameters_and_ids_are_a_400_page_naming_them(client, url, words):
    r = client.get(url + "&lang=en")
    assert r.status_code == 400 and r.headers["content-type"].startswith("text/html")
    assert "<title>Bad request · hubscope</title>" in r.text and words in r.text
    ja = client.get(url + "&lang=ja")
    assert ja.status_code == 400 and "不正なリクエスト" in ja.text


def test_errors_of_the_json_twin_are_json(client):
    r = client.get("/compare.json?entities=JPN,Atlantis")
    assert r.status_code == 400
    assert r.json()["message"].startswith("entities: unknown entity 'Atlantis'")
    assert client.get("/compare.json?mode=sideways").status_code == 422
