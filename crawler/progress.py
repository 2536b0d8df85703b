"""Crawl progress: one live line per source on a terminal, plain log lines otherwise.

The line is computed from the spiders' counters (pure, so it is testable); the display
is refreshed from the reactor, never from another thread, so it reads counters that
only the reactor thread writes.
"""
from __future__ import annotations

import sys
import time
from collections.abc import Mapping
from typing import Any, TextIO


def eta_seconds(done: int, total: int, elapsed: float) -> float | None:
    """Seconds left at the rate so far, or None before there is a rate."""
    if done <= 0 or elapsed <= 0 or total <= done:
        return None if total > done else 0.0
    return (total - done) * elapsed / done


def _clock(seconds: float | None) -> str:
    if seconds is None:
        return "--:--"
    seconds = int(seconds)
    return f"{seconds // 3600}:{seconds // 60 % 60:02d}:{seconds % 60:02d}" if seconds >= 3600 else f"{seconds // 60}:{seconds % 60:02d}"


def progress_line(source: str, counts: Mapping[str, int], elapsed: float, state: str = "") -> str:
    c = counts
    pages_total = c.get("pages_planned", 0)
    pages_done = min(pages_total, c.get("pages_listed", 0) + c.get("pages_failed", 0) - c.get("pages_reasked", 0))
    files_total = c.get("queued", 0)
    files_done = c.get("fetched", 0)
    eta = eta_seconds(pages_done + files_done, pages_total + files_total, elapsed)
    return (
        f"{source:<6} {state or 'crawling':<11} pages {pages_done}/{pages_total}  "
        f"files {files_done}/{files_total} (new {c.get('downloaded', 0)}, held {c.get('already_held', 0)}, "
        f"dup {c.get('duplicates', 0)}, skipped {c.get('skipped', 0)})  failed {c.get('failed', 0)}"
        f"{'  short ' + str(c['windows_short']) if c.get('windows_short') else ''}  ETA {_clock(eta)}"
    )


class Progress:
    def __init__(self, counts: Mapping[str, Mapping[str, int]], states: Mapping[str, str],
                 stream: TextIO | None = None, tty: bool | None = None, plain_every: float = 10.0) -> None:
        self.counts = counts
        self.states = states
        self.stream = stream or sys.stderr
        self.tty = self.stream.isatty() if tty is None else tty
        self.plain_every = plain_every
        self.started = time.monotonic()
        self._loop: Any = None
        self._live: Any = None
        self._last_plain = 0.0

    def lines(self) -> list[str]:
        elapsed = time.monotonic() - self.started
        return [progress_line(s, self.counts[s], elapsed, self.states.get(s, "")) for s in self.counts]

    def start(self) -> None:
        from twisted.internet import task

        if self.tty:
            from rich.console import Console
            from rich.live import Live
            from rich.text import Text

            self._text = Text
            self._live = Live(console=Console(file=self.stream), auto_refresh=False, transient=False)
            self._live.start()
        self._loop = task.LoopingCall(self.tick)
        self._loop.start(0.5 if self.tty else 1.0, now=False)

    def tick(self) -> None:
        if self._live is not None:
            self._live.update(self._text("\n".join(self.lines())), refresh=True)
            return
        now = time.monotonic()
        if now - self._last_plain >= self.plain_every:
            self._last_plain = now
            for line in self.lines():
                print(f"progress: {line}", file=self.stream, flush=True)

    def stop(self) -> None:
        if self._loop is not None and self._loop.running:
            self._loop.stop()
        if self._live is not None:
            self._live.update(self._text("\n".join(self.lines())), refresh=True)
            self._live.stop()
        elif self._loop is not None:
            for line in self.lines():
                print(f"progress: {line}", file=self.stream, flush=True)
