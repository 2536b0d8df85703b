"""Item pipelines: check and keep the file (raw store), then record it (catalog).

A file is written (temp name, fsync, rename) before its catalog row, off the reactor
thread so that disk waits do not stall downloads. Bytes already held under another id
(the same file re-posted, or served by the other source) are not stored twice: the row
becomes a duplicate pointing at the holder.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet.threads import deferToThread

from crawler import catalog, documents, raw_store
from crawler.items import Announcement


class RawStorePipeline:
    def __init__(self, crawler: Any) -> None:
        self.crawler = crawler
        self.raw_root = Path(crawler.settings["STARBOARD_RAW_ROOT"])
        self.max_bytes = crawler.settings.getint("DOWNLOAD_MAXSIZE")

    @classmethod
    def from_crawler(cls, crawler: Any) -> RawStorePipeline:
        return cls(crawler)

    async def process_item(self, item: Announcement) -> Announcement:
        if item.body is None:
            return item
        spider = self.crawler.spider
        body, item.body = item.body, None
        try:
            raw_store.check_pdf(body, item.declared_length, self.max_bytes, item.declared_bytes)
        except raw_store.BadFile as exc:
            item.state, item.reason = catalog.FAILED, str(exc)
            await maybe_deferred_to_future(deferToThread(
                raw_store.keep_rejected, self.raw_root, item.source, item.announcement_id, body))
            return item
        digest = raw_store.sha256(body)
        me = documents.pointer(item.source, item.announcement_id)
        holder = spider.shared.hashes.get(digest)
        if holder is not None and holder[0] != me:
            item.state, item.reason, item.duplicate_of = catalog.DUPLICATE, "same bytes as an announcement already held", holder[0]
            item.sha256, item.bytes, item.path = digest, len(body), holder[1]
            return item
        relative = str(raw_store.raw_path(self.raw_root, item.source, item.announcement_id).relative_to(self.raw_root.parent))
        spider.shared.hashes[digest] = (me, relative)  # before the write: a twin arriving meanwhile is a duplicate
        try:
            await maybe_deferred_to_future(deferToThread(
                raw_store.store, self.raw_root, item.source, item.announcement_id, body, digest))
        except BaseException:
            spider.shared.hashes.pop(digest, None)
            raise
        item.state, item.reason, item.duplicate_of = catalog.DOWNLOADED, None, None
        item.sha256, item.bytes, item.path = digest, len(body), relative
        return item


class CatalogPipeline:
    def __init__(self, crawler: Any) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Any) -> CatalogPipeline:
        return cls(crawler)

    def process_item(self, item: Announcement) -> Announcement:
        spider = self.crawler.spider
        spider.record(item)
        return item

    def close_spider(self) -> None:
        self.crawler.spider.shared.writer.flush()
