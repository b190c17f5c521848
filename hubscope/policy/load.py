"""Read policy records from YAML, checking everything before anything is written."""

from __future__ import annotations

import re
from datetime import date
from importlib import resources
from pathlib import Path

import jsonschema
import yaml

from .. import _yaml
from ..catalog import Catalog, load_catalog
from ..errors import PolicyError, Problem
from .model import PolicyRecord, field_choices, fields, schema

BUNDLED = Path(str(resources.files("hubscope.data"))) / "policy" / "ai-policies.yml"
_DATE = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$")


def _date_ok(text: object) -> bool:
    m = _DATE.match(str(text))
    if not m:
        return False
    y, mo, d = (int(g) if g else 1 for g in m.groups())
    try:
        date(y, mo, d)
    except ValueError:
        return False
    return True


def _values(raw: object) -> list[dict]:
    return raw if isinstance(raw, list) else [raw] if isinstance(raw, dict) else []


def check(doc: object, name: str, catalog: Catalog) -> list[Problem]:
    """Every problem in a policy document, each naming the file, record and field."""
    if not isinstance(doc, dict):
        return [Problem(name, None, None, "expected a mapping with 'sources' and 'records'")]
    problems: list[Problem] = []
    sources = doc.get("sources") or {}
    known = set(fields())
    choices = field_choices()
    for i, rec in enumerate(doc.get("records") or [], start=1):
        if not isinstance(rec, dict):
            problems.append(Problem(name, i, None, "expected a mapping"))
            continue
        rid = rec.get("id", f"#{i}")

        def bad(field: str | None, msg: str, rid: str = rid) -> None:
            problems.append(Problem(f"{name}, record {rid!r}", None, field, msg))

        j = rec.get("jurisdiction")
        if j is not None and j not in catalog.entities:
            bad("jurisdiction", f"{j!r} is not an entity in the catalog")
        for fname, raw in (rec.get("fields") or {}).items():
            if fname not in known:
                bad(fname, f"unknown field; expected one of {', '.join(sorted(known))}")
                continue
            for v in _values(raw):
                if "source" not in v:
                    bad(fname, "a value with no source; every value must cite one")
                elif v["source"] not in sources:
                    bad(fname, f"source {v['source']!r} is not defined under 'sources'")
                allowed = choices.get(fname)
                vals = v.get("value")
                for item in vals if isinstance(vals, list) else [vals]:
                    if allowed and item not in allowed:
                        bad(fname, f"{item!r} is not one of {', '.join(allowed)}")
        for e in rec.get("events") or []:
            if not isinstance(e, dict):
                continue
            what = f"events[{e.get('event', '?')}]"
            if "date" in e and not _date_ok(e["date"]):
                bad(what, f"date {e['date']!r} does not parse; expected YYYY-MM-DD, YYYY-MM or YYYY")
            if "source" not in e:
                bad(what, "an event with no source; every date must cite one")
            elif e["source"] not in sources:
                bad(what, f"source {e['source']!r} is not defined under 'sources'")
    if problems:
        return problems
    # What the targeted checks above do not cover (types, required keys), the schema catches.
    for err in jsonschema.Draft202012Validator(schema()).iter_errors(doc):
        path = list(err.absolute_path)
        rid = None
        if len(path) >= 2 and path[0] == "records" and isinstance(path[1], int):
            rid = (doc["records"][path[1]] or {}).get("id", f"#{path[1] + 1}")
        where = f"{name}, record {rid!r}" if rid else name
        field = "/".join(str(p) for p in path[2:]) or None
        problems.append(Problem(where, None, field, err.message))
    return problems


def parse(doc: dict) -> list[PolicyRecord]:
    """Build records from a document that ``check`` passed.

    A file record is a stored record's JSON with shorthands: sources shared by the file, a single
    value without a list, dates YAML may have read as dates. Expand them and reuse ``from_json``.
    """
    sources = {k: {"id": k, **v} for k, v in doc["sources"].items()}
    return [
        PolicyRecord.from_json(
            rec
            | {
                # schema order, so every record lists its fields alike
                "fields": {f: _values(rec["fields"][f]) for f in fields() if f in rec["fields"]},
                "events": sorted(({**e, "date": str(e["date"])} for e in rec["events"]), key=lambda e: e["date"]),
                "sources": sources,
            }
        )
        for rec in doc["records"]
    ]


def read_policies(path: Path | str = BUNDLED, catalog: Catalog | None = None) -> list[PolicyRecord]:
    """Read and validate a policy YAML file; raise PolicyError listing every problem."""
    path = Path(path)
    name = path.name
    try:
        doc = _yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise PolicyError([Problem(str(path), None, None, f"cannot read: {exc.strerror}")]) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        row = mark.line + 1 if mark else None
        raise PolicyError([Problem(name, None, None, f"not valid YAML (line {row}): {exc}")]) from None
    problems = check(doc, name, catalog or load_catalog())
    # a record without an id is reported by check(); only ids that are there can repeat
    ids = [r["id"] for r in (doc or {}).get("records") or [] if isinstance(r, dict) and isinstance(r.get("id"), str)]
    problems += [
        Problem(name, None, "id", f"duplicate record id {i!r}") for i in sorted({i for i in ids if ids.count(i) > 1})
    ]
    if problems:
        raise PolicyError(problems)
    return parse(doc)
