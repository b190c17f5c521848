"""A number found in text, and the small tables every number finder shares."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

# Longest digit run read as a number: anything longer is an identifier or noise, never a claim
# (and would overflow float arithmetic downstream).
MAX_DIGITS = 30

# Characters rewritten one for one before matching, so offsets stay those of the original text.
_SAME_LENGTH = str.maketrans(
    "０１２３４５６７８９，．％～〜（）＄￥＋－−‐\u2009\u202f\u00a0：＝",
    "0123456789,.%~~()$¥+---   :=",
)


def normalise(text: str) -> str:
    """Full-width digits and signs as ASCII, thin spaces as spaces; same length as ``text``.

    >>> normalise("１２，３４５円（約）")
    '12,345円(約)'
    """
    return text.translate(_SAME_LENGTH)


@dataclass(frozen=True)
class Quantity:
    """One number found in text, with what it measures."""

    start: int
    end: int
    text: str
    value: float | None
    unit: str  # percent, percentage_point, rank, multiple, USD/JPY/..., count, or a plain unit
    qualifier: str = "exact"
    lower: float | None = None
    upper: float | None = None
    rank_of: int | None = None
    decimals: int = 0  # digits after the point as written: the claim's own precision
    words: tuple[str, ...] = field(default=(), compare=False)  # unit words that followed
    sign: int = 1  # -1 for a decrease ("fell 2%", "1.9%減"): value, lower and upper are negative
    scale: float = field(default=1.0, compare=False)  # the scale word's factor ("billion": 1e9)

    @property
    def is_money(self) -> bool:
        return self.unit.isupper() and len(self.unit) == 3

    @property
    def is_range(self) -> bool:
        return self.lower is not None

    def negated(self) -> Quantity:
        """The same quantity read as a decrease (idempotent)."""
        if self.sign == -1:
            return self

        def neg(v: float | None) -> float | None:
            return None if v is None else -abs(v)

        lower, upper = neg(self.upper), neg(self.lower)  # -30..-40 is -40 to -30
        return replace(self, value=neg(self.value), lower=lower, upper=upper, sign=-1)


def to_float(digits: str) -> float:
    """ "1,234.5" or "9 713" -> 1234.5 / 9713."""
    return float(digits.replace(",", "").replace(" ", ""))


def decimals_of(digits: str) -> int:
    return len(digits.split(".")[1]) if "." in digits else 0


def too_long(digits: str) -> bool:
    return sum(ch.isdigit() for ch in digits) > MAX_DIGITS


CURRENCY_SYMBOLS = {
    "US$": "USD",
    "S$": "SGD",
    "C$": "CAD",
    "A$": "AUD",
    "HK$": "HKD",
    "NT$": "TWD",
    "$": "USD",
    "¥": "JPY",
    "€": "EUR",
    "£": "GBP",
    "Rs.": "INR",
    "Rs": "INR",
    "₹": "INR",
    "₩": "KRW",
    "₪": "ILS",
    "RMB": "CNY",
}
ISO_CODES = ("USD", "JPY", "EUR", "GBP", "CNY", "KRW", "SGD", "INR", "ILS", "CAD", "CHF", "AUD", "HKD", "TWD")
# Currency words written after a number, in English, Japanese and Korean; longest first matters
# only for the regex, which sorts them.
CURRENCY_WORDS = {
    "yen": "JPY",
    "u.s. dollars": "USD",
    "us dollars": "USD",
    "american dollars": "USD",
    "singapore dollars": "SGD",
    "hong kong dollars": "HKD",
    "australian dollars": "AUD",
    "canadian dollars": "CAD",
    "dollars": "USD",
    "dollar": "USD",
    "euros": "EUR",
    "euro": "EUR",
    "pounds sterling": "GBP",
    "pounds": "GBP",
    "sterling": "GBP",
    "won": "KRW",
    "yuan": "CNY",
    "renminbi": "CNY",
    "rmb": "CNY",
    "rupees": "INR",
    "rupee": "INR",
    "shekels": "ILS",
    "francs": "CHF",
    **{c.lower(): c for c in ISO_CODES},
}
JA_CURRENCIES = {
    "円": "JPY",
    "米ドル": "USD",
    "シンガポールドル": "SGD",
    "香港ドル": "HKD",
    "豪ドル": "AUD",
    "カナダドル": "CAD",
    "台湾ドル": "TWD",
    "ドル": "USD",
    "ユーロ": "EUR",
    "ポンド": "GBP",
    "ウォン": "KRW",
    "人民元": "CNY",
    "元": "CNY",
    "ルピー": "INR",
    "クローレ": "INR",
    "원": "KRW",
    "달러": "USD",
    "위안": "CNY",
}


def alternation(words: Iterable[str]) -> str:
    """A regex alternation of literal words, longest first (so "US dollars" beats "dollars")."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
