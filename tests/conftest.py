"""Suite-wide setup: Airflow and dbt must never touch a developer's own homes or phone home.

Also the guard of the test tiers (tests/README.md): outside the `scenario` marker, the whole
session may make ONE real DAG run, the one the `seeds_run` fixture shares. A second one fails
the test that asked for it, naming the marker, so `make test` stays within CI's time budget.
The session may be split over pytest-xdist worker processes (`make test` runs two), so the
runs are counted in one file that every process of the session appends to, and the tests that
share an expensive session fixture are sent to one worker, which builds it once.
"""

from __future__ import annotations

import fcntl
import os
import tempfile
from collections.abc import Generator
from pathlib import Path

import pytest

from news_warehouse import airflow_local
from news_warehouse.config import PROJECT_ROOT, Settings

# DAG runs allowed to the tests outside the `scenario` tier: the shared seeds run.
SHARED_DAG_RUNS = 1
# The file, made by the session's first process and inherited by its xdist workers through the
# environment, that lists the test of every DAG run started outside `scenario`, one per line.
DAG_RUN_LEDGER = "NEWS_TESTS_DAG_RUN_LEDGER"

# Session fixtures that cost seconds to minutes, by the xdist group of the tests that use them
# (directly or through another fixture): each group runs on one worker, so each is built once.
# The first fixture of this list that a test uses names its group; longest first, the order in
# which an xdist worker collects (so starts) them.
SHARED_FIXTURE_GROUPS = {
    "seeds_run": "dag_run",  # the one real DAG run (tests/e2e/conftest.py)
    "dbt_work": "dbt_builds",  # the dbt builds of tests/dbt/conftest.py and their partial parse
    "extractor": "spacy",  # the spaCy pipeline (tests/extract/conftest.py)
    "vega_bundle": "report",  # the Vega bundle of tests/report/conftest.py
}


def pytest_configure() -> None:
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if worker is None:  # the session's first process; xdist workers inherit its environment
        os.environ.setdefault("AIRFLOW_HOME", tempfile.mkdtemp(prefix="news-airflow-home-"))
        ledger, path = tempfile.mkstemp(prefix="news-dag-runs-", suffix=".txt")
        os.close(ledger)
        os.environ[DAG_RUN_LEDGER] = path
    else:  # Airflow writes its config and database into its home: one home per process
        os.environ["AIRFLOW_HOME"] = tempfile.mkdtemp(prefix=f"news-airflow-home-{worker}-")
    os.environ.setdefault("AIRFLOW__CORE__DAGS_FOLDER", str(PROJECT_ROOT / "dags"))
    os.environ.setdefault("AIRFLOW__CORE__LOAD_EXAMPLES", "False")
    os.environ["DBT_SEND_ANONYMOUS_USAGE_STATS"] = "False"
    os.environ["DO_NOT_TRACK"] = "1"
    os.environ["TQDM_DISABLE"] = "1"


def pytest_unconfigure() -> None:
    if os.environ.get("PYTEST_XDIST_WORKER") is None:  # the process that made the ledger
        Path(os.environ.pop(DAG_RUN_LEDGER, "")).unlink(missing_ok=True)


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
            runs_made = _record_dag_run(item.nodeid)
            if len(runs_made) > SHARED_DAG_RUNS:
                pytest.fail(
                    f"DAG run number {len(runs_made)} outside the scenario tier "
                    f"(the first was for {runs_made[0]}): read the shared `seeds_run` "
                    "fixture instead, or mark this test `scenario` (tests/README.md)",
                    pytrace=False,
                )
        return run_command(command, env)

    airflow_local._run = counted
    try:
        yield
    finally:
        airflow_local._run = run_command


def _record_dag_run(nodeid: str) -> list[str]:
    """Add a DAG run of `nodeid` to the session's ledger; return every run recorded so far.

    The lock makes the append and the read one step, so two workers starting runs at once
    cannot both read themselves as the first.
    """
    with open(os.environ[DAG_RUN_LEDGER], "a+", encoding="utf-8") as ledger:
        fcntl.flock(ledger, fcntl.LOCK_EX)
        ledger.write(nodeid + "\n")
        ledger.flush()
        ledger.seek(0)
        return ledger.read().splitlines()


@pytest.hookimpl(tryfirst=True)  # before xdist's own hook reads the groups
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Give the tests that share an expensive fixture one xdist group (`--dist loadgroup`; the
    marks are inert without it) and, in an xdist worker, put the longest groups first.

    xdist hands out groups in collection order (`make test` turns its reordering off), so the DAG
    run and the dbt builds start at once, one per worker, and the quick tests fill in around them.
    """
    for item in items:
        group = _shared_group(item)
        if group:
            item.add_marker(pytest.mark.xdist_group(group))
    if os.environ.get("PYTEST_XDIST_WORKER"):
        first = list(SHARED_FIXTURE_GROUPS.values())
        items.sort(key=lambda item: first.index(g) if (g := _shared_group(item)) in first else len(first))


@pytest.hookimpl(trylast=True)  # after xdist's hook has applied the groups
def pytest_collection_finish(session: pytest.Session) -> None:
    """Refuse to run when xdist ignored the groups: each worker would make its own DAG run and
    dbt builds. xdist 3.8 applies a group by appending `@group` to the test's id, which pytest
    9.2 no longer reads (hence `pytest<9.2` in requirements.in)."""
    if not session.config.getoption("loadgroup", False):
        return
    ignored = [item.nodeid for item in session.items if item.get_closest_marker("xdist_group") and "@" not in item.nodeid]
    if ignored:
        raise pytest.UsageError(f"pytest-xdist ignored the xdist_group of {len(ignored)} tests, e.g. {ignored[0]}")


def _shared_group(item: pytest.Item) -> str | None:
    """The group of the first SHARED_FIXTURE_GROUPS fixture the test uses (directly or not); else
    its module when it uses a module- or session-scoped fixture of the suite (which a split
    module would build once per worker); else none: the test may run on any worker."""
    fixtures = getattr(item, "fixturenames", ())
    for name, group in SHARED_FIXTURE_GROUPS.items():
        if name in fixtures:
            return group
    definitions = getattr(item, "_fixtureinfo", None)
    if definitions is None:
        return None
    shared = any(
        fixture.scope != "function" and fixture.baseid  # pytest's own fixtures have no baseid
        for defs in definitions.name2fixturedefs.values()
        for fixture in defs
    )
    return item.nodeid.split("::")[0] if shared else None
