"""One nightly at a time: an exclusive lock on <home>/nightly.lock that dies with its holder.

The lock is an flock(2) on the file, so the kernel drops it when the holder ends for any
reason, SIGKILL included, and no stale state can keep the next run out. The file also says
who holds it (pid, start time, host, command), so a refused run can say whom it waited
for, and a run that finds a holder's details but no flock knows the previous run was
killed and says that it took the lock over.

A lock that is still held is taken over only when its holder is evidently stuck: the pid
written in the file is not alive (the flock is held by something else, e.g. a child that
inherited it), or it has been held for longer than `stale_after`. A stuck holder that is a
starboard nightly is asked to stop (SIGTERM) first; either way the file is set aside and a
new one locked, so from then on there is one owner. Every step runs under a short guard
lock so that two newcomers never both take over.
"""
from __future__ import annotations

import fcntl
import json
import os
import signal
import socket
import sys
import time
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path

from pipeline.processes import pid_alive

#: a run holding the lock for longer than this is taken to be hung (12 h; nightlies take minutes)
STALE_AFTER_SECONDS = 12 * 3600.0
#: how long a hung holder gets to stop after SIGTERM
STOP_GRACE_SECONDS = 30.0


@dataclass(frozen=True)
class Holder:
    pid: int
    started: float  # epoch seconds
    started_at: str  # local time, for people
    host: str
    command: str

    @classmethod
    def me(cls) -> Holder:
        now = time.time()
        return cls(os.getpid(), now, datetime.fromtimestamp(now).isoformat(timespec="seconds"),
                   socket.gethostname(), " ".join(sys.argv))

    @classmethod
    def parse(cls, text: str) -> Holder | None:
        try:
            data = json.loads(text)
            return cls(int(data["pid"]), float(data["started"]), str(data.get("started_at", "")),
                       str(data.get("host", "")), str(data.get("command", "")))
        except (ValueError, KeyError, TypeError):
            return None

    def describe(self) -> str:
        return f"pid {self.pid} on {self.host or '?'}, started {self.started_at or '?'}"


@dataclass(frozen=True)
class Takeover:
    """The lock was found left behind (or stuck) and taken over: who had it and why it was taken."""

    previous: Holder | None
    reason: str

    def to_json(self) -> dict[str, object]:
        return {"previous": asdict(self.previous) if self.previous else None, "reason": self.reason}


class LockHeld(RuntimeError):
    """Another nightly is running."""

    def __init__(self, path: Path, holder: Holder | None) -> None:
        self.path, self.holder = path, holder
        who = holder.describe() if holder else "a process that did not say who it is"
        age = f", running for {_duration(time.time() - holder.started)}" if holder else ""
        super().__init__(f"another nightly holds {path} ({who}{age}); this run exits without doing anything")


def _duration(seconds: float) -> str:
    seconds = max(0, int(seconds))
    hours, rest = divmod(seconds, 3600)
    return f"{hours} h {rest // 60} min" if hours else f"{rest // 60} min {rest % 60} s"


    return True


def is_nightly(pid: int) -> bool:
    """True when `pid` is running a starboard nightly (read from /proc; False where there is none)."""
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return False
    return b"nightly" in cmdline and (b"starboard" in cmdline or b"pipeline" in cmdline)


def _try_flock(fd: int) -> bool:
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def _read(fd: int) -> str:
    os.lseek(fd, 0, os.SEEK_SET)
    chunks = []
    while chunk := os.read(fd, 65536):
        chunks.append(chunk)
    return b"".join(chunks).decode("utf-8", errors="replace")


def _write(fd: int, holder: Holder) -> None:
    data = (json.dumps(asdict(holder), ensure_ascii=False) + "\n").encode("utf-8")
    os.ftruncate(fd, 0)
    os.pwrite(fd, data, 0)
    os.fsync(fd)


class NightlyLock:
    """`with NightlyLock(path) as lock:` — `lock.takeover` says whether a left-behind lock was taken."""

    def __init__(self, path: Path, stale_after: float = STALE_AFTER_SECONDS,
                 stop_grace: float = STOP_GRACE_SECONDS) -> None:
        self.path = path
        self.guard_path = path.with_name(f".{path.name}.guard")
        self.stale_after = stale_after
        self.stop_grace = stop_grace
        self.fd: int | None = None
        self.takeover: Takeover | None = None

    def _guarded(self) -> int:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        guard = os.open(self.guard_path, os.O_RDWR | os.O_CREAT, 0o644)
        fcntl.flock(guard, fcntl.LOCK_EX)  # held for a few system calls at most
        return guard

    @staticmethod
    def _unguard(guard: int) -> None:
        fcntl.flock(guard, fcntl.LOCK_UN)
        os.close(guard)

    def acquire(self) -> Takeover | None:
        """Take the lock or raise LockHeld; returns what was taken over, if anything."""
        guard = self._guarded()
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
            if _try_flock(fd):
                previous = Holder.parse(_read(fd))
                if previous is not None:
                    self.takeover = Takeover(previous, "the run that held it ended without releasing it "
                                                       "(killed or crashed)")
                return self._own(fd)
            holder = Holder.parse(_read(fd))
            if holder is None:
                os.close(fd)
                raise LockHeld(self.path, None)
            age = time.time() - holder.started
            alive = pid_alive(holder.pid)
            if alive and age < self.stale_after:
                os.close(fd)
                raise LockHeld(self.path, holder)
            reason = (f"held for {_duration(age)}, longer than {_duration(self.stale_after)}: the run looked hung"
                      if alive else "its holder is no longer running")
            if alive and is_nightly(holder.pid):
                os.kill(holder.pid, signal.SIGTERM)
                deadline = time.monotonic() + self.stop_grace
                while time.monotonic() < deadline:
                    if _try_flock(fd):
                        self.takeover = Takeover(holder, f"{reason}; it was stopped (SIGTERM)")
                        return self._own(fd)
                    time.sleep(0.1)
                reason += "; it did not stop on SIGTERM and was left running"
            os.close(fd)
            aside = self.path.with_name(f"{self.path.name}.stale-{holder.pid}-{int(time.time())}")
            os.replace(self.path, aside)
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o644)
            if not _try_flock(fd):  # nobody else can have it: every newcomer waits for the guard
                os.close(fd)
                raise LockHeld(self.path, None)
            self.takeover = Takeover(holder, f"{reason} (its lock file was kept as {aside.name})")
            return self._own(fd)
        finally:
            self._unguard(guard)

    def _own(self, fd: int) -> Takeover | None:
        _write(fd, Holder.me())
        self.fd = fd
        return self.takeover

    def release(self) -> None:
        """Empty the file (an empty file means: released cleanly) and drop the flock."""
        if self.fd is None:
            return
        guard = self._guarded()
        try:
            os.ftruncate(self.fd, 0)
            fcntl.flock(self.fd, fcntl.LOCK_UN)
            os.close(self.fd)
        finally:
            self.fd = None
            self._unguard(guard)

    def __enter__(self) -> NightlyLock:
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()
