"""Read and validate a data package: every problem is found and named before anything is written."""

from __future__ import annotations

import csv
import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path

import pycountry

from ..errors import PackageError, PeriodError, Problem, UnitError, nearest
from ..model import ENTITY_TYPES, PRICE_BASES, QUALIFIERS, Entity, Indicator, Observation
from ..periods import Period
from ..plausible import MAX_TEXT, figure_problems, id_problem, number_problem, url_problem
from ..provenance import METHODS, STATUSES, Provenance, Revision, Source
from ..units import check_unit, fits
from .spec import ORDER, RESOURCES, field_names

REQUIRED = ("observations",)
HASHES = ("md5", "sha1", "sha256", "sha512")  # what Frictionless names; shake_* needs a length it never gives
MAX_DESCRIPTOR = 1_000_000
MAX_FILE = 500_000_000


def _inside(root: Path, rel: str) -> bool:
    """True when ``rel`` names a file under ``root`` (no absolute path, no '..', no URL)."""
    p = Path(rel)
    return bool(rel) and "://" not in rel and not p.is_absolute() and ".." not in p.parts and (
        (root / p).resolve().is_relative_to(root.resolve())
    )


@dataclass
class Package:
    """A validated package, as typed records."""

    name: str
    entities: list[Entity] = field(default_factory=list)
    indicators: list[Indicator] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)
    observations: list[Observation] = field(default_factory=list)
    # every revision of each figure, oldest first, keyed like Observation.key
    history: dict[tuple, list[Observation]] = field(default_factory=dict)


@dataclass
class Known:
    """What the target store (and catalog) already has, to resolve references against."""

    entities: set[str]
    indicators: dict[str, str]  # id -> unit
    sources: set[str]
    pillars: set[str]


