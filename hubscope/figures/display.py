"""Numbers for people: rounded to the figure's own precision and formatted with Babel.

A display string is for reading only; exports keep the full-precision number.

>>> print(amount(4190.008188, "billion * USD"))
4.19 trillion USD
>>> print(amount(4190.008188, "billion * USD", lang="ja"))
4兆1,900億ドル
>>> print(amount(3.44125, "percent"), "|", amount(3.44125, "percent", lang="ja"))
3.44 % | 3.44%
>>> print(amount(33797.4, "USD / person"), "|", amount(0.045, "percent"), "|", amount(92, "rank", rank_of=116))
33,797 USD per person | 0.045 % | 92 of 116
>>> print(amount(124.5e6, "person"), "|", amount(1.245e8, "person", lang="ja"))
125 million people | 1億2,500万人
>>> print(amount(-0.00591, "percentage_point"), "|", amount(None, "USD"))
-0.00591 percentage points | –
"""

from __future__ import annotations

import math
import re
from decimal import ROUND_HALF_UP, Context, Decimal

from babel.numbers import format_decimal

DIGITS = 3  # significant digits shown for a fraction or a large amount
SCALE_WORDS = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
LOCALES = {"en": "en_US", "ja": "ja_JP"}
PREFIX = {"approx": "~", "at_least": "≥", "more_than": ">", "at_most": "≤", "less_than": "<"}
# English names of large scales; Japanese counts in 万, 億 and 兆 instead (see _ja_large)
_EN_LARGE = ((1e12, "trillion"), (1e9, "billion"), (1e6, "million"))
_JA_UNITS = ((1e12, "兆"), (1e8, "億"), (1e4, "万"))
_JA_CURRENCY = {
    "USD": "ドル",
    "JPY": "円",
    "EUR": "ユーロ",
    "GBP": "ポンド",
    "CNY": "元",
    "KRW": "ウォン",
    "SGD": "シンガポールドル",
    "INR": "ルピー",
    "CAD": "カナダドル",
    "CHF": "スイスフラン",
    "ILS": "シェケル",
}
_JA_WORDS = {
    "person": "人",
    "people": "人",
    "companies": "社",
    "company": "社",
    "applications": "件",
    "patents": "件",
    "articles": "本",  # papers are counted in 本 (論文1本)
    "deals": "件",
    "items": "件",
    "students": "人",
    "graduates": "人",
    "organisations": "団体",
    "clusters": "クラスター",
    "pushes": "回",  # git pushes (プッシュ回数)
    "repositories": "件",
    "score": "点",
    "year": "年",
}
_EN_WORDS = {"person": "people", "percentage_point": "percentage points"}


HUGE = 1e21


def significant_digits(x: float) -> int:
    """How many significant digits a stored number has (its shortest exact repr).

    >>> significant_digits(3.44125), significant_digits(0.045), significant_digits(1200.0)
    (6, 2, 2)
    """
    if x == 0 or not math.isfinite(x):
        return 1
    mantissa = f"{abs(x):.15g}".split("e")[0].replace(".", "").lstrip("0")
    return max(1, len(mantissa.rstrip("0")))


def round_sig(x: float, digits: int) -> float:
    """``x`` rounded to ``digits`` significant digits."""
    if x == 0 or not math.isfinite(x):
        return x
    # half up, as people round (124.5 million -> 125 million), not Python's half-even
    exp = math.floor(math.log10(abs(x))) - digits + 1
    # enough precision for any finite float (1e308 has 309 digits); the default 28 would raise
    wide = Context(prec=400)
    return float(Decimal(repr(x)).quantize(Decimal(f"1e{exp}"), rounding=ROUND_HALF_UP, context=wide))


def number(x: float, lang: str = "en", digits: int | None = None) -> str:
    """A plain number: integers grouped, fractions to ``DIGITS`` significant digits (never
    more than the figure has), never an exponent.

    >>> number(3.44125), number(4190.008188), number(0.000123456), number(-2.5, "ja")
    ('3.44', '4,190', '0.000123', '-2.5')
    """
    if not math.isfinite(x):  # refused at import, but a store written by older code may hold one
        return "∞" if x > 0 else "-∞" if x < 0 else "—"
    if abs(x) >= HUGE:  # beyond what import accepts; shown, not grouped digit by digit (Babel cannot)
        mantissa, _, exp = f"{x:.3g}".partition("e")
        return f"{mantissa} × 10^{int(exp)}"
    own = min(significant_digits(x), digits or DIGITS)
    if abs(x) >= 1000 or float(x).is_integer():
        shown = round_sig(x, len(str(int(abs(x))))) if abs(x) >= 1000 else x
        return format_decimal(int(shown), locale=LOCALES.get(lang, "en_US"))
    r = round_sig(x, own)
    places = max(0, own - 1 - math.floor(math.log10(abs(r)))) if r else 0
    return format_decimal(r, format="#,##0." + "#" * places if places else "#,##0", locale=LOCALES.get(lang, "en_US"))


