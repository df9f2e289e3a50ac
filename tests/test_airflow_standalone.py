"""`make airflow`'s wrapper stops every process Airflow started in its group, even one that ignores
signals and was re-parented to init (the scheduler and workers Airflow 3.3 can leave after
Ctrl-C), and nothing that started before it."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest

from news_warehouse import airflow_standalone
from news_warehouse.airflow_standalone import started_since, stop_started_since

# In a group of its own (the test's group holds other tests' processes), a leader that starts a
# grandchild ignoring SIGINT and SIGTERM, prints its pid and exits: the grandchild is orphaned.
STUBBORN_ORPHAN = (
    "import subprocess, sys;"
    "child = subprocess.Popen([sys.executable, '-c', "
    "'import signal, time; signal.signal(signal.SIGTERM, signal.SIG_IGN); "
    "signal.signal(signal.SIGINT, signal.SIG_IGN); time.sleep(600)'], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL);"
    "print(child.pid)"
)


def test_stop_started_since_kills_orphans_that_ignore_signals(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(airflow_standalone, "GRACE_S", 1)
    monkeypatch.setattr(airflow_standalone, "ESCALATION_WAIT_S", 1)
    leader = subprocess.run(
        [sys.executable, "-c", STUBBORN_ORPHAN], start_new_session=True, check=True, capture_output=True, text=True
    )
    orphan = int(leader.stdout)
    group = os.getpgid(orphan)
    assert started_since(group, 0) == [orphan]
    # What started before the reference is left alone.
    assert started_since(group, 2**62) == []

    started = time.monotonic()
    stop_started_since(group, 0)

    assert started_since(group, 0) == []
    assert time.monotonic() - started < 10
