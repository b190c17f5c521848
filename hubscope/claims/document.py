"""Read a report (text, Markdown, HTML or PDF) into plain text, refusing what is not one."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from html.parser import HTMLParser
from io import BytesIO
from pathlib import Path
from typing import BinaryIO

from ..errors import HubscopeError

MAX_BYTES = 20 * 1024 * 1024  # a report, not a corpus


class DocumentError(HubscopeError):
    """A file the checker cannot read as a report."""


@dataclass(frozen=True)
class Document:
    """A report's text, where it came from and the date it gives for itself (if any)."""

    text: str
    name: str
    date: date | None
    lang: str  # "en" or "ja": the language most of its letters are in


class _Text(HTMLParser):
    """HTML to text: script and style dropped, block elements end lines."""

    BLOCKS = {"p", "div", "li", "br", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "section", "article", "td"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._skip += 1
        elif tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._skip = max(0, self._skip - 1)
        elif tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
_DATED = [
    re.compile(r"(?:last update[d]?|updated|published|date)\s*:?\s*(\d{1,2})\s+(" + MONTHS + r")\s+(\d{4})", re.I),
    re.compile(r"(?:last update[d]?|updated|published|date)\s*:?\s*(" + MONTHS + r")\s+(\d{1,2}),?\s+(\d{4})", re.I),
    re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日"),
]


def _latest_date_in(text: str) -> date | None:
    """The latest full date the text mentions: a report is no older than what it reports."""
    months = {m.lower(): i for i, m in enumerate(MONTHS.split("|"), start=1)}
    found = []
    for m in re.finditer(r"(" + MONTHS + r")\s+(\d{1,2}),\s*(\d{4})", text):
        found.append((int(m[3]), months[m[1].lower()], int(m[2])))
    for m in re.finditer(r"(\d{1,2})\s+(" + MONTHS + r")\s+(\d{4})", text):
        found.append((int(m[3]), months[m[2].lower()], int(m[1])))
    for m in re.finditer(r"(\d{4})年(\d{1,2})月(\d{1,2})日", text):
        found.append((int(m[1]), int(m[2]), int(m[3])))
    dates = []
    for y, mo, d in found:
        try:
            dates.append(date(y, mo, d))
        except ValueError:
            continue
    return max(dates) if dates else None


def _date(text: str) -> date | None:
    head = text[:3000]
    months = {m.lower(): i for i, m in enumerate(MONTHS.split("|"), start=1)}
    for n, pat in enumerate(_DATED):
        m = pat.search(head)
        if not m:
            continue
        try:
            if n == 0:
                return date(int(m[3]), months[m[2].lower()], int(m[1]))
            if n == 1:
                return date(int(m[3]), months[m[1].lower()], int(m[2]))
            return date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            continue
    return _latest_date_in(text)


def language(text: str) -> str:
    ja = len(re.findall(r"[\u3040-\u30ff\u4e00-\u9fff]", text))
    latin = len(re.findall(r"[A-Za-z]", text))
    return "ja" if ja > latin / 3 else "en"


def from_text(text: str, name: str = "<text>") -> Document:
    if not text.strip():
        raise DocumentError(f"{name}: the document is empty")
    return Document(text, name, _date(text), language(text))


def read_document(path: Path | str | bytes, name: str | None = None) -> Document:
    """Read a report file, or an upload's bytes (``name`` its file name), the same way: text,
    Markdown, HTML or PDF. Raise DocumentError with a clear reason when it cannot be one."""
    if isinstance(path, bytes):
        label = name or "<upload>"
        raw, suffix = _bounded(BytesIO(path), label), Path(label).suffix.lower()
    else:
        path = Path(path)
        label, suffix = str(path), path.suffix.lower()
        if not path.exists():
            raise DocumentError(f"{path}: no such file")
        if path.is_dir():
            raise DocumentError(f"{path}: a directory; give one report file")
        if not path.is_file():  # /dev/zero, a FIFO: its size says nothing, so it is not read at all
            raise DocumentError(f"{path}: not a regular file; give a text, Markdown, HTML or PDF file")
        with path.open("rb") as f:
            raw = _bounded(f, str(path))
    if not raw.strip():
        raise DocumentError(f"{label}: the file is empty")
    if raw.startswith(b"%PDF"):
        return from_text(_pdf_text(raw, label), label)
    if b"\x00" in raw[:8192]:
        raise DocumentError(f"{label}: a binary file, not text, Markdown, HTML or PDF")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DocumentError(f"{label}: not valid UTF-8 (byte {exc.start}); save it as UTF-8") from None
    if suffix in (".html", ".htm") or re.match(r"\s*<(!doctype|html)", text, re.I):
        parser = _Text()
        parser.feed(text)
        text = re.sub(r"\n{3,}", "\n\n", "".join(parser.parts))
    return from_text(text, label)


def _bounded(stream: BinaryIO, name: str) -> bytes:
    """At most MAX_BYTES from ``stream``; a longer input is refused, never read to its end."""
    raw = stream.read(MAX_BYTES + 1)
    if len(raw) > MAX_BYTES:
        raise DocumentError(f"{name}: larger than the {MAX_BYTES // 2**20} MB a report may be; split it into parts")
    return raw


def read_stream(stream: BinaryIO, name: str = "<stdin>") -> Document:
    """Read a report from a byte stream (standard input), with the same size limit as a file."""
    raw = _bounded(stream, name)
    try:
        return from_text(raw.decode("utf-8-sig"), name)
    except UnicodeDecodeError as exc:
        raise DocumentError(f"{name}: not valid UTF-8 (byte {exc.start})") from None


MAX_PDF_PAGES = 2000


def _pdf_text(raw: bytes, path: str) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(BytesIO(raw))
        if len(reader.pages) > MAX_PDF_PAGES:
            raise DocumentError(f"{path}: {len(reader.pages):,} pages; a report has at most {MAX_PDF_PAGES:,}")
        text = "\n\n".join(page.extract_text() or "" for page in reader.pages)
    except DocumentError:
        raise
    except PdfReadError as exc:
        raise DocumentError(f"{path}: a damaged PDF ({exc})") from None
    except Exception as exc:  # crafted PDFs make pypdf raise almost anything (RecursionError, TypeError...)
        raise DocumentError(f"{path}: a damaged or unreadable PDF ({type(exc).__name__})") from None
    if not text.strip():
        raise DocumentError(f"{path}: the PDF has no text layer (scanned?); run OCR first")
    return text
