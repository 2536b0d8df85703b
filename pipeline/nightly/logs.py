"""Nightly logs: reports/logs/nightly.log, rotated at midnight, 30 days kept.

The nightly logs to its own logger ("starboard.nightly", not the root logger, which the
crawler resets when it starts Scrapy): everything to the file, INFO to stdout, WARNING and
up to stderr, so that cron mails only what went wrong. The crawler writes its warnings and
progress lines to stderr; while it runs, `copy_stderr` copies them into the log as well.
Rotation is the standard library's TimedRotatingFileHandler: a run that starts on a later
day than the last line written rolls the file over to nightly.log.<YYYY-MM-DD> and deletes
all but the newest KEEP_DAYS of those.
"""
from __future__ import annotations

import io
import logging
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from logging.handlers import TimedRotatingFileHandler
from pathlib import Path
from typing import TextIO

LOGGER = "starboard.nightly"
LOG_NAME = "nightly.log"
KEEP_DAYS = 30
FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def log_dir(reports_dir: Path) -> Path:
    return reports_dir / "logs"


class _Below(logging.Filter):
    def __init__(self, level: int) -> None:
        super().__init__()
        self.level = level

    def filter(self, record: logging.LogRecord) -> bool:
        return record.levelno < self.level


def setup(reports_dir: Path, console: bool = True) -> logging.Logger:
    """The nightly logger, writing to reports/logs/nightly.log (rotated) and the console."""
    folder = log_dir(reports_dir)
    folder.mkdir(parents=True, exist_ok=True)
    logger = logging.getLogger(LOGGER)
    teardown(logger)
    logger.setLevel(logging.DEBUG)  # the file gets the build's steps too; the console from INFO
    logger.propagate = False
    file_handler = TimedRotatingFileHandler(folder / LOG_NAME, when="midnight", backupCount=KEEP_DAYS,
                                            encoding="utf-8")
    file_handler.setFormatter(logging.Formatter(FORMAT))
    logger.addHandler(file_handler)
    if console:
        plain = logging.Formatter("%(message)s")
        info = logging.StreamHandler(sys.stdout)
        info.setLevel(logging.INFO)
        info.addFilter(_Below(logging.WARNING))
        info.setFormatter(plain)
        problems = logging.StreamHandler(sys.stderr)
        problems.setLevel(logging.WARNING)
        problems.setFormatter(logging.Formatter("%(levelname)s: %(message)s"))
        logger.addHandler(info)
        logger.addHandler(problems)
    return logger


def teardown(logger: logging.Logger | None = None) -> None:
    logger = logger or logging.getLogger(LOGGER)
    for handler in list(logger.handlers):
        logger.removeHandler(handler)
        handler.close()


def file_handlers(logger: logging.Logger) -> list[logging.Handler]:
    return [h for h in logger.handlers if isinstance(h, logging.FileHandler)]


def append_line(reports_dir: Path, message: str) -> None:
    """One line in the log without rotating it: for a run that was refused the lock and must
    not touch the file the running nightly writes."""
    folder = log_dir(reports_dir)
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now().isoformat(sep=" ", timespec="milliseconds").replace(".", ",")
    with open(folder / LOG_NAME, "a", encoding="utf-8") as fh:
        fh.write(f"{stamp} WARNING {LOGGER}: {message}\n")


class _Tee(io.TextIOBase):
    """A stderr that also sends each complete line to a logger (the last of \\r-separated updates)."""

    def __init__(self, original: TextIO, logger: logging.Logger) -> None:
        self.original = original
        self.logger = logger
        self._pending = ""

    def write(self, text: str) -> int:
        self.original.write(text)
        self._pending += text
        while "\n" in self._pending:
            line, self._pending = self._pending.split("\n", 1)
            line = line.rsplit("\r", 1)[-1].strip()
            if line:
                self.logger.info("%s", line)
        return len(text)

    def flush(self) -> None:
        self.original.flush()

    def isatty(self) -> bool:
        return self.original.isatty()

    def fileno(self) -> int:
        return self.original.fileno()

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return getattr(self.original, "encoding", "utf-8")


@contextmanager
def copy_stderr(logger: logging.Logger, name: str = "crawl") -> Iterator[None]:
    """While the block runs, what is written to sys.stderr also goes to the log files of `logger`."""
    child = logging.getLogger(f"{logger.name}.{name}")
    child.propagate = False
    child.setLevel(logging.INFO)
    for handler in file_handlers(logger):
        child.addHandler(handler)
    original = sys.stderr
    sys.stderr = _Tee(original, child)
    try:
        yield
    finally:
        sys.stderr = original
        for handler in list(child.handlers):
            child.removeHandler(handler)
