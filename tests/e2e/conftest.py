"""Fixtures that run the real DAG through Airflow (`airflow dags test`) on throwaway folders."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from news_warehouse.airflow_local import run_pipeline_dag
from news_warehouse.config import PROJECT_ROOT, Settings

SEEDS = PROJECT_ROOT / "seeds"


@dataclass
class Deployment:
    """One landing folder, one warehouse and one Airflow home: a small world for a test."""

    root: Path

    @property
    def landing(self) -> Path:
        return self.root / "landing"

    @property
    def warehouse(self) -> Path:
        return self.root / "warehouse" / "news.duckdb"

    @property
    def settings(self) -> Settings:
        return Settings(landing_dir=self.landing, warehouse_path=self.warehouse)

    def run(self) -> float:
        """One full DAG run; raises DagRunFailed when the run does not succeed."""
        return run_pipeline_dag(self.landing, self.warehouse, self.root / "airflow")


def new_deployment(root: Path, with_seeds: bool = True) -> Deployment:
    deployment = Deployment(root)
    deployment.landing.mkdir(parents=True)
    if with_seeds:
        for seed in sorted(SEEDS.glob("*.txt")):
            shutil.copy(seed, deployment.landing / seed.name)
    return deployment


@pytest.fixture(scope="session")
def seeds_run(tmp_path_factory: pytest.TempPathFactory) -> Deployment:
    """The seeds run once through the DAG; tests of this fixture only read the warehouse."""
    deployment = new_deployment(tmp_path_factory.mktemp("seeds_run"))
    deployment.run()
    return deployment