class _Reader:
    def __init__(self, root: Path, known: Known):
        self.root = root
        self.known = known
        self.problems: list[Problem] = []

    def problem(self, file: str, row: int | None, fld: str | None, msg: str) -> None:
        self.problems.append(Problem(file, row, fld, msg))

    # --- descriptor and files -------------------------------------------------------------
    def descriptor(self) -> dict:
        path = self.root / "datapackage.json"
        if not path.exists():
            self.problem(
                str(path), None, None, "missing; expected a Frictionless data package descriptor next to the CSV files"
            )
            raise PackageError(self.problems)
        if not path.is_file():
            self.problem(str(path), None, None, "is not a file")
            raise PackageError(self.problems)
        if path.stat().st_size > MAX_DESCRIPTOR:
            self.problem(str(path), None, None, f"is over {MAX_DESCRIPTOR // 1_000_000} MB; a descriptor is small")
            raise PackageError(self.problems)
        try:
            desc = json.loads(path.read_text(encoding="utf-8"))
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            self.problem(str(path), None, None, f"not valid JSON: {exc}")
            raise PackageError(self.problems) from None
        except RecursionError:
            self.problem(str(path), None, None, "nested too deeply to be a data package descriptor")
            raise PackageError(self.problems) from None
        if not isinstance(desc, dict) or not isinstance(desc.get("resources"), list):
            self.problem(str(path), None, "resources", "expected an object with a 'resources' list")
            raise PackageError(self.problems)
        return desc

    def rows(self, resource: dict) -> list[tuple[int, dict]]:
        name: str = resource["name"]  # resources are looked up by name, so it has one
        rel = resource.get("path", f"{name}.csv")
        if not isinstance(rel, str) or not _inside(self.root, rel):
            self.problem("datapackage.json", None, f"resources[{name}].path", f"{str(rel)[:60]!r} is not a file "
                         "name inside the package; expected a relative path such as 'observations.csv'")
            return []
        path = self.root / rel
        fname = path.name
        if not path.exists():
            self.problem(fname, None, None, "file listed in datapackage.json is missing")
            return []
        if not path.is_file():
            self.problem(fname, None, None, "is not a regular file; expected a CSV file")
            return []
        if path.stat().st_size > MAX_FILE:
            self.problem(fname, None, None, f"is over {MAX_FILE // 1_000_000} MB; split the package")
            return []
        raw = path.read_bytes()
        self._check_integrity(fname, raw, resource)
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            self.problem(fname, None, None, f"not UTF-8 text ({exc})")
            return []
        expected = field_names(name)
        required = [f["name"] for f in RESOURCES[name]["fields"] if f.get("constraints", {}).get("required")]
        out: list[tuple[int, dict]] = []
        try:
            reader = csv.reader(text.splitlines(keepends=True), strict=True)
            header = next(reader, None)
            if header is None:
                self.problem(fname, None, None, "empty file; expected a header row")
                return []
            # optional columns may be left out; they read as empty
            missing = [f for f in required if f not in header]
            unknown = [h for h in header if h not in expected]
            for m in missing:
                self.problem(fname, 0, m, "column missing from the header")
            for u in unknown:
                hint = nearest(u, expected)
                self.problem(fname, 0, u, "unknown column" + (f" (did you mean {hint!r}?)" if hint else ""))
            if missing or unknown:
                return []
            for n, cells in enumerate(reader, start=1):
                if not cells:
                    continue
                if len(cells) != len(header):
                    self.problem(
                        fname,
                        n,
                        None,
                        f"has {len(cells)} fields, expected {len(header)}"
                        + (" (is the file truncated?)" if len(cells) < len(header) else ""),
                    )
                    continue
                out.append((n, {f: "" for f in expected} | dict(zip(header, cells, strict=True))))
        except csv.Error as exc:
            self.problem(fname, reader.line_num, None, f"malformed CSV ({exc}); is the file truncated?")
        if text and not text.endswith(("\n", "\r")) and out:
            self.problem(fname, len(out), None, "file does not end with a newline; it may be truncated")
        return out

    def _check_integrity(self, fname: str, raw: bytes, resource: dict) -> None:
        size, digest = resource.get("bytes"), resource.get("hash")
        if size is not None and size != len(raw):
            self.problem(
                fname,
                None,
                None,
                f"is {len(raw)} bytes, datapackage.json says {size} "
                "(truncated or edited? if edited on purpose, remove 'bytes' and 'hash')",
            )
        elif digest:
            algo, _, want = str(digest).rpartition(":")
            algo = (algo or "md5").lower()
            if algo not in HASHES:
                self.problem(
                    "datapackage.json", None, f"resources[{resource['name']}].hash",
                    f"unknown hash algorithm {algo!r}; expected one of {', '.join(HASHES)}",
                )
                return
            got = hashlib.new(algo, raw).hexdigest()
            if got != want:
                self.problem(
                    fname,
                    None,
                    None,
                    "content does not match its hash in datapackage.json "
                    "(if edited on purpose, remove 'bytes' and 'hash')",
                )

    # --- typed cells ----------------------------------------------------------------------
    def cell(self, file: str, n: int, row: dict, name: str, kind: str = "string", required: bool = False, choices=None):
        raw = row.get(name, "").strip()
        if raw == "":
            if required:
                self.problem(file, n, name, "is empty; a value is required")
            return None
        try:
            if kind == "number":
                number = float(raw)
                bad = number_problem(raw, number)
                if bad:
                    self.problem(file, n, name, bad)
                    return None
                return number
            if kind == "integer":
                integer = int(raw)
                if abs(integer) >= 2**63:  # SQLite's INTEGER (and PostgreSQL's BIGINT) end here
                    self.problem(file, n, name, f"{raw[:40]!r} is too large for a whole number")
                    return None
                return integer
            if kind == "boolean":
                if raw.lower() not in ("true", "false"):
                    raise ValueError
                return raw.lower() == "true"
            if kind == "datetime":
                return datetime.fromisoformat(raw)
        except ValueError:
            self.problem(file, n, name, f"{raw[:40]!r} is not a valid {kind}")
            return None
        if len(raw) > MAX_TEXT:
            self.problem(file, n, name, f"a text of {len(raw):,} characters; expected at most {MAX_TEXT:,}")
            return None
        if choices and raw not in choices:
            hint = nearest(raw, choices)
            self.problem(
                file,
                n,
                name,
                f"{raw!r} is not one of {', '.join(choices)}" + (f" (did you mean {hint!r}?)" if hint else ""),
            )
            return None
        return raw

    def ref(self, file: str, n: int, name: str, value: str | None, valid, kind: str) -> bool:
        if value is None:
            return False
        if value in valid:
            return True
        hint = nearest(value, valid)
        self.problem(
            file,
            n,
            name,
            f"unknown {kind} {value!r}"
            + (f" (did you mean {hint!r}?)" if hint else "")
            + f"; expected an id from the catalog, the store or {PLURAL[kind]}.csv",
        )
        return False


