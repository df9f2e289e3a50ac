"""Slow tier: the scheduler-backed stacks, started for real (`make test-stack`).

* `make airflow` from a shell whose PATH lacks the venv: healthy, bound to loopback, the DAG
  listed without import errors, then stopped with nothing left running.
* `make stack-smoke`: CeleryExecutor + Postgres + Redis + two workers on the seeds, checked
  by tests/support/stack_smoke.py (routing, marts, UI screenshot, no-op re-run, clean stop).
"""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from news_warehouse.stack import process_groups
from tests.support.stack_smoke import SCREENSHOT

# Minutes of services on a shared 2-core machine: not part of `make test`, run by `make test-stack`.
pytestmark = [
    pytest.mark.slow,
    pytest.mark.stack,
    pytest.mark.skipif(os.environ.get("NEWS_STACK_TESTS") != "1", reason="set NEWS_STACK_TESTS=1 (make test-stack)"),
]

ROOT = Path(__file__).resolve().parents[2]
VENV_BIN = str(ROOT / ".venv" / "bin")
START_TIMEOUT_S = 900  # includes `make install` when the lock changed, on a loaded machine


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def listening_addresses(port: int) -> set[str]:
    """Local addresses (hex, as /proc/net/tcp* spells them) of the sockets listening on `port`."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, hex_port = local.split(":")
            if state == "0A" and int(hex_port, 16) == port:
                found.add(address)
    return found


def get_json(url: str, token: str | None = None, body: dict | None = None) -> dict:
    request = urllib.request.Request(url, data=json.dumps(body).encode() if body else None)
    request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.load(response)


def stop_group(pgid: int, timeout_s: float = 90) -> None:
    """Ctrl-C for the whole group, as a terminal would, then SIGTERM; fail if anything survives both."""
    for sig, wait_s in ((signal.SIGINT, 30), (signal.SIGTERM, timeout_s)):
        try:
            os.killpg(pgid, sig)
        except ProcessLookupError:
            return  # already gone
        deadline = time.monotonic() + wait_s
        while pgid in process_groups() and time.monotonic() < deadline:
            time.sleep(0.5)
    if pgid in process_groups():
        left = process_groups()[pgid]
        os.killpg(pgid, signal.SIGKILL)
        pytest.fail(f"processes {left} of `make airflow` still running after Ctrl-C and SIGTERM")


def test_make_airflow_from_a_plain_shell(tmp_path: Path) -> None:
    port = free_port()
    home = tmp_path / "airflow"
    # A new user's shell: the venv is neither on PATH nor activated.
    env = {key: value for key, value in os.environ.items() if key not in ("VIRTUAL_ENV", "AIRFLOW_HOME")}
    env["PATH"] = os.pathsep.join(p for p in env["PATH"].split(os.pathsep) if Path(p) != Path(VENV_BIN))
    env.update(STANDALONE_HOME=str(home), AIRFLOW_PORT=str(port))
    log = (tmp_path / "make-airflow.log").open("wb")
    process = subprocess.Popen(["make", "airflow"], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
                               start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + START_TIMEOUT_S
        health: dict = {}
        while time.monotonic() < deadline and process.poll() is None:
            try:
                health = get_json(f"{base}/api/v2/monitor/health")
                if all(health.get(p, {}).get("status") == "healthy" for p in ("scheduler", "dag_processor")):
                    break
            except OSError:
                pass
            time.sleep(2)
        output = (tmp_path / "make-airflow.log").read_text(errors="replace")
        assert process.poll() is None, f"make airflow exited:\n{output[-3000:]}"
        assert health.get("scheduler", {}).get("status") == "healthy", f"not healthy: {health}\n{output[-3000:]}"
        assert "FileNotFoundError" not in output
        assert f"Airflow UI: http://127.0.0.1:{port}" in output and "starts paused" in output
        assert listening_addresses(port) == {"0100007F"}, "the UI must listen on 127.0.0.1 only"

        password = json.loads((home / "simple_auth_manager_passwords.json.generated").read_text())["admin"]
        token = get_json(f"{base}/auth/token", body={"username": "admin", "password": password})["access_token"]
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:  # the dag-processor parses the folder once it is up
            dags = get_json(f"{base}/api/v2/dags?dag_id_pattern=news_pipeline", token)
            if dags["total_entries"]:
                break
            time.sleep(3)
        assert [d["dag_id"] for d in dags["dags"]] == ["news_pipeline"]
        assert dags["dags"][0]["is_paused"] is True
        assert get_json(f"{base}/api/v2/importErrors", token)["total_entries"] == 0
    finally:
        stop_group(process.pid)
        log.close()


def test_stack_smoke() -> None:
    completed = subprocess.run(["make", "stack-smoke"], cwd=ROOT, capture_output=True, text=True, timeout=2400)
    output = completed.stdout + completed.stderr
    assert completed.returncode == 0, output[-4000:]
    assert re.search(r"^stack smoke: OK \d+$", completed.stdout, re.MULTILINE), output[-2000:]
    assert SCREENSHOT.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
