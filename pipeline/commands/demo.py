"""`starboard demo`: the whole chain, offline, on the bundled mirror."""
from __future__ import annotations

import os
from typing import Annotated

import typer

from pipeline.commands.base import State, app, fail, out
from pipeline.commands.build import run_build
from pipeline.commands.crawl import run_crawl
from pipeline.commands.dashboard import serve_dashboard


@app.command()
def demo(
    port: Annotated[int, typer.Option(help="dashboard port")] = 8501,
) -> None:
    """The whole chain offline: local mirror → crawl → build → dashboard.

    Set STARBOARD_NO_SERVE=1 to stop after the build (CI, headless machines).
    """
    from crawler.mirror.server import Mirror

    home = State.home.ensure()
    with Mirror() as url:
        out.print(f"[bold]1/3[/] mirror of the bundled corpus at {url}; crawling it into {home.root}")
        code = run_crawl(url, None, None)
        if code == 1:
            raise fail("the crawl of the local mirror failed; see the messages above")
        out.print("[bold]2/3[/] building the warehouse")
        run_build(home)
        if os.environ.get("STARBOARD_NO_SERVE"):
            out.print("[bold]3/3[/] STARBOARD_NO_SERVE is set: not starting the dashboard. Try:")
            out.print("    .venv/bin/starboard sql \"SELECT code, short_name, raise_total_wan FROM filings\"")
            return
        out.print("[bold]3/3[/] starting the dashboard")
        raise typer.Exit(serve_dashboard(home, port))
