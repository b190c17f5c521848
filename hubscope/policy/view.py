"""Policy records as people read them: words for codes, filters, matrix cells and a timeline.

>>> code("in_force"), code("in_force", "ja"), code("risk_based"), code("phase", kind="events")
('In force', '施行中', 'Risk-based', 'Phase applies')
>>> is_none("none (voluntary)"), is_none("nonetheless binding"), is_none("KRW 30 million")
(True, False, False)
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace
from functools import cache
from importlib import resources

from .. import _yaml
from ..errors import InvalidOption
from ..provenance import Source
from .model import PolicyRecord, field_choices

LABELS = resources.files("hubscope.policy") / "labels.yml"
FILTERS = ("status", "binding", "instrument_type")  # the fields a page can filter on
ENDINGS = ("revoked", "repealed", "lapsed")  # events after which an instrument no longer applies


@cache
def _labels() -> dict[str, dict[str, dict[str, str]]]:
    return _yaml.safe_load(LABELS.read_text(encoding="utf-8"))


def code(value: str, lang: str = "en", kind: str = "values") -> str:
    """The words for a code (``in_force`` → "In force" / 「施行中」); an unknown code is shown as is."""
    words = _labels()[kind].get(value)
    return words.get(lang, words["en"]) if words else value


def is_none(text: str) -> bool:
    """Whether a value says the instrument explicitly has none ("none (voluntary)")."""
    return text.strip().lower() == "none" or text.strip().lower().startswith(("none ", "none("))


def select(
    recs: list[PolicyRecord],
    *,
    status: str | None = None,
    binding: str | None = None,
    instrument_type: str | None = None,
    q: str | None = None,
) -> list[PolicyRecord]:
    """The records whose field equals each filter given, and that contain ``q`` (any case) in a
    title, a value or a note. A filter value outside the schema's list is an InvalidOption."""
    wanted = {"status": status, "binding": binding, "instrument_type": instrument_type}
    allowed = field_choices()
    for name, value in wanted.items():
        if value and value not in allowed[name]:
            raise InvalidOption(f"{name}={value[:40]!r} is not one of {', '.join(allowed[name])}")
    out = []
    needle = (q or "").strip().casefold()
    for r in recs:
        if any(v and v not in _codes(r, name) for name, v in wanted.items()):
            continue
        if needle and needle not in _haystack(r):
            continue
        out.append(r)
    return out


def _codes(rec: PolicyRecord, name: str) -> set[str]:
    vals = rec.fields.get(name, ())
    return {x for v in vals for x in (v.value if isinstance(v.value, tuple) else (v.value,))}


def _haystack(rec: PolicyRecord) -> str:
    words = [rec.id, rec.title_en, rec.title_ja or "", rec.short or ""]
    for name, vals in rec.fields.items():
        for v in vals:
            words += [v.text(), v.note or ""]
            if name in field_choices():
                words += [code(x, lang) for x in _codes(rec, name) for lang in ("en", "ja")]
    return " ".join(words).casefold()


@dataclass(frozen=True)
class Shown:
    """One source's value for a matrix cell: ``text`` is for people (codes in words)."""

    text: str
    source: Source
    status: str
    note: str | None
    data: bool  # free text from the source (in its own language), not a label of ours


@dataclass(frozen=True)
class Cell:
    """A matrix cell: ``value``, ``none`` (the instrument explicitly has none) or ``missing``
    (nothing recorded: we do not know)."""

    kind: str
    values: tuple[Shown, ...] = ()

    @property
    def conflict(self) -> bool:
        return len({v.text for v in self.values}) > 1


def cell(rec: PolicyRecord, name: str, lang: str = "en") -> Cell:
    """The cell for field ``name`` of ``rec``."""
    vals = rec.fields.get(name, ())
    if not vals:
        return Cell("missing")
    coded = name in field_choices()
    shown = tuple(
        Shown(
            text=", ".join(code(x, lang) for x in (v.value if isinstance(v.value, tuple) else (v.value,)))
            if coded
            else v.text(),
            source=v.source,
            status=v.status,
            note=v.note,
            data=not coded,
        )
        for v in vals
    )
    if all(is_none(v.text()) for v in vals):  # the page says "none" once; the rest is the source's gloss
        return Cell("none", tuple(replace(s, text=s.text.strip()[4:].strip()) for s in shown))
    return Cell("value", shown)


def conflict_words(what: str, lang: str = "en") -> str | None:
    """A conflict's subject in words when it is an event (``in_force (most provisions)`` → "In force
    (most provisions)"); None for a field, whose row label the page translates."""
    from .model import fields

    if what in fields():
        return None
    event, _, rest = what.partition(" ")
    return code(event, lang, "events") + (f" {rest}" if rest else "")


def ended(rec: PolicyRecord) -> tuple[str, str] | None:
    """How and when an instrument stopped applying (``("revoked", "2025-01-20")``), else None."""
    for kind in ENDINGS:
        dates = sorted({e.date for e in rec.events if e.event == kind})
        if dates:
            return kind, dates[0]
    status = _codes(rec, "status") & set(ENDINGS)
    return (sorted(status)[0], "") if status else None


@dataclass(frozen=True)
class Step:
    """One event of one instrument, shown once with every source that gives it. Where sources give
    other dates, ``others`` lists each date with its sources."""

    date: str
    record: PolicyRecord
    event: str
    label: str | None
    sources: tuple[Source, ...]
    notes: tuple[str, ...]
    unverified: bool
    others: tuple[tuple[str, tuple[Source, ...]], ...] = ()

    def record_json(self) -> dict:
        return {
            "date": self.date,
            "record": self.record.id,
            "jurisdiction": self.record.jurisdiction,
            "event": self.event,
            "label": self.label,
            "sources": [s.id for s in self.sources],
            "notes": list(self.notes),
            "unverified": self.unverified,
            "other_dates": [{"date": d, "sources": [s.id for s in srcs]} for d, srcs in self.others],
        }


def steps(recs: list[PolicyRecord]) -> list[Step]:
    """Every event once, oldest first, dated by the date most sources give (the earliest on a tie)."""
    out = []
    for r in recs:
        groups: dict[tuple[str, str], list] = {}
        for e in r.events:
            groups.setdefault(e.key, []).append(e)
        for (event, label), evs in groups.items():
            count = Counter(e.date for e in evs)
            date = min(count, key=lambda d: (-count[d], d))
            mine = [e for e in evs if e.date == date]
            others = tuple(
                (d, tuple(dict.fromkeys(e.source for e in evs if e.date == d))) for d in sorted(count) if d != date
            )
            out.append(
                Step(
                    date=date,
                    record=r,
                    event=event,
                    label=label or None,
                    sources=tuple(dict.fromkeys(e.source for e in mine)),
                    notes=tuple(dict.fromkeys(e.note for e in mine if e.note)),
                    unverified=all(e.status == "unverified" for e in mine),
                    others=others,
                )
            )
    return sorted(out, key=lambda s: (s.date, s.record.jurisdiction))


__all__ = ["Cell", "Shown", "Step", "cell", "code", "conflict_words", "ended", "is_none", "select", "steps"]
