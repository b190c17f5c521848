"""The data package layout: one Table Schema per CSV file, shared by reader and writer."""

from __future__ import annotations

from ..model import ENTITY_TYPES, PRICE_BASES, QUALIFIERS
from ..provenance import METHODS, STATUSES


def _f(name: str, type_: str = "string", required: bool = False, enum=None, desc: str = "") -> dict:
    field: dict = {"name": name, "type": type_}
    if desc:
        field["description"] = desc
    constraints: dict = {}
    if required:
        constraints["required"] = True
    if enum:
        constraints["enum"] = list(enum)
    if constraints:
        field["constraints"] = constraints
    return field


_VALUE_FIELDS = [
    _f("value", "number", desc="The figure in `unit`; empty for ranges and qualitative facts"),
    _f("lower", "number", desc="Lower bound of a range or bound"),
    _f("upper", "number", desc="Upper bound of a range or bound"),
    _f("value_text", desc="A qualitative fact (a date, a name, a description)"),
    _f("qualifier", required=True, enum=QUALIFIERS),
    _f("unit", required=True, desc="A pint unit expression (see hubscope.units), or date/text"),
    _f("price_basis", enum=PRICE_BASES, desc="For money: nominal, ppp or constant prices"),
    _f("rank_of", "integer", desc="For ranks: how many were ranked"),
]
_PROVENANCE_FIELDS = [
    _f("vintage", desc="The edition of the source the value was read from"),
    _f("method", required=True, enum=METHODS),
    _f("status", required=True, enum=STATUSES),
    _f("note"),
]
_KEY = [
    _f("entity", required=True),
    _f("indicator", required=True),
    _f("period", required=True, desc="YYYY, FYYYYY, YYYYH1, YYYYQ1, YYYY-MM, YYYY-MM-DD or A/B"),
    _f("source", required=True),
]

RESOURCES: dict[str, dict] = {
    "entities": {
        "fields": [
            _f("id", required=True),
            _f("type", required=True, enum=ENTITY_TYPES),
            _f("name_en", required=True),
            _f("name_ja"),
            _f("iso2"),
            _f("parent"),
            _f("aliases", desc="Other names, separated by |"),
        ],
        "primaryKey": ["id"],
    },
    "indicators": {
        "fields": [
            _f("id", required=True),
            _f("name_en", required=True),
            _f("name_ja"),
            _f("unit", required=True),
            _f("pillar", required=True),
            _f("higher_is_better", "boolean"),
            _f("definition", required=True),
        ],
        "primaryKey": ["id"],
    },
    "sources": {
        "fields": [
            _f("id", required=True),
            _f("publisher", required=True),
            _f("title", required=True),
            _f("url"),
            _f("published"),
            _f("accessed"),
            _f("licence"),
            _f("note"),
            _f("priority", "integer", desc="Lower is preferred when sources give the same cell"),
        ],
        "primaryKey": ["id"],
    },
    "observations": {
        "fields": _KEY
        + _VALUE_FIELDS
        + _PROVENANCE_FIELDS
        + [_f("revision", "integer", desc="The number of the current revision")],
        "primaryKey": ["entity", "indicator", "period", "source"],
    },
    "revisions": {
        "fields": _KEY
        + [_f("revision", "integer", required=True)]
        + _VALUE_FIELDS
        + _PROVENANCE_FIELDS
        + [_f("created_at", "datetime", required=True), _f("author", required=True), _f("reason", required=True)],
        "primaryKey": ["entity", "indicator", "period", "source", "revision"],
    },
}

FOREIGN_KEYS = {
    "observations": [
        {"fields": "entity", "reference": {"resource": "entities", "fields": "id"}},
        {"fields": "indicator", "reference": {"resource": "indicators", "fields": "id"}},
        {"fields": "source", "reference": {"resource": "sources", "fields": "id"}},
    ],
}

ORDER = ("entities", "indicators", "sources", "observations", "revisions")


def table_schema(name: str) -> dict:
    schema = {"fields": RESOURCES[name]["fields"], "primaryKey": RESOURCES[name]["primaryKey"], "missingValues": [""]}
    if name in FOREIGN_KEYS:
        schema["foreignKeys"] = FOREIGN_KEYS[name]
    return schema


def field_names(name: str) -> list[str]:
    return [f["name"] for f in RESOURCES[name]["fields"]]
