"""render(): a Markdown report with data bindings, to one self-contained HTML file or a PDF."""

from __future__ import annotations

import json
import os
import re
import tempfile
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import date, datetime
from html import escape
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

import jinja2
import nh3
import yaml
from jinja2.sandbox import SandboxedEnvironment
from markdown_it import MarkdownIt
from mdit_py_plugins.anchors import anchors_plugin

from .. import __version__
from ..errors import HubscopeError, ReportError, nearest
from .bindings import Binder, Bound
from .blocks import Block, build, validate
from .sections import appendix

if TYPE_CHECKING:
    from ..store import Store

HERE = Path(str(resources.files("hubscope.report")))
BUNDLED = HERE / "bundled" / "japan-ai-hub.md"


def bundled(lang: str = "en") -> Path:
    """The bundled report written in ``lang`` (the Japanese one is the team's own text, not a translation tool's)."""
    ja = BUNDLED.with_name("japan-ai-hub.ja.md")
    return ja if lang == "ja" and ja.exists() else BUNDLED

FUNCTIONS = ("value", "ratio", "name", "period", "indicator")
CREDIT = re.compile(r"^proposal #(?P<n>\d+) by .+?, accepted by (?P<editor>[^:]+)")
LABELS = {
    "en": {
        "contents": "Contents",
        "references": "References",
        "asof": "Data as of",
        "rendered": "rendered",
        "changes": "What changed since the last render",
        "review": "Figures to review",
        "none": "No figure changed.",
        "credits": "Figures contributed",
        "credit": "contributed by {author}, accepted by {editor} (proposal #{n})",
    },
    "ja": {
        "contents": "目次",
        "references": "参考文献",
        "asof": "データ時点",
        "rendered": "作成日",
        "changes": "前回からの変更",
        "review": "確認が必要な数値",
        "none": "変更された数値はありません。",
        "credits": "寄稿された数値",
        "credit": "{author} による提案 (#{n})、{editor} が承認",
    },
}
ALLOWED = {
    "h1",
    "h2",
    "h3",
    "h4",
    "p",
    "a",
    "sup",
    "span",
    "ul",
    "ol",
    "li",
    "strong",
    "em",
    "code",
    "pre",
    "blockquote",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "small",
    "hr",
    "br",
    "caption",
}
ATTRS = {"*": {"id", "class", "title"}, "a": {"href"}, "span": {"data-key"}, "th": {"scope"}}
_FENCE = re.compile(r"^```(chart|table|claims|index|policy)\s*$")
_EXPR = re.compile(r"\{\{(.*?)\}\}")


@dataclass
class Rendered:
    """What a render produced: its outputs, its manifest and what changed since the last one."""

    html: Path | None
    pdf: Path | None
    manifest: list[Bound]
    changes: list[dict]
    charts: int
    citations: int


