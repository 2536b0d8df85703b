"""`starboard parse`: one filing in, the parse contract out."""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from pipeline.commands.base import app, fail


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
