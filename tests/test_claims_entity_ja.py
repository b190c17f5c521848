"""Japanese entity linking: 我が国/国内/世界, old character forms, proper-noun organisations,
the paragraph's topic carried to a sentence with no subject, bracketed figures."""

from __future__ import annotations

import pytest

from hubscope.claims import from_text
from hubscope.claims.extract import extract
from hubscope.claims.link_entity import mentions
from hubscope.claims.link_entity_ja import carried_topic, fold, home_and_world


def entity(text: str, span: str) -> str | None:
    found = [c for c in extract(from_text(text)) if c.span.startswith(span) or span.startswith(c.span)]
    assert found, f"no claim {span!r} in {[c.span for c in extract(from_text(text))]}"
    return found[0].entity


def test_old_character_forms_name_their_country():
    assert fold("中國と韓國と臺灣") == "中国と韓国と台湾"
    assert entity("2022年の中國のR&D経費は3兆元を突破した。", "3兆元") == "CHN"


def test_waga_kuni_is_japan_even_after_another_country():
    text = "G7ではイタリアが最も低い。我が国におけるVC投資は2022年に9,000億円を超えた。"
    assert entity(text, "9,000億円") == "JPN"


def test_a_concession_does_not_end_the_subject():
    text = "イタリアは低い。我が国のVC投資は変動するものの、2022年には9,000億円を超えた。"
    assert entity(text, "9,000億円") == "JPN"


def test_kokunai_is_the_country_the_text_is_about():
    korea = "韓国政府は半導体を支援する。韓国は輸出が多い。国内の投資額は2024年に5兆ウォンだった。"
    assert entity(korea, "5兆ウォン") == "KOR"
    assert entity("国内の投資額は2024年に5000億円だった。", "5000億円") == "JPN"
    # not inside another word: 中国国内, 国内総生産, 全国人民代表大会
    assert home_and_world("中国国内の国内総生産と全国人民代表大会") == []


def test_sekai_is_the_world_but_not_the_whole_of_a_share():
    assert entity("世界のAI市場規模は2023年に20兆円だった。", "20兆円") == "WLD"
    text = "中国のAI企業は2024年に5,000社を超え、世界全体の約15%を占めた。"
    assert entity(text, "約15%") == "CHN"


@pytest.mark.parametrize(
    ("text", "span", "want"),
    [
        ("トヨタは2024年に1兆円を投資した。", "1兆円", "org:トヨタ"),
        ("理化学研究所は2023年度に10億円を受けた。", "10億円", "org:理化学研究所"),
        ("ソフトバンクグループは2025年に3兆円を投じる。", "3兆円", "org:ソフトバンクグループ"),
        ("東京大学は2024年に50億円を集めた。", "50億円", "utokyo"),
        ("グーグルはインドに150億ドルを投資する。", "150億ドル", "org:グーグル"),
    ],
)
def test_organisations_without_a_company_word(text, span, want):
    assert entity(text, span) == want


def test_a_katakana_common_noun_is_no_organisation():
    text = "日本のベンチャーキャピタル投資額の対GDP比は0.03%である。"
    assert [m.entity for m in mentions(text)] == ["JPN"]
    assert entity(text, "0.03%") == "JPN"


def test_the_recipient_not_the_ministry_and_the_topic_carried_on():
    text = (
        "経済産業省は2日、ラピダスに2024年度で最大5900億円を支援すると発表した。"
        "ラピダスは2027年に量産を始める。経産省はこれまでに最大3300億円の補助を表明していた。"
    )
    assert entity(text, "最大5900億円") == "rapidus"
    assert entity(text, "最大3300億円") == "rapidus"


def test_a_place_where_is_not_the_subject():
    text = "足元、国内で製造できる半導体は40ナノ台で、ラピダスに2024年度で500億円を支援する。"
    assert entity(text, "500億円") == "rapidus"


def test_no_topic_carried_into_a_sentence_that_names_its_own():
    text = "マイクロソフトは2024年に100億ドルを投資した。この動きは、人口14億人を擁するインドが重要になったことを示す。"
    assert entity(text, "14億人") == "IND"


def test_no_topic_carried_into_these_together():
    text = "グーグルは50億ドル、マイクロソフトは100億ドルを投じた。\nこれらの投資は合計2000億ドルの一部だ。"
    assert entity(text, "2000億ドル") == "JPN"
    ms = mentions(text)
    assert carried_topic(text, text.index("これら"), ms, named=False) is None


def test_a_bracketed_figure_belongs_to_the_name_before_it():
    text = "中国の比率は世界13位で、EU(2.2%)とOECD諸國(2.7%)の間にある。"
    assert entity(text, "2.2%") == "EU27"
    assert entity(text, "2.7%") == "OECD"
    en = "The EU comes next, followed by the United Kingdom and Israel (around 3%)."
    assert entity(en, "around 3%") == "GBR"


def test_short_names_hong_kong_and_europe():
    assert entity("香港が前年比5%増の1.3兆円で最多だった。", "1.3兆円") == "HKG"
    assert entity("欧州は2021年にマイナス1.1兆円だった。", "マイナス1.1兆円") == "Europe"


def test_prefectures_and_cities_are_places_in_japan():
    assert entity("大阪府の人口は2020年に880万人だった。", "880万人") == "place:大阪府"
    ms = mentions("神奈川県と福岡市博多区の事業所")
    assert [(m.entity, m.kind, m.country) for m in ms] == [
        ("place:神奈川県", "region", "JPN"), ("place:福岡市博多区", "city", None)]
    # a catalog city keeps its id
    assert [m.entity for m in mentions("東京都の予算")] == ["JPN-Tokyo"]


def test_a_one_letter_country_before_a_noun():
    assert entity("米政府は2024年に半導体へ390億ドルを投じた。", "390億ドル") == "USA"
    assert entity("独政府は2023年に100億ユーロを補助した。", "100億ユーロ") == "DEU"
    # 中 inside 中小企業 is no country
    assert all(m.entity != "CHN" for m in mentions("中小企業の3割が導入した。"))


def test_the_world_and_places_read_in_the_readers_language():
    from hubscope.claims.reasons import entity_name

    names = (entity_name("WLD", "ja"), entity_name("WLD"), entity_name("place:大阪府", "ja"))
    assert names == ("世界", "World", "大阪府")


def test_a_sentence_after_a_kind_word_is_no_name():
    # "advisory firm Recof. The average ...": "The" is no organisation
    text = "Funding rose, said advisory firm Recof. The average raised per deal rose 6% to 334 million yen."
    assert "org:The" not in [m.entity for m in mentions(text)]


def test_verdict_details_read_in_words():
    from hubscope.claims.check import Report
    from hubscope.claims.html import details
    from hubscope.claims.model import Verdict

    c = extract(from_text("国内の投資額は5000億円だった。"))[0]
    v = Verdict(claim=c, verdict="unverifiable", reason="", confidence=0.0)
    ja = details(Report(document=from_text("x"), verdicts=[v]), "ja")
    assert "日本、該当する指標なし、期間の記載なし" in ja and "?" not in ja and "no indicator" not in ja
    assert "JPN, no indicator matched, period not stated" in details(Report(document=from_text("x"), verdicts=[v]))