PLURAL = {"entity": "entities", "indicator": "indicators", "source": "sources"}


def read_package(path: Path | str, known: Known, progress: Callable[[str, int, int], None] | None = None) -> Package:
    """Parse and validate the package at ``path`` (a directory or its datapackage.json)."""
    root = Path(path)
    if root.is_file():
        root = root.parent
    if not root.exists():
        raise PackageError([Problem(str(root), None, None, "no such file or directory")])
    r = _Reader(root, known)
    desc = r.descriptor()
    resources: dict[str, dict] = {}
    for i, res in enumerate(desc["resources"]):
        if not isinstance(res, dict) or not isinstance(res.get("name"), str):
            r.problem("datapackage.json", None, f"resources[{i}]", "expected an object with a 'name' string")
            continue
        resources[res["name"]] = res
    for name in resources:
        if name not in RESOURCES:
            hint = nearest(str(name), ORDER)
            r.problem(
                "datapackage.json",
                None,
                "resources",
                f"unknown resource {name!r}" + (f" (did you mean {hint!r}?)" if hint else ""),
            )
    for name in REQUIRED:
        if name not in resources:
            r.problem("datapackage.json", None, "resources", f"no {name!r} resource")
    pkg = Package(name=str(desc.get("name") or root.name))
    if r.problems:
        raise PackageError(r.problems)
    raw = {name: r.rows(resources[name]) if name in resources else [] for name in ORDER}
    _entities(r, raw["entities"], pkg)
    _indicators(r, raw["indicators"], pkg)
    _sources(r, raw["sources"], pkg)
    _observations(r, raw["observations"], raw["revisions"], pkg, progress)
    if r.problems:
        raise PackageError(r.problems)
    return pkg


def _bad_id(r: _Reader, file: str, n: int, kind: str, value: str) -> bool:
    bad = id_problem(kind, value)
    if bad:
        r.problem(file, n, "id", bad)
    return bad is not None


def _dupe(r: _Reader, file: str, n: int, key, seen: dict) -> bool:
    if key in seen:
        what = ", ".join(map(str, key)) if isinstance(key, tuple) else key
        r.problem(file, n, None, f"duplicate of row {seen[key]} ({what})")
        return True
    seen[key] = n
    return False


def _entities(r: _Reader, rows, pkg: Package) -> None:
    f = "entities.csv"
    seen: dict[object, int] = {}
    for n, row in rows:
        eid = r.cell(f, n, row, "id", required=True)
        etype = r.cell(f, n, row, "type", required=True, choices=ENTITY_TYPES)
        name = r.cell(f, n, row, "name_en", required=True)
        if eid is None or etype is None or name is None or _bad_id(r, f, n, "entity", eid) or _dupe(r, f, n, eid, seen):
            continue
        if etype == "country" and pycountry.countries.get(alpha_3=eid) is None:
            r.problem(f, n, "id", f"{eid!r} is not an ISO 3166 alpha-3 country code")
            continue
        aliases = tuple(a for a in (r.cell(f, n, row, "aliases") or "").split("|") if a)
        pkg.entities.append(
            Entity(
                id=eid,
                type=etype,
                name_en=name,
                name_ja=r.cell(f, n, row, "name_ja"),
                iso2=r.cell(f, n, row, "iso2"),
                parent=r.cell(f, n, row, "parent"),
                aliases=aliases,
            )
        )
        r.known.entities.add(eid)


