"""Suite-wide setup: Airflow and dbt must never touch a developer's own homes or phone home.

Also the guard of the test tiers (tests/README.md): outside the `scenario` marker, the whole
session may make ONE real DAG run, the one the `seeds_run` fixture shares. A second one fails
the test that asked for it, naming the marker, so `make test` stays within CI's time budget.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Generator
from pathlib import Path

import pytest

from news_warehouse import airflow_local
from news_warehouse.config import PROJECT_ROOT, Settings

# DAG runs allowed to the tests outside the `scenario` tier: the shared seeds run.
SHARED_DAG_RUNS = 1
_shared_runs_made: list[str] = []


def pytest_configure() -> None:
    os.environ.setdefault("AIRFLOW_HOME", tempfile.mkdtemp(prefix="news-airflow-home-"))
    os.environ.setdefault("AIRFLOW__CORE__DAGS_FOLDER", str(PROJECT_ROOT / "dags"))
    os.environ.setdefault("AIRFLOW__CORE__LOAD_EXAMPLES", "False")
    os.environ["DBT_SEND_ANONYMOUS_USAGE_STATS"] = "False"
    os.environ["DO_NOT_TRACK"] = "1"
    os.environ["TQDM_DISABLE"] = "1"


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """Settings of a throwaway deployment: landing folder and warehouse under tmp_path."""
    return Settings(landing_dir=tmp_path / "landing", warehouse_path=tmp_path / "wh" / "news.duckdb")


@pytest.fixture
def clean_build(settings: Settings) -> Settings:
    """Settings whose build file holds valid marts, not yet validated nor published."""
    from tests.fixtures.marts import write_clean_build

    write_clean_build(settings)
    return settings


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item: pytest.Item) -> Generator[None, None, None]:
    """Count the DAG runs a test outside `scenario` starts (fixtures included); fail the second."""
    if item.get_closest_marker("scenario"):
        yield
        return
    run_command = airflow_local._run

    def counted(command: list[str], env: dict[str, str]) -> str:
        if command[1:3] == ["dags", "test"]:
            _shared_runs_made.append(item.nodeid)
            if len(_shared_runs_made) > SHARED_DAG_RUNS:
                pytest.fail(
                    f"DAG run number {len(_shared_runs_made)} outside the scenario tier "
                    f"(the first was for {_shared_runs_made[0]}): read the shared `seeds_run` "
                    "fixture instead, or mark this test `scenario` (tests/README.md)",
                    pytrace=False,
                )
        return run_command(command, env)

    airflow_local._run = counted
    try:
        yield
    finally:
        airflow_local._run = run_command
