"""Every DuckDB session of the pipeline carries the deployment's limits, and a query bigger
than the memory limit spills to disk instead of failing: the pipeline's own connections and
dbt's alike (real DuckDB, real dbt)."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import duckdb
import pytest
import yaml

from news_warehouse import db
from news_warehouse.config import Settings
from news_warehouse.transform.dbt import run_dbt

SMALL_LIMIT = "64MB"
# A join, a sort and an aggregate over 1 M rows of 32-character strings: several times the
# limit. The LIMIT keeps the optimiser from dropping the sort of a subquery.
HEAVY_ROWS = 1_000_000
HEAVY_QUERY = f"""
    create table big as select range as id, md5(range::varchar) as tag from range({HEAVY_ROWS});
    select count(*), count(distinct other) from (
        select a.tag, b.tag as other from big a join big b on a.id = b.id + 1 order by a.tag limit {2 * HEAVY_ROWS}
    )
"""
SETTINGS_QUERY = (
    "select current_setting('memory_limit') as memory_limit, current_setting('threads') as threads, "
    "current_setting('temp_directory') as temp_directory, "
    "current_setting('storage_compatibility_version') as storage_compatibility_version"
)


@pytest.fixture
def small(settings: Settings) -> Settings:
    return replace(settings, duckdb_memory_limit=SMALL_LIMIT, duckdb_threads=1)


def session_settings(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    names = ("memory_limit", "threads", "temp_directory", "storage_compatibility_version")
    return dict(zip(names, map(str, con.execute(SETTINGS_QUERY).fetchone()), strict=True))


def test_limits_come_from_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("NEWS_DUCKDB_MEMORY_LIMIT", "512MB")
    monkeypatch.setenv("NEWS_DUCKDB_THREADS", "3")
    monkeypatch.setenv("NEWS_DUCKDB_TEMP_DIR", str(tmp_path / "spill"))

    config = Settings.from_env().duckdb_config

    assert config == {
        "memory_limit": "512MB",
        "threads": "3",
        "temp_directory": str(tmp_path / "spill"),
        "storage_compatibility_version": "v1.4.0",
    }


def test_spill_folder_defaults_to_beside_the_build_file(settings: Settings) -> None:
    assert settings.duckdb_spill_dir.parent == settings.build_path.parent
    assert settings.duckdb_config["memory_limit"] == "1GB"


def test_every_connection_helper_applies_the_limits(small: Settings) -> None:
    with db.writer(small) as con:
        written = session_settings(con)
    with db.reader(small.build_path, small) as con:
        read = session_settings(con)

    assert written == read
    assert written["threads"] == "1"
    assert written["memory_limit"] == "61.0 MiB"  # 64 MB as DuckDB prints it
    assert written["temp_directory"] == str(small.duckdb_spill_dir)


def test_a_query_bigger_than_the_limit_spills_instead_of_failing(small: Settings) -> None:
    with db.writer(small) as con:
        rows, distinct = con.execute(HEAVY_QUERY).fetchone()

    assert rows == HEAVY_ROWS - 1 and distinct == HEAVY_ROWS - 1


def test_the_same_query_without_a_spill_folder_runs_out_of_memory(small: Settings) -> None:
    """The control: the heavy query really exceeds the limit, so the spill test proves something."""
    no_spill = {**small.duckdb_config, "temp_directory": ""}
    con = duckdb.connect(":memory:", config=no_spill)
    try:
        with pytest.raises(duckdb.OutOfMemoryException):
            con.execute(HEAVY_QUERY)
    finally:
        con.close()


def test_dbt_sessions_carry_the_pipeline_limits(small: Settings) -> None:
    """dbt's profile takes the limits and the storage version of a new file (not the profile's
    default here) from the environment `run_dbt` gives it."""
    small = replace(small, published_storage_version="v1.5.0")
    with db.writer(small) as con:
        expected = session_settings(con)

    output = run_dbt(small, ["show", "--inline", SETTINGS_QUERY, "--output", "json", "--log-format", "text"])

    shown = json.loads(output[output.index("{"):output.rindex("}") + 1])["show"][0]
    assert {name: str(value) for name, value in shown.items()} == expected


def test_dbt_gives_the_limits_once_when_the_database_opens(tmp_path: Path) -> None:
    """dbt-duckdb SETs a profile's `settings:` again on every cursor it opens (one per model and
    hook), and DuckDB refuses to set temp_directory at all once a query has spilled: with the
    limits under `settings:`, a build whose model spilled failed on the next cursor (found by
    bench-history at 100,000 articles). Under `config_options` they are given once, at connect."""
    profile = yaml.safe_load((Settings.from_env().dbt_project_dir / "profiles.yml").read_text())
    output = profile["news_warehouse"]["outputs"]["build"]
    assert "settings" not in output
    assert set(output["config_options"]) == set(Settings.from_env().duckdb_config)

    config = {"memory_limit": SMALL_LIMIT, "threads": "1", "temp_directory": str(tmp_path / "spill")}
    con = duckdb.connect(str(tmp_path / "spill.duckdb"), config=config)
    try:
        con.execute(HEAVY_QUERY)
        assert (tmp_path / "spill").exists(), "the heavy query did not spill: the check below proves nothing"
        with pytest.raises(duckdb.NotImplementedException, match="temporary directory"):
            con.cursor().execute(f"SET temp_directory = '{tmp_path / 'spill'}'")
    finally:
        con.close()
