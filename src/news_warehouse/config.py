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
# The private build file keeps the engine's default.
PUBLISHED_STORAGE_VERSION = "v1.4.0"


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

    @property
    def warehouse_dir(self) -> Path:
        return self.warehouse_path.parent

    @property
    def build_path(self) -> Path:
        """The private DuckDB file every stage writes to before publishing."""
        return self.warehouse_dir / f"{self.warehouse_path.stem}.build.duckdb"

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
    def seeds_dir(self) -> Path:
        """dbt seeds: the alias, platform and exchange-rate tables the extractor also reads."""
        return self.dbt_project_dir / "seeds"

    @classmethod
    def from_env(cls) -> "Settings":
        """Settings from NEWS_* environment variables (CONTRACT.md), relative paths from the project root."""

        def path(var: str, default: str) -> Path:
            value = Path(os.environ.get(var) or default)
            return value if value.is_absolute() else PROJECT_ROOT / value

        return cls(
            landing_dir=path("NEWS_LANDING_DIR", "seeds"),
            warehouse_path=path("NEWS_WAREHOUSE_PATH", "warehouse/news.duckdb"),
            batch_size=int(os.environ.get("NEWS_BATCH_SIZE", "200")),
            n_process=int(os.environ.get("NEWS_NLP_PROCESSES", "1")),
            max_file_bytes=int(os.environ.get("NEWS_MAX_FILE_BYTES", str(10 * 1024 * 1024))),
            published_storage_version=os.environ.get("NEWS_PUBLISHED_STORAGE_VERSION") or PUBLISHED_STORAGE_VERSION,
            batch_store=os.environ.get("NEWS_BATCH_STORE", ""),
        )
