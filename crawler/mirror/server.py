"""A local HTTP server that speaks the disclosure sites' protocols (127.0.0.1 only).

It is what `starboard demo` crawls and what the crawler's tests run against: the same
paths, form fields and JSON as cninfo, PDFs at cninfo's `finalpage/...PDF` URLs.
"""
from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from crawler.mirror import cninfo_api
from crawler.mirror.corpus import Fixture, load_corpus

QUERY_PATH = "/new/hisAnnouncement/query"
STOCK_LIST_PATH = "/new/data/szse_stock.json"


class MirrorHandler(BaseHTTPRequestHandler):
    server: MirrorHTTPServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib signature
        if self.server.verbose:
            super().log_message(format, *args)

    def _send(self, status: int, body: bytes, content_type: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _json(self, payload: Any) -> None:
        self._send(200, json.dumps(payload, ensure_ascii=False).encode("utf-8"), "application/json;charset=UTF-8")

    def _form(self) -> dict[str, str]:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length).decode("utf-8") if length else ""
        return {k: v[-1] for k, v in parse_qs(raw, keep_blank_values=True).items()}

    def do_POST(self) -> None:  # noqa: N802 - stdlib name
        path = urlsplit(self.path).path
        if path == QUERY_PATH:
            self._json(cninfo_api.query(self.server.fixtures, self._form()))
        else:
            self._send(404, b"<html><body>404 Not Found</body></html>", "text/html")

    def do_GET(self) -> None:  # noqa: N802 - stdlib name
        path = urlsplit(self.path).path
        if path == STOCK_LIST_PATH:
            self._json(cninfo_api.stock_list(self.server.fixtures))
            return
        fixture = self.server.by_adjunct.get(path.lstrip("/"))
        if fixture is None:
            self._send(404, b"<html><body>404 Not Found</body></html>", "text/html")
            return
        self._send(200, fixture.pdf, "application/pdf")

    do_HEAD = do_GET


class MirrorHTTPServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address: tuple[str, int], fixtures: list[Fixture], verbose: bool = False) -> None:
        super().__init__(address, MirrorHandler)
        self.fixtures = fixtures
        self.by_adjunct = {f.adjunct_url: f for f in fixtures}
        self.verbose = verbose


class Mirror:
    """Run the mirror in a background thread: `with Mirror() as url: ...`."""

    def __init__(self, fixtures: list[Fixture] | None = None, port: int = 0, host: str = "127.0.0.1",
                 verbose: bool = False) -> None:
        self.fixtures = fixtures if fixtures is not None else load_corpus()
        for f in self.fixtures:
            _ = f.pdf  # render before serving, so the first request is not slow
        self.httpd = MirrorHTTPServer((host, port), self.fixtures, verbose)
        self.thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> str:
        self.thread = threading.Thread(target=self.httpd.serve_forever, name="starboard-mirror", daemon=True)
        self.thread.start()
        return self.url

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        if self.thread:
            self.thread.join(timeout=5)

    def serve_forever(self) -> None:
        try:
            self.httpd.serve_forever()
        finally:
            self.httpd.server_close()

    def __enter__(self) -> str:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
