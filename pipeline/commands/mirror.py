"""`starboard mirror`: the bundled corpus served over the disclosure sites' protocols."""
from __future__ import annotations

from typing import Annotated

import typer

from pipeline.commands.base import app, out


@app.command()
def mirror(
    port: Annotated[int, typer.Option(help="port on 127.0.0.1 (0 = any free port)")] = 8800,
    verbose: Annotated[bool, typer.Option(help="log every request")] = False,
) -> None:
    """Serve the bundled corpus over the disclosure sites' protocols on 127.0.0.1."""
    from crawler.mirror.server import Mirror

    server = Mirror(port=port, verbose=verbose)
    out.print(f"mirror of {len(server.fixtures)} filings at [bold]{server.url}[/] (cninfo protocol); Ctrl-C stops it")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
