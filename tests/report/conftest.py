"""Fixtures of the report tests: the vendored Vega bundle made once, small warehouses with it."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from news_warehouse.config import Settings
from news_warehouse.report import vendor
from news_warehouse.report.site import build_report
from tests.fixtures.report_warehouse import write_report_warehouse

Report = tuple[Settings, Path]


@pytest.fixture(scope="session")
def vega_bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real bundle from vl-convert-python, built once per session (it takes seconds)."""
    return vendor.write_bundle(tmp_path_factory.mktemp("vega") / vendor.BUNDLE_NAME, previous=None)


def build(root: Path, bundle: Path, held_back_table: bool = True) -> Report:
    """The report warehouse under `root` and its report; returns the settings and the report folder."""
    settings = Settings(landing_dir=root / "landing", warehouse_path=root / "wh" / "news.duckdb")
    write_report_warehouse(settings, held_back_table)
    out = settings.report_dir
    # A previous report's bundle of the same versions is reused instead of re-bundled.
    (out / "assets").mkdir(parents=True)
    shutil.copyfile(bundle, out / "assets" / vendor.BUNDLE_NAME)
    build_report(settings.build_path, out)
    return settings, out


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory, vega_bundle: Path) -> Report:
    """One report shared by the tests that only read it."""
    return build(tmp_path_factory.mktemp("report"), vega_bundle)


@pytest.fixture
def make_report(tmp_path: Path, vega_bundle: Path) -> Callable[..., Report]:
    """A report of the test's own, for tests that change or rebuild it."""
    return lambda held_back_table=True: build(tmp_path, vega_bundle, held_back_table)
