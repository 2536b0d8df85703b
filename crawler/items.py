"""What a spider yields: one announcement, with the file's bytes once fetched."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


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
    declared_length: int | None = None
    attempted: bool = False
    sha256: str | None = None
    bytes: int | None = None
    path: str | None = None  # relative to the data home
