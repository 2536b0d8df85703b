"""Item pipelines: check and keep the file (raw store), then record it (catalog)."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from crawler import catalog, raw_store
from crawler.items import Announcement


class RawStorePipeline:
    def __init__(self, raw_root: Path, max_bytes: int) -> None:
        self.raw_root = raw_root
        self.max_bytes = max_bytes

    @classmethod
    def from_crawler(cls, crawler: Any) -> RawStorePipeline:
        return cls(Path(crawler.settings["STARBOARD_RAW_ROOT"]), crawler.settings.getint("DOWNLOAD_MAXSIZE"))

    def process_item(self, item: Announcement, spider: Any) -> Announcement:
        if item.body is None:
            return item
        try:
            raw_store.check_pdf(item.body, item.declared_length, self.max_bytes)
        except raw_store.BadFile as exc:
            item.state, item.reason = catalog.FAILED, str(exc)
            raw_store.keep_rejected(self.raw_root, item.source, item.announcement_id, item.body)
            spider.counts["failed"] = spider.counts.get("failed", 0) + 1
            item.body = None
            return item
        path, digest = raw_store.store(self.raw_root, item.source, item.announcement_id, item.body)
        item.state, item.reason = catalog.DOWNLOADED, None
        item.sha256, item.bytes = digest, len(item.body)
        item.path = str(path.relative_to(self.raw_root.parent))
        spider.counts["downloaded"] = spider.counts.get("downloaded", 0) + 1
        item.body = None
        return item


class CatalogPipeline:
    def __init__(self, catalog_path: Path, run_id: int) -> None:
        self.catalog_path = catalog_path
        self.run_id = run_id
        self._cm: Any = None
        self.con: Any = None

    @classmethod
    def from_crawler(cls, crawler: Any) -> CatalogPipeline:
        return cls(Path(crawler.settings["STARBOARD_CATALOG"]), crawler.settings.getint("STARBOARD_RUN_ID"))

    def open_spider(self, spider: Any) -> None:
        self._cm = catalog.open_catalog(self.catalog_path)
        self.con = self._cm.__enter__()

    def close_spider(self, spider: Any) -> None:
        if self._cm is not None:
            self._cm.__exit__(None, None, None)

    def process_item(self, item: Announcement, spider: Any) -> Announcement:
        row = {
            "source": item.source, "announcement_id": item.announcement_id, "sec_code": item.sec_code,
            "sec_name": item.sec_name, "org_id": item.org_id, "title": item.title, "kind": item.kind,
            "revision": item.revision, "offering": item.offering, "published_at": item.published_at,
            "url": item.url, "state": item.state, "reason": item.reason,
            "sha256": item.sha256, "bytes": item.bytes, "path": item.path,
        }
        catalog.upsert_announcement(self.con, row, self.run_id, item.attempted)
        return item
