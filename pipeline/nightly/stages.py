"""The stages of a nightly run, in order, and a clock that knows which one is running.

crawl → build → check → publish → report. `starboard build` runs build, check and publish
as one call (the checks gate the staged build before it goes live, so a failed check
never reaches readers); the nightly tells them apart by the steps the build announces
(`on_stage`): BUILD_STEPS maps each step to its nightly stage. A stage the build did not
announce (a build without checks says nothing about `check`) is still entered, in order,
so every run has the same stage list, every stage a status and a time, and every hook
point exists.
"""
from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass

STAGES = ("crawl", "build", "check", "publish", "report")
#: step announced by pipeline.build.build(on_stage=...) → the nightly stage it belongs to
BUILD_STEPS = {
    "catalog": "build", "parse": "build", "normalise": "build",
    "check": "check", "expectations": "check",
    "publish": "publish", "warehouse": "publish", "exports": "publish", "switch": "publish",
}

OK, PARTIAL, FAILED, INTERRUPTED, SKIPPED, NOT_RUN = "ok", "partial", "failed", "interrupted", "skipped", "not run"


@dataclass
class StageRecord:
    name: str
    status: str = NOT_RUN
    seconds: float = 0.0
    detail: str | None = None

    def to_json(self) -> dict[str, object]:
        return {**asdict(self), "seconds": round(self.seconds, 3)}


class StageClock:
    """Enters stages in order, times them and announces every stage and step to `hook`."""

    def __init__(self, hook: Callable[[str], None] | None = None, log: logging.Logger | None = None) -> None:
        self.records = {name: StageRecord(name) for name in STAGES}
        self.current: str | None = None
        self._next = 0  # index of the first stage not entered yet
        self._passing = False
        self._since = 0.0
        self._hook = hook or (lambda _point: None)
        self._log = log or logging.getLogger(__name__)

    def enter(self, stage: str, through: bool = True) -> None:
        """Close the running stage (ok unless said otherwise) and start `stage`. With `through`,
        stages between the last one entered and `stage` are entered and closed on the way, so
        their hooks fire and their status is known; without it (the report after a failure)
        they stay `not run`."""
        if self.current == stage:
            return
        target = STAGES.index(stage)
        for name in STAGES[self._next:target + 1] if through else (stage,):
            if self.current is not None:
                self.close(SKIPPED if self._passing else OK)
            self._passing = name != stage  # entered on the way: nothing ran in it unless said otherwise
            self.current, self._since = name, time.perf_counter()
            self._next = STAGES.index(name) + 1
            self.records[name].status = "running"
            self._log.info("stage %s", name)
            self._hook(name)

    def step(self, name: str) -> None:
        """A step announced by the build: enter its stage, then fire `<stage>.<step>`."""
        stage = BUILD_STEPS.get(name)
        if stage is None:  # a step this nightly does not know: stays in the current stage
            self._log.debug("build step %s", name)
            return
        if STAGES.index(stage) >= self._next:
            self.enter(stage)
        if name != stage:
            self._log.debug("step %s.%s", stage, name)
            self._hook(f"{stage}.{name}")

    def point(self, name: str) -> None:
        """A named point inside the running stage (`<stage>.<name>`)."""
        self._hook(f"{self.current}.{name}")

    def close(self, status: str = OK, detail: str | None = None) -> None:
        if self.current is None:
            return
        record = self.records[self.current]
        record.seconds += time.perf_counter() - self._since
        record.status = record.status if record.status not in ("running",) else status
        if detail is not None:
            record.detail = detail
        self._log.info("stage %s: %s (%.1f s)", record.name, record.status, record.seconds)
        self.current = None

    def mark(self, stage: str, status: str, detail: str | None = None) -> None:
        """Set a stage's outcome (while it runs, or after: e.g. check after the build returned)."""
        record = self.records[stage]
        record.status = status
        if detail is not None:
            record.detail = detail

    def fail(self, status: str, detail: str) -> str | None:
        """The running stage ended with `status` (failed, interrupted); returns its name."""
        stage = self.current
        if stage is not None:
            self.records[stage].status = status
            self.close(status, detail)
        return stage

    def elapsed(self) -> float:
        """Seconds the running stage has run so far (0 when none runs)."""
        return time.perf_counter() - self._since if self.current else 0.0

    def as_list(self) -> list[StageRecord]:
        return [self.records[name] for name in STAGES]
