"""Whether another process still runs: what decides if a lock or a staging folder is stale."""
from __future__ import annotations

import os


def pid_alive(pid: int) -> bool:
    """True while a process with this id exists on this machine, ours or another user's."""
    if pid <= 0:  # os.kill(0, …) would signal our own process group, not ask about a process
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
