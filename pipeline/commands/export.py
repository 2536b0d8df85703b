"""`starboard export`: every published table and view as Parquet or CSV files."""
from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Annotated

import typer

from pipeline.commands.base import State, app, fail, out


@app.command()
def export(
    fmt: Annotated[str, typer.Option("--format", help="parquet or csv")] = "parquet",
    to: Annotated[Path | None, typer.Option("--out", help="folder to write (default: <home>/export-<format>)")] = None,
) -> None:
    """Write every table and view of the published warehouse to a folder, one file each.

    The folder is written aside and swapped in, so it never holds half of an export.
    (The build already publishes exports/*.parquet; this is for CSV or another place.)
    """
    from pipeline.publish.warehouse import export_relations

    if fmt not in ("parquet", "csv"):
        raise fail(f"--format must be parquet or csv, not {fmt!r}")
    home = State.home
    if not home.warehouse.exists():
        raise fail(f"no published warehouse at {home.warehouse}: run `starboard build` first")
    target = (to or home.root / f"export-{fmt}").resolve()
    staging = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    shutil.rmtree(staging, ignore_errors=True)
    try:
        written = export_relations(home.warehouse.resolve(), staging, fmt)
        old = target.with_name(f".{target.name}.{os.getpid()}.old")
        if target.exists():
            os.replace(target, old)
        os.replace(staging, target)
        shutil.rmtree(old, ignore_errors=True)
    except OSError as exc:
        raise fail(f"could not write {target}: {exc}") from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    out.print(f"exported {len(written)} tables and views as {fmt} to {target}", highlight=False)
