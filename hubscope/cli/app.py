"""The typer app and what every command shares: store opening, errors, output formats."""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.markup import escape

from ..errors import HubscopeError

# pandas, the store (SQLAlchemy) and rich's tables load when a command needs them, not for --help.
if TYPE_CHECKING:
    import pandas as pd
    from rich.progress import Progress, TaskID

    from ..store import Store

app = typer.Typer(
    help="hubscope: a sourced observatory of national AI ecosystems.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
# Wide enough that tables do not fold in logs and pipes; a terminal's own width wins.
out = Console(width=None if sys.stdout.isatty() else 200)
err = Console(stderr=True)


class Format(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


DbOpt = Annotated[
    str | None,
    typer.Option("--db", help="SQLAlchemy URL or SQLite path; default $HUBSCOPE_DB or the platform data dir"),
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON records")]
CsvOpt = Annotated[bool, typer.Option("--csv", help="Print CSV")]
LangOpt = Annotated[str, typer.Option("--lang", help="Names in English (en) or Japanese (ja)")]


def _fmt(as_json: bool, as_csv: bool) -> Format:
    if as_json and as_csv:
        raise typer.BadParameter("choose one of --json and --csv")
    return Format.json if as_json else Format.csv if as_csv else Format.table


def _store(db: str | None) -> Store:
    from ..store import Store, default_url

    if db and "://" not in db:
        db = f"sqlite:///{Path(db).expanduser().resolve()}"
    return Store(db or default_url())


def handles_errors(fn):
    """Print hubscope errors as one clear message and exit 1, never a traceback."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except HubscopeError as exc:
            err.print(f"[bold red]error:[/] {exc}", markup=True, highlight=False, soft_wrap=True)
            raise typer.Exit(1) from None

    return wrapper


def emit(df: pd.DataFrame, fmt: Format, columns: list[str], title: str | None = None) -> None:
    """Render a result frame as a table, JSON records or CSV."""
    import pandas as pd
    from rich import box
    from rich.table import Table

    df = df[[c for c in columns if c in df.columns]]
    if fmt is Format.json:
        out.out(df.to_json(orient="records", date_format="iso", force_ascii=False, indent=2), highlight=False)
    elif fmt is Format.csv:
        sys.stdout.write(df.to_csv(index=False))
    else:
        # light rules: readable in a terminal, and small when pasted into an issue or a log
        table = Table(
            title=escape(title) if title else None, box=box.SIMPLE_HEAD, header_style="bold", title_justify="left"
        )
        for c in df.columns:
            table.add_column(c, overflow="fold")
        for row in df.itertuples(index=False):
            table.add_row(*["" if pd.isna(v) else escape(str(v)) for v in row])
        with out.capture() as captured:
            out.print(table)
        # rich pads every line to the console width; trailing blanks only bloat logs and pastes
        sys.stdout.write("\n".join(line.rstrip() for line in captured.get().splitlines()) + "\n")


def _progress() -> tuple[Progress, Callable[[str, int, int], None]]:
    """A rich progress bar as a library progress callback, shown only on a terminal."""
    from rich.progress import Progress

    bar = Progress(console=err, transient=True, disable=not sys.stderr.isatty())
    tasks: dict[str, TaskID] = {}

    def update(stage: str, done: int, total: int) -> None:
        if stage not in tasks:
            tasks[stage] = bar.add_task(stage, total=total)
        bar.update(tasks[stage], completed=done)

    return bar, update


def report(data: dict, fmt: Format, sentence: str) -> None:
    """Print a command's summary as a sentence, JSON or one CSV row."""
    if fmt is Format.json:
        out.out(json.dumps(data, ensure_ascii=False), highlight=False)
    elif fmt is Format.csv:
        import pandas as pd

        sys.stdout.write(pd.DataFrame([data]).to_csv(index=False))
    else:
        out.print(sentence, highlight=False)
