"""Publishing is a byte copy of the build file, because the build is created in the published format.

Real DuckDB files: the build's storage format, the published file's bytes, and the one-time
migration of a build made in another format (before this change, or under another
NEWS_PUBLISHED_STORAGE_VERSION), which must publish the same rows and keep the build usable.
"""

from __future__ import annotations

import logging

import pytest

from news_warehouse import db
from news_warehouse.config import PUBLISHED_STORAGE_VERSION, Settings
from news_warehouse.publish.swap import publish
from news_warehouse.validate.gate import validate_build
from tests.fixtures.marts import add_article, mart_rows
from tests.support.publishing import ENGINE_STORAGE_VERSION, sha256, storage_tag

MIGRATION_LOGGER = "news_warehouse.publish.swap"
RAW_CONSTRAINTS = (
    "select table_name, constraint_type, constraint_text from duckdb_constraints() "
    "where schema_name = 'raw' order by all"
)


def raw_constraints(settings: Settings) -> list[tuple]:
    """Keys and checks of the build's raw layer: they guard every later load against duplicate rows."""
    with db.reader(settings.build_path, settings) as con:
        return con.execute(RAW_CONSTRAINTS).fetchall()


def swap_log(caplog: pytest.LogCaptureFixture) -> list[str]:
    """What publish logged: caplog also holds other loggers' records (GX's, at INFO) once the root level is lowered."""
    return [record.getMessage() for record in caplog.records if record.name == MIGRATION_LOGGER]


def test_the_build_file_is_created_in_the_published_storage_version(settings: Settings) -> None:
    with db.writer(settings):
        pass

    assert storage_tag(settings.build_path) == f"{PUBLISHED_STORAGE_VERSION}+"


def test_publishing_copies_the_build_bytes(clean_build: Settings, caplog: pytest.LogCaptureFixture) -> None:
    validate_build(clean_build, "run-1")

    with caplog.at_level(logging.INFO, logger=MIGRATION_LOGGER):
        publish(clean_build, "run-1")

    # Byte for byte: no rewrite (a `COPY FROM DATABASE` lays the blocks out anew).
    assert sha256(clean_build.warehouse_path) == sha256(clean_build.build_path)
    assert storage_tag(clean_build.warehouse_path) == f"{PUBLISHED_STORAGE_VERSION}+"
    assert swap_log(caplog) == []


def test_a_build_in_another_format_is_migrated_once_then_copied(
    engine_format_build: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    settings = engine_format_build
    assert storage_tag(settings.build_path) == f"{ENGINE_STORAGE_VERSION}+"
    rows_before, constraints_before = mart_rows(settings.build_path), raw_constraints(settings)
    validate_build(settings, "run-1")

    with caplog.at_level(logging.WARNING, logger=MIGRATION_LOGGER):
        publish(settings, "run-1")

    assert [message for message in swap_log(caplog) if ENGINE_STORAGE_VERSION in message]
    # Published in the analysts' format with the same rows; the build now in it too, keys kept.
    assert storage_tag(settings.warehouse_path) == f"{PUBLISHED_STORAGE_VERSION}+"
    assert mart_rows(settings.warehouse_path) == rows_before
    assert storage_tag(settings.build_path) == f"{PUBLISHED_STORAGE_VERSION}+"
    assert mart_rows(settings.build_path) == rows_before
    assert raw_constraints(settings) == constraints_before
    assert sha256(settings.warehouse_path) == sha256(settings.build_path)

    # The next run writes into the migrated build and publishes it as a plain copy.
    caplog.clear()
    add_article(settings, "Un troisième article, arrivé après la migration.")
    validate_build(settings, "run-2")
    with caplog.at_level(logging.WARNING, logger=MIGRATION_LOGGER):
        publish(settings, "run-2")

    assert swap_log(caplog) == []
    assert len(mart_rows(settings.warehouse_path)["dim_article"]) == 3
    assert sha256(settings.warehouse_path) == sha256(settings.build_path)
