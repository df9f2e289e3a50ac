"""Suite-wide setup: Airflow and dbt must never touch a developer's own homes or phone home."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

from news_warehouse.config import PROJECT_ROOT, Settings


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
