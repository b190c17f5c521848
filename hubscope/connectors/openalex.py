"""OpenAlex: counts of works per author country and publication year, from the works API's group_by.

One request per year and series, followed through ``meta.next_cursor`` until a page has no groups
(OpenAlex gives a cursor even on its last page of groups), all kept in one snapshot or none.
"""

from __future__ import annotations

import json
from urllib.parse import quote

from ..errors import ConnectorError
from .base import Record
from .records import MappedConnector
from .snapshot import Snapshot

MAX_PAGES = 50  # 200 groups a page: far more than there are countries; a loop guard, not a limit


class OpenAlex(MappedConnector):
    """Works counted once per country of their authors (full counting), per publication year."""

    name = "openalex"
    source_prefix = "openalex-"
    reason_label = "OpenAlex"
    publisher = "OpenAlex (OurResearch)"
    mapping_name = "openalex"
    default_endpoint = "https://api.openalex.org"

    def url(self, rule, year: int, cursor: str = "*") -> str:
        q = rule.query
        return (
            f"{self.endpoint}/works?filter={quote(q['filter'])},publication_year:{year}"
            f"&group_by={q['group_by']}&per_page=200&cursor={quote(cursor)}"
        )

    def fetch(self, progress=None) -> Snapshot:
        """Every page of every year of every series; a missing or unreadable page writes nothing."""
        files: dict[str, bytes] = {}
        todo = [(rule, y) for rule in self.mapping.series.values() for y in _years(rule)]
        for i, (rule, year) in enumerate(todo):
            cursor: str | None = "*"
            for page in range(1, MAX_PAGES + 1):
                where = f"openalex {rule.series} {year} page {page}"
                body = self.get(self.url(rule, year, cursor or "*"), where)
                groups, cursor = parse_page(body, where)
                files[f"{rule.series}/{year}/page-{page}.json"] = body
                if not groups or not cursor:
                    break
            else:
                raise ConnectorError(f"openalex {rule.series} {year}: more than {MAX_PAGES} pages; nothing written")
            if progress:
                progress("openalex years", i + 1, len(todo))
        return self.keep(files, self.url(next(iter(self.mapping.series.values())), 0).replace(":0&", ":<year>&"))

    def read(self, snapshot: Snapshot) -> list[Record]:
        out = self.records()
        vintage = snapshot.retrieved[:10]  # OpenAlex states no edition date in a group_by answer
        for f in snapshot.files:
            series, year, page = f.path.split("/")
            rule = self.rule(series)
            groups, _ = parse_page(snapshot.read_bytes(f.path), f"openalex {series} {year} {page}")
            source = out.source(series, f"OpenAlex works: {series}", self.url(rule, int(year)), rule.note)
            for n, g in enumerate(groups, 1):
                where = f"{year}/{page} group {n}"
                key = str(g.get("key", "")).rstrip("/").rsplit("/", 1)[-1]
                if key.lower() == "unknown":  # works whose authors' country OpenAlex does not know
                    continue
                entity = out.country(key.upper(), f"openalex {series} {where}")
                if entity is not None:
                    out.add(rule, entity, year, g.get("count"), source, vintage, self.url(rule, int(year)), where)
        return out.items


def _years(rule) -> range:
    first, last = rule.query["years"]
    return range(int(first), int(last) + 1)


def parse_page(body: bytes, where: str) -> tuple[list[dict], str | None]:
    """A group_by page: its groups and the next cursor; anything else is a one-line error."""
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        raise ConnectorError(f"{where}: truncated or malformed JSON; nothing written") from None
    if isinstance(data, dict) and "error" in data:
        raise ConnectorError(f"{where}: the API answered with an error: {data.get('message') or data['error']}; "
                             "nothing written")
    if not (isinstance(data, dict) and isinstance(data.get("meta"), dict) and isinstance(data.get("group_by"), list)):
        raise ConnectorError(f"{where}: changed schema (expected meta and a group_by list); nothing written")
    if not all(isinstance(g, dict) and "key" in g and "count" in g for g in data["group_by"]):
        raise ConnectorError(f"{where}: changed schema (a group without key or count); nothing written")
    return data["group_by"], data["meta"].get("next_cursor")
