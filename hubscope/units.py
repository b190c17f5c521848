"""Units: one pint registry that knows currencies, scale words, counts, ranks and scores.

Each currency is its own dimension, so money in yen and money in dollars never combine
without an exchange rate. Ranks and scores are dimensions of their own too: a rank is not
a count. Scale words ("billion") are plain numbers.

>>> parse_unit("billion * USD").to("USD").magnitude
1000000000.0
>>> compatible("JPY", "USD")
False
>>> parse_unit("percent").to("dimensionless").magnitude
0.01
"""

from __future__ import annotations

import math
import re
import shutil
from functools import lru_cache
from typing import TYPE_CHECKING

from .errors import UnitError

if TYPE_CHECKING:
    import pint

CURRENCIES = ("USD", "JPY", "EUR", "GBP", "CNY", "KRW", "SGD", "ILS", "INR", "CAD", "CHF")

# Why these definitions: reports count people, companies and patents; none of those are
# pint defaults, and "rank 92 of 116" must never be added to a count of 92 things.
_DEFINITIONS = [
    "thousand = 1e3",
    "million = 1e6",
    "billion = 1e9",
    "trillion = 1e12",
    "person = [population] = people = persons",
    "rank = [rank]",
    "score = [score]",
    "percentage_point = [percentage_point]",
    # counts of things are their own dimension, so "92 companies" never meets "92 percent"
    "item = [item] = items = companies = company = applications = students = graduates"
    " = clusters = patents = deals = organisations = articles = repositories = pushes",
]


@lru_cache(maxsize=1)
def registry() -> pint.UnitRegistry:
    """The shared unit registry (built once, on first use: pint costs a quarter of a second to load)."""
    import pint
    import platformdirs

    options: dict = {"autoconvert_offset_to_baseunit": True, "on_redefinition": "raise"}
    # pint's disk cache of its parsed definition file saves about 0.25 s at every start; it is keyed
    # on pint's version and the file's content. Pint writes it non-atomically, so a file another
    # process is still writing may not load: then the registry is built without it, as before, and
    # the cache is dropped to be written afresh next time.
    cache = platformdirs.user_cache_path("hubscope") / "pint"
    try:
        ureg: pint.UnitRegistry = pint.UnitRegistry(**options, cache_folder=cache)
    except Exception:  # any failure of the cache; the plain build below raises real errors itself
        shutil.rmtree(cache, ignore_errors=True)
        ureg = pint.UnitRegistry(**options)
    for code in CURRENCIES:
        ureg.define(f"{code} = [currency_{code.lower()}]")
    for line in _DEFINITIONS:
        ureg.define(line)
    return ureg


# Units that carry no quantity: qualitative facts (a law's date, a name).
NON_QUANTITY = frozenset({"date", "text"})


@lru_cache(maxsize=512)
def parse_unit(text: str) -> pint.Quantity:
    """Parse a unit expression into a pint quantity of magnitude 1 (times any scale word)."""
    import pint

    if not text or not str(text).strip():
        raise UnitError("empty unit; expected a pint expression such as 'percent' or 'billion * USD'")
    if text in NON_QUANTITY:
        raise UnitError(f"{text!r} is not a quantity")
    _check_text(text)
    try:
        q = registry().parse_expression(text)
    except Exception as exc:  # pint's parser raises many kinds (even AssertionError) on bad text
        raise UnitError(f"unit {text!r} does not parse: {exc}") from None
    if not isinstance(q, pint.Quantity):  # a bare number such as "1000"
        q = registry().Quantity(q, "dimensionless")
    _check_sane(text, q)
    return q


# A unit's scale (in base units) and its powers are bounded, so "10 ** 400 * USD" or "USD ** 1000"
# cannot reach the store, where every later conversion would overflow or mean nothing.
MAX_SCALE = 1e15
MAX_POWER = 3


MAX_UNIT_CHARS = 80
_POWER = re.compile(r"\*\*|\^")
_EXPONENT = re.compile(r"\s*\(?\s*(-?\d{1,2})(?:\.0+)?\s*\)?")
_LONG_NUMBER = re.compile(r"\d{16,}")


def _check_text(text: str) -> None:
    """Refuse, before pint evaluates it, a unit whose arithmetic could run for minutes (``9 ** 9 ** 8``)."""
    if len(text) > MAX_UNIT_CHARS:
        raise UnitError(f"unit of {len(text)} characters; expected at most {MAX_UNIT_CHARS}")
    if _LONG_NUMBER.search(text):
        raise UnitError(f"unit {text[:40]!r} holds a number of 16 or more digits")
    for op in _POWER.finditer(text):
        exp = _EXPONENT.match(text, op.end())
        rest = text[exp.end() :].lstrip() if exp else ""
        # a power of ten may spell a scale ("10 ** 9 * USD"); any other base stays small
        limit = 15 if re.search(r"(?<![\w.])10\s*$", text[: op.start()]) else MAX_POWER
        if exp is None or abs(int(exp.group(1))) > limit or rest.startswith(("**", "^")):
            raise UnitError(f"unit {text!r} has a power that is not a whole number from -{limit} to {limit}")


