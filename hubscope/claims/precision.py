"""How close a stored figure must be to a claim to support it: the claim's written precision
and its qualifier ("about", "more than", a range)."""

from __future__ import annotations

import re

from .model import Claim


def tolerance(c: Claim) -> float:
    """Half a unit of the claim's last written digit ("3.65" ±0.005, "289,200" ±50, "600" ±50)."""
    if c.value is None:
        return 0.0
    if c.decimals:
        step = 10**-c.decimals
        # "4.4 trillion dollars" is written to 0.1 trillion, not to 0.1 dollar
        mantissa = re.search(r"\d[\d,]*\.\d+", c.span)
        if mantissa and float(mantissa.group().replace(",", "")):
            step *= abs(c.value) / float(mantissa.group().replace(",", ""))
    else:
        digits = str(int(abs(c.value))) if abs(c.value) < 1e15 else "1"
        zeros = len(digits) - len(digits.rstrip("0")) if digits != "0" else 0
        # the scale word carries the rounding: "$2.9 billion" is written to 0.1 billion
        step = 10**zeros
        written = c.span.replace(",", "")
        first = next((t for t in written.replace("$", " ").split() if t[:1].isdigit()), "")
        if "." in first:
            step = abs(c.value) / float(first.rstrip("%")) * 10 ** -len(first.split(".")[1].rstrip("%bnmk"))
        # a round "200" may mean 150-250, but not a figure 20% away: cap at 10% of the value
        step = min(step, 0.2 * abs(c.value)) if zeros else step
    return float(step / 2)


def agrees(c: Claim, v: float, lo: float | None = None, hi: float | None = None, approximate: bool = False) -> bool:
    """Does a stored value (or range) support the claim, given both figures' precision and the
    claim's qualifier? ``approximate``: the stored figure is itself "about" (±5%)."""
    tol = tolerance(c) + 1e-9 * max(1.0, abs(v)) + (0.05 * abs(v) if approximate else 0.0)
    q = c.qualifier
    if q == "range":
        if c.lower is None or c.upper is None:
            return False
        top, bottom = (hi if hi is not None else v), (lo if lo is not None else v)
        return bottom <= c.upper + 1e-9 and top >= c.lower - 1e-9
    value = c.value
    if value is None:  # a text claim has no number to agree with
        return False
    if lo is not None and hi is not None:  # the store holds a range: the claim must fall in it
        return lo - tol <= value <= hi + tol
    if q == "more_than":
        return v > value
    if q == "at_least":
        return v >= value - tol
    if q in ("less_than",):
        return v < value
    if q == "at_most":
        return v <= value + tol
    if q in ("approx", "approx_below", "approx_above"):
        # "about 3.4%" is 3.2-3.6, not 3.7; a round "roughly 800 billion" keeps its wider rounding
        return abs(v - value) <= max(tol, 0.05 * abs(value))
    return abs(v - value) <= tol
