"""Load and validate the bundled catalog YAML."""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import pycountry
import yaml
from babel import Locale

from .. import _yaml
from ..errors import CatalogError, UnknownEntity, UnknownIndicator
from ..model import Entity, Indicator
from ..units import NON_QUANTITY, UnitError, check_unit

HERE = Path(str(resources.files("hubscope.catalog")))


@dataclass(frozen=True)
class Pillar:
    id: str
    name_en: str
    name_ja: str


def _read(name: str, directory: Path) -> Any:  # YAML checked against its JSON Schema
    path = directory / f"{name}.yml"
    try:
        data = _yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise CatalogError(f"{path}: not valid YAML: {exc}") from None
    schema = json.loads((HERE / "schemas" / f"{name}.schema.json").read_text(encoding="utf-8"))
    try:
        jsonschema.validate(data, schema)
    except jsonschema.ValidationError as exc:
        where = "/".join(str(p) for p in exc.absolute_path)
        raise CatalogError(f"{path}: at {where or 'top level'}: {exc.message}") from None
    return data


def fold_name(name: str) -> str:
    """Normalise a name for alias lookup: NFKC, case-folded, dots and spaces dropped."""
    return unicodedata.normalize("NFKC", name).casefold().replace(".", "").replace(" ", "")


def _country(item: dict, ja: Locale) -> Entity:
    c = pycountry.countries.get(alpha_3=item["id"])
    if c is None:
        raise CatalogError(f"entities.yml: {item['id']!r} is not an ISO 3166 alpha-3 code")
    name = getattr(c, "common_name", None) or c.name
    aliases = {c.name, c.alpha_2, *(item.get("aliases") or [])}
    if getattr(c, "official_name", None):
        aliases.add(c.official_name)
    return Entity(
        id=c.alpha_3,
        type="country",
        name_en=name,
        name_ja=ja.territories.get(c.alpha_2),
        iso2=c.alpha_2,
        aliases=tuple(sorted(aliases - {name})),
    )


class Catalog:
    """Entities, indicators and pillars, with name resolution."""

    def __init__(
        self,
        entities: list[Entity],
        indicators: list[Indicator],
        pillars: list[Pillar],
        default_peers: tuple[str, ...] = (),
    ):
        self.default_peers = default_peers
        self.entities = {e.id: e for e in entities}
        self.indicators = {i.id: i for i in indicators}
        self.pillars = {p.id: p for p in pillars}
        self._names: dict[str, str] = {}
        for e in entities:
            for name in (e.id, e.name_en, e.name_ja, e.iso2, *e.aliases):
                if name:
                    self._names.setdefault(fold_name(name), e.id)

    def resolve_entity(self, name: str) -> str:
        """Return the entity id for an id, name or alias in English or Japanese."""
        hit = self._names.get(fold_name(name))
        if hit is None:
            raise UnknownEntity(name, list(self.entities))
        return hit

    def indicator(self, name: str) -> Indicator:
        """Return the indicator with this id."""
        try:
            return self.indicators[name]
        except KeyError:
            raise UnknownIndicator(name, list(self.indicators)) from None


def _check(entities: list[Entity], indicators: list[Indicator], pillars: list[Pillar], units: bool = True) -> None:
    ids = {e.id for e in entities}
    for e in entities:
        if e.parent and e.parent not in ids:
            raise CatalogError(f"entities.yml: {e.id}: parent {e.parent!r} is not an entity")
    pillar_ids = {p.id for p in pillars}
    for i in indicators:
        if i.pillar not in pillar_ids:
            raise CatalogError(f"indicators.yml: {i.id}: unknown pillar {i.pillar!r}")
        if units and i.unit not in NON_QUANTITY:
            try:
                check_unit(i.unit.replace("LCU", "USD"))
            except UnitError as exc:
                raise CatalogError(f"indicators.yml: {i.id}: {exc}") from None
    for kind, items in (("entity", entities), ("indicator", indicators)):
        seen: set[str] = set()
        for item in items:
            if item.id in seen:
                raise CatalogError(f"duplicate {kind} id {item.id!r}")
            seen.add(item.id)


def load_catalog(directory: Path | None = None) -> Catalog:
    """Read, validate and cross-check the catalog (the bundled one unless ``directory``)."""
    if directory is None:
        return _bundled()
    return _load(Path(directory))


@lru_cache(maxsize=1)
def _bundled() -> Catalog:
    # The bundled units are checked by the test suite (tests/test_catalog.py): checking them here
    # would load pint's registry, a quarter of a second, on every command that opens a store.
    return _load(HERE, units=False)


def _load(directory: Path, units: bool = True) -> Catalog:
    ja = Locale("ja")
    raw_entities = _read("entities", directory)
    entities = [_country(item, ja) for item in raw_entities["countries"]]
    entities += [
        Entity(
            id=o["id"],
            type=o["type"],
            name_en=o["name_en"],
            name_ja=o["name_ja"],
            parent=o.get("parent"),
            aliases=tuple(o.get("aliases") or ()),
        )
        for o in raw_entities["others"]
    ]
    indicators = [Indicator(**i) for i in _read("indicators", directory)]
    pillars = [Pillar(**p) for p in _read("pillars", directory)]
    _check(entities, indicators, pillars, units)
    peers = tuple(raw_entities.get("default_peers") or ())
    for p in peers:
        if p not in {e.id for e in entities}:
            raise CatalogError(f"entities.yml: default peer {p!r} is not an entity")
    return Catalog(entities, indicators, pillars, peers)
