"""Scrapy settings: polite by default, every knob overridable from the command line.

The base URL of every source is a setting, so a spider can be pointed at the real site,
the bundled mirror or a test server without code changes.
"""
from __future__ import annotations

from typing import Any

USER_AGENT = "starboard/0.1 (use-of-proceeds research crawler; +https://github.com/starboard-data/starboard)"

SOURCE_URLS = {
    "cninfo": {"query": "http://www.cninfo.com.cn", "static": "http://static.cninfo.com.cn"},
}

BASE: dict[str, Any] = {
    "BOT_NAME": "starboard",
    "USER_AGENT": USER_AGENT,
    "ROBOTSTXT_OBEY": False,  # the listing is a JSON API, not pages; politeness is the throttle below
    "CONCURRENT_REQUESTS": 8,
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
    "HTTPERROR_ALLOW_ALL": False,
    "COOKIES_ENABLED": True,
    "TELNETCONSOLE_ENABLED": False,
    "LOG_LEVEL": "WARNING",
    "REQUEST_FINGERPRINTER_IMPLEMENTATION": "2.7",
    "ITEM_PIPELINES": {
        "crawler.pipelines.RawStorePipeline": 100,
        "crawler.pipelines.CatalogPipeline": 200,
    },
}

#: for loopback servers (the mirror, tests): no delay, no throttle
FAST: dict[str, Any] = {
    "DOWNLOAD_DELAY": 0,
    "AUTOTHROTTLE_ENABLED": False,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 8,
    "RETRY_TIMES": 2,
}


def source_urls(source: str, base_url: str | None) -> dict[str, str]:
    """`--base-url` replaces scheme and host of both the query API and the file host."""
    urls = dict(SOURCE_URLS[source])
    if base_url:
        base = base_url.rstrip("/")
        urls = {k: base for k in urls}
    return urls
