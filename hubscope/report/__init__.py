"""The living report: Markdown with data bindings, rendered to HTML and PDF with a manifest."""

from .render import BUNDLED, Rendered, diff, render, web_body

__all__ = ["BUNDLED", "Rendered", "diff", "render", "web_body"]
