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


def number(value, lang: str) -> str:
    """1,234.5 in English, the same digits grouped the Japanese way in ja (which is identical)."""
    if value is None or value != value:
        return "–"
    return format_decimal(value, format="#,##0.###", locale="ja_JP" if lang == "ja" else "en_US")
