"""Interface translations (Babel message catalogs) and locale-aware number formatting."""

from __future__ import annotations

import gettext
import io
from functools import cache
from importlib import resources
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal

from ..errors import UnknownName

LANGS = ("en", "ja")
LOCALE = Path(str(resources.files("hubscope.web"))) / "locale"


@cache
def translations(lang: str) -> gettext.NullTranslations:
    """The catalog for ``lang``, compiled from its .po file in memory (no build step)."""
    po = LOCALE / lang / "LC_MESSAGES" / "messages.po"
    if lang == "en" or not po.exists():
        return gettext.NullTranslations()
    with po.open("rb") as f:
        catalog = read_po(f, locale=lang)
    buf = io.BytesIO()
    write_mo(buf, catalog)
    buf.seek(0)
    return gettext.GNUTranslations(buf)


KINDS_JA = {"entity": "対象", "indicator": "指標", "source": "出典", "unit": "単位", "name": "名前"}


def said(exc: Exception, lang: str) -> str:
    """An error's message in ``lang``: an unknown name from its parts, others from the ``ja`` text they
    carry (set where they are raised), else as raised (English)."""
    if lang != "ja":
        return str(exc)
    if isinstance(exc, UnknownName):
        hint = f"（もしかして {exc.suggestion!r}？）" if exc.suggestion else ""
        return f"不明な{KINDS_JA.get(exc.kind, exc.kind)} {exc.name!r}{hint}"
    return getattr(exc, "ja", None) or str(exc)


def number(value, lang: str) -> str:
    """1,234.5 in English, the same digits grouped the Japanese way in ja (which is identical)."""
    if value is None or value != value:
        return "–"
    return format_decimal(value, format="#,##0.###", locale="ja_JP" if lang == "ja" else "en_US")
