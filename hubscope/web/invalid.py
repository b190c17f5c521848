"""A bad value of a declared parameter (FastAPI's validation errors) said as a 400's one line: which
parameter, what was expected, what was given; in English or Japanese."""

from __future__ import annotations

import re
from typing import Any

# pydantic's error types -> what the parameter expects (en, ja); {} takes the error's context
EXPECTED: dict[str, tuple[str, str]] = {
    "int_parsing": ("an integer", "整数"),
    "int_from_float": ("an integer", "整数"),
    "float_parsing": ("a number", "数値"),
    "bool_parsing": ("true or false", "true か false"),
    "greater_than_equal": ("a number ≥ {ge}", "{ge}以上の数値"),
    "greater_than": ("a number > {gt}", "{gt}より大きい数値"),
    "less_than_equal": ("a number ≤ {le}", "{le}以下の数値"),
    "less_than": ("a number < {lt}", "{lt}未満の数値"),
    "string_too_long": ("at most {max_length} characters", "{max_length}文字以内"),
    "string_too_short": ("at least {min_length} characters", "{min_length}文字以上"),
    "date_from_datetime_parsing": ("a date (YYYY-MM-DD)", "日付（YYYY-MM-DD）"),
    "date_parsing": ("a date (YYYY-MM-DD)", "日付（YYYY-MM-DD）"),
}


def expected(error: dict[str, Any], lang: str) -> str:
    """What the parameter takes, from one validation error.

    >>> expected({"type": "string_pattern_mismatch", "ctx": {"pattern": "^(chart|map)$"}}, "en")
    'one of chart, map'
    >>> expected({"type": "int_parsing", "ctx": {}}, "ja")
    '整数'
    """
    ctx = error.get("ctx") or {}
    kind = error.get("type", "")
    if kind == "string_pattern_mismatch":
        choices = re.fullmatch(r"\^\(([\w|]+)\)\$", str(ctx.get("pattern", "")))
        if choices:
            listed = ", ".join(choices.group(1).split("|"))
            return f"{listed} のいずれか" if lang == "ja" else f"one of {listed}"
        return (f"{ctx.get('pattern')} に合う文字列" if lang == "ja" else f"text matching {ctx.get('pattern')}")
    if kind == "literal_error":
        return f"{ctx.get('expected', '')} のいずれか" if lang == "ja" else f"one of {ctx.get('expected', '')}"
    if kind in EXPECTED:
        return EXPECTED[kind][lang == "ja"].format(**ctx)
    return str(error.get("msg", "")).lower()


def said(errors: list[dict[str, Any]], lang: str = "en") -> str:
    """Every problem on one line, each naming its parameter.

    >>> said([{"type": "int_parsing", "loc": ("query", "draws"), "input": "abc", "ctx": {}}])
    "parameter 'draws': expected an integer, got 'abc'"
    >>> said([{"type": "missing", "loc": ("query", "period"), "input": None}])
    "parameter 'period' is required"
    """
    out = []
    for e in errors:
        name = ".".join(str(p) for p in e.get("loc", ())[1:]) or "?"
        if e.get("type") == "missing":
            out.append(f"パラメータ {name!r} は必須です" if lang == "ja" else f"parameter {name!r} is required")
            continue
        what, given = expected(e, lang), str(e.get("input", ""))[:60]
        if lang == "ja":
            out.append(f"パラメータ {name!r}：{what}を指定してください（{given!r} が渡されました）")
        else:
            out.append(f"parameter {name!r}: expected {what}, got {given!r}")
    return "; ".join(out)