def render(
    source: Path | str | None = None,
    html: Path | str | None = None,
    pdf: Path | str | None = None,
    store: Store | None = None,
    lang: str = "en",
    today: date | None = None,
    max_age_years: float = 3.0,
    manifest: Path | str | None = None,
    progress: Callable[[str, int, int], None] | None = None,
) -> Rendered:
    """Render ``source`` (the bundled report by default) to ``html`` and/or ``pdf``.

    ``progress(stage, done, total)`` hears each step: binding, HTML, PDF layout, PDF writing.

    Every binding is resolved before anything is written; on any error nothing is left behind.
    The manifest of bound values (``manifest``, default beside the first output) is compared with
    the previous render's to list what changed.
    """
    from ..store import open as open_store

    src = Path(source) if source else bundled(lang)
    store = store or open_store()
    store.require_initialised()
    if lang not in LABELS:
        raise HubscopeError(f"unknown language {lang!r}; expected en or ja")
    steps = 1 + bool(html) + 2 * bool(pdf)

    def step(done: int) -> None:
        if progress:
            progress("rendering the report", done, steps)

    step(0)
    binder = Binder(store, lang=lang, today=today or date.today(), max_age_years=max_age_years)
    text = _read(src) + (appendix(store) if source is None else "")
    body_md, blocks = _resolve(text, src, binder)
    step(1)
    body, toc, title = _markdown(body_md, blocks, lang)
    outputs = [Path(p) for p in (html, pdf) if p]
    manifest_path = (
        Path(manifest)
        if manifest
        else (outputs[0].with_suffix(outputs[0].suffix + ".manifest.json") if outputs else None)
    )
    previous = _load_manifest(manifest_path)
    changes = diff(previous, binder.manifest, store) if previous is not None else []
    # the contents list goes under the title
    body = body.replace("</h1>", "</h1>" + toc, 1) if "</h1>" in body else toc + body
    parts = dict(
        toc="",
        body=body,
        title=title,
        lang=lang,
        labels=LABELS[lang],
        version=__version__,
        asof=_asof(binder, lang),
        changes=_changes_html(changes, previous is not None, lang),
        review=_review_html(binder.manifest, lang),
        references=_references(binder),
        credits=_credits_html(binder.manifest, lang),
    )
    if html:
        _write(Path(html), _page(parts, blocks, interactive=True))
        step(2)
    if pdf:
        _write_pdf(Path(pdf), _page(parts, blocks, interactive=False), src, lambda: step(steps - 1))
        step(steps)
    if manifest_path:
        _write(
            manifest_path,
            json.dumps(
                {
                    "report": str(src),
                    "rendered": datetime.now().isoformat(timespec="seconds"),
                    "values": [asdict(b) for b in binder.manifest],
                },
                ensure_ascii=False,
                indent=1,
                default=str,
            ),
        )
    return Rendered(
        Path(html) if html else None,
        Path(pdf) if pdf else None,
        binder.manifest,
        changes,
        sum(1 for b in blocks.values() if b.kind == "chart"),
        len(binder.citations),
    )


def _read(src: Path) -> str:
    try:
        return src.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ReportError(str(src), 0, 0, "no such report file") from None
    except UnicodeDecodeError as exc:
        raise ReportError(str(src), 1, exc.start, "not valid UTF-8") from None


class _BoundedEnvironment(SandboxedEnvironment):
    """The sandbox, with arithmetic bounded: ``9**(9**8)`` or ``"x" * 10**9`` would take minutes
    or gigabytes, and a binding is one figure in a sentence."""

    intercepted_binops = frozenset({"**", "*"})
    MAX_RESULT = 100_000

    def call_binop(self, context, operator, left, right):
        from jinja2.exceptions import SecurityError

        if operator == "**":
            if not isinstance(left, int | float) or not isinstance(right, int | float) or abs(right) > 64 or (
                abs(left) > 1e6
            ):
                raise SecurityError("a power in a binding is limited to exponents up to 64 and bases up to 1e6")
        elif operator == "*":
            seq, times = (left, right) if isinstance(left, str | list | tuple) else (right, left)
            if isinstance(seq, str | list | tuple) and isinstance(times, int) and len(seq) * times > self.MAX_RESULT:
                raise SecurityError(f"a repetition in a binding is limited to {self.MAX_RESULT:,} items")
        return super().call_binop(context, operator, left, right)