def _indicators(r: _Reader, rows, pkg: Package) -> None:
    f = "indicators.csv"
    seen: dict[object, int] = {}
    for n, row in rows:
        iid = r.cell(f, n, row, "id", required=True)
        unit = r.cell(f, n, row, "unit", required=True)
        pillar = r.cell(f, n, row, "pillar", required=True, choices=sorted(r.known.pillars))
        name = r.cell(f, n, row, "name_en", required=True)
        definition = r.cell(f, n, row, "definition", required=True)
        if None in (iid, unit, pillar, name, definition) or _bad_id(r, f, n, "indicator", iid):
            continue
        if _dupe(r, f, n, iid, seen):
            continue
        try:
            check_unit(unit.replace("LCU", "USD"))
        except UnitError as exc:
            r.problem(f, n, "unit", str(exc))
            continue
        pkg.indicators.append(
            Indicator(
                id=iid,
                name_en=name,
                name_ja=r.cell(f, n, row, "name_ja"),
                unit=unit,
                pillar=pillar,
                higher_is_better=r.cell(f, n, row, "higher_is_better", "boolean"),
                definition=definition,
            )
        )
        r.known.indicators[iid] = unit


def _sources(r: _Reader, rows, pkg: Package) -> None:
    f = "sources.csv"
    seen: dict[object, int] = {}
    for n, row in rows:
        vals = {
            k: r.cell(f, n, row, k, required=k in ("id", "publisher", "title"))
            for k in field_names("sources")
            if k != "priority"
        }
        vals["priority"] = r.cell(f, n, row, "priority", "integer")
        if vals["priority"] is None:
            vals["priority"] = 50
        if None in (vals["id"], vals["publisher"], vals["title"]) or _bad_id(r, f, n, "source", vals["id"]):
            continue
        if vals["url"] and (bad := url_problem(vals["url"])):
            r.problem(f, n, "url", bad)
            continue
        if _dupe(r, f, n, vals["id"], seen):
            continue
        pkg.sources.append(Source(**vals))
        r.known.sources.add(vals["id"])


def _observation(r: _Reader, f: str, n: int, row: dict, sources: dict[str, Source]):
    c = r.cell
    entity = c(f, n, row, "entity", required=True)
    indicator = c(f, n, row, "indicator", required=True)
    period_text = c(f, n, row, "period", required=True)
    source = c(f, n, row, "source", required=True)
    unit = c(f, n, row, "unit", required=True)
    qualifier = c(f, n, row, "qualifier", required=True, choices=QUALIFIERS)
    method = c(f, n, row, "method", required=True, choices=METHODS)
    status = c(f, n, row, "status", required=True, choices=STATUSES)
    before = len(r.problems)
    value, lower, upper = (c(f, n, row, k, "number") for k in ("value", "lower", "upper"))
    numbers_ok = len(r.problems) == before  # a refused number is not also "empty"
    value_text = c(f, n, row, "value_text")
    rank_of = c(f, n, row, "rank_of", "integer")
    price_basis = c(f, n, row, "price_basis", choices=PRICE_BASES)
    ok = r.ref(f, n, "entity", entity, r.known.entities, "entity")
    ok &= r.ref(f, n, "indicator", indicator, r.known.indicators, "indicator")
    ok &= r.ref(f, n, "source", source, r.known.sources, "source")
    period = None
    if period_text is not None:
        try:
            period = Period.parse(period_text)
        except PeriodError as exc:
            r.problem(f, n, "period", str(exc))
    if unit is not None and indicator in r.known.indicators:
        expected = r.known.indicators[indicator]
        try:
            if unit not in ("date", "text"):
                check_unit(unit)
            if not fits(unit, expected):
                r.problem(f, n, "unit", f"{unit!r} does not fit indicator {indicator!r}, whose unit is {expected!r}")
                ok = False
        except UnitError as exc:
            r.problem(f, n, "unit", str(exc))
            ok = False
    if not numbers_ok:
        ok = False
    elif unit in ("date", "text") and value_text is None:
        r.problem(f, n, "value_text", f"is empty; a {unit} fact needs its text")
        ok = False
    elif unit not in ("date", "text") and qualifier == "range" and (lower is None or upper is None):
        r.problem(f, n, "lower", "a range needs both lower and upper")
        ok = False
    elif unit not in ("date", "text") and qualifier != "range" and value is None and value_text is None:
        r.problem(f, n, "value", "is empty; expected a number")
        ok = False
    if ok and unit is not None and indicator is not None and unit not in ("date", "text"):
        for fld, msg in figure_problems(indicator, unit, value, lower, upper, rank_of):
            r.problem(f, n, fld, msg)
            ok = False
    if not ok or period is None or None in (entity, indicator, source, unit, qualifier, method, status):
        return None
    return Observation(
        entity=entity,
        indicator=indicator,
        period=period,
        unit=unit,
        value=value,
        lower=lower,
        upper=upper,
        value_text=value_text,
        qualifier=qualifier,
        price_basis=price_basis,
        rank_of=rank_of,
        note=c(f, n, row, "note"),
        provenance=Provenance(
            source=sources.get(source) or Source(source, "", ""),
            vintage=c(f, n, row, "vintage"),
            method=method,
            status=status,
        ),
    )


