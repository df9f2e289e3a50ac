"""`make airflow`'s wrapper stops every process standalone started, even one that ignores signals
and was re-parented to init (the scheduler and workers Airflow 3.3 can leave after Ctrl-C)."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest

from news_warehouse import airflow_standalone
from news_warehouse.airflow_standalone import MARKER, marked_processes, stop_marked

# A grandchild that ignores SIGINT and SIGTERM, orphaned at once: its parent exits after starting it.
STUBBORN_ORPHAN = (
    "import signal, subprocess, sys;"
    "subprocess.Popen([sys.executable, '-c', "
    "'import signal, time; signal.signal(signal.SIGTERM, signal.SIG_IGN); "
    "signal.signal(signal.SIGINT, signal.SIG_IGN); time.sleep(600)'])"
)


def test_stop_marked_kills_orphans_that_ignore_signals(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(airflow_standalone, "GRACE_S", 1)
    monkeypatch.setattr(airflow_standalone, "ESCALATION_WAIT_S", 1)
    marker = f"test-{os.getpid()}"
    subprocess.run([sys.executable, "-c", STUBBORN_ORPHAN], env={**os.environ, MARKER: marker}, check=True)
    deadline = time.monotonic() + 10
    while not (orphans := marked_processes(marker)) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert len(orphans) == 1, "the orphan should be found by its marker"
    assert marked_processes("some-other-run") == []

    stop_marked(marker)

    assert marked_processes(marker) == []