def _check_sane(text: str, q: pint.Quantity) -> None:
    if any(abs(float(p)) > MAX_POWER for p in dict(q.dimensionality).values()):  # type: ignore[arg-type]
        raise UnitError(f"unit {text!r} raises a dimension beyond the power of {MAX_POWER}")
    try:
        scale = abs(float(q.to_base_units().magnitude))
    except (OverflowError, ZeroDivisionError, ValueError):
        scale = math.inf
    if not (1 / MAX_SCALE <= scale <= MAX_SCALE):
        raise UnitError(f"unit {text!r} has an absurd scale; expected a factor between 1e-15 and 1e15 base units")


def check_unit(text: str) -> None:
    """Raise UnitError unless ``text`` is a quantity unit or one of the non-quantity units."""
    if text not in NON_QUANTITY:
        parse_unit(text)


def compatible(a: str, b: str) -> bool:
    """True when values in unit ``a`` can be converted to unit ``b``."""
    if a in NON_QUANTITY or b in NON_QUANTITY:
        return a == b
    return parse_unit(a).dimensionality == parse_unit(b).dimensionality


@lru_cache(maxsize=4096)
def conversion_factor(from_unit: str, to_unit: str) -> float:
    """The number to multiply a value in ``from_unit`` by to express it in ``to_unit``."""
    if from_unit == to_unit:
        return 1.0
    if not compatible(from_unit, to_unit):
        raise UnitError(f"cannot convert {from_unit!r} to {to_unit!r}: dimensions differ")
    return float((parse_unit(from_unit) / parse_unit(to_unit)).to("dimensionless").magnitude)


_CURRENCY_TOKEN = re.compile(r"\b(" + "|".join(CURRENCIES) + r")\b")


def fits(observed: str, expected: str) -> bool:
    """True when a figure in unit ``observed`` may be stored for an indicator in ``expected``.

    "LCU" in the indicator's unit stands for any one currency; money indicators may be
    observed in any currency (converting needs a rate, which the metrics layer supplies).
    """
    if observed in NON_QUANTITY or expected in NON_QUANTITY:
        return observed == expected
    if "LCU" in expected:
        # not USD: "USD per USD" would cancel to a plain number and let any ratio through
        targets = {expected.replace("LCU", c) for c in CURRENCIES if c != "USD"}
    else:
        targets = {_CURRENCY_TOKEN.sub(c, expected) for c in CURRENCIES}
    return any(compatible(observed, t) for t in targets)


def resolve_lcu(expected: str, observed: str) -> str:
    """The indicator's unit with "LCU" replaced by the currency the figure is in.

    >>> resolve_lcu("LCU / USD", "JPY / USD"), resolve_lcu("billion * LCU", "trillion * JPY")
    ('JPY / USD', 'billion * JPY')
    """
    if "LCU" not in expected:
        return expected
    local = set(_CURRENCY_TOKEN.findall(observed)) - {"USD"}
    return expected.replace("LCU", local.pop()) if len(local) == 1 else expected


def to_indicator_unit(value: float | None, observed: str, expected: str) -> float | None:
    """``value`` expressed in the indicator's unit, or None when that needs an exchange rate."""
    if value is None or observed in NON_QUANTITY:
        return None
    target = resolve_lcu(expected, observed)
    if "LCU" in target or not compatible(observed, target):
        return None
    return value * conversion_factor(observed, target)


_PRETTY = {
    "percent": "%",
    "person": "people",
    "million * person": "m people",
    "billion * USD": "USD bn",
    "billion * JPY": "JPY bn",
    "trillion * JPY": "JPY tn",
    "million * USD": "USD m",
    "million * JPY": "JPY m",
    "graduates / (million * person)": "per m people",
    "person / (million * person)": "per m people",
    "applications / (million * person)": "per m people",
    "applications / (100 * billion * USD)": "per USD 100bn of GDP",
    "USD / person": "USD per person",
    "patents / organisations": "per organisation",
}


def pretty_unit(unit: str) -> str:
    """A short label for a unit expression, for tables ("billion * USD" -> "USD bn")."""
    if unit in _PRETTY:
        return _PRETTY[unit]
    if m := re.fullmatch(r"(thousand|million|billion|trillion) \* ([A-Z]{3})", unit):
        return f"{m[2]} {dict(thousand='k', million='m', billion='bn', trillion='tn')[m[1]]}"
    return re.sub(r"^([A-Z]{3}) / ([A-Z]{3})$", r"\1 per \2", unit)
