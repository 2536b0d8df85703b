"""A local HTTP server that speaks the disclosure sites' protocols (127.0.0.1 only).

It is what `starboard demo` crawls and what the crawler's tests run against: cninfo's
query API, stock list and `finalpage/...PDF` files, and SSE's JSONP bulletin query (which
refuses requests without a Referer) and `/disclosure/...pdf` files, all on one host so
that `--base-url` can point both sources at it. Tests can tell it to misbehave in every
way the real sites do (`Faults`): 5xx and 429 with Retry-After, stalls, connection resets,
truncated bodies, HTML where a PDF belongs, malformed or JSONP-wrapped JSON, an empty
page in the middle of a listing, rows repeated or shifted across pages, a file on a
foreign host, an oversize file. Every request is logged for assertions.
"""
from __future__ import annotations

import argparse
import json
import socket
import struct
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from crawler.mirror import cninfo_api, sse_api
from crawler.mirror.filings import Filing, from_corpus

QUERY_PATH = "/new/hisAnnouncement/query"
STOCK_LIST_PATH = "/new/data/szse_stock.json"
SSE_QUERY_PATHS = ("/security/stock/queryCompanyBulletin.do", "/security/stock/queryCompanyBulletinNew.do")
SSE_REFERER_HOST = "sse.com.cn"
HTML_ERROR = b"<!DOCTYPE html><html><head><title>Error</title></head><body><h1>%d</h1>service busy</body></html>"
ENDPOINTS = ("cninfo_query", "sse_query", "stock_list", "cninfo_file", "sse_file")


@dataclass
class Fault:
    """One planned misbehaviour. `match` is a page number (listings) or an announcement id
    (cninfo id or SSE file id; for listings: a row on the page); None hits any request."""

    endpoint: str
    kind: str
    match: str | None = None
    times: int | None = 1  # requests it hits; None = every one
    status: int = 503
    retry_after: str | None = None
    seconds: float = 0.0
    size: int = 0
    hits: int = 0


@dataclass
class Hit:
    at: float
    endpoint: str
    keys: tuple[str, ...]
    headers: dict[str, str] = field(default_factory=dict)
    fault: str | None = None


