"""Where things live, read once from the environment.

Every stage takes a `Settings` instead of reading environment variables itself, so tests can
point a whole run at temporary folders without touching the process environment.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]

# The on-disk format of the published file (env NEWS_PUBLISHED_STORAGE_VERSION): DuckDB 2.0
# writes format 69 by default, which the DuckDB 1.x engines inside analysts' tools (CLI,
# DBeaver, Harlequin, notebooks) cannot read; 'v1.4.0' is read by every DuckDB from 1.4 on.
# The build file is created in it too, so publishing is a byte copy (publish.swap).
PUBLISHED_STORAGE_VERSION = "v1.4.0"

# DuckDB's own default takes 80 % of RAM per process: on a 24 GB machine shared with Airflow one
# big dbt model could claim 19 GB. Every stage's process tree must stay under 2 GB, so each
# connection gets 1 GB of buffer (the rest of the process: Python, pandas, spaCy) and spills
# beyond it to `Settings.duckdb_temp_dir`; two threads match the 2-core machine.
DUCKDB_MEMORY_LIMIT = "1GB"
DUCKDB_THREADS = 2


@dataclass(frozen=True)
class Settings:
    """Paths and knobs of one pipeline deployment.

    `warehouse_path` is the published file analysts open; every write goes to `build_path`
    first (write-audit-publish), so readers of the published file never block a run.
    """

    landing_dir: Path
    warehouse_path: Path
    dbt_project_dir: Path = PROJECT_ROOT / "dbt_project"
    expectations_dir: Path = PROJECT_ROOT / "expectations"
    batch_size: int = 200
    n_process: int = 1
    max_file_bytes: int = 10 * 1024 * 1024
    published_storage_version: str = PUBLISHED_STORAGE_VERSION
    # Where extraction batches live (env NEWS_BATCH_STORE): a local folder or any fsspec URL
    # (`s3://bucket/prefix`), so extract workers on other hosts need no shared disk. Empty
    # means `work_dir`, beside the warehouse.
    batch_store: str = ""
    # DuckDB limits of every connection the pipeline, dbt, validation and the report open
    # (env NEWS_DUCKDB_MEMORY_LIMIT, NEWS_DUCKDB_THREADS, NEWS_DUCKDB_TEMP_DIR); see `duckdb_config`.
    duckdb_memory_limit: str = DUCKDB_MEMORY_LIMIT
    duckdb_threads: int = DUCKDB_THREADS
    duckdb_temp_dir: Path | None = None

    @property
    def warehouse_dir(self) -> Path:
        return self.warehouse_path.parent

    @property
    def build_path(self) -> Path:
        """The private DuckDB file every stage writes to before publishing."""
        return self.warehouse_dir / f"{self.warehouse_path.stem}.build.duckdb"

    @property
    def standby_path(self) -> Path:
        """The file published before the current one, brought up to date at the next publish
        (publish.standby); hidden, as no analyst should open it."""
        return self.warehouse_dir / f".{self.warehouse_path.stem}.standby.duckdb"

    @property
    def work_dir(self) -> Path:
        """Scratch space for extraction batches (Parquet in, Parquet out)."""
        return self.warehouse_dir / "work"

    @property
    def docs_dir(self) -> Path:
        """Published documentation: dbt static docs and Great Expectations Data Docs."""
        return self.warehouse_dir / "docs"

    @property
    def report_dir(self) -> Path:
        """The analysts' offline HTML report (news_warehouse.report), rebuilt after each publish."""
        return self.docs_dir / "report"

    @property
    def lock_path(self) -> Path:
        """Advisory lock file that serialises writers of the build file across processes."""
        return self.warehouse_dir / f"{self.warehouse_path.stem}.write.lock"

    @property
    def duckdb_spill_dir(self) -> Path:
        """Where DuckDB spills what exceeds its memory limit: the build file's own default unless set.

        Explicit because an in-memory connection would otherwise spill into the worker's cwd.
        """
        return self.duckdb_temp_dir or self.build_path.with_name(f"{self.build_path.name}.tmp")

    @property
    def duckdb_config(self) -> dict[str, str]:
        """The `config` of every `duckdb.connect` (db.connect) and the `config_options` of dbt's profile.

        `storage_compatibility_version` decides the format of a file DuckDB creates (an existing
        file keeps its own): whichever of the pipeline or dbt creates the build file, it is in
        the published format, so publishing copies its bytes. One dict for both, because
        connections of one process to one file must have equal configs (DuckDB refuses others).
        """
        return {
            "memory_limit": self.duckdb_memory_limit,
            "threads": str(self.duckdb_threads),
            "temp_directory": str(self.duckdb_spill_dir),
            "storage_compatibility_version": self.published_storage_version,
        }

    @property
    def seeds_dir(self) -> Path:
        """dbt seeds: the alias, platform and exchange-rate tables the extractor also reads."""
        return self.dbt_project_dir / "seeds"

    @classmethod
    def from_env(cls) -> "Settings":
        """Settings from NEWS_* environment variables (CONTRACT.md), relative paths from the project root."""

        def path(var: str, default: str) -> Path:
            value = Path(os.environ.get(var) or default)
            return value if value.is_absolute() else PROJECT_ROOT / value

        def optional_path(var: str) -> Path | None:
            return path(var, "") if os.environ.get(var) else None

        return cls(
            landing_dir=path("NEWS_LANDING_DIR", "seeds"),
            warehouse_path=path("NEWS_WAREHOUSE_PATH", "warehouse/news.duckdb"),
            batch_size=int(os.environ.get("NEWS_BATCH_SIZE", "200")),
            n_process=int(os.environ.get("NEWS_NLP_PROCESSES", "1")),
            max_file_bytes=int(os.environ.get("NEWS_MAX_FILE_BYTES", str(10 * 1024 * 1024))),
            published_storage_version=os.environ.get("NEWS_PUBLISHED_STORAGE_VERSION") or PUBLISHED_STORAGE_VERSION,
            batch_store=os.environ.get("NEWS_BATCH_STORE", ""),
            duckdb_memory_limit=os.environ.get("NEWS_DUCKDB_MEMORY_LIMIT") or DUCKDB_MEMORY_LIMIT,
            duckdb_threads=int(os.environ.get("NEWS_DUCKDB_THREADS") or DUCKDB_THREADS),
            duckdb_temp_dir=optional_path("NEWS_DUCKDB_TEMP_DIR"),
        )
