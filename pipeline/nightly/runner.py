"""One nightly run: lock → crawl → build → check → publish → report, with an exit code a
scheduler can act on.

Exit codes (also in the README): 0 everything ran and the new build is published; 1 a stage
failed (the report and stderr name it; nothing half-done is published); 2 bad arguments;
3 another nightly holds the lock, or a crawl holds the catalog (nothing was done: try
later); 4 partial: a source could not be crawled completely (or files failed), the others
were and the build from what is held was published; 5 interrupted (SIGTERM/SIGINT): the
next run completes the work.

Crash safety comes from the pieces: the crawler writes whole files and records them after,
the build publishes by one rename, the report and the baseline snapshot are replaced
atomically and the lock dies with its process. A run killed anywhere therefore leaves the
published warehouse as it was (or, after the switch, the complete new one), and the next
run, which takes the lock over, re-does what is missing and reports every change since the
last report.
"""
from __future__ import annotations

import logging
import os
import signal
import time
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from pipeline.home import DataHome
from pipeline.nightly import logs, quality
from pipeline.nightly.baseline import baseline_path, build_id_of, write_snapshot
from pipeline.nightly.changes import compare
from pipeline.nightly.hooks import Hooks
from pipeline.nightly.lock import STALE_AFTER_SECONDS, LockHeld, NightlyLock
from pipeline.nightly.report import NightlyReport, changes_line, set_aside_earlier, write_report
from pipeline.nightly.stages import FAILED, INTERRUPTED, OK, PARTIAL, SKIPPED, StageClock

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_LOCKED, EXIT_PARTIAL, EXIT_INTERRUPTED = 0, 1, 2, 3, 4, 5
LOCK_NAME = "nightly.lock"
SOURCES = ("cninfo", "sse")


@dataclass
class NightlyOptions:
    sources: tuple[str, ...] = SOURCES
    base_url: str | None = None
    since: date | None = None
    lookback_days: int = 7
    settings: dict[str, Any] = field(default_factory=dict)
    jobs: int | None = None
    progress: bool | None = None
    stale_after: float = STALE_AFTER_SECONDS
    console: bool = True

    @property
    def fast(self) -> bool:
        """A loopback server (the mirror, tests): no politeness delays needed."""
        return bool(self.base_url) and (urlsplit(self.base_url).hostname or "") in {"127.0.0.1", "localhost", "::1"}

    def to_json(self) -> dict[str, Any]:
        return {"sources": list(self.sources), "base_url": self.base_url,
                "since": self.since.isoformat() if self.since else None, "lookback_days": self.lookback_days,
                "settings": {k: str(v) for k, v in self.settings.items()}, "jobs": self.jobs}


@dataclass
class NightlyResult:
    exit_code: int
    outcome: str  # ok | partial | failed | interrupted | locked
    message: str
    report: NightlyReport | None = None
    paths: tuple[Path, ...] = ()


class NightlyInterrupted(BaseException):  # noqa: N818 - like KeyboardInterrupt: never caught as an error
    """SIGTERM or SIGINT: stop where we are; the next run completes the work."""


class StageError(Exception):
    """A stage failed in a way the nightly knows: a message for people and the exit code."""

    def __init__(self, message: str, code: int = EXIT_FAILED) -> None:
        super().__init__(message)
        self.code = code


def run_nightly(home: DataHome, options: NightlyOptions) -> NightlyResult:
    """Run the whole nightly under the lock; never raises for a failed stage (see the exit code)."""
    home.ensure()
    lock = NightlyLock(home.root / LOCK_NAME, stale_after=options.stale_after)
    try:
        lock.acquire()
    except LockHeld as exc:
        logs.append_line(home.reports_dir, f"refused to start (pid {os.getpid()}): {exc}")
        return NightlyResult(EXIT_LOCKED, "locked", str(exc))
    try:
        log = logs.setup(home.reports_dir, console=options.console)
    except OSError as exc:
        lock.release()
        return NightlyResult(EXIT_FAILED, "failed", f"cannot write the log under {home.reports_dir}: {exc}")
    try:
        return _Run(home, options, log, lock).execute()
    finally:
        lock.release()
        logs.teardown(log)


