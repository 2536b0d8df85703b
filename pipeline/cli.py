"""The `starboard` command line: one entry point for every stage of the chain."""
from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from pipeline.home import DataHome

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="starboard: use-of-proceeds analytics for STAR-market refinancing filings.",
    pretty_exceptions_enable=False,
)
err = Console(stderr=True)
out = Console()


class State:
    home: DataHome = DataHome.resolve(None)


@app.callback()
def _root(
    home: Annotated[str | None, typer.Option("--home", help="data home (else STARBOARD_HOME, else ./data)")] = None,
) -> None:
    State.home = DataHome.resolve(home)


def fail(message: str, code: int = 1) -> typer.Exit:
    err.print(f"[bold red]error:[/] {message}", highlight=False)
    return typer.Exit(code)


@app.command()
def parse(
    file: Annotated[Path, typer.Argument(help="a filing: .pdf, .txt or .html")],
    as_json: Annotated[bool, typer.Option("--json", help="print the parse contract as JSON (the default)")] = True,
) -> None:
    """Parse one filing and print the parse contract (DESIGN.md) as JSON."""
    from pipeline.extract.pages import ExtractError
    from pipeline.parse import parse_file

    if not file.exists():
        raise fail(f"{file}: no such file", 2)
    try:
        result = parse_file(file)
    except ExtractError as exc:
        raise fail(f"{file}: {exc}", 2) from None
    sys.stdout.write(json.dumps(result, ensure_ascii=False, indent=2) + "\n")


def main() -> None:
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
    app()


if __name__ == "__main__":
    main()
