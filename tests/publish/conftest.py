"""Fixtures for publishing: a clean build file in a throwaway warehouse folder."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from news_warehouse.config import Settings

# tests/ on the path for the shared fixture module `fixtures.marts` (tests/ is not a package).
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from fixtures.marts import write_clean_build  # noqa: E402


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(landing_dir=tmp_path / "landing", warehouse_path=tmp_path / "wh" / "news.duckdb")


@pytest.fixture
def clean_build(settings: Settings) -> Settings:
    """Settings whose build file holds valid marts, not yet validated nor published."""
    write_clean_build(settings)
    return settings
