"""Reliability scenarios: crashes mid-run, concurrent runs, re-runs, arrival order.

Each scenario builds a small world (landing folder, warehouse, Airflow home), runs the real DAG
through Airflow, and compares the published marts with those of an uninterrupted reference run
of the same articles. The test suite and `make reliability` (scripts/reliability.py) share
these functions.
"""

from __future__ import annotations

import shutil
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from news_warehouse.airflow_local import DagRunFailed, run_pipeline_dag
from news_warehouse.config import Settings
from tests.support.checksums import mart_checksums
from tests.support.crash_points import run_until_crash

Checksums = dict[str, tuple[int, str]]


@dataclass
class World:
    """One landing folder, one warehouse and one Airflow home under a root folder."""

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

    def land(self, files: Iterable[Path]) -> None:
        self.landing.mkdir(parents=True, exist_ok=True)
        for path in files:
            shutil.copy(path, self.landing / path.name)

    def run(self, airflow_home: Path | None = None) -> float:
        """One full DAG run; raises DagRunFailed when it does not succeed."""
        return run_pipeline_dag(self.landing, self.warehouse, airflow_home or self.root / "airflow")

    def crash(self, point: str) -> bool:
        """One DAG run killed at a crash point; False when the run never reached it."""
        return run_until_crash(self.landing, self.warehouse, self.root / "airflow", point)

    def checksums(self) -> Checksums:
        return mart_checksums(self.warehouse)


@dataclass
class ScenarioResult:
    scenario: str
    files: int
    result: str
    rows_lost: int
    rows_extra: int
    seconds: float

    @property
    def ok(self) -> bool:
        return self.result == "identical" and self.rows_lost == 0 and self.rows_extra == 0


def difference(reference: Checksums, actual: Checksums) -> tuple[int, int]:
    """(rows lost, rows extra) across the marts, compared table by table with the reference."""
    lost = extra = 0
    for table, (rows, _) in reference.items():
        got = actual.get(table, (0, ""))[0]
        lost += max(0, rows - got)
        extra += max(0, got - rows)
    return lost, extra


def judge(name: str, files: int, reference: Checksums, world: World, started: float) -> ScenarioResult:
    actual = world.checksums()
    lost, extra = difference(reference, actual)
    result = "identical" if actual == reference else "DIFFERENT"
    return ScenarioResult(name, files, result, lost, extra, time.perf_counter() - started)


def crash_then_recover(root: Path, files: list[Path], point: str, reference: Checksums) -> ScenarioResult:
    """Kill a run at a crash point (SIGKILL), run again, and compare with the reference."""
    started = time.perf_counter()
    world = World(root)
    world.land(files)
    if not world.crash(point):
        return ScenarioResult(f"kill during {point}", len(files), "crash point never reached", 0, 0, 0.0)
    world.run()
    return judge(f"kill during {point}", len(files), reference, world, started)


def rerun_changes_nothing(root: Path, files: list[Path], reference: Checksums) -> ScenarioResult:
    started = time.perf_counter()
    world = World(root)
    world.land(files)
    world.run()
    world.run()
    return judge("re-run over the same folder", len(files), reference, world, started)


def concurrent_runs(root: Path, files: list[Path], reference: Checksums) -> ScenarioResult:
    """Two runs triggered at once on one warehouse: one waits for the other's writer lock."""
    started = time.perf_counter()
    world = World(root)
    world.land(files)
    errors: list[Exception] = []

    def run(home: str) -> None:
        try:
            world.run(airflow_home=root / home)
        except DagRunFailed as error:
            errors.append(error)

    threads = [threading.Thread(target=run, args=(f"airflow_{i}",)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    outcome = judge("two runs at once", len(files), reference, world, started)
    if errors:
        outcome.result = f"{outcome.result}; {len(errors)} run(s) refused: {str(errors[0])[:200]}"
    return outcome


def arrival_in_waves(root: Path, files: list[Path], reference: Checksums) -> ScenarioResult:
    """The same files arriving newest first over two runs give the same keys and facts."""
    started = time.perf_counter()
    world = World(root)
    ordered = sorted(files, reverse=True)
    half = len(ordered) // 2
    for wave in (ordered[:half], ordered[half:]):
        world.land(wave)
        world.run()
    return judge("arrival in reverse order, two waves", len(files), reference, world, started)


def reference_run(root: Path, files: list[Path]) -> Checksums:
    world = World(root)
    world.land(files)
    world.run()
    return world.checksums()


SCENARIOS: dict[str, Callable[..., ScenarioResult]] = {
    "rerun": rerun_changes_nothing,
    "concurrent": concurrent_runs,
    "waves": arrival_in_waves,
}


def format_table(results: list[ScenarioResult]) -> str:
    header = f"{'scenario':<38} {'files':>5}  {'result':<12} {'rows lost':>9} {'rows extra':>10} {'time s':>7}"
    lines = [header, "-" * len(header)]
    for r in results:
        lines.append(
            f"{r.scenario:<38} {r.files:>5}  {r.result[:12]:<12} {r.rows_lost:>9} {r.rows_extra:>10} {r.seconds:>7.1f}"
        )
    return "\n".join(lines)
