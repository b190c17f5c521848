"""Policy records as typed objects: every field value and dated event carries its source."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from functools import cache
from importlib import resources

from ..provenance import Source

SCHEMA_PATH = resources.files("hubscope.catalog") / "schemas" / "policy.schema.json"


@cache
def schema() -> dict:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


@cache
def fields() -> tuple[str, ...]:
    """The comparable fields, in the schema's order (which is the matrix's row order)."""
    return tuple(schema()["properties"]["records"]["items"]["properties"]["fields"]["properties"])


@cache
def field_choices() -> dict[str, tuple[str, ...]]:
    """Fields whose values come from a closed list, and that list."""
    props = schema()["properties"]["records"]["items"]["properties"]["fields"]["properties"]
    return {k: tuple(v["x-enum"]) for k, v in props.items() if "x-enum" in v}


def label(name: str) -> str:
    """A field id as a row heading: ``max_fine`` → ``Max fine``."""
    return name.replace("_", " ").capitalize()


@dataclass(frozen=True)
class Value:
    """One source's value for one field."""

    value: str | tuple[str, ...]
    source: Source
    status: str = "verified"
    note: str | None = None

    def text(self) -> str:
        return ", ".join(self.value) if isinstance(self.value, tuple) else self.value


@dataclass(frozen=True)
class Event:
    """A dated step in an instrument's life: proposed, passed, in force, a phase, revoked..."""

    event: str
    date: str  # YYYY, YYYY-MM or YYYY-MM-DD, as precise as the source
    source: Source
    label: str | None = None
    status: str = "verified"
    note: str | None = None

    @property
    def key(self) -> tuple[str, str]:
        """Events with the same key describe the same step; different dates are a conflict."""
        return (self.event, self.label or "")


@dataclass(frozen=True)
class PolicyRecord:
    id: str
    jurisdiction: str
    title_en: str
    fields: dict[str, tuple[Value, ...]]
    events: tuple[Event, ...]
    title_ja: str | None = None
    short: str | None = None
    principal: bool = False

    @property
    def name(self) -> str:
        return self.short or self.title_en

    def value(self, name: str) -> str | None:
        """The field's value as text; where sources disagree, every value with its source."""
        vals = self.fields.get(name)
        if not vals:
            return None
        texts = list(dict.fromkeys(v.text() for v in vals))
        if len(texts) == 1:
            mark = " (unverified)" if all(v.status == "unverified" for v in vals) else ""
            return texts[0] + mark
        return " | ".join(f"{v.text()} [{v.source.id}]" for v in vals)

    def conflicts(self) -> list[dict]:
        """Fields and events on which sources disagree, each value with its source."""
        out = []
        for name, vals in self.fields.items():
            if len({v.text() for v in vals}) > 1:
                out.append(
                    {
                        "record": self.id,
                        "what": name,
                        "values": [{"value": v.text(), "source": v.source.id} for v in vals],
                    }
                )
        by_key: dict[tuple[str, str], list[Event]] = {}
        for e in self.events:
            by_key.setdefault(e.key, []).append(e)
        for (event, lab), evs in by_key.items():
            if len({e.date for e in evs}) > 1:
                what = f"{event} ({lab})" if lab else event
                out.append(
                    {"record": self.id, "what": what, "values": [{"value": e.date, "source": e.source.id} for e in evs]}
                )
        return out

    def key_date(self) -> tuple[str, str] | None:
        """The step a list shows: the latest event that has happened or is scheduled first."""
        order = ("revoked", "repealed", "lapsed", "in_force", "adopted", "promulgated", "passed", "proposed")
        for kind in order:
            dates = sorted({e.date for e in self.events if e.event == kind})
            if dates:
                return kind, dates[0]
        return None

    def sources(self) -> dict[str, Source]:
        found = {v.source.id: v.source for vals in self.fields.values() for v in vals}
        found.update({e.source.id: e.source for e in self.events})
        return dict(sorted(found.items()))

    def to_json(self) -> dict:
        """The record as a JSON document: what the store keeps, one per revision."""
        return {
            "id": self.id,
            "jurisdiction": self.jurisdiction,
            "title_en": self.title_en,
            "title_ja": self.title_ja,
            "short": self.short,
            "principal": self.principal,
            "fields": {k: [_value_json(v) for v in vals] for k, vals in self.fields.items()},
            "events": [_event_json(e) for e in self.events],
            "sources": {k: asdict(s) for k, s in self.sources().items()},
        }

    @classmethod
    def from_json(cls, doc: dict) -> PolicyRecord:
        srcs = {k: Source(**s) for k, s in doc["sources"].items()}
        return cls(
            id=doc["id"],
            jurisdiction=doc["jurisdiction"],
            title_en=doc["title_en"],
            title_ja=doc.get("title_ja"),
            short=doc.get("short"),
            principal=doc.get("principal", False),
            fields={
                k: tuple(
                    Value(
                        value=tuple(v["value"]) if isinstance(v["value"], list) else v["value"],
                        source=srcs[v["source"]],
                        status=v.get("status", "verified"),
                        note=v.get("note"),
                    )
                    for v in vals
                )
                for k, vals in doc["fields"].items()
            },
            events=tuple(
                Event(
                    event=e["event"],
                    date=e["date"],
                    source=srcs[e["source"]],
                    label=e.get("label"),
                    status=e.get("status", "verified"),
                    note=e.get("note"),
                )
                for e in doc["events"]
            ),
        )


def _value_json(v: Value) -> dict:
    out = {"value": list(v.value) if isinstance(v.value, tuple) else v.value, "source": v.source.id}
    return out | ({"status": v.status} if v.status != "verified" else {}) | ({"note": v.note} if v.note else {})


def _event_json(e: Event) -> dict:
    out = {"event": e.event, "date": e.date, "source": e.source.id}
    for k in ("label", "note"):
        if getattr(e, k):
            out[k] = getattr(e, k)
    return out | ({"status": e.status} if e.status != "verified" else {})


__all__ = ["Event", "PolicyRecord", "Value", "fields", "label"]
