"""Japanese cues for what a number is about: 我が国 and 国内, 世界, old character forms, and
organisation names SudachiPy knows as proper nouns (トヨタ, グーグル, 理化学研究所).

>>> fold("中國の全社會")
'中国の全社会'
>>> [(text[a:b], e) for text in ["我が国におけるVC投資は"] for a, b, e in home_and_world(text)]
[('我が国', 'JPN')]
>>> [(s, k) for _, _, s, k, _ in proper_nouns("トヨタとソフトバンクグループが北海道千歳市に出資")]
[('トヨタ', 'organisation'), ('ソフトバンクグループ', 'organisation'), ('北海道千歳市', 'city')]
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterator
from functools import lru_cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .link_entity import Mention

# old and Chinese character forms Japanese pages quote (中國, 韓國, 臺灣): one character for one,
# so offsets in the folded text are offsets in the original
_FOLD = str.maketrans("國灣臺歐亞區會經濟與聯", "国湾台欧亜区会経済与連")

# "我が国", "本邦": the writer's own country, always Japan in a Japanese text; "国内", "全国の":
# the country the text is about (Japan unless it names another more often); "中国国内",
# "国内総生産" and "全国人民代表大会" are not these words
_OURS = re.compile(r"我が国|わが国|本邦|日本国内")
_DOMESTIC = re.compile(r"(?<![一-龥])(?:国内(?!総生産|外)|全国(?=[のでに]))")
# "世界の", "全世界", "世界全体": the world's total; not "世界13位" (a rank, said of its subject)
# and not "世界全体の約15%を占めた" (the whole a share is of)
_WORLD = re.compile(r"(?:全世界|世界全体|(?<![一-龥])世界(?=の|で|における|市場))(?!の(?:約|およそ)?[0-9０-９])")
_KANA = re.compile(r"[ぁ-んァ-ヴ]")


def fold(text: str) -> str:
    """``text`` with old character forms made modern, the same length."""
    return text.translate(_FOLD)


def is_japanese(text: str) -> bool:
    return bool(_KANA.search(text))


def home_and_world(text: str, home: str = "JPN") -> list[tuple[int, int, str]]:
    """(start, end, entity) of 我が国/国内 (``home`` for 国内) and 世界 (WLD) in a Japanese text."""
    if not is_japanese(text):
        return []
    found = [(m.start(), m.end(), "JPN") for m in _OURS.finditer(text)]
    found += [(m.start(), m.end(), home) for m in _DOMESTIC.finditer(text) if not _inside(found, m.start())]
    found += [(m.start(), m.end(), "WLD") for m in _WORLD.finditer(text)]
    return sorted(found)


def _inside(spans: list[tuple[int, int, str]], at: int) -> bool:
    return any(a <= at < b for a, b, _ in spans)


@lru_cache(maxsize=1)
def _tokenizer() -> Any:
    from sudachipy import Dictionary, SplitMode

    return Dictionary(dict="core").tokenizer(mode=SplitMode.C)


_CHUNK = 12_000  # SudachiPy refuses input over 49,149 bytes
_NAME_CHARS = re.compile(r"[ァ-ヴー・一-龥]{2,}")
# SudachiPy tags some common words as proper nouns; these are not organisations
_NOT_ORGS = frozenset({"令和", "平成", "昭和", "大正", "明治", "西暦", "日経", "東証"})


_PLACE_END = re.compile(r"[都道府県市区町村]$")
_PREFECTURE = re.compile(r"^(?:北海道|東京都|(?:京都|大阪)府|[一-龥]{2,3}県)")


def _name_runs(text: str) -> Iterator[tuple[Callable[[int], int], str]]:
    """The runs of katakana and kanji (where a name can be), joined by newlines into pieces
    SudachiPy accepts, each with a function from a piece's offset to the text's: kana particles
    and Latin text are not read, which halves the work."""
    starts: list[int] = []  # in the piece
    origins: list[int] = []  # in the text
    piece: list[str] = []
    length = 0
    # a run longer than a piece (60,000 漢 in a row) is read in parts
    runs = ((m.start() + i, m.group()[i : i + _CHUNK - 1]) for m in _NAME_CHARS.finditer(text)
            for i in range(0, len(m.group()), _CHUNK - 1))
    for at, run in runs:
        if length + len(run) + 1 > _CHUNK and piece:
            yield _mapper(starts, origins), "\n".join(piece)
            starts, origins, piece, length = [], [], [], 0
        starts.append(length)
        origins.append(at)
        piece.append(run)
        length += len(run) + 1
    if piece:
        yield _mapper(starts, origins), "\n".join(piece)


def _mapper(starts: list[int], origins: list[int]) -> Callable[[int], int]:
    def at(offset: int) -> int:
        i = bisect_right(starts, offset) - 1
        return origins[i] + offset - starts[i]

    return at


def proper_nouns(text: str) -> list[tuple[int, int, str, str, str | None]]:
    """(start, end, surface, kind, country) of the proper nouns (名詞・固有名詞) in a Japanese
    text: general ones are the names of companies, universities and institutes (organisation);
    place names ending in 都道府県 (a prefecture, in Japan) or 市区町村 (a city) are places."""
    if not is_japanese(text):
        return []
    out: list[tuple[int, int, str, str, str | None]] = []
    for base, piece in _name_runs(text):
        for t in _tokenizer().tokenize(piece):
            pos, surface = t.part_of_speech(), t.surface()
            if pos[1] != "固有名詞" or not _NAME_CHARS.fullmatch(surface) or surface in _NOT_ORGS:
                continue
            at = (base(t.begin()), base(t.begin()) + len(surface), surface)
            if pos[2] == "一般":
                out.append((*at, "organisation", None))
            elif pos[2] == "地名" and _PLACE_END.search(surface):
                prefecture = _PREFECTURE.match(surface)
                kind = "region" if prefecture and prefecture.end() == len(surface) else "city"
                out.append((*at, kind, "JPN" if prefecture else None))
    return out


@lru_cache(maxsize=4096)  # the same company words recur through a document
def common_noun(name: str) -> bool:
    """ "ベンチャーキャピタル": a word the dictionary knows as a common noun, not a company's name."""
    tokens = list(_tokenizer().tokenize(name))
    return len(tokens) == 1 and tokens[0].part_of_speech()[1] == "普通名詞" and not tokens[0].is_oov()


# a topic or subject: "ラピダスは", "同社が", "日本では"
_TOPIC = re.compile(r"^(?:は|が|では|でも)")


# "これらの累積投資は": several earlier subjects together, not the last one
_PLURAL = re.compile(r"^(?:これら|それら|こうした|いずれも|両社|各社)")


def carried_topic(text: str, sent_start: int, earlier: list[Mention], named: bool) -> Mention | None:
    """A Japanese sentence that names nothing (``named`` false) keeps the paragraph's subject:
    the last mention before it in the same paragraph that was a topic (は) or subject (が)."""
    if named or _PLURAL.match(text[sent_start : sent_start + 6].lstrip()):
        return None
    para = text.rfind("\n", 0, sent_start) + 1
    topics = [m for m in earlier if m.start >= para and _TOPIC.match(text[m.end : m.end + 2])]
    return topics[-1] if topics else None
