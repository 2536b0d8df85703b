"""Crawl throughput: N announcements / N PDFs from a local server, throttling off.

The server (the real mirror, serving N synthetic filings in cninfo's protocol) runs in its
own process so that its work and memory are not counted; the crawl runs in this process
through the same code as `starboard crawl --source cninfo` (real search terms, windows,
reconciliation, validation, atomic writes with fsync, catalog upserts). Figures: wall
time of the crawl, PDFs stored per second, peak RSS and its growth over the crawl (flat
in N is the goal). One run per process: Scrapy's reactor cannot restart.
"""
from __future__ import annotations

import resource
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

CASES = [{"n": 1000}, {"n": 3000}]
QUICK_CASES = [{"n": 50}]
SCALE_BY = "n"
SCALE_FIGURES = ["crawl_s", "rss_growth_mb"]

ROOT = Path(__file__).resolve().parent.parent


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def measure(n: int) -> dict[str, float]:
    from crawler.run import CrawlOptions, crawl

    server = subprocess.Popen([sys.executable, "-m", "crawler.mirror.server", "--synthetic", str(n)],
                              cwd=ROOT, stdout=subprocess.PIPE, text=True)
    try:
        url = server.stdout.readline().strip()
        if not url.startswith("http://127.0.0.1:"):
            raise RuntimeError(f"the mirror did not start: {url!r}")
        with tempfile.TemporaryDirectory(prefix="bench-crawl-") as tmp:
            home = Path(tmp)
            options = CrawlOptions(sources=("cninfo",), base_url=url, since=date(2023, 1, 1),
                                   until=date(2024, 12, 31), fast=True, progress=False,
                                   settings={"STARBOARD_PROGRESS_SECONDS": 3600.0})
            rss_before = _peak_rss_mb()
            started = time.perf_counter()
            [summary] = crawl(home / "raw", home / "catalog.duckdb", options)
            seconds = time.perf_counter() - started
            stored = len(list((home / "raw" / "cninfo").glob("*.pdf")))
    finally:
        server.terminate()
        server.wait(timeout=10)
    if summary.status != "ok" or stored != n:
        raise RuntimeError(f"crawl {summary.status}: stored {stored} of {n}: {summary.message}")
    peak = _peak_rss_mb()
    return {
        "crawl_s": seconds,
        "pdfs_per_s": stored / seconds,
        "pages": float(summary.counts.get("pages_listed", 0)),
        "peak_rss_mb": peak,
        "rss_growth_mb": peak - rss_before,
    }


if __name__ == "__main__":
    print(measure(int(sys.argv[1]) if len(sys.argv) > 1 else 1000))
