"""`starboard dashboard`: the Streamlit app on the published warehouse."""
from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated

import typer

from pipeline.commands.base import State, app, out
from pipeline.home import DataHome


def serve_dashboard(home: DataHome, port: int, host: str = "127.0.0.1") -> int:
    import subprocess

    import dashboard

    app_path = Path(dashboard.__file__).resolve().parent / "app.py"
    env = {**os.environ, "STARBOARD_HOME": str(home.root)}
    cmd = [
        sys.executable, "-m", "streamlit", "run", str(app_path),
        "--server.port", str(port), "--server.address", host, "--server.headless", "true",
        "--browser.gatherUsageStats", "false", "--global.developmentMode", "false",
    ]
    out.print(f"dashboard: [bold]http://{host}:{port}[/]  (Ctrl-C stops it)")
    try:
        return subprocess.call(cmd, env=env)
    except KeyboardInterrupt:
        return 0


@app.command()
def dashboard(
    port: Annotated[int, typer.Option(help="port to listen on")] = 8501,
    host: Annotated[str, typer.Option(help="address to bind; 127.0.0.1 keeps it on this machine")] = "127.0.0.1",
) -> None:
    """Open the Streamlit dashboard on the published warehouse (read-only)."""
    raise typer.Exit(serve_dashboard(State.home, port, host))
