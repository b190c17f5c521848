"""The checked document as one HTML page: every claim highlighted, its verdict on hover or click."""

from __future__ import annotations

from html import escape

from .check import Report
from .model import Verdict
from .reasons import VERDICT_NAMES, entity_name, indicator_name, period_label

COLOURS = {
    "supported": "#1e8449",
    "contradicted": "#c0392b",
    "outdated": "#b9770e",
    "mismatch": "#8e44ad",
    "inconsistent": "#d35400",
    "unverifiable": "#5d6d7e",
}

# marks and verdict blocks: the same on the `--html` page and on the web check page
MARK_CSS = """
mark{background:none;border-bottom:3px solid var(--c);cursor:pointer;padding:0 1px}
mark:focus{outline:2px solid var(--c)}
details.v{border-left:4px solid var(--c);margin:.4rem 0 .8rem;padding:.2rem .6rem;background:#f7f7f7}
.summary span{display:inline-block;margin-right:1rem;color:var(--c);font-weight:600}
pre.doc{white-space:pre-wrap;font:inherit}
"""
CSS = (
    "body{font:16px/1.6 system-ui,sans-serif;max-width:48rem;margin:2rem auto;padding:0 1rem;color:#1b1b1b}"
    + MARK_CSS
)


def highlighted(report: Report, lang: str = "en") -> str:
    """The document's text, escaped, with each claim in a <mark> linked to its verdict."""
    text = report.document.text
    parts, pos = [], 0
    for v in sorted(report.verdicts, key=lambda v: v.claim.start):
        c = v.claim
        if c.start < pos:
            continue
        parts.append(escape(text[pos : c.start]))
        tip = f"{_name(v.verdict, lang)} ({v.confidence:.0%}): {v.reason_in(lang)}"
        parts.append(
            f'<a href="#{c.id}"><mark id="m-{c.id}" tabindex="0" style="--c:{COLOURS[v.verdict]}" '
            f'title="{escape(tip)}">{escape(text[c.start : c.end])}</mark></a>'
        )
        pos = c.end
    parts.append(escape(text[pos:]))
    return "".join(parts)


def details(report: Report, lang: str = "en") -> str:
    return "\n".join(_detail(v, lang) for v in report.verdicts)


def to_html(report: Report, lang: str = "en") -> str:
    """A self-contained page (no scripts, no external requests): claims are <mark> with a title,
    linked to a <details> block holding the verdict, the evidence and the arithmetic."""
    parts = [highlighted(report, lang)]
    counts = "".join(f'<span style="--c:{COLOURS[k]}">{k}: {n}</span>' for k, n in report.counts.items())
    detail_html = details(report, lang)
    name = escape(report.document.name)
    return (
        f'<!doctype html><html lang="{report.document.lang}"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width,initial-scale=1">'
        f"<title>hubscope check: {name}</title><style>{CSS}</style></head><body>"
        f"<h1>Claims checked: {name}</h1><p class=summary>{counts}</p>"
        f'<pre class="doc">{"".join(parts)}</pre><h2>Verdicts</h2>{detail_html}</body></html>'
    )


def _detail(v: Verdict, lang: str = "en") -> str:
    c = v.claim
    ev = "".join(
        f"<li>{escape(e.entity)} {escape(e.indicator)} {escape(e.period)}: {escape(e.display)} "
        f"({escape(e.status)}) — {escape(e.publisher)}"
        + (
            f' <a href="{escape(e.url)}" rel="noopener noreferrer">source</a>'
            if e.url and e.url.startswith(("http://", "https://"))
            else ""
        )
        + "</li>"
        for e in v.evidence
    )
    return (
        f'<details class="v" id="{c.id}" style="--c:{COLOURS[v.verdict]}"><summary><b>{_name(v.verdict, lang)}</b> '
        f"{escape(c.span)} — {escape(_about(v, lang))}</summary>"
        f"<p>{escape(v.reason_in(lang))}</p>"
        + (f"<p><code>{escape(v.arithmetic)}</code></p>" if v.arithmetic else "")
        + (f"<ul>{ev}</ul>" if ev else "")
        + "</details>"
    )


def _name(verdict: str, lang: str) -> str:
    return VERDICT_NAMES.get(lang, VERDICT_NAMES["en"])[verdict]


_UNNAMED = {"en": ("entity not named", "no indicator matched", "period not stated", "inferred"),
            "ja": ("対象の記載なし", "該当する指標なし", "期間の記載なし", "推定")}


def _about(v: Verdict, lang: str = "en") -> str:
    """ "Japan, Startup funding, 2022": what the claim was read as, in words (no ids, no "?")."""
    c = v.claim
    words = _UNNAMED["ja" if lang == "ja" else "en"]
    period = period_label(c.period, lang) if c.period else words[2]
    if c.period and c.period_inferred:
        period += f" ({words[3]})" if lang != "ja" else f"（{words[3]}）"
    sep = "、" if lang == "ja" else ", "
    entity = entity_name(c.entity, lang) if c.entity else words[0]
    return sep.join((entity, indicator_name(v.indicator, lang) if v.indicator else words[1], period))

