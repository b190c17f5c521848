"""Markdown written by people, made safe to show: raw HTML is escaped, then nh3 cleans the result."""

from __future__ import annotations

import nh3
from markdown_it import MarkdownIt

from ..errors import HubscopeError

_md = MarkdownIt("commonmark", {"html": False, "linkify": False})
TAGS = {"p", "em", "strong", "code", "pre", "blockquote", "ul", "ol", "li", "a", "br", "hr", "h3", "h4"}
MAX_CHARS = 20_000


def safe_html(text: str) -> str:
    """``text`` as HTML with only harmless tags; links get rel=noopener and http(s)/mailto only.

    >>> safe_html('<script>alert(1)</script> **hi**')
    '<p>&lt;script&gt;alert(1)&lt;/script&gt; <strong>hi</strong></p>\\n'
    """
    return nh3.clean(
        _md.render(text),
        tags=TAGS,
        attributes={"a": {"href", "title"}},
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )


def checked_text(text: str, what: str = "the comment") -> str:
    text = (text or "").replace("\r\n", "\n").strip()
    if not text:
        raise HubscopeError(f"{what} is empty")
    if len(text) > MAX_CHARS:
        raise HubscopeError(f"{what} is {len(text):,} characters long; the limit is {MAX_CHARS:,}")
    return text
