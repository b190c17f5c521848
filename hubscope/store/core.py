"""The Store: opens a database, keeps figures with their provenance, never overwrites."""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path

import pandas as pd
import platformdirs
from sqlalchemy import Connection, create_engine, event, exc, func, insert, select
from sqlalchemy.engine import Engine

from ..catalog import Catalog, load_catalog
from ..catalog.loader import fold_name
from ..errors import (
    StaleEdit,
    StoreCorrupt,
    StoreError,
    StoreLocked,
    StoreNotInitialised,
    StoreReadOnly,
    UnitError,
    UnknownEntity,
    UnknownIndicator,
)
from ..figures import Cited, FigureSet
from ..model import Entity, Indicator, Observation
from ..provenance import Source
from ..units import fits
from . import queries
from . import schema as t

MIGRATIONS = Path(str(resources.files("hubscope.store"))) / "migrations"


def default_url() -> str:
    """The store's location: ``HUBSCOPE_DB`` (a path or a SQLAlchemy URL) or the data dir."""
    configured = os.environ.get("HUBSCOPE_DB")
    if configured and "://" in configured:
        return configured
    path = (
        Path(configured)
        if configured
        else (Path(platformdirs.user_data_dir("hubscope", appauthor=False)) / "hubscope.db")
    )
    return f"sqlite:///{path}"


@contextmanager
def guard(url: str) -> Iterator[None]:
    """Turn database failures into errors a person can act on."""
    try:
        yield
    except exc.DBAPIError as e:
        raise _translate(url, e) from None


def _translate(url: str, e: exc.DBAPIError) -> StoreError:
    msg = str(e.orig) if e.orig is not None else str(e)
    low = msg.lower()
    if "locked" in low or "busy" in low:
        return StoreLocked(f"store {url} is locked by another process; try again when it finishes")
    if "readonly" in low or "read-only" in low or "read only" in low:
        return StoreReadOnly(f"store {url} is read-only; check the file's permissions")
    if "not a database" in low or "malformed" in low or "corrupt" in low:
        return StoreCorrupt(
            f"store {url} is not a readable hubscope database ({msg}); "
            "restore it from a backup or remove it and run `hubscope init`"
        )
    if "unable to open" in low:
        return StoreError(f"cannot open store {url}: {msg}; check the directory exists and is writable")
    if "no such table" in low:
        return StoreNotInitialised(f"store {url} has no hubscope tables; run `hubscope init`")
    return StoreError(f"store {url}: {msg}")


def _sqlite_pragmas(dbapi_conn: sqlite3.Connection, _record: object) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=2000")
    cur.close()


