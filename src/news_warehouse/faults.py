"""Named crash points for crash-recovery tests: the process dies here as if killed by the OS.

Set `NEWS_CRASH_AT=<point>` to SIGKILL the running process (and its children) at that point.
Unset, a crash point costs one environment lookup. `make reliability` and the crash tests use
it to kill a run in the middle of extraction, of the load transaction, or of dbt, then check
that the next run publishes exactly what an uninterrupted run would have.
"""

from __future__ import annotations

import os
import signal

CRASH_POINTS = ("extract", "load", "dbt")


def crash_requested(point: str) -> bool:
    return os.environ.get("NEWS_CRASH_AT") == point


def crash_here(point: str) -> None:
    """Kill this whole process group with SIGKILL when NEWS_CRASH_AT names this point."""
    if crash_requested(point):
        os.killpg(os.getpgrp(), signal.SIGKILL)
