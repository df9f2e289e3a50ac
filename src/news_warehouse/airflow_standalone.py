"""`make airflow`: `airflow standalone`, and nothing of it left running after Ctrl-C.

Airflow 3.3's standalone does not always stop: on Ctrl-C its scheduler waits, without a bound, for
LocalExecutor workers that deadlocked on their queue when the same Ctrl-C reached them (the
unbounded join of apache/airflow#67870); standalone itself then waits for the scheduler, and the
scheduler and its workers outlive `make`, re-parented to init. This wrapper runs standalone with a
marker in its environment, which every process it starts inherits; when it is asked to stop
(SIGINT from the terminal or SIGTERM), it passes a SIGTERM on, gives Airflow `GRACE_S` to stop by
itself, then SIGTERM and finally SIGKILL to every process still carrying the marker, orphans
included.
"""

from __future__ import annotations

import glob
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from news_warehouse.airflow_local import airflow_executable

MARKER = "NEWS_AIRFLOW_STANDALONE"
GRACE_S = 20
ESCALATION_WAIT_S = 5


def marked_processes(marker_value: str) -> list[int]:
    """Live processes (zombies excluded) whose environment carries MARKER=marker_value."""
    wanted = f"{MARKER}={marker_value}".encode()
    found = []
    for environ in glob.glob("/proc/[0-9]*/environ"):
        pid = int(environ.split("/")[2])
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
            if state != "Z" and wanted in Path(environ).read_bytes().split(b"\0"):
                found.append(pid)
        except OSError:
            continue  # ended while we looked, or not ours to read
    return found


def wait_until_gone(marker_value: str, seconds: float) -> list[int]:
    """Wait up to `seconds` for the marked processes to end; return those still alive."""
    deadline = time.monotonic() + seconds
    while (left := marked_processes(marker_value)) and time.monotonic() < deadline:
        time.sleep(0.5)
    return left


def stop_marked(marker_value: str) -> None:
    """SIGTERM, then SIGKILL, whatever the grace period left running."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        left = wait_until_gone(marker_value, ESCALATION_WAIT_S if sig == signal.SIGKILL else GRACE_S)
        if not left:
            return
        print(f"airflow standalone: {len(left)} process(es) still running, sending {sig.name}", file=sys.stderr)
        for pid in left:
            try:
                os.kill(pid, sig)
            except ProcessLookupError:
                pass
    wait_until_gone(marker_value, ESCALATION_WAIT_S)


def run_standalone(airflow: str) -> int:
    """Run `airflow standalone` until it exits or this process is asked to stop; its exit code."""
    marker_value = str(os.getpid())
    received: list[int] = []
    signal.signal(signal.SIGINT, lambda signum, _frame: received.append(signum))
    signal.signal(signal.SIGTERM, lambda signum, _frame: received.append(signum))
    # Same process group: a terminal's Ctrl-C reaches Airflow's processes directly, as it would without this wrapper.
    process = subprocess.Popen([airflow, "standalone"], env={**os.environ, MARKER: marker_value})
    while process.poll() is None and not received:
        time.sleep(0.5)
    # A terminal's Ctrl-C already reached the whole group (a second SIGINT would make standalone
    # abandon its children); a SIGTERM is usually meant for this process alone (`kill`, a supervisor).
    if received and received[0] == signal.SIGTERM:
        try:
            process.send_signal(signal.SIGTERM)
        except ProcessLookupError:
            pass
    stop_marked(marker_value)
    process.wait()
    return 128 + received[0] if received else process.returncode


def main() -> None:
    sys.exit(run_standalone(airflow_executable()))


if __name__ == "__main__":
    main()
