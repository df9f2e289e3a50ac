"""Builds the publish tests start from, beyond the suite's `clean_build`."""

from __future__ import annotations

import pytest

from news_warehouse.config import Settings
from tests.support.publishing import write_engine_format_build


@pytest.fixture
def engine_format_build(settings: Settings) -> Settings:
    """Settings whose build file holds valid marts in the engine's own format, not the published one."""
    return write_engine_format_build(settings)
