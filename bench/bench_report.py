"""Benchmark: rendering the bundled report to HTML and PDF, against pandoc as the floor.

Run: .venv/bin/python bench/bench_report.py   (part of `make bench`)
pandoc (Debian's package) converts the same report's Markdown with every binding already
substituted: what any Markdown renderer costs with no data work. Prints medians and the ratio.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _timing import timed  # noqa: E402

from hubscope.report import BUNDLED, render  # noqa: E402
from hubscope.store import Store  # noqa: E402


def main() -> None:
    tmp = Path(tempfile.mkdtemp())
    store = Store(f"sqlite:///{tmp / 'bench.db'}")
    store.init()
    render(html=tmp / "warm.html", store=store)  # warm: imports, fonts, Vega scripts
    html = timed(lambda: render(html=tmp / "r.html", store=store, manifest=tmp / "m.json"), repeat=3)
    pdf = timed(lambda: render(pdf=tmp / "r.pdf", store=store, manifest=tmp / "m.json"), repeat=2)
    print(f"bundled report ({BUNDLED.name}), median:")
    print(f"  hubscope render --html : {html:6.2f} s   (goal < 2 s)")
    print(f"  hubscope render --pdf  : {pdf:6.2f} s   (goal < 10 s)")
    if not shutil.which("pandoc"):
        print("  pandoc: not installed (apt-get install pandoc) - no floor measured")
        return
    # the same Markdown with bindings substituted by their rendered text and blocks removed
    page = (tmp / "r.html").read_text(encoding="utf-8")
    values = iter(re.sub(r"<[^>]+>", "", m) for m in re.findall(r'<span class="bound"[^>]*>(.*?)</span>', page))
    md = BUNDLED.read_text(encoding="utf-8")
    md = re.sub(r"\{\{.*?\}\}", lambda m: next(values, "?"), md)
    md = re.sub(r"```(chart|table|claims)\n.*?```\n", "", md, flags=re.S)
    (tmp / "plain.md").write_text(md, encoding="utf-8")
    floor = timed(lambda: subprocess.run(["pandoc", "--standalone", "--toc", "--metadata", "title=report",
                                          str(tmp / "plain.md"), "-o", str(tmp / "plain.html")], check=True),
                  repeat=3)
    print(f"  pandoc, same Markdown with values substituted (no data, no charts): {floor:6.2f} s")
    print(f"  ratio hubscope HTML / pandoc: {html / floor:.1f}x")


if __name__ == "__main__":
    main()
