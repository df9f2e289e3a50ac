"""Fixtures that run the real DAG through Airflow (`airflow dags test`) on throwaway folders."""

from __future__ import annotations

from pathlib import Path

import pytest

from news_warehouse.config import PROJECT_ROOT
from tests.support.reliability import World

SEEDS = sorted((PROJECT_ROOT / "seeds").glob("*.txt"))


def new_world(root: Path, with_seeds: bool = True) -> World:
    world = World(root)
    world.landing.mkdir(parents=True)
    if with_seeds:
        world.land(SEEDS)
    return world


@pytest.fixture(scope="session")
def seeds_run(tmp_path_factory: pytest.TempPathFactory) -> World:
    """The seeds run once through the DAG; tests of this fixture only read the warehouse."""
    world = new_world(tmp_path_factory.mktemp("seeds_run"))
    world.run()
    return world


@pytest.fixture(scope="session")
def seeds_reference(seeds_run: World) -> dict[str, tuple[int, str]]:
    """Checksums of the marts after one uninterrupted run over the seeds."""
    return seeds_run.checksums()