class Store:
    """A sourced indicator store on SQLite (default) or any SQLAlchemy database."""

    def __init__(self, url: str | None = None, catalog: Catalog | None = None):
        self.url = url or default_url()
        self.catalog = catalog or load_catalog()
        # a plain file path gets its directory; a "file:...?mode=ro" URI names an existing file
        if self.url.startswith("sqlite:///") and self.url != "sqlite:///:memory:" and "sqlite:///file:" not in self.url:
            Path(self.url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
        self.engine: Engine = create_engine(self.url)
        # What messages and logs show: the URL with any password masked.
        self.public_url = self.engine.url.render_as_string(hide_password=True)
        if self.engine.dialect.name == "sqlite":
            event.listen(self.engine, "connect", _sqlite_pragmas)
        # The name cache is shared by the server's threads: a write bumps the generation, and names
        # read under an older generation are never kept (they may predate the write's commit).
        self._names: tuple[set[str], list[dict]] | None = None
        self._names_gen = 0
        self._names_lock = threading.Lock()
        self._initialising = False

    def __repr__(self) -> str:
        return f"<Store {self.public_url}>"

    # --- connections ----------------------------------------------------------------------
    @contextmanager
    def read(self) -> Iterator[Connection]:
        """A read connection; fails clearly when the store is missing or damaged."""
        with guard(self.public_url), self.engine.connect() as conn:
            yield conn

    @contextmanager
    def write(self) -> Iterator[Connection]:
        """One transaction: everything in it lands, or nothing does."""
        self._forget_names()  # what is stored may change: read the names afresh next time
        try:
            with guard(self.public_url), self.engine.begin() as conn:
                yield conn
        finally:
            self._forget_names()

    def _forget_names(self) -> None:
        with self._names_lock:
            self._names, self._names_gen = None, self._names_gen + 1

    def close(self) -> None:
        self.engine.dispose()

    # --- schema ---------------------------------------------------------------------------
    def schema_version(self) -> str | None:
        """The Alembic revision the tables are at, or None for an empty store. Read straight from
        ``alembic_version``: importing Alembic costs a quarter of a second on every command."""
        from sqlalchemy import inspect, text

        with self.read() as conn:
            if not inspect(conn).has_table("alembic_version"):
                return None
            rows = conn.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
        if len(rows) > 1:
            raise StoreError(f"store {self.public_url}: alembic_version holds {len(rows)} revisions; expected one")
        return str(rows[0]) if rows else None

    def migrate(self, target: str = "head", mark_pending: bool = False) -> None:
        """Create or upgrade the tables with Alembic (safe to run on a current store); with
        ``mark_pending``, mark init as under way in the same transaction."""
        from alembic import command
        from alembic.config import Config

        cfg = Config()
        cfg.set_main_option("script_location", str(MIGRATIONS))
        with self.write() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, target)
            if mark_pending:
                _set_pending(conn, True)

    def require_initialised(self) -> None:
        version = self.schema_version()
        if version is None:
            raise StoreNotInitialised(f"store {self.public_url} is empty; run `hubscope init` first")
        if self._initialising or version < "0003":  # init's own steps may write; no settings before 0003
            return
        with self.read() as conn:
            pending = conn.scalar(select(t.settings.c.key).where(t.settings.c.key == INIT_PENDING))
        if pending:
            raise StoreNotInitialised(
                f"store {self.public_url}: `hubscope init` did not finish (it was interrupted); "
                "run `hubscope init` again"
            )

    def init(self, bundled: bool = True, author: str = "hubscope", progress=None) -> dict:
        """Create the store, load the catalog and (by default) the bundled dataset.

        A mark written with the tables and removed by the last step makes a killed init read as
        not initialised (every read checks it), never as a store with the figures missing."""
        from .. import datapackage

        self.migrate(mark_pending=True)
        with self.write() as conn:
            self.sync_catalog(conn)
            if not bundled:
                _set_pending(conn, False)
        if not bundled:
            return {}
        from ..policy import read_policies, record_policies

        policies = read_policies(catalog=self.catalog)  # checked before the data is written
        self._initialising = True
        try:
            counts = datapackage.import_package(self, datapackage.BUNDLED, author=author, progress=progress)
            record_policies(self, policies, author=author, reason="bundled policy records")
        finally:
            self._initialising = False
        with self.write() as conn:
            _set_pending(conn, False)
        return counts

    def sync_catalog(self, conn: Connection) -> None:
        """Insert catalog entities and indicators the store does not have yet."""
        have_e = set(conn.scalars(select(t.entities.c.id)))
        have_i = set(conn.scalars(select(t.indicators.c.id)))
        new_e = [entity_row(e) for e in self.catalog.entities.values() if e.id not in have_e]
        new_i = [indicator_row(i) for i in self.catalog.indicators.values() if i.id not in have_i]
        if new_e:
            conn.execute(insert(t.entities), new_e)
        if new_i:
            conn.execute(insert(t.indicators), new_i)

    # --- writing --------------------------------------------------------------------------
    def add_source(self, source: Source, conn: Connection | None = None) -> None:
        """Add a source, or check it matches the one already stored under its id."""
        if conn is None:
            with self.write() as c:
                return self.add_source(source, c)
        row = conn.execute(select(t.sources).where(t.sources.c.id == source.id)).mappings().first()
        if row is None:
            conn.execute(insert(t.sources), [source_row(source)])
        elif dict(row) != source_row(source):
            raise StoreError(f"source {source.id!r} already exists with different details")
        return None

    def record(
        self, obs: Observation, author: str, reason: str, conn: Connection | None = None, expected: int | None = None
    ) -> int | None:
        """Store a figure: a new observation, or a new revision when its value changed.

        Returns the new revision's number, or None when the figure is already current.
        With ``expected`` (the revision number the edit was made against; 0 for a figure that
        should not exist yet), a figure revised since is refused with StaleEdit.
        """
        if conn is None:
            with self.write() as c:
                return self.record(obs, author, reason, c, expected)
        indicator = self.known_indicator(conn, obs.indicator)
        if not fits(obs.unit, indicator.unit):
            raise UnitError(
                f"unit {obs.unit!r} does not fit indicator {indicator.id!r} "
                f"(expected something convertible to {indicator.unit!r})"
            )
        self.add_source(obs.provenance.source, conn)
        key = (
            (t.observations.c.entity_id == obs.entity)
            & (t.observations.c.indicator_id == obs.indicator)
            & (t.observations.c.period == obs.period.text)
            & (t.observations.c.source_id == obs.provenance.source.id)
        )
        obs_id = conn.scalar(select(t.observations.c.id).where(key))
        if obs_id is None:
            obs_id = conn.execute(
                insert(t.observations).values(
                    entity_id=obs.entity,
                    indicator_id=obs.indicator,
                    period=obs.period.text,
                    period_kind=obs.period.kind,
                    period_start=obs.period.start,
                    period_end=obs.period.end,
                    source_id=obs.provenance.source.id,
                )
            ).inserted_primary_key[0]
            number = 1
        else:
            current = (
                conn.execute(
                    select(t.revisions)
                    .where(t.revisions.c.observation_id == obs_id)
                    .order_by(t.revisions.c.number.desc())
                    .limit(1)
                )
                .mappings()
                .first()
            )
            if (
                current is not None
                and _same_value(current, revision_values(obs))
                and (expected is None or expected == current["number"])
            ):
                return None
            number = (current["number"] if current else 0) + 1
        if expected is not None and number != expected + 1:
            raise StaleEdit(
                f"the figure is at revision {number - 1}, not {expected}: it changed since the edit "
                "was made; look at the current value and redo the edit",
                current_revision(conn, obs_id),
            )
        revision = obs.revision
        try:
            conn.execute(
                insert(t.revisions).values(
                    observation_id=obs_id,
                    number=number,
                    **revision_values(obs),
                    created_at=revision.created_at if revision else now(),
                    author=revision.author if revision else author,
                    reason=revision.reason if revision else reason,
                )
            )
        except exc.IntegrityError:  # another writer took this revision number first
            raise StaleEdit(
                f"revision {number} of the figure was just written by someone else; nothing was "
                "written; look at the current value and redo the edit",
                {"revision": number},
            ) from None
        return number

    def known_indicator(self, conn: Connection, indicator_id: str) -> Indicator:
        row = conn.execute(select(t.indicators).where(t.indicators.c.id == indicator_id)).mappings().first()
        if row is None:
            return self.catalog.indicator(indicator_id)  # raises UnknownIndicator
        return Indicator(**row)

    # --- reads ----------------------------------------------------------------------------
    def resolve(self, entities: Sequence[str] = (), indicators: Sequence[str] = ()) -> tuple[list[str], list[str]]:
        """Entity names or aliases to ids; indicator ids checked (with a suggestion if wrong)."""
        stored_i, stored_e = self._stored_names()
        ents = [self._resolve_entity(e, stored_e) for e in entities]
        for i in indicators:
            if i not in stored_i:
                raise UnknownIndicator(i, stored_i | set(self.catalog.indicators))
        return ents, list(indicators)

    def _stored_names(self) -> tuple[set[str], list[dict]]:
        """Stored indicator ids and entity rows, read once until the next write."""
        with self._names_lock:
            names, gen = self._names, self._names_gen
        if names is None:
            with self.read() as conn:
                names = (
                    set(conn.scalars(select(t.indicators.c.id))),
                    [dict(r) for r in conn.execute(select(t.entities)).mappings()],
                )
            with self._names_lock:
                if gen == self._names_gen:  # no write began or ended meanwhile: safe to share
                    self._names = names
        return names

    def _resolve_entity(self, name: str, stored: list[dict]) -> str:
        """The catalog's names first, then names and aliases of entities imported into the store."""
        try:
            return self.catalog.resolve_entity(name)
        except UnknownEntity:
            folded = fold_name(name)
            for row in stored:
                names = [row["id"], row["name_en"], row["name_ja"], *row["aliases"].split("|")]
                if any(n and fold_name(n) == folded for n in names):
                    return row["id"]
            raise UnknownEntity(name, [r["id"] for r in stored]) from None

    def observations(
        self,
        entities: Sequence[str] = (),
        indicators: Sequence[str] = (),
        periods: Sequence[str] = (),
        sources: Sequence[str] = (),
    ) -> pd.DataFrame:
        """Current figures matching the filters, every source kept, with preferred/conflict flags."""
        self.require_initialised()
        ents, inds = self.resolve(entities, indicators)
        with self.read() as conn:
            return queries.frame(conn, ents, inds, periods, sources)

    def figures(
        self,
        entities: Sequence[str] = (),
        indicators: Sequence[str] = (),
        periods: Sequence[str] = (),
        sources: Sequence[str] = (),
    ) -> FigureSet:
        """Current figures matching the filters, every source kept, typed, with their flags."""
        return queries.figure_set(self.observations(entities, indicators, periods, sources))

    def history(self, entity: str, indicator: str, period: str | None = None, source: str | None = None) -> FigureSet:
        """Every revision of the matching figures, oldest first: value, source, when, who, why."""
        self.require_initialised()
        (eid,), (iid,) = self.resolve([entity], [indicator])
        with self.read() as conn:
            return queries.figure_set(
                queries.frame(
                    conn, [eid], [iid], [period] if period else None, [source] if source else None, all_revisions=True
                )
            )

    def recent_revisions(self, limit: int = 10) -> FigureSet:
        """The latest revisions recorded in the store, newest first (one query)."""
        self.require_initialised()
        with self.read() as conn:
            df = queries.frame(conn, all_revisions=True)
        return queries.figure_set(
            df.sort_values(["revised_at", "revision"], ascending=False).head(limit).reset_index(drop=True)
        )

    def sources(self) -> list[Cited]:
        """Every source with the number of figures that cite it, most cited first."""
        self.require_initialised()
        with self.read() as conn:
            return queries.sources(conn)

    def counts(self) -> dict[str, int]:
        """How many entities, indicators, sources, observations and revisions the store holds."""
        self.require_initialised()
        with self.read() as conn:
            return {
                name: conn.scalar(select(func.count()).select_from(table))
                for name, table in (
                    ("entities", t.entities),
                    ("indicators", t.indicators),
                    ("sources", t.sources),
                    ("observations", t.observations),
                    ("revisions", t.revisions),
                )
            }

    def version(self) -> tuple[int, ...]:
        """A cheap token that changes when any figure, source, entity, comment, proposal or report
        section changes (one query): readers compare it to know when a cache is stale."""
        with self.read() as conn:
            return tuple(
                conn.execute(
                    select(
                        select(func.coalesce(func.max(t.revisions.c.id), 0)).scalar_subquery(),
                        select(func.count()).select_from(t.sources).scalar_subquery(),
                        select(func.count()).select_from(t.entities).scalar_subquery(),
                        # comments and proposals change by edit too: their versions' sum moves on each
                        select(func.coalesce(func.sum(t.comments.c.version), 0) + func.count())
                        .select_from(t.comments)
                        .scalar_subquery(),
                        select(func.coalesce(func.sum(t.proposals.c.version), 0) + func.count())
                        .select_from(t.proposals)
                        .scalar_subquery(),
                        select(func.count()).select_from(t.report_sections).scalar_subquery(),
                    )
                ).one()
            )


