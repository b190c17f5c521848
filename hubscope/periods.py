"""Periods: calendar years, Japanese fiscal years, halves, quarters, months, dates and ranges.

A period is written as text and parsed into a kind and a closed date interval, so that
"latest" and "which year" questions have one answer. The forms are:

>>> Period.parse("2022").start, Period.parse("2022").end
(datetime.date(2022, 1, 1), datetime.date(2022, 12, 31))
>>> p = Period.parse("FY2022")  # Japanese fiscal year: April to March
>>> p.kind, p.start, p.end
('fiscal_year', datetime.date(2022, 4, 1), datetime.date(2023, 3, 31))
>>> Period.parse("2023H1").end, Period.parse("2024Q2").start
(datetime.date(2023, 6, 30), datetime.date(2024, 4, 1))
>>> Period.parse("2022-10").kind, Period.parse("2025-05-28").kind
('month', 'date')
>>> Period.parse("2013/2022").kind
'range'
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

from .errors import PeriodError

FORMS = "YYYY, FYYYYY (Japanese fiscal year), YYYYH1/H2, YYYYQ1-Q4, YYYY-MM, YYYY-MM-DD, or START/END"

_YEAR = re.compile(r"^(\d{4})$")
_FY = re.compile(r"^FY(\d{4})$")
_HALF = re.compile(r"^(\d{4})H([12])$")
_QUARTER = re.compile(r"^(\d{4})Q([1-4])$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


@dataclass(frozen=True, order=False)
class Period:
    """A parsed period: the text as written, its kind and its first and last day."""

    text: str
    kind: str
    start: date
    end: date

    @classmethod
    def parse(cls, text: str) -> Period:
        """Parse one of the documented forms; raise PeriodError naming them otherwise."""
        t = str(text).strip()
        try:
            return cls._parse(t)
        except ValueError as exc:  # e.g. month 13
            raise PeriodError(f"invalid period {text!r}: {exc}; expected {FORMS}") from None

    @classmethod
    def _parse(cls, t: str) -> Period:
        if "/" in t:
            left, _, right = t.partition("/")
            a, b = cls._parse(left), cls._parse(right)
            if b.end < a.start:
                raise PeriodError(f"period range {t!r} ends before it starts")
            return cls(t, "range", a.start, b.end)
        if m := _YEAR.match(t):
            y = int(m[1])
            return cls(t, "year", date(y, 1, 1), date(y, 12, 31))
        if m := _FY.match(t):
            y = int(m[1])
            return cls(t, "fiscal_year", date(y, 4, 1), date(y + 1, 3, 31))
        if m := _HALF.match(t):
            y, h = int(m[1]), int(m[2])
            return cls(t, "half", date(y, 6 * h - 5, 1), _month_end(y, 6 * h))
        if m := _QUARTER.match(t):
            y, q = int(m[1]), int(m[2])
            return cls(t, "quarter", date(y, 3 * q - 2, 1), _month_end(y, 3 * q))
        if m := _MONTH.match(t):
            y, mo = int(m[1]), int(m[2])
            return cls(t, "month", date(y, mo, 1), _month_end(y, mo))
        if m := _DATE.match(t):
            d = date(int(m[1]), int(m[2]), int(m[3]))
            return cls(t, "date", d, d)
        raise PeriodError(f"invalid period {t!r}; expected {FORMS}")

    @property
    def is_fiscal(self) -> bool:
        """True when the period is (or is bounded by) a Japanese fiscal year."""
        return self.text.startswith("FY") or "/FY" in self.text

    def __str__(self) -> str:
        return self.text