def _resolve(text: str, src: Path, b: Binder) -> tuple[str, dict[int, Block]]:
    """Evaluate bindings and build blocks in document order (so citations number in reading order)."""
    # Sandboxed: contributed sections are evaluated too, and their authors are not trusted.
    env = _BoundedEnvironment(undefined=jinja2.StrictUndefined, autoescape=False)
    funcs = {"value": b.value, "ratio": b.ratio, "name": b.name, "period": b.period, "indicator": b.indicator_name}
    lines, out = text.splitlines(), []
    blocks: dict[int, Block] = {}
    i, in_code = 0, False
    while i < len(lines):
        line = lines[i]
        fence = _FENCE.match(line)
        if fence and not in_code:
            end = next((j for j in range(i + 1, len(lines)) if lines[j].strip() == "```"), None)
            if end is None:
                raise ReportError(str(src), i + 1, 1, f"```{fence.group(1)} block is never closed with ```")
            blocks[len(blocks)] = _block(fence.group(1), "\n".join(lines[i + 1 : end]), src, i + 1, b, len(blocks))
            out.append(f"\nHUBSCOPEBLOCK{len(blocks) - 1}\n")
            i = end + 1
            continue
        if line.startswith("```"):
            in_code = not in_code
        if not in_code:
            line = _expressions(line, i + 1, src, env, funcs)
        out.append(line)
        i += 1
    return "\n".join(out), blocks


def _expressions(line: str, n: int, src: Path, env, funcs) -> str:
    def one(m: re.Match) -> str:
        expr = m.group(1).strip()
        col = m.start() + 1
        call = re.match(r"(\w+)\s*\(", expr)
        if call and call.group(1) not in FUNCTIONS:
            hint = nearest(call.group(1), FUNCTIONS)
            raise ReportError(
                str(src),
                n,
                col,
                f"unknown function {call.group(1)!r}"
                + (f" (did you mean {hint!r}?)" if hint else "")
                + f"; expected {', '.join(FUNCTIONS)}",
            )
        try:
            result = env.compile_expression(expr, undefined_to_none=False)(**funcs)
            if callable(result):  # "{{ value }}" would print the function's repr, with the store's path
                raise ReportError(str(src), n, col, f"binding {{{{ {expr} }}}} names a function; call it, e.g. "
                                  "value('JPN', 'rd_expenditure_pct_gdp')")
            return str(result)
        except jinja2.TemplateError as exc:
            raise ReportError(str(src), n, col, f"binding {{{{ {expr} }}}} is not a valid expression: {exc}") from None
        except HubscopeError as exc:
            raise ReportError(str(src), n, col, f"binding {{{{ {expr} }}}}: {exc}") from None
        except TypeError as exc:
            raise ReportError(str(src), n, col, f"binding {{{{ {expr} }}}}: {exc}") from None

    return _EXPR.sub(one, line)


def _block(kind: str, body: str, src: Path, line: int, b: Binder, n: int) -> Block:
    try:
        spec = yaml.safe_load(body)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        raise ReportError(
            str(src),
            line + 1 + (mark.line if mark else 0),
            (mark.column + 1) if mark else 1,
            f"malformed {kind} YAML: {exc.problem}",
        ) from None
    try:
        return build(kind, validate(kind, spec), b, n)
    except ValueError as exc:
        raise ReportError(str(src), line, 1, f"{kind} block: {exc}") from None
    except HubscopeError as exc:
        raise ReportError(str(src), line, 1, f"{kind} block: {exc}") from None


def _markdown(md_text: str, blocks: dict[int, Block], lang: str) -> tuple[str, str, str]:
    md = MarkdownIt("commonmark", {"html": True}).enable("table").use(anchors_plugin, min_level=1, max_level=3)
    tokens = md.parse(md_text)
    heads, title = [], "Report"
    for i, t in enumerate(tokens):
        if t.type == "heading_open":
            label = re.sub(r"<[^>]+>", "", tokens[i + 1].content)
            if t.tag == "h1" and title == "Report":
                title = label
            elif t.tag in ("h2", "h3"):
                heads.append((t.tag, str(t.attrs.get("id", "")), label))
    html = nh3.clean(
        md.renderer.render(tokens, md.options, {}),
        tags=ALLOWED,
        attributes=ATTRS,
        link_rel="noopener noreferrer",
        url_schemes={"http", "https", "mailto"},
    )
    for n, block in blocks.items():
        html = html.replace(f"<p>HUBSCOPEBLOCK{n}</p>", block.html)
    items = "".join(f'<li class="{tag}"><a href="#{escape(hid)}">{escape(label)}</a></li>' for tag, hid, label in heads)
    toc = f'<nav class="toc"><strong>{LABELS[lang]["contents"]}</strong><ol>{items}</ol></nav>'
    return html, toc, title


