"""Scrapy settings: polite by default, every knob overridable from the command line.

The hosts of every source are settings, so a spider can be pointed at the real site, the
bundled mirror or a test server without code changes (`--base-url` replaces scheme and
host of all of a source's hosts at once). Any key below can be overridden with
`starboard crawl --set KEY=VALUE`.
"""
from __future__ import annotations

import json
from typing import Any

USER_AGENT = "starboard/0.1 (use-of-proceeds research crawler; +https://github.com/starboard-data/starboard)"

#: per source: the query API, the file host, and the site pages send as Referer
SOURCE_URLS = {
    "cninfo": {"query": "http://www.cninfo.com.cn", "static": "http://static.cninfo.com.cn",
               "site": "http://www.cninfo.com.cn"},
    "sse": {"query": "https://query.sse.com.cn", "static": "https://static.sse.com.cn",
            "site": "https://www.sse.com.cn"},
}
SOURCES = tuple(SOURCE_URLS)

BASE: dict[str, Any] = {
    "BOT_NAME": "starboard",
    "USER_AGENT": USER_AGENT,
    "ROBOTSTXT_OBEY": False,  # the listing is a JSON API, not pages; politeness is the throttle below
    "CONCURRENT_REQUESTS": 8,
    "CONCURRENT_ITEMS": 16,  # items per response run in parallel; Scrapy's 100 costs a task each
    "CONCURRENT_REQUESTS_PER_DOMAIN": 2,
    "DOWNLOAD_DELAY": 1.0,
    "AUTOTHROTTLE_ENABLED": True,
    "AUTOTHROTTLE_START_DELAY": 1.0,
    "AUTOTHROTTLE_MAX_DELAY": 60.0,
    "AUTOTHROTTLE_TARGET_CONCURRENCY": 1.0,
    "RETRY_ENABLED": True,
    "RETRY_TIMES": 4,
    "RETRY_HTTP_CODES": [429, 500, 502, 503, 504, 522, 524, 408],
    "DOWNLOAD_TIMEOUT": 60,
    "DOWNLOAD_MAXSIZE": 50 * 1024 * 1024,
    "DOWNLOAD_WARNSIZE": 0,
    "HTTPERROR_ALLOW_ALL": False,
    "COOKIES_ENABLED": True,
    "TELNETCONSOLE_ENABLED": False,
    "REMOTE_CONTROL_ENABLED": False,  # no listening port on a machine that crawls unattended
    "LOG_LEVEL": "WARNING",
    "DOWNLOADER_MIDDLEWARES": {
        "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
        "crawler.middlewares.PoliteRetryMiddleware": 550,
        # not needed for two JSON APIs and two file hosts (the spiders check hosts themselves);
        # each costs time on every request
        "scrapy.downloadermiddlewares.offsite.OffsiteMiddleware": None,
        "scrapy.downloadermiddlewares.redirect.MetaRefreshMiddleware": None,
        "scrapy.downloadermiddlewares.httpauth.HttpAuthMiddleware": None,
        "scrapy.downloadermiddlewares.stats.DownloaderStats": None,
    },
    "SPIDER_MIDDLEWARES": {
        "scrapy.spidermiddlewares.depth.DepthMiddleware": None,
        "scrapy.spidermiddlewares.urllength.UrlLengthMiddleware": None,
        "scrapy.spidermiddlewares.referer.RefererMiddleware": None,  # every request sets its own Referer
    },
    "EXTENSIONS": {  # starboard reports its own progress
        "scrapy.extensions.memusage.MemoryUsage": None,
        "scrapy.extensions.logstats.LogStats": None,
    },
    "ITEM_PIPELINES": {
        "crawler.pipelines.RawStorePipeline": 100,
        "crawler.pipelines.CatalogPipeline": 200,
    },
    # starboard's own knobs
    "STARBOARD_BACKOFF_BASE": 2.0,  # seconds before the first retry; doubles each retry
    "STARBOARD_BACKOFF_MAX": 120.0,  # cap on one backoff wait
    "STARBOARD_RETRY_AFTER_MAX": 600.0,  # cap on a server's Retry-After
    "STARBOARD_PAGE_CAP": 100,  # pages a query API serves before it silently stops
    "STARBOARD_PAGE_RETRIES": 2,  # re-asks of a listing page that came back broken or empty
    "STARBOARD_RELISTS": 1,  # re-lists of a window whose rows do not reconcile with its total
    "STARBOARD_WINDOW_DAYS": 366,  # first window size; windows over the page cap are split
    "STARBOARD_MAX_ATTEMPTS": 5,  # download attempts per file across runs
    "STARBOARD_PROGRESS_SECONDS": 10.0,  # plain progress lines when not on a terminal
    "STARBOARD_TERMS": None,  # search terms (a JSON list); None = crawler/queries.csv
    "STARBOARD_FOLLOW_TERMS": None,  # per-company terms of the follow stage (a JSON list); None = follow_queries.csv
    "STARBOARD_FOLLOW_WINDOW_DAYS": 3660,  # a company's follow listing is one window unless over the page cap
}

#: for loopback servers (the mirror, tests, benchmarks): no delay, no throttle
FAST: dict[str, Any] = {
    "DOWNLOAD_DELAY": 0,
    "AUTOTHROTTLE_ENABLED": False,
    "CONCURRENT_REQUESTS": 32,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 32,
    "REACTOR_THREADPOOL_MAXSIZE": 32,  # file writes (fsync) run in the thread pool
    "RETRY_TIMES": 2,
    "DOWNLOAD_TIMEOUT": 20,
    "STARBOARD_BACKOFF_BASE": 0.05,
    "STARBOARD_BACKOFF_MAX": 1.0,
    "STARBOARD_RETRY_AFTER_MAX": 5.0,
}


def source_urls(source: str, base_url: str | None) -> dict[str, str]:
    """`--base-url` replaces scheme and host of the query API, the file host and the site."""
    urls = dict(SOURCE_URLS[source])
    if base_url:
        base = base_url.rstrip("/")
        urls = {k: base for k in urls}
    return urls


def parse_override(text: str) -> tuple[str, Any]:
    """`KEY=VALUE` from the command line; VALUE is read as JSON when it is JSON (numbers, lists)."""
    key, sep, value = text.partition("=")
    if not sep or not key.strip():
        raise ValueError(f"--set wants KEY=VALUE, got {text!r}")
    try:
        parsed: Any = json.loads(value)
    except ValueError:
        parsed = value
    return key.strip(), parsed
