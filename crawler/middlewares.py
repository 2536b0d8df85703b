"""Politeness on failure: exponential backoff with a cap, and a server's Retry-After honoured.

Scrapy's RetryMiddleware re-queues a failed request at once. A site that answers 429 or
503 is asking us to slow down, so this one waits before each retry (base * 2^n seconds,
capped) and, when the answer carries `Retry-After`, pauses every request to that host for
that long (capped too). The number of retries stays Scrapy's RETRY_TIMES.
"""
from __future__ import annotations

import time
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urlsplit

from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.http import Request, Response
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.response import response_status_message
from twisted.internet import task

DELAY_META = "starboard_delay"  # seconds to wait before sending this request


def retry_after_seconds(value: bytes | str | None, now: float | None = None) -> float | None:
    """Retry-After as seconds: either delta-seconds or an HTTP date; None when absent or unreadable."""
    if not value:
        return None
    text = value.decode("latin-1") if isinstance(value, bytes) else value
    text = text.strip()
    if text.isdigit():
        return float(text)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    if when is None:
        return None
    return max(0.0, when.timestamp() - (now if now is not None else time.time()))


def backoff_seconds(retries: int, base: float, cap: float) -> float:
    return min(cap, base * (2 ** max(0, retries)))


async def _sleep(seconds: float) -> None:
    from twisted.internet import reactor

    await maybe_deferred_to_future(task.deferLater(reactor, seconds, lambda: None))


class PoliteRetryMiddleware(RetryMiddleware):
    def __init__(self, settings: Any) -> None:
        super().__init__(settings)
        self.base = settings.getfloat("STARBOARD_BACKOFF_BASE", 2.0)
        self.cap = settings.getfloat("STARBOARD_BACKOFF_MAX", 120.0)
        self.retry_after_cap = settings.getfloat("STARBOARD_RETRY_AFTER_MAX", 600.0)
        self.paused_until: dict[str, float] = {}

    async def process_request(self, request: Request) -> None:
        wait = float(request.meta.pop(DELAY_META, 0) or 0)
        host = urlsplit(request.url).netloc
        wait = max(wait, self.paused_until.get(host, 0.0) - time.monotonic())
        if wait > 0:
            await _sleep(wait)
        return None

    def _schedule(self, request: Request, reason: Any, wait: float) -> Request | None:
        retry = self._retry(request, reason)
        if retry is not None:
            retry.meta[DELAY_META] = wait
        return retry

    def process_response(self, request: Request, response: Response) -> Request | Response:
        if request.meta.get("dont_retry", False) or response.status not in self.retry_http_codes:
            return response
        retries = request.meta.get("retry_times", 0)
        wait = backoff_seconds(retries, self.base, self.cap)
        if response.status in (429, 503):
            asked = retry_after_seconds(response.headers.get("Retry-After"))
            if asked is not None:
                wait = max(wait, min(asked, self.retry_after_cap))
                host = urlsplit(request.url).netloc
                self.paused_until[host] = max(self.paused_until.get(host, 0.0), time.monotonic() + wait)
        return self._schedule(request, response_status_message(response.status), wait) or response

    def process_exception(self, request: Request, exception: Exception) -> Request | Response | None:
        if isinstance(exception, self.exceptions_to_retry) and not request.meta.get("dont_retry", False):
            wait = backoff_seconds(request.meta.get("retry_times", 0), self.base, self.cap)
            return self._schedule(request, exception, wait)
        return None