def web_body(store: Store, lang: str = "en", source: Path | str | None = None) -> tuple[str, str]:
    """The bundled report's body for a web page: no inline script (the page's CSP forbids it);
    charts are <div class="vega"> each holding its spec in a JSON script block (data-hubscope-spec),
    drawn by the site's own charts.js. Returns (title, html)."""
    src = Path(source) if source else bundled(lang)
    binder = Binder(store, lang=lang)
    body_md, blocks = _resolve(_read(src) + (appendix(store) if source is None else ""), src, binder)
    body, toc, title = _markdown(body_md, blocks, lang)
    body = body.replace("</h1>", "</h1>" + toc, 1)
    for n, b in blocks.items():
        if b.kind == "chart":
            spec = json.dumps(b.vega).replace("</", "<\\/")
            body = body.replace(
                f'<div class="vega" data-chart="{n}"></div>',
                f'<div class="vega" data-chart="{n}">'
                f'<script type="application/json" data-hubscope-spec>{spec}</script></div>',
            )
    refs = f'<h2 id="references">{LABELS[lang]["references"]}</h2><ol class="refs">{_references(binder)}</ol>'
    return title, f'<p class="muted">{_asof(binder, lang)}</p>{body}{refs}{_credits_html(binder.manifest, lang)}'


def _page(parts: dict, blocks: dict[int, Block], interactive: bool) -> str:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(HERE / "templates"), autoescape=False)
    body = parts["body"]
    scripts, specs = "", "{}"
    charts = {n: b for n, b in blocks.items() if b.kind == "chart"}
    if interactive:
        static = HERE / "static"
        scripts = "\n".join(
            (static / f).read_text(encoding="utf-8") for f in ("vega.min.js", "vega-lite.min.js", "vega-embed.min.js")
        )
        scripts = scripts.replace("</script", "<\\/script")
        specs = json.dumps({str(n): b.vega for n, b in charts.items()}).replace("</", "<\\/")
    else:
        import vl_convert as vlc

        for n, b in charts.items():
            svg = vlc.vegalite_to_svg(json.dumps(b.vega))
            body = body.replace(f'<div class="vega" data-chart="{n}"></div>', svg)
    return env.get_template("page.html").render(**{**parts, "body": body}, scripts=scripts, specs=specs)


