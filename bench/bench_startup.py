"""Benchmark: how long the command line takes to start, against a bare `python -c pass`.

Run: .venv/bin/python bench/bench_startup.py [--runs N]   (part of `make bench`)
Each command runs N times in its own process, the three commands taking turns so that a busy
machine slows all of them alike, after one warm-up run each. `hubscope show JPN` reads a temporary
store that this script initialises. Prints medians and the ratio of each to `python -c pass`.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GOALS = {"hubscope --help": 0.3, "hubscope show JPN": 1.0}  # seconds, on the project's 2-core machine


def hubscope() -> list[str]:
    """The installed console script if there is one (what a user runs), else the same entry point."""
    script = Path(sys.executable).with_name("hubscope")
    if script.exists():
        return [str(script)]
    return [sys.executable, "-c", "import sys; from hubscope.cli import app; sys.exit(app())"]


def run(cmd: list[str], env: dict[str, str]) -> float:
    t0 = time.perf_counter()
    done = subprocess.run(cmd, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - t0
    if done.returncode != 0 or (cmd[-1] != "pass" and not done.stdout.strip()):
        raise SystemExit(f"{' '.join(cmd)} failed (exit {done.returncode}): {done.stderr.strip()[-500:]}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15, help="runs of each command (default 15)")
    runs = parser.parse_args().runs
    tmp = Path(tempfile.mkdtemp(prefix="hubscope-startup-"))
    # this checkout's code, whichever environment's interpreter runs it
    env = {**os.environ, "HUBSCOPE_DB": f"sqlite:///{tmp / 'bench.db'}",
           "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    env.pop("COLUMNS", None)
    cli = hubscope()
    subprocess.run([*cli, "init"], env=env, check=True, stdout=subprocess.DEVNULL)
    commands = {"python -c pass": [sys.executable, "-c", "pass"],
                "hubscope --help": [*cli, "--help"],
                "hubscope show JPN": [*cli, "show", "JPN"]}
    times: dict[str, list[float]] = {name: [] for name in commands}
    for cmd in commands.values():  # warm-up: bytecode caches, pint's cache, the OS's file cache
        run(cmd, env)
    for _ in range(runs):
        for name, cmd in commands.items():
            times[name].append(run(cmd, env))
    base = statistics.median(times["python -c pass"])
    print(f"start-up, {runs} runs of each in turn, median (min-max):")
    for name, ts in times.items():
        med = statistics.median(ts)
        goal = GOALS.get(name)
        verdict = f"   goal < {goal:g} s: {'met' if med < goal else 'NOT met'}" if goal else ""
        print(f"  {name:<18} {med * 1000:7.0f} ms  ({min(ts) * 1000:.0f}-{max(ts) * 1000:.0f})"
              f"   ratio {med / base:5.1f}x python -c pass{verdict}")


if __name__ == "__main__":
    main()
