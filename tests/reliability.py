"""Reliability drills shared by the tests (small counts) and bench/bench_reliability.py (full counts):
many contributors editing the same figures at once, and a writer killed with SIGKILL mid-write."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import func, select, text

from hubscope.errors import StaleEdit, StoreLocked
from hubscope.model import Observation
from hubscope.periods import Period
from hubscope.provenance import Provenance, Source
from hubscope.store import Store
from hubscope.store import schema as t
from hubscope.store.edit import observation

FIGURES = [("JPN", "gdp_current_usd", "2024", "world-bank-b975af"), ("USA", "gdp_current_usd", "2024",
                                                                     "world-bank-b975af"),
           ("JPN", "rd_expenditure_pct_gdp", "2022", None)]


@dataclass
class EditOutcome:
    done: list = field(default_factory=list)  # (observation id, revision number, value, who)
    refused: list = field(default_factory=list)  # (who, message)
    errors: list = field(default_factory=list)  # anything that is neither


def figure_ids(store: Store) -> list[int]:
    ids = []
    for entity, indicator, period, source in FIGURES:
        h = store.history(entity, indicator, period, source)
        ids.append(h[-1].observation_id)
    return ids


def contributors(url: str, people: int = 50, edits: int = 4, seed: int = 1) -> EditOutcome:
    """``people`` threads, each with its own connection, each making ``edits`` edits to the same
    few figures: read the current revision, write a new value against it. A refused edit is
    retried from the new current value, as a person would after reloading."""
    out, lock = EditOutcome(), threading.Lock()
    base = Store(url)
    ids = figure_ids(base)
    base.close()
    start = threading.Barrier(people)

    def person(n: int) -> None:
        store, rnd = Store(url), random.Random(seed * 1000 + n)
        start.wait()
        try:
            for k in range(edits):
                oid = rnd.choice(ids)
                for _attempt in range(50):
                    obs = observation(store, oid)
                    cur = obs["current"]
                    value = float(f"{n}{k:02d}{_attempt:02d}.5")  # unique per person, edit and attempt
                    src = Source(id=obs["source_id"], publisher=obs["publisher"], title=obs["title"], url=obs["url"])
                    fig = Observation(entity=obs["entity_id"], indicator=obs["indicator_id"],
                                      period=Period.parse(obs["period"]), unit=cur["unit"], value=value,
                                      provenance=Provenance(source=_stored(store, src.id), vintage=cur["vintage"]))
                    try:
                        number = store.record(fig, f"person{n}", f"edit {k}", expected=cur["number"])
                        with lock:
                            out.done.append((oid, number, value, f"person{n}"))
                        break
                    except (StaleEdit, StoreLocked) as e:
                        with lock:
                            out.refused.append((f"person{n}", str(e)))
        except Exception as e:  # noqa: BLE001  (the drill reports anything unexpected)
            with lock:
                out.errors.append(repr(e))
        finally:
            store.close()

    threads = [threading.Thread(target=person, args=(n,)) for n in range(people)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    return out


_sources: dict = {}


def _stored(store: Store, source_id: str) -> Source:
    if source_id not in _sources:
        with store.read() as conn:
            row = conn.execute(select(t.sources).where(t.sources.c.id == source_id)).mappings().one()
        _sources[source_id] = Source(**dict(row))
    return _sources[source_id]


def lost_updates(store: Store, out: EditOutcome) -> list[str]:
    """Every acknowledged edit must be stored as the revision it was told it got, and each
    figure's revision numbers must run 1..n without a gap or a repeat."""
    problems = []
    with store.read() as conn:
        rows = {(r.observation_id, r.number): (r.value, r.author) for r in conn.execute(
            select(t.revisions.c.observation_id, t.revisions.c.number, t.revisions.c.value, t.revisions.c.author))}
    for oid, number, value, who in out.done:
        if rows.get((oid, number)) != (value, who):
            problems.append(f"edit by {who} acknowledged as revision {number} of {oid} but stored as "
                            f"{rows.get((oid, number))}")
    per = Counter(oid for oid, _ in rows)
    for oid, n in per.items():
        numbers = sorted(num for o, num in rows if o == oid)
        if numbers != list(range(1, n + 1)):
            problems.append(f"observation {oid}: revision numbers {numbers[:5]}... are not 1..{n}")
    return problems


