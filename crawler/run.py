"""Run a crawl in-process and record it as a crawl-run row in the catalog."""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from scrapy.crawler import CrawlerProcess

from crawler import catalog
from crawler.settings import BASE, FAST, source_urls
from crawler.spiders.cninfo import CninfoSpider

STAR_MARKET_OPENED = date(2019, 7, 22)
SPIDERS = {"cninfo": CninfoSpider}


@dataclass
class CrawlSummary:
    source: str
    run_id: int
    status: str
    counts: dict[str, int] = field(default_factory=dict)
    message: str | None = None


def crawl(raw_root: Path, catalog_path: Path, source: str = "cninfo", base_url: str | None = None,
          since: date | None = None, until: date | None = None, fast: bool = False,
          settings: dict[str, Any] | None = None) -> CrawlSummary:
    """Crawl one source into the raw store and catalog. Call once per process (Twisted)."""
    since = since or STAR_MARKET_OPENED
    until = until or date.today()
    urls = source_urls(source, base_url)
    with catalog.open_catalog(catalog_path) as con:
        run_id = catalog.start_run(con, source, urls["query"], since, until)
        known = catalog.downloaded_ids(con, source)
    counts: dict[str, int] = {}
    merged = {**BASE, **(FAST if fast else {}), **(settings or {}),
              "STARBOARD_RAW_ROOT": str(raw_root), "STARBOARD_CATALOG": str(catalog_path),
              "STARBOARD_RUN_ID": run_id, "LOG_INSTALL_ROOT_HANDLER": False}
    logging.getLogger("scrapy").setLevel(merged.get("LOG_LEVEL", "WARNING"))
    process = CrawlerProcess(merged)
    process.crawl(SPIDERS[source], urls=urls, since=since, until=until, known=known, counts=counts)
    process.start()
    failures = counts.get("failed", 0) + counts.get("listing_failures", 0)
    status = "ok" if not failures else ("failed" if not counts.get("pages_listed") else "partial")
    message = None
    if counts.get("listing_failures"):
        message = f"{counts['listing_failures']} listing page(s) could not be read"
    with catalog.open_catalog(catalog_path) as con:
        catalog.finish_run(con, run_id, status, counts, message)
    return CrawlSummary(source, run_id, status, counts, message)
