"""What dbt declares about its models, read from its manifest, so no other layer restates it.

The column lists of the marts live once, in the models' YAML; the quality gate reads them here
rather than keeping its own copy that drifts when a model gains a column.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

from news_warehouse.errors import DeterministicError
from news_warehouse.transform.dbt import dbt_executable


class ManifestUnavailable(DeterministicError):
    """`dbt parse` could not produce a manifest: the project itself does not parse."""

    action = "run `dbt parse --project-dir dbt_project --profiles-dir dbt_project` and fix what it reports"


def model_columns(dbt_project_dir: Path, schema: str = "marts") -> dict[str, list[str]]:
    """Model name -> declared column names (in declared order) of every model built in `schema`.

    Reads `<dbt_project_dir>/target/manifest.json`, running `dbt parse` first when it is missing
    or older than a model's YAML (a stale manifest would check yesterday's columns).
    """
    manifest_path = dbt_project_dir / "target" / "manifest.json"
    if _stale(manifest_path, dbt_project_dir):
        _parse(dbt_project_dir)
    nodes = json.loads(manifest_path.read_text(encoding="utf-8"))["nodes"].values()
    return {
        node["name"]: list(node["columns"])
        for node in nodes
        if node["resource_type"] == "model" and node["schema"] == schema
    }


def _stale(manifest_path: Path, dbt_project_dir: Path) -> bool:
    if not manifest_path.exists():
        return True
    built = manifest_path.stat().st_mtime
    declarations = [dbt_project_dir / "dbt_project.yml", *(dbt_project_dir / "models").rglob("*.yml")]
    return any(path.stat().st_mtime > built for path in declarations)


def _parse(dbt_project_dir: Path) -> None:
    """`dbt parse` into the project's own target folder; it needs a profile, not a database."""
    env = dict(os.environ)
    env.setdefault("NEWS_DBT_DUCKDB_PATH", str(dbt_project_dir / "target" / "parse_only.duckdb"))
    env.pop("DBT_TARGET_PATH", None)  # the manifest is read from the project's target folder
    env.update(DBT_PROFILES_DIR=str(dbt_project_dir), DBT_SEND_ANONYMOUS_USAGE_STATS="False", DO_NOT_TRACK="1")
    child = subprocess.run(
        [dbt_executable(), "parse", "--project-dir", str(dbt_project_dir)],
        env=env, capture_output=True, text=True, check=False,
    )
    if child.returncode != 0:
        tail = "\n".join(child.stdout.splitlines()[-20:])
        raise ManifestUnavailable(f"`dbt parse` exited {child.returncode}:\n{tail}")
