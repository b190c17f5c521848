"""The compare page's pickers: entities and indicators by name in the page's language, and the
ids a URL gives checked against the catalog, each error naming its parameter and what was expected."""

from __future__ import annotations

from collections.abc import Iterable

from ..catalog import Catalog
from ..errors import InvalidOption, UnknownName, nearest
from ..metrics import derived_catalog

TYPES = ("country", "bloc", "region", "city", "cluster", "organisation")


def split(values: Iterable[str]) -> list[str]:
    """Repeated parameters and comma-separated lists alike, in order, each id once.

    >>> split(["JPN,USA", " KOR ", "JPN", ""])
    ['JPN', 'USA', 'KOR']
    """
    return list(dict.fromkeys(x.strip() for v in values for x in v.split(",") if x.strip()))


def entities(catalog: Catalog, given: list[str]) -> list[str]:
    """Entity ids for ids, names or aliases; an unknown one is an InvalidOption for ``entities``."""
    out = []
    for name in given:
        try:
            out.append(catalog.resolve_entity(name))
        except UnknownName as exc:
            hint = f" (did you mean {exc.suggestion!r}?)" if exc.suggestion else ""
            raise InvalidOption(
                f"entities: unknown entity {name[:40]!r}{hint}; "
                "expected entity ids such as JPN or USA (listed at /entities)"
            ) from None
    return list(dict.fromkeys(out))


def comparable(catalog: Catalog) -> list[str]:
    """Indicators that hold numbers: stored ones (not text or dates), then derived ones."""
    return [i.id for i in catalog.indicators.values() if i.unit not in ("text", "date")] + list(derived_catalog())


def indicators(catalog: Catalog, given: list[str]) -> list[str]:
    """The indicator ids, each checked; an unknown one is an InvalidOption for ``indicators``."""
    known = comparable(catalog)
    for name in given:
        if name not in known:
            close = nearest(name, known)
            hint = f" (did you mean {close!r}?)" if close else ""
            raise InvalidOption(
                f"indicators: unknown indicator {name[:60]!r}{hint}; expected indicator ids (listed at /indicators)"
            )
    return given


def entity_groups(catalog: Catalog, lang: str) -> list[tuple[str, list[tuple[str, str]]]]:
    """(type, [(id, name)]) for the entity picker, countries first, names in ``lang``."""
    def name(e) -> str:
        return e.name_ja if lang == "ja" and e.name_ja else e.name_en

    groups = []
    for t in TYPES:
        members = sorted((e for e in catalog.entities.values() if e.type == t), key=name)
        if members:
            groups.append((t, [(e.id, name(e)) for e in members]))
    return groups


def indicator_groups(catalog: Catalog, lang: str) -> list[tuple[str, list[tuple[str, str]]]]:
    """(pillar name, [(id, name)]) for the indicator picker, in the catalog's order, names in ``lang``."""
    derived = derived_catalog()
    by_pillar: dict[str, list[tuple[str, str]]] = {}
    for iid in comparable(catalog):
        meta = catalog.indicators.get(iid) or derived[iid]
        shown = meta.name_ja if lang == "ja" and meta.name_ja else meta.name_en
        by_pillar.setdefault(meta.pillar, []).append((iid, shown))
    pillars = catalog.pillars
    return [
        ((pillars[p].name_ja if lang == "ja" else pillars[p].name_en) if p in pillars else p, items)
        for p, items in by_pillar.items()
    ]
