"""The claim checker: numbers in a report, linked to the store and judged with evidence."""

from .check import Report, check
from .document import Document, DocumentError, from_text, read_document, read_stream
from .model import VERDICTS, Claim, Evidence, Verdict

__all__ = [
    "VERDICTS",
    "Claim",
    "Document",
    "DocumentError",
    "Evidence",
    "Report",
    "Verdict",
    "check",
    "from_text",
    "read_document",
    "read_stream",
]