class _Run:
    def __init__(self, home: DataHome, options: NightlyOptions, log: logging.Logger, lock: NightlyLock) -> None:
        self.home, self.options, self.log = home, options, log
        self.started = datetime.now()
        self.clock_started = time.perf_counter()
        self.hooks = Hooks(home.root)
        self.clock = StageClock(self.hooks, log)
        self.report = NightlyReport(
            date=self.started.date().isoformat(), run_id=f"{self.started:%Y%m%dT%H%M%S}-{os.getpid()}",
            started_at=self.started.isoformat(timespec="seconds"), options=options.to_json(),
            lock_takeover=lock.takeover.to_json() if lock.takeover else None)
        self.partial = False
        self.build_dir: Path | None = None
        self.previous_build: str | None = None
        self.baseline = baseline_path(home.reports_dir)
        self._old_handlers: dict[int, Any] = {}

    # -- signals ---------------------------------------------------------------------------------
    def _on_signal(self, signum: int, _frame: Any) -> None:
        raise NightlyInterrupted(f"stopped by {signal.Signals(signum).name}")

    def _install_signals(self) -> None:
        for sig in (signal.SIGTERM, signal.SIGINT):
            previous = signal.signal(sig, self._on_signal)
            self._old_handlers.setdefault(sig, previous)

    def _restore_signals(self) -> None:
        for sig, handler in self._old_handlers.items():
            signal.signal(sig, handler)

    # -- the run ---------------------------------------------------------------------------------
    def execute(self) -> NightlyResult:
        self._install_signals()
        try:
            return self._execute()
        finally:
            self._restore_signals()

    def _execute(self) -> NightlyResult:
        log = self.log
        log.info("nightly %s starting in %s (sources: %s)", self.report.run_id, self.home.root,
                 ", ".join(self.options.sources))
        if self.report.lock_takeover:
            log.warning("took over the nightly lock: %s", self.report.lock_takeover["reason"])
        failure: tuple[str | None, str, int] | None = None
        try:
            self._prepare()
            self._crawl()
            self._build()
        except NightlyInterrupted as exc:
            failure = (self.clock.fail(INTERRUPTED, str(exc)), str(exc), EXIT_INTERRUPTED)
        except StageError as exc:
            failure = (self.clock.fail(FAILED, str(exc)), str(exc), exc.code)
        except Exception as exc:  # noqa: BLE001 - any failure is the failure of the stage it happened in
            log.exception("unexpected error")
            message = f"{type(exc).__name__}: {exc}"
            failure = (self.clock.fail(FAILED, message), message, EXIT_FAILED)
        paths: tuple[Path, ...] = ()
        try:
            paths = self._report(failure)
        except NightlyInterrupted as exc:
            self.clock.fail(INTERRUPTED, str(exc))
            failure = failure or ("report", str(exc), EXIT_INTERRUPTED)
        except Exception as exc:  # noqa: BLE001 - the report is a stage like the others
            log.exception("the report could not be written")
            message = f"{type(exc).__name__}: {exc}"
            self.clock.fail(FAILED, message)
            failure = failure or ("report", message, EXIT_FAILED)
        code, outcome = self._verdict(failure)
        if failure is None:
            message = self.report.summary
            (log.info if code == EXIT_OK else log.warning)("nightly %s: %s (exit %d)", outcome, message, code)
        else:
            message = f"failed at stage {failure[0]}: {failure[1]}"
            log.error("nightly %s (exit %d)", message if code != EXIT_INTERRUPTED else f"interrupted in stage "
                      f"{failure[0]}: {failure[1]}; the next run completes the work", code)
        return NightlyResult(code, outcome, message, self.report, paths)

    def _verdict(self, failure: tuple[str | None, str, int] | None) -> tuple[int, str]:
        if failure is None:
            return (EXIT_PARTIAL, "partial") if self.partial else (EXIT_OK, "ok")
        code = failure[2]
        return code, "interrupted" if code == EXIT_INTERRUPTED else "failed"

    # -- before the stages: the baseline ----------------------------------------------------------
    def _prepare(self) -> None:
        """The first nightly of a home that already has a published build compares against it."""
        warehouse = self.home.warehouse
        self.previous_build = None
        if not warehouse.exists():
            return
        try:
            self.previous_build = build_id_of(warehouse)
            if not self.baseline.exists():
                write_snapshot(warehouse.resolve(), self.baseline, "the build published before the first nightly")
                self.log.info("baseline: build %s, published before the first nightly", self.previous_build)
        except Exception as exc:  # noqa: BLE001 - without a baseline the report counts everything as new
            self.log.warning("could not read the published build for the baseline: %s", exc)

    # -- crawl -----------------------------------------------------------------------------------
    def _crawl(self) -> None:
        from crawler.catalog import CatalogLocked
        from crawler.run import CrawlOptions, crawl
        from crawler.run import exit_code as crawl_exit

        self.clock.enter("crawl")
        o = self.options
        crawl_options = CrawlOptions(sources=o.sources, base_url=o.base_url, since=o.since, lookback_days=o.lookback_days,
                                     fast=o.fast, settings=dict(o.settings), progress=o.progress)
        started = datetime.now()
        try:
            with logs.copy_stderr(self.log):
                summaries = crawl(self.home.raw_root, self.home.catalog, crawl_options)
        except CatalogLocked as exc:
            raise StageError(f"{exc}; try again when it has finished", EXIT_LOCKED) from None
        finally:
            self._install_signals()  # Scrapy installs its own while it runs
        self.report.crawl = {"sources": [_source_json(s) for s in summaries],
                             "failed_files": self._failed_files(started)}
        for s in summaries:
            c = s.counts
            self.log.info("crawl %s: %s — listed %d, wanted %d, downloaded %d, already held %d, failed %d%s",
                          s.source, s.status, c.get("listed", 0), c.get("wanted", 0), c.get("downloaded", 0),
                          c.get("already_held", 0), c.get("failed", 0), f" ({s.message})" if s.message else "")
        code = crawl_exit(summaries)
        detail = "; ".join(f"{s.source} {s.status}, {s.counts.get('downloaded', 0)} downloaded" for s in summaries)
        if code == EXIT_INTERRUPTED:
            raise NightlyInterrupted(f"the crawl was interrupted ({detail})")
        if code == EXIT_FAILED:
            why = "; ".join(f"{s.source}: {s.message or s.status}" for s in summaries)
            raise StageError(f"no source could be crawled ({why})")
        if code == EXIT_PARTIAL:
            self.partial = True
            down = [s for s in summaries if s.status in ("failed", "partial")]
            for s in down:
                self.log.warning("crawl %s %s: %s", s.source, s.status, s.message or "see the report")
            self.clock.mark("crawl", PARTIAL, detail)
        else:
            self.clock.mark("crawl", OK, detail)

    def _failed_files(self, since: datetime) -> list[dict[str, Any]]:
        from crawler.catalog import open_catalog

        try:
            with open_catalog(self.home.catalog, read_only=True) as con:
                cur = con.execute(
                    """SELECT source, announcement_id, sec_code, sec_name, title, attempts, reason FROM announcements
                       WHERE state = 'failed' AND last_attempt >= ? ORDER BY source, announcement_id""", [since])
                names = [d[0] for d in cur.description]
                return [dict(zip(names, r, strict=True)) for r in cur.fetchall()]
        except Exception as exc:  # noqa: BLE001 - the list is a detail of the report, not a reason to fail
            self.log.warning("could not list the failed files: %s", exc)
            return []

    # -- build, check, publish ----------------------------------------------------------------------
    def _build(self) -> None:
        from pipeline.build import build
        from pipeline.publish.warehouse import PublishError

        self.clock.enter("build")
        try:
            summary = build(self.home, jobs=self.options.jobs, on_stage=self.clock.step)
        except PublishError as exc:
            raise StageError(f"{exc}; the published warehouse is unchanged") from None
        except Exception as exc:
            if not quality.is_quality_block(exc):
                raise
            self.report.data_quality = quality.from_failure(exc) or {"ran": True, "outcome": "blocked"}
            if self.clock.current != "check":
                self.clock.enter("check")
            raise StageError(f"data quality: {exc}; the build was not published") from None
        self.build_dir = summary.build_dir
        warehouse = Path(summary.build_dir) / "warehouse.duckdb"
        build_id = build_id_of(warehouse)
        self.report.build = {
            "build_id": build_id, "previous_build_id": self.previous_build, "published": True,
            "documents": summary.documents, "offerings": summary.offerings, "projects": summary.projects,
            "budget_lines": summary.budget_lines, "parsed_now": summary.parsed_now, "from_cache": summary.from_cache,
            "unreadable": summary.failed, "with_warnings": summary.warned, "seconds": round(summary.seconds, 3),
        }
        self.clock.mark("build", OK, f"{summary.documents} documents ({summary.parsed_now} parsed now), "
                                     f"{summary.offerings} offerings")
        dq = quality.from_warehouse(warehouse, build_id)
        self.report.data_quality = dq
        if dq.get("ran"):
            self.clock.mark("check", OK, f"{dq.get('outcome')}: {dq.get('passed')} of {dq.get('expectations')} "
                                         "expectations passed")
        else:
            self.clock.mark("check", SKIPPED, dq.get("note"))
        live = self.home.root / "current"
        if live.resolve() != Path(summary.build_dir).resolve():
            self.log.warning("build %s was published, but current now points at %s", build_id, live.resolve())
        self.clock.mark("publish", OK, f"build {build_id} is live")
        self.clock.close()

    # -- report ----------------------------------------------------------------------------------
    def _report(self, failure: tuple[str | None, str, int] | None) -> tuple[Path, Path]:
        self.clock.enter("report", through=failure is None)
        report = self.report
        published = self.build_dir is not None
        if published:
            warehouse = Path(self.build_dir) / "warehouse.duckdb"
            changes = compare(warehouse, self.baseline if self.baseline.exists() else None)
            report.changes = changes.to_json()
        code, outcome = self._verdict(failure)
        report.outcome, report.exit_code = outcome, code
        if failure is not None:
            report.failed_stage, report.error = failure[0], failure[1]
            report.summary = f"failed at stage {failure[0]}: {failure[1]}"
            if published:
                report.summary += f" (after publishing: {changes_line(report.changes)})"
        else:
            report.summary = changes_line(report.changes)
            down = [s for s in report.crawl["sources"] if s["status"] != "ok"]
            if down:
                report.summary += "; crawl incomplete: " + ", ".join(f"{s['source']} {s['status']}" for s in down)
        report.finished_at = datetime.now().isoformat(timespec="seconds")
        report.seconds = round(time.perf_counter() - self.clock_started, 3)
        self.clock.mark("report", OK)
        report.stages = [r.to_json() for r in self.clock.as_list()]
        report.stages[-1]["seconds"] = round(self.clock.elapsed(), 3)
        report.earlier_reports = set_aside_earlier(self.home.reports_dir, report.date)
        paths = write_report(report, self.home.reports_dir)
        self.log.info("report: %s", paths[1])
        self.clock.point("written")
        if published:
            write_snapshot(Path(self.build_dir) / "warehouse.duckdb", self.baseline, f"reported in {paths[0].name}")
        self.clock.close()
        return paths


#: counts every source's report row has (0 when the crawler did not count any)
CRAWL_COUNTS = ("pages_listed", "listed", "wanted", "skipped", "downloaded", "already_held", "duplicates",
                "retried", "failed")


def _source_json(s: Any) -> dict[str, Any]:
    return {"source": s.source, "status": s.status, "run_id": s.run_id, "mode": s.mode,
            "since": s.since.isoformat() if s.since else None, "until": s.until.isoformat() if s.until else None,
            "listing_complete": s.listing_complete, "counts": {**dict.fromkeys(CRAWL_COUNTS, 0), **s.counts},
            "message": s.message, "errors": list(s.errors)}

