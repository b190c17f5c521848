"""check(): read, extract, link and judge; the result is data for the CLI, HTML and JSON."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .consistency import inconsistencies
from .document import Document
from .extract import extract
from .judge import SEVERITY, Judge
from .model import VERDICTS, Verdict
from .reasons import say

if TYPE_CHECKING:
    from ..store import Store

SCHEMA_VERSION = "1.0"


@dataclass
class Report:
    """Every claim's verdict, with a summary."""

    document: Document
    verdicts: list[Verdict]
    not_checked: int = 0  # claims past the caller's budget (the web checks at most a few thousand)

    @property
    def counts(self) -> dict[str, int]:
        c = Counter(v.verdict for v in self.verdicts)
        return {k: c.get(k, 0) for k in VERDICTS}

    def worth_a_look(self, n: int = 5) -> list[Verdict]:
        """The claims a human should read first: the worst verdicts we are surest about."""
        return sorted(self.verdicts, key=lambda v: (SEVERITY[v.verdict], -v.confidence))[:n]

    def to_dict(self, lang: str = "en") -> dict[str, Any]:
        """JSON-ready; ``reason`` is in ``lang``, ``reason_en`` and ``reason_ja`` beside it."""
        return {
            "schema": SCHEMA_VERSION,
            "document": {
                "name": self.document.name,
                "lang": self.document.lang,
                "date": self.document.date.isoformat() if self.document.date else None,
            },
            "summary": {
                "claims": len(self.verdicts),
                "verdicts": self.counts,
                "worth_a_look": [v.claim.id for v in self.worth_a_look()],
                "not_checked": self.not_checked,
            },
            "claims": [_flat(v, lang) for v in self.verdicts],
        }


def _flat(v: Verdict, lang: str = "en") -> dict[str, Any]:
    d = v.to_dict()
    claim = d.pop("claim")
    d["reason_en"], d["reason"] = d["reason"], v.reason_in(lang)
    return {**claim, "indicator": d.pop("indicator"), **d}


def check(store: Store, doc: Document, max_claims: int | None = None) -> Report:
    """Judge every numeric claim in ``doc`` against ``store`` (the first ``max_claims``, if given)."""
    claims = extract(doc)
    skipped = max(0, len(claims) - max_claims) if max_claims is not None else 0
    if skipped:
        claims = claims[:max_claims]
    judge = Judge(store, [e for c in claims for e in (c.entity, *c.other_entities) if e])
    verdicts = {c.id: judge.judge(c) for c in claims}
    inconsistencies(claims, verdicts, judge)
    per_sentence = Counter(c.sentence for c in claims)
    for c in claims:
        if per_sentence[c.sentence] > 1:  # "3.4% ... 3.7%": each reason says which number it covers
            verdicts[c.id].say(say("covers", span=c.span), how="prepend")
    return Report(doc, [verdicts[c.id] for c in claims], skipped)
