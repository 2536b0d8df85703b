"""Named points of a nightly run where a test can pause it, fail it or SIGKILL it.

STARBOARD_NIGHTLY_HOOK holds `action:point` pairs, comma-separated, e.g.
`kill:publish.exports` or `pause:build,fail:check`:

- kill   sends SIGKILL to the run itself (what a power cut or the OOM killer does);
- fail   raises HookFailure there (a stage that fails with an error);
- pause  creates `<home>/.nightly-paused-at-<point>` and waits until that file is removed
         (at most STARBOARD_NIGHTLY_PAUSE_MAX seconds, default 600).

Points are the stage names (`crawl`, `build`, `check`, `publish`, `report`), announced when
the stage begins, and `<stage>.<step>` for the steps inside one (`build.parse`,
`publish.warehouse`, `publish.exports`, `publish.switch`, `report.written`). Without the
variable every point is a no-op, so this costs production nothing.
"""
from __future__ import annotations

import os
import signal
import time
from pathlib import Path

ENV = "STARBOARD_NIGHTLY_HOOK"
PAUSE_MAX_ENV = "STARBOARD_NIGHTLY_PAUSE_MAX"
ACTIONS = ("kill", "fail", "pause")


class HookFailure(RuntimeError):
    """A failure injected by STARBOARD_NIGHTLY_HOOK."""


def planned(value: str | None = None) -> list[tuple[str, str]]:
    """(action, point) pairs from the variable; malformed entries are an error, not ignored."""
    text = os.environ.get(ENV, "") if value is None else value
    plan = []
    for entry in filter(None, (e.strip() for e in text.split(","))):
        action, sep, point = entry.partition(":")
        if not sep or action not in ACTIONS or not point:
            raise ValueError(f"{ENV} wants action:point with action in {', '.join(ACTIONS)}, got {entry!r}")
        plan.append((action, point))
    return plan


def pause_marker(home_root: Path, point: str) -> Path:
    return home_root / f".nightly-paused-at-{point}"


class Hooks:
    def __init__(self, home_root: Path, plan: list[tuple[str, str]] | None = None) -> None:
        self.home_root = home_root
        self.plan = planned() if plan is None else plan

    def __call__(self, point: str) -> None:
        for action, target in self.plan:
            if target != point:
                continue
            if action == "kill":
                os.kill(os.getpid(), signal.SIGKILL)
            elif action == "fail":
                raise HookFailure(f"failure injected at {point} ({ENV})")
            elif action == "pause":
                self._pause(point)

    def _pause(self, point: str) -> None:
        marker = pause_marker(self.home_root, point)
        marker.write_text(str(os.getpid()), encoding="utf-8")
        deadline = time.monotonic() + float(os.environ.get(PAUSE_MAX_ENV, "600"))
        while marker.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        marker.unlink(missing_ok=True)
