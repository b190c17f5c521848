"""Claims and verdicts: results as data, rendered by the CLI, HTML and JSON."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .reasons import Part

VERDICTS = ("supported", "contradicted", "outdated", "mismatch", "inconsistent", "unverifiable")


@dataclass(frozen=True)
class Evidence:
    """A stored figure used to judge a claim."""

    entity: str
    indicator: str
    period: str
    value: float | None
    display: str
    unit: str
    status: str
    source: str
    publisher: str
    url: str | None
    vintage: str | None


@dataclass
class Claim:
    """A numeric claim: where it is, what it says, and what it is about."""

    id: str
    start: int
    end: int
    span: str
    sentence: str
    value: float | None
    lower: float | None
    upper: float | None
    unit: str
    qualifier: str
    rank_of: int | None
    decimals: int
    entity: str | None = None
    entity_how: str = ""  # "sentence", "paragraph", "document"
    entity_country: str | None = None  # an organisation's country: "org:Global Brain" is Japanese
    other_entities: list[str] = field(default_factory=list)  # comparisons: "8% of the US"
    indicators: list[str] = field(default_factory=list)
    period: str | None = None
    period_inferred: bool = False
    link_score: float = 0.0
    role: str = ""  # "from" or "to" in "from 10% to 1%"


@dataclass
class Verdict:
    """What the store says about a claim, with evidence, the arithmetic, confidence and a reason."""

    claim: Claim
    verdict: str
    reason: str
    confidence: float
    evidence: list[Evidence] = field(default_factory=list)
    arithmetic: str = ""
    newer: Evidence | None = None
    indicator: str | None = None
    parts: list[Part] = field(default_factory=list)  # reasons.Part: the reason, for any language

    def reason_in(self, lang: str = "en") -> str:
        """The reason in ``lang`` ("en" or "ja"); ``reason`` is the English text."""
        from .reasons import joined

        return joined(self.parts, lang) if self.parts and lang != "en" else self.reason

    def say(self, *parts: Part, how: str = "set") -> None:
        """Give the reason (``how``: "set", "append" or "prepend" to the present one)."""
        new = list(parts)
        self.parts = new if how == "set" else self.parts + new if how == "append" else new + self.parts
        self.reason = " ".join(p.text("en") for p in self.parts)

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d.pop("parts")
        d["claim"].pop("sentence", None)
        d["reason_ja"] = self.reason_in("ja")
        return d
