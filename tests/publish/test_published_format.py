"""The published file opens in the DuckDB 1.x tools analysts have, not only in the pinned engine.

The reader is the real `duckdb-cli` 1.5.x command-line tool from PyPI, installed by this test into
a scratch venv under `.cache/` (git-ignored; kept, so reruns take no download). DuckDB 1.5 cannot
read the pinned 2.0 engine's default format: without `Settings.published_storage_version` these
tests fail with "version number 69, but we can only read versions between 64 and 68".
"""

from __future__ import annotations

import dataclasses
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from news_warehouse.config import PROJECT_ROOT, PUBLISHED_STORAGE_VERSION, Settings
from news_warehouse.validate.gate import ValidationFailed, validate_build
from tests.support.publishing import ENGINE_STORAGE_VERSION, publish_if_valid, storage_tag

CLI_REQUIREMENT = "duckdb-cli>=1.5,<1.6"
CLI_VENV = PROJECT_ROOT / ".cache" / "duckdb-cli-1.5"


@pytest.fixture(scope="module")
def duckdb_cli() -> Path:
    """The `duckdb` executable of the PyPI `duckdb-cli` 1.5.x package, installed once and cached."""
    executable = CLI_VENV / "bin" / "duckdb"
    if not executable.exists():
        uv = Path(sys.executable).parent / "uv"  # installed by `make install`
        shutil.rmtree(CLI_VENV, ignore_errors=True)
        for command in (
            [str(uv), "venv", "-q", "-p", sys.executable, str(CLI_VENV)],
            [str(uv), "pip", "install", "-q", "-p", str(CLI_VENV / "bin" / "python"), CLI_REQUIREMENT],
        ):
            done = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)
            assert done.returncode == 0, f"could not install {CLI_REQUIREMENT}: {done.stderr[-2000:]}"
    works = subprocess.run([str(executable), "-version"], capture_output=True, text=True, timeout=60, check=False)
    assert works.returncode == 0 and works.stdout.startswith("v1.5."), works.stdout + works.stderr
    return executable


def cli(executable: Path, database: Path | str, sql: str) -> subprocess.CompletedProcess[str]:
    """Run one query with the 1.x CLI, read-only, as an analyst would; CSV output."""
    return subprocess.run(
        [str(executable), "-readonly", "-csv", "-noheader", str(database), "-c", sql],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        stdin=subprocess.DEVNULL,
    )


def test_duckdb_cli_1_5_reads_the_published_file(clean_build: Settings, duckdb_cli: Path) -> None:
    validate_build(clean_build, "run-1")
    published = publish_if_valid(clean_build, "run-1")

    done = cli(duckdb_cli, published, "select count(*), min(title) from marts.dim_article")

    assert done.returncode == 0, done.stderr
    rows = done.stdout.strip().splitlines()
    assert len(rows) == 1 and rows[0].startswith("2,"), done.stdout
    assert storage_tag(published).startswith(PUBLISHED_STORAGE_VERSION)


def test_a_build_in_the_engine_format_is_converted_for_1_5(engine_format_build: Settings, duckdb_cli: Path) -> None:
    """A build made in the pinned engine's own format (before builds were created in the published
    one) is refused by 1.5: publishing converts it, and the published file opens."""
    refused = cli(duckdb_cli, engine_format_build.build_path, "select 1")
    assert refused.returncode != 0 and "version number" in refused.stderr
    assert storage_tag(engine_format_build.build_path).startswith(ENGINE_STORAGE_VERSION)
    validate_build(engine_format_build, "run-1")

    published = publish_if_valid(engine_format_build, "run-1")

    done = cli(duckdb_cli, published, "select count(*) from marts.dim_article")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "2"


def test_a_rejection_also_publishes_a_readable_file(clean_build: Settings, duckdb_cli: Path) -> None:
    with duckdb.connect(str(clean_build.build_path)) as con:
        con.execute("update marts.fct_monetary_figure set currency_code = 'XYZ'")
    validate_build(clean_build, "run-1")

    with pytest.raises(ValidationFailed):
        publish_if_valid(clean_build, "run-1")  # before any publish: a new, audit-only file

    done = cli(duckdb_cli, clean_build.warehouse_path, "select run_id, success from audit.validation_runs")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "run-1,false"


def test_the_format_is_one_setting(clean_build: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWS_PUBLISHED_STORAGE_VERSION", "v1.5.0")
    assert Settings.from_env().published_storage_version == "v1.5.0"
    monkeypatch.delenv("NEWS_PUBLISHED_STORAGE_VERSION")
    assert Settings.from_env().published_storage_version == PUBLISHED_STORAGE_VERSION

    newer = dataclasses.replace(clean_build, published_storage_version="v1.5.0")
    validate_build(newer, "run-1")
    publish_if_valid(newer, "run-1")
    assert storage_tag(newer.warehouse_path).startswith("v1.5.0")

    # Every connection carries the setting (Settings.duckdb_config): a bad one fails the first.
    unknown = dataclasses.replace(clean_build, published_storage_version="v9.9.9")
    before = newer.warehouse_path.read_bytes()
    with pytest.raises(duckdb.InvalidInputException, match="not a known DuckDB version"):
        validate_build(unknown, "run-2")
    assert newer.warehouse_path.read_bytes() == before  # a bad setting loses nothing
    assert not [p for p in newer.warehouse_dir.iterdir() if p.name.endswith(".tmp")]
