"""The `starboard` command line: one entry point for every stage of the chain.

Each command lives in its own module under `pipeline/commands/` and registers itself on the
shared Typer app; adding a command is adding a module and one line below.
"""
from __future__ import annotations

import os

from pipeline.commands import (  # noqa: F401 - registers; one name a line, so adding a command merges cleanly
    build,
    check,
    crawl,
    dashboard,
    demo,
    export,
    mirror,
    nightly,
    parse,
    report,
    sql,
    status,
    synth,
)
from pipeline.commands.base import app


def main() -> None:
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
    app()


if __name__ == "__main__":
    main()
