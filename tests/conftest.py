"""Suite-wide setup: Airflow and dbt must never touch a developer's own homes or phone home."""

from __future__ import annotations

import os
import tempfile

from news_warehouse.config import PROJECT_ROOT


def pytest_configure() -> None:
    os.environ.setdefault("AIRFLOW_HOME", tempfile.mkdtemp(prefix="news-airflow-home-"))
    os.environ.setdefault("AIRFLOW__CORE__DAGS_FOLDER", str(PROJECT_ROOT / "dags"))
    os.environ.setdefault("AIRFLOW__CORE__LOAD_EXAMPLES", "False")
    os.environ["DBT_SEND_ANONYMOUS_USAGE_STATS"] = "False"
    os.environ["DO_NOT_TRACK"] = "1"
    os.environ["TQDM_DISABLE"] = "1"
