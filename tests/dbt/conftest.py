"""Fixtures that build real DuckDB build files with the real dbt project.

Each dbt invocation costs several seconds, so builds are session-scoped and shared: one build of
articles A+B, one of the same rows in reverse order, one incremental run adding article C followed
by a --full-refresh of the same file, and one compile of the analyses.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest

from tests.dbt.dbt_raw_dataset import article_a, article_b, article_c, insert_articles

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DBT_PROJECT_DIR = PROJECT_ROOT / "dbt_project"
DBT = Path(sys.executable).parent / "dbt"

# Every table and column of shared/CONTRACT.md, schema marts.
CONTRACT_MARTS: dict[str, set[str]] = {
    "dim_article": {"article_key", "source_file", "title", "body", "published_date",
                    "published_precision", "language", "content_sha256"},
    "dim_actor": {"actor_key", "canonical_name", "actor_type"},
    "dim_platform": {"platform_key", "platform_name", "owner_actor_key"},
    "fct_actor_mention": {"article_key", "actor_key", "surface_text", "char_start", "char_end"},
    "fct_platform_mention": {"article_key", "platform_key", "surface_text", "char_start", "char_end"},
    "fct_incident": {"incident_key", "article_key", "incident_type", "incident_date",
                     "incident_date_precision", "evidence_text", "char_start", "char_end"},
    "bridge_incident_actor": {"incident_key", "actor_key", "role"},
    "bridge_incident_platform": {"incident_key", "platform_key"},
    "fct_monetary_figure": {"article_key", "incident_key", "amount", "currency_code",
                            "is_approximate", "amount_eur", "amount_usd", "surface_text",
                            "char_start", "char_end"},
    "fct_quantity": {"article_key", "value", "unit", "subject_actor_key", "subject_platform_key",
                     "surface_text", "char_start", "char_end"},
}

FACT_TABLES = ("fct_actor_mention", "fct_platform_mention", "fct_incident", "fct_monetary_figure",
               "fct_quantity", "fct_actor_role")

Snapshot = dict[str, list[tuple]]


def run_dbt(args: list[str], db_path: Path, target_dir: Path) -> subprocess.CompletedProcess[str]:
    """Run the real dbt CLI on the project against db_path; fail the test with dbt's output.

    Target and log paths go to the test's temporary folder so parallel runs never share them.
    """
    env = {
        **os.environ,
        "NEWS_DBT_DUCKDB_PATH": str(db_path),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "False",
        "DO_NOT_TRACK": "1",
    }
    command = [
        str(DBT), *args,
        "--project-dir", str(DBT_PROJECT_DIR),
        "--profiles-dir", str(DBT_PROJECT_DIR),
        "--target-path", str(target_dir / "target"),
        "--log-path", str(target_dir / "logs"),
    ]
    result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=600)
    if result.returncode != 0:
        pytest.fail(f"dbt {' '.join(args)} failed:\n{result.stdout[-8000:]}\n{result.stderr[-2000:]}")
    return result


def mart_tables(db_path: Path) -> list[str]:
    with duckdb.connect(str(db_path), read_only=True) as con:
        return sorted(
            name for (name,) in con.execute(
                "select table_name from information_schema.tables where table_schema = 'marts'"
            ).fetchall()
        )


def snapshot(db_path: Path) -> Snapshot:
    """Every row of every marts relation, sorted, for whole-table comparisons."""
    tables = mart_tables(db_path)
    with duckdb.connect(str(db_path), read_only=True) as con:
        return {t: sorted(con.execute(f"select * from marts.{t}").fetchall(), key=repr) for t in tables}


def query(db_path: Path, sql: str, params: list | None = None) -> list[tuple]:
    with duckdb.connect(str(db_path), read_only=True) as con:
        return con.execute(sql, params or []).fetchall()


@dataclass(frozen=True)
class IncrementalRun:
    base: Snapshot
    incremental: Snapshot
    full_refresh: Snapshot
    incremental_sql: dict[str, str]
    incremental_clusters: dict[str, str]
    db_path: Path


@pytest.fixture(scope="session")
def dbt_work(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One target/log folder for the session: dbt's partial parsing then saves a few seconds."""
    return tmp_path_factory.mktemp("dbt_work")


@pytest.fixture(scope="session")
def base_build(tmp_path_factory: pytest.TempPathFactory, dbt_work: Path) -> Path:
    """A build file with articles A and B, built by `dbt build` (named like the real build file)."""
    db_path = tmp_path_factory.mktemp("base") / "news.build.duckdb"
    insert_articles(db_path, [article_a(), article_b()])
    run_dbt(["build"], db_path, dbt_work)
    return db_path


@pytest.fixture(scope="session")
def reversed_build(tmp_path_factory: pytest.TempPathFactory, dbt_work: Path) -> Path:
    """The same raw rows inserted in the reverse order, built from scratch."""
    db_path = tmp_path_factory.mktemp("reversed") / "news.build.duckdb"
    insert_articles(db_path, [article_a(), article_b()], reverse=True)
    run_dbt(["build"], db_path, dbt_work)
    return db_path


@pytest.fixture(scope="session")
def incremental_run(
    tmp_path_factory: pytest.TempPathFactory, dbt_work: Path, base_build: Path
) -> IncrementalRun:
    """Copy the base build, add article C, build incrementally, then --full-refresh the same file."""
    base = snapshot(base_build)
    db_path = tmp_path_factory.mktemp("incremental") / "news.build.duckdb"
    shutil.copy(base_build, db_path)
    insert_articles(db_path, [article_c()])
    run_dbt(["build"], db_path, dbt_work)
    incremental = snapshot(db_path)
    clusters = dict(query(db_path, "select incident_key, incident_cluster_key from marts.fct_incident"))
    run_dir = dbt_work / "target" / "run" / "news_warehouse" / "models" / "marts"
    incremental_sql = {t: (run_dir / f"{t}.sql").read_text() for t in FACT_TABLES}
    run_dbt(["build", "--full-refresh"], db_path, dbt_work)
    return IncrementalRun(base, incremental, snapshot(db_path), incremental_sql, clusters, db_path)


@pytest.fixture(scope="session")
def compiled_analyses(dbt_work: Path, incremental_run: IncrementalRun) -> dict[str, str]:
    """`dbt compile` of analyses/ against the incremental build: name -> compiled SQL."""
    run_dbt(["compile", "--select", "resource_type:analysis"], incremental_run.db_path, dbt_work)
    compiled_dir = dbt_work / "target" / "compiled" / "news_warehouse" / "analyses"
    return {path.stem: path.read_text() for path in sorted(compiled_dir.glob("*.sql"))}
