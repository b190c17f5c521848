from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hubscope.errors import PeriodError
from hubscope.periods import Period


def test_calendar_and_fiscal_years_are_distinct():
    cy, fy = Period.parse("2022"), Period.parse("FY2022")
    assert (cy.start, cy.end) == (date(2022, 1, 1), date(2022, 12, 31))
    assert (fy.start, fy.end) == (date(2022, 4, 1), date(2023, 3, 31))
    assert fy.is_fiscal and not cy.is_fiscal


@pytest.mark.parametrize("text,kind,start,end", [
    ("2023H1", "half", date(2023, 1, 1), date(2023, 6, 30)),
    ("2024Q4", "quarter", date(2024, 10, 1), date(2024, 12, 31)),
    ("2024-02", "month", date(2024, 2, 1), date(2024, 2, 29)),
    ("2025-05-28", "date", date(2025, 5, 28), date(2025, 5, 28)),
    ("2013/2022", "range", date(2013, 1, 1), date(2022, 12, 31)),
    ("FY2021/FY2023", "range", date(2021, 4, 1), date(2024, 3, 31)),
])
def test_forms(text, kind, start, end):
    p = Period.parse(text)
    assert (p.kind, p.start, p.end, str(p)) == (kind, start, end, text)


@pytest.mark.parametrize("bad", ["", "22", "FY22", "2022-13", "2022/2019", "c.2018", "2024-02-30"])
def test_bad_periods_name_the_forms(bad):
    with pytest.raises(PeriodError, match="expected YYYY|ends before"):
        Period.parse(bad)


@given(st.integers(1900, 2100), st.integers(1, 12))
def test_month_lies_inside_its_year(year, month):
    m, y = Period.parse(f"{year}-{month:02d}"), Period.parse(str(year))
    assert y.start <= m.start <= m.end <= y.end
