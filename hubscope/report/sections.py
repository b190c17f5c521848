"""The report's sections: the bundled report's headings, and sections contributors added."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from markdown_it import MarkdownIt
from mdit_py_plugins.anchors import anchors_plugin
from sqlalchemy import func, insert, select

from ..errors import HubscopeError
from ..store import schema as t
from ..store.core import now

if TYPE_CHECKING:
    from ..store import Store

SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,119}$")


def _headings(text: str) -> list[tuple[str, str]]:
    md = MarkdownIt("commonmark").use(anchors_plugin, min_level=2, max_level=3)
    tokens = md.parse(text)
    return [
        (str(tok.attrs["id"]), re.sub(r"\{\{.*?\}\}", "…", tokens[i + 1].content))
        for i, tok in enumerate(tokens)
        if tok.type == "heading_open" and "id" in tok.attrs
    ]


def bundled_sections() -> list[tuple[str, str]]:
    from .render import BUNDLED

    return _headings(BUNDLED.read_text(encoding="utf-8"))


def sections(store: Store) -> list[tuple[str, str]]:
    """(slug, heading) of every section a comment can be attached to."""
    return bundled_sections() + [(s["slug"], s["heading"]) for s in contributed(store)]


def contributed(store: Store) -> list[dict]:
    """The current revision of each contributed section, in the order they were first added."""
    s = t.report_sections
    latest = select(s.c.slug, func.max(s.c.number).label("n")).group_by(s.c.slug).subquery()
    with store.read() as conn:
        rows = [
            dict(r)
            for r in conn.execute(
                select(s).join(latest, (latest.c.slug == s.c.slug) & (latest.c.n == s.c.number))
            ).mappings()
        ]
        first = dict(conn.execute(select(s.c.slug, func.min(s.c.id)).group_by(s.c.slug)).all())
    return sorted(rows, key=lambda r: first[r["slug"]])


def slug_for(heading: str) -> str:
    from mdit_py_plugins.anchors.index import slugify

    slug = re.sub(r"[^a-z0-9-]+", "", slugify(heading))[:120].strip("-")
    if not SLUG.match(slug):
        raise HubscopeError(f"the heading {heading!r} gives no usable anchor: use some letters or digits")
    return slug


def add_section(conn, heading: str, body: str, author: str, accepted_by: str, reason: str) -> int:
    """Store a section (a new one, or a new revision of the one with the same heading)."""
    slug = slug_for(heading)
    if slug in {s for s, _ in bundled_sections()}:
        raise HubscopeError(f"the bundled report already has a section {heading!r}; choose another heading")
    s = t.report_sections
    number = (conn.scalar(select(func.max(s.c.number)).where(s.c.slug == slug)) or 0) + 1
    conn.execute(
        insert(s).values(
            slug=slug,
            number=number,
            heading=heading,
            body=body,
            author=author,
            accepted_by=accepted_by,
            created_at=now(),
            reason=reason,
        )
    )
    return number


def appendix(store: Store) -> str:
    """Contributed sections as Markdown, each with its credit line, to follow the bundled text."""
    parts = []
    for sec in contributed(store):
        # A heading line or fence in the body cannot close the section early: headings are demoted.
        body = _contained(re.sub(r"^(#{1,2})(?=\s)", "###", sec["body"], flags=re.M))
        failure = _failure(store, body)
        if failure:  # this section shows its own error; the report and the other sections render
            body = "> **This section could not be rendered:** " + _plain(failure)
        parts.append(
            f"\n## {sec['heading']}\n\n*Contributed by {sec['author']}, accepted by "
            f"{sec['accepted_by']} on {sec['created_at']:%Y-%m-%d}.*\n\n{body}\n"
        )
    return "".join(parts)


# Raw-text elements and comments run to their closing tag: one unclosed "<style>" or "<!--" in a
# section would swallow every section after it, so they are shown as text instead.
_SWALLOWING = re.compile(
    r"<(?=!--|/?(?:style|script|textarea|title|xmp|iframe|noscript|noembed|noframes|plaintext|template)\b)", re.I
)


def _contained(body: str) -> str:
    return _SWALLOWING.sub("&lt;", body)


def _failure(store: Store, body: str) -> str | None:
    """Why a contributed section cannot be rendered, or None (it is resolved once on its own)."""
    from pathlib import Path

    from ..errors import ReportError
    from .bindings import Binder
    from .render import _resolve

    try:
        _resolve(body, Path("section"), Binder(store))
    except ReportError as exc:
        return str(exc).removeprefix("section:")
    return None


def _plain(text: str) -> str:
    """An error message as inert Markdown text: no binding, tag or emphasis survives."""
    text = re.sub(r"[{}<>`*_\[\]\\]", " ", text)
    return " ".join(text.split())[:300]