def _write(path: Path, text: str) -> None:
    """Write atomically: a temporary file in the same directory, renamed into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        os.chmod(tmp, 0o644)  # mkstemp makes it private; a report is meant to be read
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _write_pdf(path: Path, page: str, src: Path, laid_out: Callable[[], None] | None = None) -> None:
    from weasyprint import HTML

    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    os.close(fd)
    try:
        document = HTML(string=page, base_url=str(src.parent)).render()  # the layout: most of the time
        if laid_out:
            laid_out()
        document.write_pdf(tmp)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _asof(b: Binder, lang: str) -> str:
    latest = max((m.revised_at for m in b.manifest if m.revised_at), default="")[:10]
    labels = LABELS[lang]
    return f"{labels['asof']} {latest or '—'} · {labels['rendered']} {b.today.isoformat()} · hubscope {__version__}"


def _references(b: Binder) -> str:
    items = []
    for sid, n in sorted(b.citations.items(), key=lambda kv: kv[1]):
        s = b.sources[sid]
        title = s.get("title") or s["publisher"]
        text = escape(s["publisher"]) + (f". {escape(title)}" if title and title != s["publisher"] else "")
        if s.get("vintage"):
            text += f" ({escape(str(s['vintage']))})"
        url = s.get("url")
        if url and str(url).startswith(("http://", "https://")):
            text += f'. <a href="{escape(url)}">{escape(url)}</a>'
        items.append(f'<li id="ref-{n}">{text}</li>')
    return "".join(items)


def _load_manifest(path: Path | None) -> list[dict] | None:
    if not path or not path.exists():
        return None
    try:
        return json.loads(path.read_text(encoding="utf-8"))["values"]
    except (json.JSONDecodeError, KeyError):
        return None


def diff(previous: list[dict], current: list[Bound], store: Store) -> list[dict]:
    """Figures that moved since the previous render, with why: new period, source, vintage or a
    revision (with its recorded reason)."""
    before = {p["key"]: p for p in previous}
    out, seen = [], set()
    for b in current:
        p = before.get(b.key)
        cell = (b.entity, b.indicator, b.period, b.source)
        if cell in seen:
            continue  # the same figure bound in several places changes once
        seen.add(cell)
        if p is None or (p["display"] == b.display and p["revision"] == b.revision and p["period"] == b.period):
            continue
        if p["period"] != b.period:
            why = f"newer data: {p['period']} → {b.period}"
        elif p["source"] != b.source:
            why = f"new source: {p['publisher']} → {b.publisher}"
        elif p.get("vintage") != b.vintage:
            why = f"new vintage: {p.get('vintage')} → {b.vintage}"
        else:
            why = ""
        if p["source"] == b.source and p["period"] == b.period and p["revision"] != b.revision:
            why = "; ".join(x for x in (why, f"revision {p['revision']} → {b.revision}: {_reason(store, b)}") if x)
        out.append(
            {
                "key": b.key,
                "entity": b.entity,
                "indicator": b.indicator,
                "old": p["display"],
                "new": b.display,
                "why": why,
            }
        )
    return out


def _reason(store: Store, b: Bound) -> str:
    h = store.history(b.entity, b.indicator, b.period, b.source)
    last = h[-1].revision if len(h) else None
    return last.reason if last else "revised"


def _changes_html(changes: list[dict], had_previous: bool, lang: str) -> str:
    if not had_previous:
        return ""
    labels = LABELS[lang]
    items = (
        "".join(
            f"<li><strong>{escape(c['entity'])} · {escape(c['indicator'])}</strong>: {escape(c['old'])} → "
            f"{escape(c['new'])} ({escape(c['why'])})</li>"
            for c in changes
        )
        or f"<li>{labels['none']}</li>"
    )
    return f'<h2 id="changes">{labels["changes"]}</h2><ul class="changes">{items}</ul>'


def _credits_html(manifest: list[Bound], lang: str) -> str:
    """Figures whose current value came from a contributor's accepted proposal, with the credit."""
    seen, items = set(), []
    for m in manifest:
        hit = CREDIT.match(m.reason or "")
        cell = (m.entity, m.indicator, m.period, m.source)
        if not hit or cell in seen:
            continue
        seen.add(cell)
        credit = LABELS[lang]["credit"].format(author=escape(m.author or ""), editor=escape(hit["editor"]), n=hit["n"])
        items.append(
            f"<li>{escape(m.entity)} · {escape(m.indicator)} ({escape(m.period)}): "
            f"<strong>{escape(m.display)}</strong>, {credit}</li>"
        )
    if not items:
        return ""
    return f'<h2 id="credits">{LABELS[lang]["credits"]}</h2><ul class="credits">{"".join(items)}</ul>'


def _review_html(manifest: list[Bound], lang: str) -> str:
    stale = {(m.entity, m.indicator, m.period): m for m in manifest if m.stale}
    if not stale:
        return ""
    items = "".join(
        f"<li>{escape(m.entity)} · {escape(m.indicator)} ({escape(m.period)}): {escape(m.stale or '')}</li>"
        for m in stale.values()
    )
    return f'<h2 id="review">{LABELS[lang]["review"]}</h2><ul>{items}</ul>'
