"""Reliability drills at full size: 50 contributors editing the same figures at once on a real
PostgreSQL server, and a writer SIGKILLed 50 times mid-import or mid-accept, on SQLite and on
PostgreSQL. Prints counts, not timings: these are correctness drills.

Run: .venv/bin/python bench/bench_reliability.py   (needs Debian's postgresql: make sysdeps)
     .venv/bin/python bench/bench_reliability.py hostile [--before DIR]   the issue 19 drills only
     (bench/hostile_drills.py), also against the code in DIR (e.g. a checkout of main) for a before
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import hostile_drills  # noqa: E402
from hubscope.accounts import add_user  # noqa: E402
from hubscope.store import Store  # noqa: E402
from tests import reliability as drill  # noqa: E402
from tests.pg import Server  # noqa: E402

PEOPLE, EDITS, KILLS, FIGURES = 50, 4, 50, 300
WRITERS = 50


def hostile(before: Path | None) -> None:
    """Issue 19's drills: reads under hostile load and half-open connections, then 50 writers on
    PostgreSQL through `hubscope serve --workers 2`; with ``before``, each also on that code."""
    from hubscope.accounts import issue_token

    tmp = Path(tempfile.mkdtemp(prefix="hubscope-hostile-"))
    db = tmp / "site.db"
    s = Store(f"sqlite:///{db}")
    s.init()
    s.close()
    server = Server(Path(tempfile.mkdtemp(prefix="hubscope-pg-")), port=54341)
    server.start()
    try:
        template = server.create("writers_template")
        s = Store(template)
        s.init()
        tokens = [issue_token(s, add_user(s, f"writer{n}", "contributor", "correct horse battery"), "drill")[1]
                  for n in range(WRITERS)]
        s.close()
        runs = [("before", before)] if before and before.name != "-" else []
        for label, code in [*runs, ("after", hostile_drills.ROOT)]:
            print(f"{label} ({code}):")
            for line in hostile_drills.read_drills(f"sqlite:///{db}", code):
                print("  " + line)
            url = server.create(f"writers_{label}", template="writers_template")
            print("  " + hostile_drills.writers(url, tokens, code))
    finally:
        server.stop()


def main() -> None:
    tmp = Path(tempfile.mkdtemp(prefix="hubscope-drill-"))
    template = tmp / "template.db"
    s = Store(f"sqlite:///{template}")
    s.init()
    s.close()
    server = Server(Path(tempfile.mkdtemp(prefix="hubscope-pg-")), port=54339)  # its own dir: postgres owns it
    server.start()
    try:
        url = server.create("contributors")
        s = Store(url)
        s.init()
        s.close()
        t0 = time.perf_counter()
        out = drill.contributors(url, people=PEOPLE, edits=EDITS)
        lost = drill.lost_updates(Store(url), out)
        print(f"{PEOPLE} contributors x {EDITS} edits on PostgreSQL, same {len(drill.FIGURES)} figures: "
              f"{len(out.done)} edits stored, {len(out.refused)} refused as stale and redone, "
              f"{len(out.errors)} unexpected errors, {len(lost)} lost updates ({time.perf_counter() - t0:.1f} s)")
        packages = drill.make_packages(template, tmp, count=3, figures=FIGURES)
        for kind in ("sqlite", "postgresql"):
            if kind == "sqlite":
                shutil.copy(template, tmp / "kill.db")
                target = f"sqlite:///{tmp / 'kill.db'}"
            else:
                target = server.create("kill")
                s = Store(target)
                s.init()
                s.close()
            s = Store(target)
            add_user(s, "alice", "contributor", "correct horse battery")
            add_user(s, "erin", "editor", "correct horse battery")
            s.close()
            t0 = time.perf_counter()
            k = drill.kill_drill(target, packages, kills=KILLS, figures=FIGURES)
            print(f"SIGKILL drill on {kind}: {k.kills} kills ({k.mid_write} inside a write), "
                  f"{k.imports_acknowledged} imports and "
                  f"{k.accepts_acknowledged} accepts acknowledged; torn imports {len(k.torn_imports)}, "
                  f"acknowledged writes missing {len(k.missing)}, inconsistencies {len(k.inconsistent)} "
                  f"({time.perf_counter() - t0:.0f} s)")
            for p in k.inconsistent[:5]:
                print("   ", p)
    finally:
        server.stop()


if __name__ == "__main__":
    if sys.argv[1:2] == ["hostile"]:
        hostile(Path(sys.argv[3]) if sys.argv[2:3] == ["--before"] else None)
    else:
        main()
