"""What a figure may be, by indicator kind: the one table the importer checks values against.

A value that passes the unit check can still be absurd (a negative count, rank 0, R&D at 340% of
GDP, 1e300 dollars) and would then break every page that formats it. The rules are kept here, in
one place, so the importer, the API and the contributors' queue refuse the same things.
"""

from __future__ import annotations

import math
import re
from urllib.parse import urlsplit

# No economy's figure comes near this in any unit the catalog uses (Indonesia's GDP is about 2e16
# rupiah); beyond it a value is a typo or an attack, and formatting it would mean nothing.
MAX_ABS = 1e18
MAX_RANK_OF = 1_000_000
MAX_TEXT = 10_000
MAX_URL = 2_000
MAX_NUMBER_CHARS = 40  # "1.234567890123456789e+17" fits; a 400-digit number does not

# Ids are short slugs: a name in the id column (swapped columns) must not become a new indicator.
ID_PATTERNS = {
    "entity": re.compile(r"[A-Za-z0-9][A-Za-z0-9_:.-]{0,79}"),
    "indicator": re.compile(r"[a-z0-9][a-z0-9_.-]{0,79}"),
    "source": re.compile(r"[A-Za-z0-9][A-Za-z0-9_:./-]{0,119}"),
}
ID_HINT = {
    "entity": "an ISO 3166 alpha-3 code or a short id of letters, digits, '_', ':', '.', '-'",
    "indicator": "a lower-case slug such as 'rd_expenditure_pct_gdp'",
    "source": "a short id of letters, digits, '_', ':', '.', '/', '-'",
}

# Kinds that may be negative: money (a balance) and percentages (a change). Every other unit in the
# catalog counts things (people, applications, companies) or scores them, and cannot go below zero.
_SIGNED = re.compile(r"\b(percent|USD|JPY|EUR|GBP|CNY|KRW|INR|SGD|LCU|[A-Z]{3})\b")


def id_problem(kind: str, value: str) -> str | None:
    """Why ``value`` cannot be an id of ``kind``, or None."""
    if ID_PATTERNS[kind].fullmatch(value):
        return None
    shown = value if len(value) <= 40 else value[:40] + "…"
    return f"{shown!r} is not a valid {kind} id; expected {ID_HINT[kind]}"


def number_problem(raw: str, value: float) -> str | None:
    """Why a parsed number cell cannot be stored, or None."""
    if len(raw) > MAX_NUMBER_CHARS:
        return f"a number of {len(raw)} characters; expected at most {MAX_NUMBER_CHARS}"
    if not math.isfinite(value):
        return f"{raw!r} is not a finite number"
    if abs(value) > MAX_ABS:
        return f"{raw!r} is beyond ±{MAX_ABS:g}; check the unit's scale (e.g. 'billion * USD')"
    return None


def url_problem(url: str) -> str | None:
    """Why ``url`` cannot be a source's link (only http and https lead a reader somewhere safe)."""
    if len(url) > MAX_URL:
        return f"a URL of {len(url)} characters; expected at most {MAX_URL}"
    if any(c.isspace() or ord(c) < 32 for c in url):
        return f"{url[:60]!r} contains spaces or control characters"
    try:
        parts = urlsplit(url)
    except ValueError:
        return f"{url[:60]!r} is not a URL"
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return f"{url[:60]!r} is not an http(s) URL"
    return None


def figure_problems(
    indicator: str,
    unit: str,
    value: float | None,
    lower: float | None,
    upper: float | None,
    rank_of: int | None,
) -> list[tuple[str, str]]:
    """The (field, message) pairs that make a figure implausible for its indicator's kind."""
    out: list[tuple[str, str]] = []
    if lower is not None and upper is not None and lower > upper:
        out.append(("lower", f"lower {lower:g} is above upper {upper:g}"))
    if value is not None and lower is not None and upper is not None and not lower <= value <= upper:
        out.append(("value", f"{value:g} lies outside its own range {lower:g} to {upper:g}"))
    numbers = [(k, v) for k, v in (("value", value), ("lower", lower), ("upper", upper)) if v is not None]
    if unit == "rank":
        for k, v in numbers:
            if v < 1 or v != int(v):
                out.append((k, f"rank {v:g} is not a whole number of at least 1"))
            elif rank_of is not None and v > rank_of:
                out.append((k, f"rank {v:g} is beyond the {rank_of} ranked"))
    elif not _SIGNED.search(unit):
        out += [(k, f"{v:g} is negative; a count in {unit!r} cannot be") for k, v in numbers if v < 0]
    if indicator.endswith("_pct_gdp") and unit == "percent":
        out += [(k, f"{v:g}% of GDP is outside 0 to 100") for k, v in numbers if not 0 <= v <= 100]
    if rank_of is not None and not 1 <= rank_of <= MAX_RANK_OF:
        out.append(("rank_of", f"{rank_of} ranked; expected 1 to {MAX_RANK_OF:,}"))
    return out
