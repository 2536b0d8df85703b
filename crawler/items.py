"""What a spider yields: one announcement, with the file's bytes once fetched."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


@dataclass
class Announcement:
    source: str
    announcement_id: str
    sec_code: str
    sec_name: str
    org_id: str | None
    title: str
    published_at: datetime | None
    url: str
    kind: str = "other"
    revision: str | None = None
    offering: str | None = None
    state: str = "listed"
    reason: str | None = None
    body: bytes | None = field(default=None, repr=False)
    declared_length: int | None = None  # Content-Length of the file answer
    declared_bytes: int | None = None  # size the listing announced (cninfo adjunctSize), if any
    attempted: bool = False
    adopted: bool = False  # a complete file found on disk from a killed run, not fetched again
    sha256: str | None = None
    bytes: int | None = None
    path: str | None = None  # relative to the data home
    file_ref: str | None = None  # the file's URL or path exactly as the listing gave it
    doc_key: str | None = None
    duplicate_of: str | None = None

    def row(self) -> dict[str, Any]:
        """The catalog columns of this announcement."""
        return {
            "source": self.source, "announcement_id": self.announcement_id, "sec_code": self.sec_code,
            "sec_name": self.sec_name, "org_id": self.org_id, "title": self.title, "kind": self.kind,
            "revision": self.revision, "offering": self.offering, "published_at": self.published_at,
            "url": self.url, "state": self.state, "reason": self.reason, "sha256": self.sha256,
            "bytes": self.bytes, "path": self.path, "file_ref": self.file_ref, "doc_key": self.doc_key,
            "duplicate_of": self.duplicate_of, "declared_bytes": self.declared_bytes,
        }
