"""model_columns reads the declared columns from dbt's manifest, parsing again when the project changed."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from news_warehouse.config import PROJECT_ROOT
from news_warehouse.transform.manifest import MANIFEST, model_columns

PROJECT = """
name: tiny
version: "1.0.0"
config-version: 2
profile: tiny
models:
  tiny:
    marts:
      +schema: marts
    staging:
      +schema: staging
"""
PROFILES = """
tiny:
  target: dev
  outputs:
    dev:
      type: duckdb
      path: "{{ env_var('NEWS_DBT_DUCKDB_PATH') }}"
      schema: main
"""


def model_yml(name: str, columns: list[str]) -> str:
    listed = "".join(f"      - name: {column}\n" for column in columns)
    return f"version: 2\nmodels:\n  - name: {name}\n    columns:\n{listed}"


def tiny_project(root: Path) -> Path:
    """Two marts and a staging view, with the real project's schema naming macro."""
    for folder in ("models/marts", "models/staging", "macros"):
        (root / folder).mkdir(parents=True)
    (root / "dbt_project.yml").write_text(PROJECT)
    (root / "profiles.yml").write_text(PROFILES)
    shutil.copy(PROJECT_ROOT / "dbt_project" / "macros" / "generate_schema_name.sql", root / "macros")
    (root / "models/marts/fct_b.sql").write_text("select 1 as zeta, 2 as alpha")
    (root / "models/marts/fct_b.yml").write_text(model_yml("fct_b", ["zeta", "alpha"]))
    (root / "models/marts/dim_a.sql").write_text("select 1 as a_key")
    (root / "models/staging/stg_c.sql").write_text("select 1 as c")
    return root


def test_columns_in_declared_order_per_schema_and_reparsed_when_the_project_changes(tmp_path: Path) -> None:
    project = tiny_project(tmp_path / "project")

    assert model_columns(project) == {"dim_a": [], "fct_b": ["zeta", "alpha"]}
    assert model_columns(project, schema="staging") == {"stg_c": []}

    yml = project / "models/marts/fct_b.yml"
    yml.write_text(model_yml("fct_b", ["zeta", "alpha", "omega"]))
    manifest = project / MANIFEST
    os.utime(yml, (manifest.stat().st_mtime + 1, manifest.stat().st_mtime + 1))
    assert model_columns(project)["fct_b"] == ["zeta", "alpha", "omega"]