def _observations(r: _Reader, rows, rev_rows, pkg: Package, progress) -> None:
    sources = {s.id: s for s in pkg.sources}
    f = "observations.csv"
    seen: dict[object, int] = {}
    total = len(rows) + len(rev_rows)
    current: dict[tuple, tuple[int, Observation, int | None]] = {}
    # A figure's last revision repeats its observations.csv row word for word: parsed once (a
    # valid row only, so a bad revision row is still checked and named on its own line).
    parsed: dict[tuple[str, ...], Observation] = {}
    for i, (n, row) in enumerate(rows, start=1):
        obs = _observation(r, f, n, row, sources)
        if progress and i % 200 == 0:
            progress("validating", i, total)
        if obs is None or _dupe(r, f, n, obs.key, seen):
            continue
        pkg.observations.append(obs)
        parsed[_raw(row)] = obs
        current[obs.key] = (n, obs, r.cell(f, n, row, "revision", "integer"))
    f, seen = "revisions.csv", {}
    for n, row in rev_rows:
        obs = parsed.get(_raw(row)) or _observation(r, f, n, row, sources)
        number = r.cell(f, n, row, "revision", "integer", required=True)
        created = r.cell(f, n, row, "created_at", "datetime", required=True)
        author = r.cell(f, n, row, "author", required=True)
        reason = r.cell(f, n, row, "reason", required=True)
        if obs is None or None in (number, created, author, reason):
            continue
        if _dupe(r, f, n, (*obs.key, number), seen):
            continue
        if obs.key not in current:
            r.problem(f, n, None, "revision of a figure that is not in observations.csv")
            continue
        rev = Revision(number=number, created_at=created, author=author, reason=reason)
        pkg.history.setdefault(obs.key, []).append(_with_revision(obs, rev))
    for key, revs in pkg.history.items():
        revs.sort(key=_number)
        n, obs, number = current[key]
        last = revs[-1]
        if number is not None and number != _number(last):
            r.problem(
                "observations.csv",
                n,
                "revision",
                f"says revision {number}, but revisions.csv's latest is {_number(last)}",
            )
        elif _values(last) != _values(obs):
            r.problem("observations.csv", n, None, "differs from its latest revision in revisions.csv")
    if progress:
        progress("validating", total, total)


_FIGURE_FIELDS = ("entity", "indicator", "period", "source", "unit", "qualifier", "method", "status", "value",
                  "lower", "upper", "value_text", "rank_of", "price_basis", "note", "vintage")


def _raw(row: dict) -> tuple[str, ...]:
    """The cells _observation reads, as written."""
    return tuple(row.get(k, "") for k in _FIGURE_FIELDS)


def _with_revision(obs: Observation, rev: Revision) -> Observation:
    return replace(obs, revision=rev)


def _number(o: Observation) -> int:
    """The revision number of a figure from revisions.csv (each was given its revision)."""
    assert o.revision is not None
    return o.revision.number


def _values(o: Observation) -> tuple:
    p = o.provenance
    return (
        o.value,
        o.lower,
        o.upper,
        o.value_text,
        o.qualifier,
        o.unit,
        o.price_basis,
        o.rank_of,
        p.vintage,
        p.method,
        p.status,
        o.note,
    )