def split_scale(unit: str) -> tuple[float, str]:
    """A unit's leading scale word and the rest: "billion * USD" -> (1e9, "USD")."""
    m = re.fullmatch(r"(thousand|million|billion|trillion) \* (.+)", unit.strip())
    if m and "/" not in m[2]:
        return SCALE_WORDS[m[1]], m[2]
    return 1.0, unit


def unit_label(unit: str, lang: str = "en") -> str:
    """The words after a number ("USD per person", "%", "ドル/人")."""
    if unit == "percent":
        return "%"
    if unit == "percentage_point":
        return "ポイント" if lang == "ja" else "percentage points"
    if lang == "ja":
        parts = [p.strip() for p in unit.split("/")]
        words = [_JA_CURRENCY.get(p, _JA_WORDS.get(p, p)) for p in parts]
        return "/".join(words)
    if "(" in unit or "*" in unit:
        from ..units import pretty_unit  # compound units keep their short table label

        return pretty_unit(unit)
    head, *rest = [p.strip() for p in unit.split("/")]
    return " per ".join([_EN_WORDS.get(head, head), *rest])


def _en_large(x: float, digits: int, lang: str) -> str | None:
    if not abs(x) < HUGE:
        return None
    for size, word in _EN_LARGE:
        if abs(x) >= size * 0.9995:  # 999.9 million rounds to 1 billion, not "1,000 million"
            return f"{number(round_sig(x / size, digits), lang, digits)} {word}"
    return None


def _ja_large(x: float, digits: int) -> str | None:
    """4.19e12 -> 4兆1,900億: each group of four digits under its own unit word."""
    if abs(x) < 1e6 or not abs(x) < HUGE:  # beyond 垓 the unit words end; number() shows it
        return None
    sign, rest = ("-" if x < 0 else ""), round_sig(abs(x), digits)
    out = []
    for size, word in _JA_UNITS:
        part = int(rest // size)
        if part:
            out.append(f"{part:,}{word}")
            rest -= part * size
    tail = round(rest)
    if tail >= 1:
        out.append(f"{tail:,}")
    return sign + "".join(out)


def scaled(x: float, unit: str, lang: str = "en", digits: int | None = None) -> tuple[str, str]:
    """The number and the unit words for ``x`` in ``unit``, large amounts in scale words."""
    factor, base = split_scale(unit)
    v = x * factor
    n = digits or DIGITS
    large = (
        (_ja_large(v, n) if lang == "ja" else _en_large(v, n, lang))
        if base not in ("percent", "rank", "score") and "/" not in base
        else None
    )
    return (large if large is not None else number(v, lang, digits)), unit_label(base, lang)


def amount(
    value: float | None,
    unit: str,
    lang: str = "en",
    *,
    qualifier: str = "exact",
    lower: float | None = None,
    upper: float | None = None,
    rank_of: int | None = None,
    text: str | None = None,
) -> str:
    """A figure as a person reads it: "~4.19 trillion USD", "3–7 %", "92 of 116", "4兆1,900億ドル"."""
    if value is None and lower is None and upper is None:
        return text or "–"
    if unit == "rank" and value is not None:
        n = number(value, lang)
        if lang == "ja":
            return f"{n}位" + (f"（{rank_of}中）" if rank_of else "")
        return n + (f" of {rank_of}" if rank_of else "")
    if qualifier == "range" and lower is not None and upper is not None:
        lo, words = scaled(lower, unit, lang)
        hi, _ = scaled(upper, unit, lang)
        body = f"{lo}–{hi}"
    else:
        body, words = scaled(value if value is not None else (lower if lower is not None else upper) or 0.0, unit, lang)
        body = PREFIX.get(qualifier, "") + body
    if lang == "ja":
        return body + words
    return f"{body} {words}" if words else body


def publisher(name: str, lang: str = "en") -> str:
    """A publisher as a reader sees it: hubscope's own derived figures say so in the reader's language.

    >>> publisher("hubscope (derived from World Bank; IMF)", "ja")
    'hubscope（World Bank; IMFから算出）'
    """
    if lang != "ja":
        return name
    return re.sub(r"hubscope \(derived from (.+?)\)(;|$)", r"hubscope（\1から算出）\2", name)


def difference(value: float, unit: str, lang: str = "en") -> str:
    """A gap between two figures: a difference of percentages is in percentage points.

    >>> print(difference(-1.68875, "percent"), "|", difference(2314.62, "billion * USD"))
    -1.69 percentage points | 2.31 trillion USD
    """
    return amount(value, "percentage_point" if unit == "percent" else unit, lang)
