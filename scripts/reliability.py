"""`make reliability`: every crash, retry, concurrency and order scenario, as a table.

Rows lost must be 0 everywhere; the figures go into the README.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from news_warehouse.config import PROJECT_ROOT
from news_warehouse.db import reader

sys.path.insert(0, str(PROJECT_ROOT))  # the scenarios and the hostile corpus live with the tests
from tests.fixtures.hostile_corpus import build_hostile_corpus  # noqa: E402
from tests.support import reliability  # noqa: E402
from tests.support.crash_points import CRASH_POINTS  # noqa: E402


def hostile_landing(root: Path, files: list[Path]) -> reliability.ScenarioResult:
    """Seeds plus the hostile corpus: rows lost = landed entries missing from audit.landed_files."""
    started = time.perf_counter()
    world = reliability.World(root)
    world.land(files)
    (root / "outside").mkdir()
    expected = build_hostile_corpus(world.landing, root / "outside")
    world.run()
    with reader(world.warehouse) as con:
        recorded = dict(con.execute("select source_file, status from audit.landed_files").fetchall())
    landed = len(files) + len(expected)
    wrong = sum(1 for name, status in expected.items() if recorded.get(name) != status)
    result = "as expected" if wrong == 0 else f"{wrong} WRONG"
    return reliability.ScenarioResult(
        "hostile input", landed, result, landed - len(recorded), 0, time.perf_counter() - started
    )


def main() -> int:
    files = sorted((PROJECT_ROOT / "seeds").glob("*.txt"))
    with tempfile.TemporaryDirectory(prefix="news-reliability-") as tmp:
        root = Path(tmp)
        started = time.perf_counter()
        reference = reliability.reference_run(root / "reference", files)
        results = [
            reliability.ScenarioResult(
                "uninterrupted reference run", len(files), "identical", 0, 0, time.perf_counter() - started
            )
        ]
        for point in CRASH_POINTS:
            results.append(reliability.crash_then_recover(root / f"crash_{point}", files, point, reference))
            print(reliability.format_table(results[-1:]).splitlines()[-1], flush=True)
        for name, scenario in reliability.SCENARIOS.items():
            results.append(scenario(root / name, files, reference))
            print(reliability.format_table(results[-1:]).splitlines()[-1], flush=True)
        results.append(hostile_landing(root / "hostile", files))
    print()
    print(reliability.format_table(results))
    return 0 if all(r.rows_lost == 0 and r.result in ("identical", "as expected") for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