# --- SIGKILL drill ----------------------------------------------------------------------------
WRITER = r'''
import sys
from hubscope.accounts import get_user
from hubscope.contrib import propose, review
from hubscope.datapackage import import_package
from hubscope.store import Store
url, packages, oid, start = sys.argv[1], sys.argv[2].split(","), int(sys.argv[3]), int(sys.argv[4])
store = Store(url)
alice, erin = get_user(store, "alice"), get_user(store, "erin")
seq = start
while True:
    seq += 1
    print("start import", flush=True)
    counts = import_package(store, packages[seq % len(packages)], author="drill")
    print(f"imported {seq} {counts['revisions']}", flush=True)
    print("start accept", flush=True)
    pid = propose(store, alice, "figure", {"entity": "JPN", "indicator": "unicorn_count", "period": "2026",
                                           "value": seq, "source": {"id": "world-bank-b975af"},
                                           "unit": "companies"})
    review(store, erin, pid, "accept", version=1)
    print(f"accepted {pid}", flush=True)
'''


def make_packages(template_db: Path, workdir: Path, count: int = 3, figures: int = 300) -> list[Path]:
    """``count`` data packages, each the bundle plus ``figures`` figures whose values differ from
    package to package: importing one after another adds ``figures`` revisions in one transaction."""
    import shutil

    from hubscope.datapackage import export_package
    out = []
    for k in range(count):
        db = workdir / f"pkg{k}.db"
        shutil.copy(template_db, db)
        store = Store(f"sqlite:///{db}")
        src = Source(id="drill-source", publisher="Drill", title="SIGKILL drill", url="https://example.org/drill")
        with store.write() as conn:
            for i in range(figures):
                store.record(Observation(entity="JPN", indicator="unicorn_count", period=Period.parse(f"{1700 + i}"),
                                         unit="companies", value=1000 * k + i, provenance=Provenance(source=src)),
                             "drill", "drill", conn)
        out.append(export_package(store, workdir / f"pkg{k}"))
        store.close()
    return out


@dataclass
class KillOutcome:
    kills: int = 0
    mid_write: int = 0  # kills that landed after a write began and before it was acknowledged
    imports_acknowledged: int = 0
    accepts_acknowledged: int = 0
    torn_imports: list = field(default_factory=list)
    missing: list = field(default_factory=list)
    inconsistent: list = field(default_factory=list)


def kill_drill(url: str, packages: list[Path], kills: int = 50, figures: int = 300, seed: int = 7) -> KillOutcome:
    """Start the writer and SIGKILL it inside a write, ``kills`` times, checking the store after each.

    The moment is drawn at random but tied to the writer's progress, not to the clock (which a
    busy CI machine would skew): after its n-th "start" line (n from 1 to 4), plus a random delay
    within the usual length of that write (an import takes about 0.4 s, an accept a few ms)."""
    rnd, out, seq = random.Random(seed), KillOutcome(), 0
    acked_imports, acked_accepts = {}, set()
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    for _ in range(kills):
        target = rnd.randint(1, 4)
        proc = subprocess.Popen([sys.executable, "-c", WRITER, url, ",".join(map(str, packages)), "0", str(seq)],
                                stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env)
        lines, starts = [], 0
        for line in proc.stdout:
            lines.append(line.strip())
            if line.startswith("start"):
                starts += 1
                if starts == target:
                    time.sleep(rnd.uniform(0, 0.5 if "import" in line else 0.03))
                    proc.send_signal(signal.SIGKILL)
                    break
        lines += [x.strip() for x in proc.stdout.read().splitlines() if x.strip()]  # written before the kill
        proc.stdout.close()
        proc.wait()
        if starts < target:
            raise RuntimeError(f"the writer stopped by itself (exit {proc.returncode}) before write {target}")
        out.kills += 1
        out.mid_write += bool(lines) and lines[-1].startswith("start")
        for line in lines:
            kind, n, *written = line.split()
            if kind == "start":
                continue
            if kind == "imported":
                acked_imports[int(n)] = int(written[0])
                seq = max(seq, int(n))
            else:
                acked_accepts.add(int(n))
        seq += 1  # never reuse a sequence number a killed writer may have started
        out.inconsistent += check_consistent(Store(url), figures, acked_imports, acked_accepts, out)
    out.imports_acknowledged, out.accepts_acknowledged = len(acked_imports), len(acked_accepts)
    return out


