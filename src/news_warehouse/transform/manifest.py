"""The marts' columns as dbt declares them, read from the project's manifest.

The model yml files (with enforced contracts) are the one place a mart's columns and types are
written; everything else that needs them (validation, test fixtures) reads them here instead of
restating them. The manifest is dbt's compiled view of those files: `dbt parse` refreshes it
when it is missing or older than the project, which takes seconds and touches no database.
"""

from __future__ import annotations

import json
import os
import subprocess
import tempfile
from pathlib import Path

from news_warehouse.transform.dbt import dbt_executable

MANIFEST = Path("target") / "manifest.json"
# Folders dbt writes into; their files never make the manifest stale.
GENERATED_DIRS = frozenset({"target", "logs", "dbt_packages"})


def model_columns(dbt_project_dir: Path, schema: str = "marts") -> dict[str, list[str]]:
    """Model name -> column names in declared order, for every model built into `schema`."""
    return {name: list(columns) for name, columns in model_column_types(dbt_project_dir, schema).items()}


def model_column_types(dbt_project_dir: Path, schema: str = "marts") -> dict[str, dict[str, str | None]]:
    """Model name -> {column name: declared data_type (None when undeclared)}, in declared order."""
    nodes = _manifest(dbt_project_dir)["nodes"].values()
    return {
        node["name"]: {column["name"]: column.get("data_type") for column in node["columns"].values()}
        for node in sorted(nodes, key=lambda node: node["name"])
        if node["resource_type"] == "model" and node["schema"] == schema
    }


def _manifest(dbt_project_dir: Path) -> dict:
    dbt_project_dir = dbt_project_dir.resolve()
    path = dbt_project_dir / MANIFEST
    if not path.exists() or path.stat().st_mtime < _newest_source_mtime(dbt_project_dir):
        _parse(dbt_project_dir)
    return json.loads(path.read_text())


def _newest_source_mtime(dbt_project_dir: Path) -> float:
    return max(
        path.stat().st_mtime
        for path in dbt_project_dir.rglob("*")
        if path.is_file() and path.relative_to(dbt_project_dir).parts[0] not in GENERATED_DIRS
    )


def _parse(dbt_project_dir: Path) -> None:
    """`dbt parse` into a scratch folder, then move the manifest in whole.

    Tests in parallel processes may parse at once: a reader must never see a half-written file.
    """
    target = dbt_project_dir / MANIFEST.parent
    target.mkdir(exist_ok=True)
    env = {**os.environ, "DBT_SEND_ANONYMOUS_USAGE_STATS": "False", "DO_NOT_TRACK": "1"}
    # The profile names the build file through this variable; parsing never opens it.
    env.setdefault("NEWS_DBT_DUCKDB_PATH", ":memory:")
    with tempfile.TemporaryDirectory(dir=target) as scratch:
        subprocess.run(
            [
                dbt_executable(), "parse", "--project-dir", str(dbt_project_dir),
                "--profiles-dir", str(dbt_project_dir), "--target-path", scratch,
                "--log-path", str(Path(scratch) / "logs"),
            ],
            env=env, check=True, capture_output=True, text=True,
        )  # fmt: skip
        os.replace(Path(scratch) / MANIFEST.name, dbt_project_dir / MANIFEST)
