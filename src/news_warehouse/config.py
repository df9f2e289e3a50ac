"""Where things live, read once from the environment.

Every stage takes a `Settings` instead of reading environment variables itself, so tests can
point a whole run at temporary folders without touching the process environment.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]


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
        )