INIT_PENDING = "init_pending"  # a settings row: init began and has not finished


def _set_pending(conn: Connection, pending: bool) -> None:
    conn.execute(t.settings.delete().where(t.settings.c.key == INIT_PENDING))
    if pending:
        conn.execute(insert(t.settings).values(key=INIT_PENDING, value=now().isoformat()))


def now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None, microsecond=0)


def entity_row(e: Entity) -> dict:
    return {
        "id": e.id,
        "type": e.type,
        "name_en": e.name_en,
        "name_ja": e.name_ja,
        "iso2": e.iso2,
        "parent": e.parent,
        "aliases": "|".join(e.aliases),
    }


def indicator_row(i: Indicator) -> dict:
    return {
        "id": i.id,
        "name_en": i.name_en,
        "name_ja": i.name_ja,
        "unit": i.unit,
        "pillar": i.pillar,
        "higher_is_better": i.higher_is_better,
        "definition": i.definition,
    }


def source_row(s: Source) -> dict:
    return {
        "id": s.id,
        "publisher": s.publisher,
        "title": s.title,
        "url": s.url,
        "published": s.published,
        "accessed": s.accessed,
        "licence": s.licence,
        "note": s.note,
        "priority": s.priority,
    }


REVISION_FIELDS = (
    "value",
    "lower",
    "upper",
    "value_text",
    "qualifier",
    "unit",
    "price_basis",
    "rank_of",
    "vintage",
    "method",
    "status",
    "note",
)


def revision_values(obs: Observation) -> dict:
    p = obs.provenance
    return {
        "value": obs.value,
        "lower": obs.lower,
        "upper": obs.upper,
        "value_text": obs.value_text,
        "qualifier": obs.qualifier,
        "unit": obs.unit,
        "price_basis": obs.price_basis,
        "rank_of": obs.rank_of,
        "vintage": p.vintage,
        "method": p.method,
        "status": p.status,
        "note": obs.note,
    }


def current_revision(conn: Connection, obs_id: int) -> dict:
    """A figure's current revision as plain values (dates as ISO text), for error answers."""
    row = (
        conn.execute(
            select(t.revisions)
            .where(t.revisions.c.observation_id == obs_id)
            .order_by(t.revisions.c.number.desc())
            .limit(1)
        )
        .mappings()
        .first()
    )
    return {k: (v.isoformat() if isinstance(v, datetime) else v) for k, v in dict(row or {}).items()}


def _same_value(row: dict, values: dict) -> bool:
    return all(row[k] == values[k] for k in REVISION_FIELDS)
