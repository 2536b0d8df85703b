"""What the mirror serves: one listed filing, with what each site would show for it.

A corpus fixture (or a synthetic filing) becomes a `Filing`; the cninfo and SSE answers
are derived from it the way the real sites present the same document: cninfo lists it
under a numeric announcementId with a `finalpage/<date>/<id>.PDF` path, SSE under the
company's full-name-prefixed title with a `/disclosure/.../<code>_<yyyymmdd>_<XXXX>.pdf`
path. Nothing here needs fields beyond the corpus's own.
"""
from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from functools import cached_property
from typing import Any

BEIJING = timezone(timedelta(hours=8))
_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ"


@dataclass(eq=False)
class Filing:
    announcement_id: str
    code: str
    short_name: str
    full_name: str
    org_id: str
    title: str
    published: datetime  # aware (Beijing) or naive (taken as Beijing)
    load_pdf: Callable[[], bytes] = field(repr=False)
    on_cninfo: bool = True
    on_sse: bool = True

    @classmethod
    def from_fixture(cls, fixture: Any) -> Filing:
        spec = fixture.spec
        hidden = bool(spec.get("hidden_from_listing"))
        return cls(
            announcement_id=fixture.announcement_id, code=str(spec["code"]), short_name=spec["short_name"],
            full_name=spec.get("full_name") or spec["short_name"], org_id=spec["org_id"], title=spec["title"],
            published=fixture.published, load_pdf=lambda: fixture.pdf, on_cninfo=not hidden, on_sse=not hidden,
        )

    @cached_property
    def pdf(self) -> bytes:
        return self.load_pdf()

    @property
    def beijing(self) -> datetime:
        if self.published.tzinfo is None:
            return self.published.replace(tzinfo=BEIJING)
        return self.published.astimezone(BEIJING)

    @property
    def day(self) -> str:
        return self.beijing.date().isoformat()

    # -- cninfo -----------------------------------------------------------------------------
    @property
    def adjunct_url(self) -> str:
        return f"finalpage/{self.day}/{self.announcement_id}.PDF"

    @property
    def epoch_ms(self) -> int:
        return int(self.beijing.timestamp() * 1000)

    # -- SSE --------------------------------------------------------------------------------
    @property
    def sse_suffix(self) -> str:
        digest = hashlib.sha1(self.announcement_id.encode()).digest()
        return "".join(_LETTERS[b % len(_LETTERS)] for b in digest[:4])

    @property
    def sse_id(self) -> str:
        return f"{self.code}_{self.day.replace('-', '')}_{self.sse_suffix}"

    @property
    def sse_url(self) -> str:
        return f"/disclosure/listedinfo/announcement/c/new/{self.day}/{self.sse_id}.pdf"

    @property
    def sse_title(self) -> str:
        """SSE prints the company's full name before the title unless it is already there."""
        if self.title.startswith((self.full_name, self.short_name)):
            return self.title
        return f"{self.full_name}{self.title}"

    @property
    def bulletin_id(self) -> str | None:
        """SSE gives BULLETIN_ID only sometimes; here: for every other filing."""
        digest = hashlib.sha1(self.announcement_id.encode()).hexdigest()
        return None if int(digest[-1], 16) % 2 else str(int(digest[:10], 16))


def from_corpus(fixtures: Any) -> list[Filing]:
    return [Filing.from_fixture(f) for f in fixtures]
