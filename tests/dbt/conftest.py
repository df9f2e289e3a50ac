"""Fixtures that build real DuckDB build files with the real dbt project.

Each dbt invocation costs several seconds, so builds are session-scoped and shared: one build of
articles A+B, one of the same rows in reverse order, one incremental run adding article C followed
by a --full-refresh of the same file, one re-extraction of article A by a new extractor version,
and one compile of the analyses.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from tests.dbt.dbt_harness import IncrementalRun, fact_tables, query, run_dbt, snapshot
from tests.dbt.dbt_raw_dataset import KEY_A, article_a, article_b, article_c, insert_articles

MART_PRIMARY_KEYS = (
    "select table_name from duckdb_constraints() where schema_name = 'marts' and constraint_type = 'PRIMARY KEY'"
)


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
    """Copy the base build, add article C, build incrementally, then --full-refresh the same file.

    The copy lacks fct_incident's newest column (article_seq), as a build written before it was
    declared: the incremental run must add it and fill it in every row, or it differs from the
    --full-refresh.
    Its dim_article carries a primary key, as marts did before their contracts dropped them: the
    run must rebuild it without (macros/drop_marts_with_primary_keys.sql).
    """
    base = snapshot(base_build)
    db_path = tmp_path_factory.mktemp("incremental") / "news.build.duckdb"
    shutil.copy(base_build, db_path)
    with duckdb.connect(str(db_path)) as con:
        con.execute("alter table marts.fct_incident drop column article_seq")
        con.execute("alter table marts.dim_article add primary key (article_key)")
    insert_articles(db_path, [article_c()])
    run_dbt(["build"], db_path, dbt_work)
    incremental = snapshot(db_path)
    primary_keys = tuple(query(db_path, MART_PRIMARY_KEYS))
    clusters = dict(query(db_path, "select incident_key, incident_cluster_key from marts.fct_incident"))
    run_dir = dbt_work / "target" / "run" / "news_warehouse" / "models" / "marts"
    incremental_sql = {t: (run_dir / f"{t}.sql").read_text() for t in fact_tables()}
    run_dbt(["build", "--full-refresh"], db_path, dbt_work)
    return IncrementalRun(base, incremental, snapshot(db_path), incremental_sql, clusters, db_path, primary_keys)


@pytest.fixture(scope="session")
def compiled_analyses(dbt_work: Path, incremental_run: IncrementalRun) -> dict[str, str]:
    """`dbt compile` of analyses/ against the incremental build: name -> compiled SQL."""
    run_dbt(["compile", "--select", "resource_type:analysis"], incremental_run.db_path, dbt_work)
    compiled_dir = dbt_work / "target" / "compiled" / "news_warehouse" / "analyses"
    return {path.stem: path.read_text() for path in sorted(compiled_dir.glob("*.sql"))}


@pytest.fixture(scope="session")
def reextracted_run(tmp_path_factory: pytest.TempPathFactory, dbt_work: Path, base_build: Path) -> IncrementalRun:
    """Copy the base build, re-extract article A with a new version that finds one mention less
    (as the loader leaves it: A's raw rows replaced), build incrementally, then --full-refresh."""
    base = snapshot(base_build)
    db_path = tmp_path_factory.mktemp("reextracted") / "news.build.duckdb"
    shutil.copy(base_build, db_path)
    con = duckdb.connect(str(db_path))
    try:
        con.execute("update raw.extracted_articles set extractor_version = 'test-2' where article_key = ?", [KEY_A])
        con.execute(
            "delete from raw.actor_mentions where article_key = ? and mention_id = "
            "(select max(mention_id) from raw.actor_mentions where article_key = ?)",
            [KEY_A, KEY_A],
        )
    finally:
        con.close()
    run_dbt(["build"], db_path, dbt_work)
    reextracted = snapshot(db_path)
    run_dbt(["build", "--full-refresh"], db_path, dbt_work)
    return IncrementalRun(base, reextracted, snapshot(db_path), {}, {}, db_path)