class Faults:
    """Thread-safe fault plan and request log shared by the handler threads."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.rules: list[Fault] = []
        self.log: list[Hit] = []

    def add(self, endpoint: str, kind: str, **kwargs: Any) -> Fault:
        if endpoint not in ENDPOINTS and endpoint != "file":
            raise ValueError(f"unknown endpoint {endpoint!r}")
        fault = Fault(endpoint, kind, **kwargs)
        with self._lock:
            self.rules.append(fault)
        return fault

    def clear(self) -> None:
        with self._lock:
            self.rules.clear()
            self.log.clear()

    def take(self, endpoint: str, keys: set[str], headers: dict[str, str]) -> Fault | None:
        with self._lock:
            chosen = None
            for fault in self.rules:
                if fault.endpoint not in (endpoint, "file" if endpoint.endswith("_file") else endpoint):
                    continue
                if fault.match is not None and fault.match not in keys:
                    continue
                if fault.times is not None and fault.hits >= fault.times:
                    continue
                fault.hits += 1
                chosen = fault
                break
            self.log.append(Hit(time.monotonic(), endpoint, tuple(sorted(keys)), headers,
                                chosen.kind if chosen else None))
            return chosen

    def requests(self, endpoint: str, key: str | None = None) -> list[Hit]:
        with self._lock:
            return [h for h in self.log if h.endpoint == endpoint and (key is None or key in h.keys)]


class MirrorHandler(BaseHTTPRequestHandler):
    server: MirrorHTTPServer
    protocol_version = "HTTP/1.1"

    def handle(self) -> None:
        try:
            super().handle()
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client went away (killed crawls, timeouts): nothing to answer

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib signature
        if self.server.verbose:
            super().log_message(format, *args)

    # -- sending --------------------------------------------------------------------------------
    def _send(self, status: int, body: bytes, content_type: str, extra: dict[str, str] | None = None,
              declared: int | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(declared if declared is not None else len(body)))
        for key, value in (extra or {}).items():
            self.send_header(key, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _text(self, text: str, content_type: str = "application/json;charset=UTF-8") -> None:
        self._send(200, text.encode("utf-8"), content_type)

    def _html_error(self, status: int, extra: dict[str, str] | None = None) -> None:
        self._send(status, HTML_ERROR % status, "text/html;charset=UTF-8", extra)

    def _reset(self) -> None:
        """Abort the connection with a TCP reset, the way an overloaded front end does."""
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.close_connection = True
        self.connection.close()

    def _common_fault(self, fault: Fault) -> bool:
        """Faults any endpoint can show; True when the answer has been sent (or withheld)."""
        if fault.kind == "status":
            extra = {"Retry-After": fault.retry_after} if fault.retry_after else None
            self._html_error(fault.status, extra)
        elif fault.kind == "timeout":
            time.sleep(fault.seconds or 5.0)
            self.close_connection = True
        elif fault.kind == "reset":
            self._reset()
        elif fault.kind == "html":
            self._send(200, HTML_ERROR % 200, "text/html;charset=UTF-8")
        elif fault.kind == "slow":
            time.sleep(fault.seconds)
            return False
        else:
            return False
        return True

    def _take(self, endpoint: str, keys: set[str]) -> Fault | None:
        headers = {k: v for k, v in self.headers.items()}
        return self.server.faults.take(endpoint, keys, headers)

    # -- listings -------------------------------------------------------------------------------
    def _listing(self, endpoint: str, page: str, build: Any, rows_key: Any, wrap: Any) -> None:
        payload = build(None)
        rows = rows_key(payload)
        ids = {r.get("announcementId") or sse_api_id(r) for r in rows or []}
        fault = self._take(endpoint, {page, *ids})
        if fault is not None and self._common_fault(fault):
            return
        if fault is not None and fault.kind == "malformed":
            self._text(wrap(payload)[: max(10, len(wrap(payload)) // 2)])
            return
        if fault is not None and fault.kind in ("empty_page", "duplicate_rows", "shift_rows", "foreign_host"):
            previous = rows_key(build(int(page) - 1)) if int(page) > 1 else []
            payload = mutate(endpoint, payload, fault, list(previous or []))
        text = wrap(payload)
        if fault is not None and fault.kind == "jsonp":
            text = f"jsonpCallback{int(time.time())}({text});"
        self._text(text, "text/javascript;charset=UTF-8" if "(" in text[:40] else "application/json;charset=UTF-8")

    def do_POST(self) -> None:  # noqa: N802 - stdlib name
        path = urlsplit(self.path).path
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length).decode("utf-8") if length else ""
        form = {k: v[-1] for k, v in parse_qs(raw, keep_blank_values=True).items()}
        if path != QUERY_PATH:
            self._send(404, b"<html><body>404 Not Found</body></html>", "text/html")
            return
        server = self.server
        self._listing(
            "cninfo_query", form.get("pageNum", "1"),
            lambda p: cninfo_api.query(server.filings, form if p is None else {**form, "pageNum": str(p)},
                                       server.page_cap),
            lambda p: p.get("announcements"), lambda p: _json(p),
        )

    def do_GET(self) -> None:  # noqa: N802 - stdlib name
        split = urlsplit(self.path)
        path = split.path
        server = self.server
        if path == STOCK_LIST_PATH:
            fault = self._take("stock_list", set())
            if fault is not None and self._common_fault(fault):
                return
            if fault is not None and fault.kind == "malformed":
                self._text('{"stockList": [')
                return
            self._text(_json(cninfo_api.stock_list(server.filings)))
            return
        if path in SSE_QUERY_PATHS:
            params = {k: v[-1] for k, v in parse_qs(split.query, keep_blank_values=True).items()}
            if not self._referer_ok():
                self._take("sse_query", {"refused"})
                self._html_error(403)
                return
            callback = params.get("jsonCallBack")
            self._listing(
                "sse_query", params.get("pageHelp.pageNo", "1"),
                lambda p: sse_api.query(server.filings, params if p is None else {
                    **params, "pageHelp.pageNo": str(p), "pageHelp.beginPage": str(p), "pageHelp.endPage": str(p)},
                    server.page_cap),
                lambda p: p.get("result"), lambda p: sse_api.jsonp(callback, p),
            )
            return
        filing = server.by_adjunct.get(path.lstrip("/"))
        endpoint, key = "cninfo_file", filing.announcement_id if filing else ""
        if filing is None:
            filing = server.by_sse_url.get(path)
            endpoint, key = "sse_file", filing.sse_id if filing else ""
        if filing is None:
            self._take("cninfo_file" if path.startswith("/finalpage") else "sse_file", {path})
            self._send(404, b"<html><body>404 Not Found</body></html>", "text/html")
            return
        fault = self._take(endpoint, {key, filing.announcement_id})
        if fault is not None and self._common_fault(fault):
            return
        body = filing.pdf
        if fault is not None and fault.kind == "truncate":
            self._send(200, body[: len(body) // 2], "application/pdf", declared=len(body))
            self.close_connection = True
            return
        if fault is not None and fault.kind == "oversize":
            body = body + b"%" + b"0" * max(0, fault.size - len(body) - 8) + b"\n%%EOF\n"
        self._send(200, body, "application/pdf")

    do_HEAD = do_GET

    def _referer_ok(self) -> bool:
        referer = self.headers.get("Referer") or ""
        host = urlsplit(referer).netloc
        return bool(host) and (host.endswith(SSE_REFERER_HOST) or host == (self.headers.get("Host") or ""))


def mutate(endpoint: str, payload: dict[str, Any], fault: Fault, previous: list[dict[str, Any]]) -> dict[str, Any]:
    """Listing faults that change the rows but keep the answer well-formed."""
    cninfo = endpoint == "cninfo_query"
    key = "announcements" if cninfo else "result"
    rows = [dict(r) for r in payload.get(key) or []]
    if fault.kind == "empty_page":
        rows = []
    elif fault.kind == "duplicate_rows":
        rows = previous[-2:] + rows  # rows of the last page again, on top of this one's
    elif fault.kind == "shift_rows":
        rows = (previous[-1:] + rows)[: len(rows)]  # everything moves down one: a row is lost
    elif fault.kind == "foreign_host":
        for row in rows:
            if fault.match in (None, row.get("announcementId"), sse_api_id(row)):
                if cninfo:
                    row["adjunctUrl"] = f"http://files.example.net/{row['adjunctUrl']}"
                else:
                    row["URL"] = f"http://files.example.net{row['URL']}"
    payload = dict(payload)
    if cninfo:
        payload["announcements"] = rows or None
    else:
        payload["result"] = rows
        payload["pageHelp"] = {**payload["pageHelp"], "data": rows}
    return payload


def sse_api_id(row: dict[str, Any]) -> str:
    url = str(row.get("URL") or "")
    return url.rsplit("/", 1)[-1].rsplit(".", 1)[0]


def _json(payload: Any) -> str:
    return json.dumps(payload, ensure_ascii=False)


class MirrorHTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128

    def __init__(self, address: tuple[str, int], filings: list[Filing], verbose: bool = False,
                 page_cap: int = cninfo_api.SILENT_PAGE_CAP) -> None:
        super().__init__(address, MirrorHandler)
        self.filings = filings
        self.by_adjunct = {f.adjunct_url: f for f in filings}
        self.by_sse_url = {f.sse_url: f for f in filings}
        self.verbose = verbose
        self.page_cap = page_cap
        self.faults = Faults()


class Mirror:
    """Run the mirror in a background thread: `with Mirror() as url: ...`."""

    def __init__(self, fixtures: list[Any] | None = None, port: int = 0, host: str = "127.0.0.1",
                 verbose: bool = False, page_cap: int = cninfo_api.SILENT_PAGE_CAP) -> None:
        if fixtures is None:
            from crawler.mirror.corpus import load_corpus

            fixtures = load_corpus()
        self.filings = [f if isinstance(f, Filing) else Filing.from_fixture(f) for f in fixtures]
        self.fixtures = fixtures
        for f in self.filings:
            _ = f.pdf  # render before serving, so the first request is not slow
        self.httpd = MirrorHTTPServer((host, port), self.filings, verbose, page_cap)
        self.thread: threading.Thread | None = None

    @property
    def faults(self) -> Faults:
        return self.httpd.faults

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


def main(argv: list[str] | None = None) -> None:
    """`python -m crawler.mirror.server [--synthetic N]`: serve in the foreground (benchmarks, manual tests)."""
    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--synthetic", type=int, default=0, help="serve N synthetic filings instead of the corpus")
    parser.add_argument("--file-delay", type=float, default=0.0, help="seconds each file answer is held back")
    args = parser.parse_args(argv)
    if args.synthetic:
        from crawler.mirror.synthetic import synthetic_filings

        filings: list[Any] = synthetic_filings(args.synthetic)
    else:
        from crawler.mirror.corpus import load_corpus

        filings = from_corpus(load_corpus())
    mirror = Mirror(filings, port=args.port)
    if args.file_delay:
        mirror.faults.add("file", "slow", seconds=args.file_delay, times=None)
    print(mirror.url, flush=True)
    try:
        mirror.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
