"""Index frameworks: YAML validated against a schema, every name checked against the catalogs."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import jsonschema
import yaml

from ..catalog import load_catalog
from ..catalog.loader import HERE
from ..errors import HubscopeError, nearest
from ..metrics import derived_catalog

BUNDLED = HERE / "index-ai-hub.yml"
PEERS = HERE / "index-ai-hub-peers.yml"  # the seed reports' twelve economies, every reference indicator


class FrameworkError(HubscopeError):
    """A framework file that cannot be used: names the file and line."""


@dataclass(frozen=True)
class Item:
    indicator: str
    pillar: str
    weight: float
    higher_is_better: bool
    fallback: tuple[str, ...] = ()  # stand-in indicators whose verified figures fill a gap first
    not_applicable: tuple[str, ...] = ()  # entities the indicator does not apply to
    not_applicable_rule: str = "frontier"  # how those cells are scored: frontier or reweight


@dataclass(frozen=True)
class Framework:
    name: str
    entities: tuple[str, ...]
    items: tuple[Item, ...]
    pillar_weights: dict[str, float]
    window_years: float = 6.0
    min_indicator_coverage: float = 0.4
    min_entity_coverage: float = 0.5
    path: str = "<framework>"


def _line_of(text: str, needle: str) -> int:
    for n, line in enumerate(text.splitlines(), start=1):
        if needle in line:
            return n
    return 1


def load_framework(path: Path | str | None = None) -> Framework:
    """Read and check a framework (the bundled AI-hub one by default)."""
    path = Path(path) if path else BUNDLED
    try:
        text = path.read_text(encoding="utf-8")
        data = yaml.safe_load(text)
    except FileNotFoundError:
        raise FrameworkError(f"{path}: no such framework file") from None
    except yaml.MarkedYAMLError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else 1
        raise FrameworkError(f"{path}:{line}: not valid YAML: {exc.problem}") from None
    schema = json.loads((HERE / "schemas" / "index.schema.json").read_text(encoding="utf-8"))
    try:
        jsonschema.validate(data, schema)
    except jsonschema.ValidationError as exc:
        where = "/".join(str(p) for p in exc.absolute_path)
        bad = str(exc.instance) if not isinstance(exc.instance, dict | list) else where.split("/")[-1]
        raise FrameworkError(f"{path}:{_line_of(text, bad)}: at {where or 'top level'}: {exc.message}") from None
    cat, derived = load_catalog(), derived_catalog()
    known = {
        **{i: v.higher_is_better for i, v in cat.indicators.items()},
        **{i: v.higher_is_better for i, v in derived.items()},
    }
    items = []
    for p in data["pillars"]:
        if p["id"] not in cat.pillars:
            hint = nearest(p["id"], cat.pillars)
            raise FrameworkError(
                f"{path}:{_line_of(text, p['id'])}: unknown pillar {p['id']!r}"
                + (f" (did you mean {hint!r}?)" if hint else "")
            )
        for it in p["indicators"]:
            ind = it["indicator"]
            if ind not in known:
                hint = nearest(ind, known)
                raise FrameworkError(
                    f"{path}:{_line_of(text, ind)}: unknown indicator {ind!r}"
                    + (f" (did you mean {hint!r}?)" if hint else "")
                )
            direction = it.get("direction")
            higher = known[ind] if direction is None else direction == "higher"
            if higher is None:
                raise FrameworkError(
                    f"{path}:{_line_of(text, ind)}: {ind} has no direction in the catalog; "
                    "give direction: higher or lower"
                )
            for alt in it.get("fallback", []):
                if alt not in known:
                    hint = nearest(alt, known)
                    raise FrameworkError(
                        f"{path}:{_line_of(text, alt)}: unknown indicator {alt!r}"
                        + (f" (did you mean {hint!r}?)" if hint else "")
                    )
            na = it.get("not_applicable", {})
            na_entities = []
            for e in na.get("entities", []):
                try:
                    na_entities.append(cat.resolve_entity(e))
                except HubscopeError as exc:
                    raise FrameworkError(f"{path}:{_line_of(text, e)}: {exc}") from None
            items.append(
                Item(
                    ind,
                    p["id"],
                    float(it.get("weight", 1.0)),
                    bool(higher),
                    tuple(it.get("fallback", [])),
                    tuple(na_entities),
                    str(na.get("rule", "frontier")),
                )
            )
    for e in data["entities"]:
        try:
            cat.resolve_entity(e)
        except HubscopeError as exc:
            raise FrameworkError(f"{path}:{_line_of(text, e)}: {exc}") from None
    cov = data.get("coverage", {})
    return Framework(
        data["name"],
        tuple(cat.resolve_entity(e) for e in data["entities"]),
        tuple(items),
        {p["id"]: float(p.get("weight", 1.0)) for p in data["pillars"]},
        float(data.get("window_years", 6)),
        float(cov.get("indicator", 0.4)),
        float(cov.get("entity", 0.5)),
        str(path),
    )
