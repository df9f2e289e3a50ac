"""`make airflow`: `airflow standalone`, and nothing of it left running after Ctrl-C.

Airflow 3.3's standalone does not always stop: on Ctrl-C its scheduler can wait, without a bound,
for LocalExecutor workers the same Ctrl-C caught on their queue (the unbounded join of
apache/airflow#67870), and the scheduler and its workers then outlive `make`, re-parented to init.
They keep the process group, though. This wrapper runs standalone in its own process group
(`make`'s, which a terminal's Ctrl-C signals as a whole); when asked to stop (SIGINT from the
terminal, or SIGTERM), it gives Airflow `GRACE_S` to stop by itself, then sends SIGTERM and finally
SIGKILL to every process of that group started after the wrapper, orphans included: what started
before it (make, a `| tee`) is not Airflow's.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

from news_warehouse.airflow_local import airflow_executable
from news_warehouse.stack import live_processes

GRACE_S = 20
ESCALATION_WAIT_S = 5


def started_since(pgid: int, start_ticks: int) -> list[int]:
    """Live processes of group `pgid` started at or after `start_ticks`, this one excepted."""
    return [
        process.pid
        for process in live_processes()
        if process.pgid == pgid and process.start_ticks >= start_ticks and process.pid != os.getpid()
    ]


def wait_until_gone(pgid: int, start_ticks: int, seconds: float) -> list[int]:
    """Wait up to `seconds` for those processes to end; return the ones still alive."""
    deadline = time.monotonic() + seconds
    while (left := started_since(pgid, start_ticks)) and time.monotonic() < deadline:
        time.sleep(0.5)
    return left


def stop_started_since(pgid: int, start_ticks: int) -> None:
    """After the grace period, SIGTERM, then SIGKILL, whatever is still running."""
    for sig, wait_s in ((signal.SIGTERM, GRACE_S), (signal.SIGKILL, ESCALATION_WAIT_S)):
        left = wait_until_gone(pgid, start_ticks, wait_s)
        if not left:
            return
        print(f"airflow standalone: {len(left)} process(es) still running, sending {sig.name}", file=sys.stderr)
        for pid in left:
            try:
                os.kill(pid, sig)
            except ProcessLookupError:
                pass
    wait_until_gone(pgid, start_ticks, ESCALATION_WAIT_S)


def run_standalone(airflow: str) -> int:
    """Run `airflow standalone` until it exits or this process is asked to stop; its exit code."""
    me = next(process for process in live_processes() if process.pid == os.getpid())
    received: list[int] = []
    signal.signal(signal.SIGINT, lambda signum, _frame: received.append(signum))
    signal.signal(signal.SIGTERM, lambda signum, _frame: received.append(signum))
    # Same process group: a terminal's Ctrl-C reaches Airflow's processes directly, as it would without this wrapper.
    process = subprocess.Popen([airflow, "standalone"])
    while process.poll() is None and not received:
        time.sleep(0.5)
    # A terminal's Ctrl-C already reached the whole group (a second SIGINT would make standalone
    # abandon its children); a SIGTERM is usually meant for this process alone (`kill`, a supervisor).
    if received and received[0] == signal.SIGTERM:
        try:
            process.send_signal(signal.SIGTERM)
        except ProcessLookupError:
            pass
    stop_started_since(me.pgid, me.start_ticks)
    process.wait()
    return 128 + received[0] if received else process.returncode


def main() -> None:
    sys.exit(run_standalone(airflow_executable()))


if __name__ == "__main__":
    main()
