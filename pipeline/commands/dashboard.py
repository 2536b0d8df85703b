"""`starboard dashboard`: the Streamlit app on the published warehouse."""
from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated

import typer

from pipeline.commands.base import State, app, out
from pipeline.home import DataHome

#: the same settings as .streamlit/config.toml, as flags, so they hold from any working directory:
#: headless, no usage statistics, bound to `host`, no Deploy button or developer menu
SETTINGS = {
    "server.headless": "true",
    "server.fileWatcherType": "none",
    "server.runOnSave": "false",
    "browser.gatherUsageStats": "false",
    "client.toolbarMode": "viewer",
    "client.showErrorDetails": "type",
    "global.developmentMode": "false",
    "theme.base": "light",
    "theme.primaryColor": "#c0392b",
}


def streamlit_flags(port: int, host: str = "127.0.0.1") -> list[str]:
    flags = ["--server.port", str(port), "--server.address", host, "--browser.serverAddress", host]
    for name, value in SETTINGS.items():
        flags += [f"--{name}", value]
    return flags


def serve_dashboard(home: DataHome, port: int, host: str = "127.0.0.1") -> int:
    import subprocess

    import dashboard

    app_path = Path(dashboard.__file__).resolve().parent / "app.py"
    env = {**os.environ, "STARBOARD_HOME": str(home.root)}
    cmd = [sys.executable, "-m", "streamlit", "run", str(app_path), *streamlit_flags(port, host)]
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
