"""What every command shares: the Typer app, the data home, consoles and error exits."""
from __future__ import annotations

from typing import Annotated, Any

import typer
from rich.console import Console

from pipeline.home import DataHome

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="starboard: use-of-proceeds analytics for STAR-market refinancing filings.",
    pretty_exceptions_enable=False,
)
err = Console(stderr=True, soft_wrap=True)
out = Console(soft_wrap=True)


class State:
    home: DataHome = DataHome.resolve(None)


@app.callback()
def _root(
    home: Annotated[str | None, typer.Option("--home", help="data home (else STARBOARD_HOME, else ./data)")] = None,
) -> None:
    State.home = DataHome.resolve(home)


def fail(message: str, code: int = 1) -> typer.Exit:
    """Print a one-line error and return the exit to raise: no tracebacks for users."""
    err.print(f"[bold red]error:[/] {message}", highlight=False)
    return typer.Exit(code)


def crawler_settings(pairs: list[str] | None) -> dict[str, Any]:
    """`--set KEY=VALUE` options as crawler settings; a malformed one is a usage error (exit 2)."""
    from crawler.settings import parse_override

    settings: dict[str, Any] = {}
    for text in pairs or []:
        try:
            key, value = parse_override(text)
        except ValueError as exc:
            raise fail(str(exc), 2) from None
        settings[key] = value
    return settings