def check_consistent(store: Store, figures: int, imports: dict, accepts: set, out: KillOutcome) -> list[str]:
    """No torn import (the drill's figures all moved together), no acknowledged write missing,
    every accepted proposal with its revision, revision numbers without gaps."""
    problems = []
    try:
        with store.read() as conn:
            if conn.dialect.name == "sqlite":
                ok = conn.execute(text("PRAGMA integrity_check")).scalar()
                if ok != "ok":
                    problems.append(f"integrity_check: {ok}")
            drill = conn.execute(select(t.revisions.c.observation_id, func.count(), func.max(t.revisions.c.number))
                                 .join(t.observations, t.observations.c.id == t.revisions.c.observation_id)
                                 .where(t.observations.c.source_id == "drill-source")
                                 .group_by(t.revisions.c.observation_id)).all()
            r, o = t.revisions, t.observations
            top = select(r.c.observation_id, func.max(r.c.number).label("n")).group_by(r.c.observation_id).subquery()
            current = set(conn.scalars(select(r.c.value).join(top, (top.c.observation_id == r.c.observation_id)
                                                              & (top.c.n == r.c.number))
                                       .join(o, o.c.id == r.c.observation_id).where(o.c.source_id == "drill-source")))
            accepted = {r.id: r.result for r in conn.execute(select(t.proposals.c.id, t.proposals.c.result).where(
                t.proposals.c.status == "accepted"))}
            credited = set(conn.scalars(select(t.revisions.c.reason).where(t.revisions.c.reason.like("proposal #%"))))
            numbers = conn.execute(select(t.revisions.c.observation_id, func.count(), func.max(t.revisions.c.number))
                                   .group_by(t.revisions.c.observation_id)).all()
    finally:
        store.close()
    if drill and (len(drill) != figures or len({c for _, c, _ in drill}) != 1
                  or len({int(v) // 1000 for v in current}) != 1):
        out.torn_imports.append(f"after kill {out.kills}")
        problems.append(f"a torn import: {len(drill)} drill figures, revision counts "
                        f"{sorted({c for _, c, _ in drill})}, values from packages "
                        f"{sorted({int(v) // 1000 for v in current})}")
    stored = sum(c for _, c, _ in drill)
    acknowledged = sum(imports.values())
    if stored < acknowledged or stored % figures:
        out.missing.append(f"imports after kill {out.kills}")
        problems.append(f"{acknowledged} drill revisions were acknowledged but {stored} are stored")
    for pid in accepts:
        if pid not in accepted or not any(c.startswith(f"proposal #{pid} ") for c in credited):
            out.missing.append(f"proposal {pid}")
            problems.append(f"proposal {pid} was acknowledged as accepted but its revision is missing")
    for pid, result in accepted.items():
        if not result or not any(c.startswith(f"proposal #{pid} ") for c in credited):
            problems.append(f"proposal {pid} is accepted without its revision")
    for oid, count, top in numbers:
        if count != top:
            problems.append(f"observation {oid}: {count} revisions but the last is number {top}")
    return problems
