"""Progress bars of long commands: on stderr, only on a terminal, never in --json output."""

import json
import os
import pty
import subprocess
import sys

from hubscope.index import run_index

CLI = [sys.executable, "-c", "import sys; from hubscope.cli import app; sys.exit(app())"]


def _run_with_terminal_stderr(args: list[str], db_path) -> tuple[str, str]:
    """Run the CLI with stdout a pipe and stderr a pseudo-terminal; return both as text."""
    leader, follower = pty.openpty()
    env = {**os.environ, "HUBSCOPE_DB": str(db_path), "TERM": "xterm", "COLUMNS": "100"}
    with subprocess.Popen(CLI + args, stdout=subprocess.PIPE, stderr=follower, env=env) as proc:
        os.close(follower)
        chunks = []
        while True:
            try:
                data = os.read(leader, 65536)
            except OSError:  # the child closed the terminal
                break
            if not data:
                break
            chunks.append(data)
        stdout = proc.stdout.read().decode() if proc.stdout else ""
        assert proc.wait(timeout=300) == 0
    os.close(leader)
    return stdout, b"".join(chunks).decode(errors="replace")


def test_index_json_is_clean_while_the_bar_draws_on_a_terminal(db_path):
    stdout, stderr = _run_with_terminal_stderr(["index", "--draws", "400", "--json"], db_path)
    rows = json.loads(stdout)  # nothing but the JSON on stdout
    assert rows[0]["rank"] == 1 and len(rows) == 56
    assert "Monte Carlo draws" in stderr


def test_no_bar_when_stderr_is_not_a_terminal(cli):
    result = cli("index", "--draws", "200", "--json")
    assert result.exit_code == 0
    assert len(json.loads(result.stdout)) == 56
    assert "Monte Carlo draws" not in result.stderr


def test_the_library_reports_every_draw(store):
    seen: list[tuple[str, int, int]] = []
    run_index(store, draws=300, seed=0, progress=lambda *a: seen.append(a))
    assert seen[-1] == ("Monte Carlo draws", 300, 300)
    assert [d for _, d, _ in seen] == sorted(d for _, d, _ in seen)
