"""Write-audit-publish on real DuckDB files: what analysts see after a good and a bad build."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest
from tests.fixtures.marts import add_article, mart_rows

from news_warehouse import db
from news_warehouse.config import Settings
from news_warehouse.publish.swap import publish
from news_warehouse.validate.gate import ValidationFailed, validate_build
from tests.support.publishing import analyst_connection, publish_if_valid


def validation_runs(path: Path) -> list[tuple]:
    with db.reader(path) as con:
        return con.execute(
            "select run_id, success, published, failed_expectations from audit.validation_runs "
            "order by validated_at"
        ).fetchall()


def corrupt(settings: Settings) -> None:
    with db.writer(settings) as con:
        con.execute("update marts.fct_monetary_figure set currency_code = 'XYZ' where currency_code = 'USD'")


def leftovers(settings: Settings) -> list[str]:
    """Files a swap must not leave behind: temporary copies and write-ahead logs."""
    return sorted(p.name for p in settings.warehouse_dir.iterdir() if p.name.endswith((".tmp", ".wal")))


def test_a_valid_build_is_published_whole(clean_build: Settings) -> None:
    validate_build(clean_build, "run-1")

    path = publish_if_valid(clean_build, "run-1")

    assert path == clean_build.warehouse_path
    assert mart_rows(path) == mart_rows(clean_build.build_path)
    assert len(mart_rows(path)["dim_article"]) == 2
    # The last write before the copy (published = true) is in the copy: closing DuckDB after a
    # CHECKPOINT leaves the whole database in the file, with no .wal beside it.
    assert [(r, s, p) for r, s, p, _ in validation_runs(path)] == [("run-1", True, True)]
    assert leftovers(clean_build) == []
    with db.reader(path) as con:
        counts = dict(con.execute("select table_name, row_count from audit.published_row_counts").fetchall())
    assert counts["dim_article"] == 2 and len(counts) == 13


def test_a_failed_build_leaves_the_published_marts_exactly_as_they_were(clean_build: Settings) -> None:
    validate_build(clean_build, "run-1")
    publish_if_valid(clean_build, "run-1")
    before = mart_rows(clean_build.warehouse_path)
    corrupt(clean_build)
    assert not validate_build(clean_build, "run-2").success

    with pytest.raises(ValidationFailed, match="XYZ") as raised:
        publish_if_valid(clean_build, "run-2")

    assert raised.value.run_id == "run-2" and raised.value.failures
    assert mart_rows(clean_build.build_path) != before  # the corruption is real ...
    assert mart_rows(clean_build.warehouse_path) == before  # ... and did not reach analysts
    runs = validation_runs(clean_build.warehouse_path)
    assert [(r, s, p) for r, s, p, _ in runs] == [("run-1", True, True), ("run-2", False, False)]
    assert any("XYZ" in failure for failure in json.loads(runs[1][3]))
    assert leftovers(clean_build) == []


def test_a_rejection_before_any_publish_publishes_only_the_audit(clean_build: Settings) -> None:
    corrupt(clean_build)
    validate_build(clean_build, "run-1")

    with pytest.raises(ValidationFailed):
        publish_if_valid(clean_build, "run-1")

    assert mart_rows(clean_build.warehouse_path) == {}
    assert [(r, s, p) for r, s, p, _ in validation_runs(clean_build.warehouse_path)] == [("run-1", False, False)]


def test_an_unvalidated_build_is_never_published(clean_build: Settings) -> None:
    with pytest.raises(ValidationFailed, match="never validated"):
        publish(clean_build, "run-unknown")

    assert not clean_build.warehouse_path.exists()


def test_a_reader_is_never_blocked_and_keeps_its_snapshot(clean_build: Settings) -> None:
    validate_build(clean_build, "run-1")
    publish_if_valid(clean_build, "run-1")
    # An analyst in another process, connected read-only across the next publish.
    with analyst_connection(clean_build.warehouse_path) as (first_count, count_again):
        assert first_count == 2
        add_article(clean_build, "Un troisième article, arrivé entre deux runs.")
        assert validate_build(clean_build, "run-2").success

        publish_if_valid(clean_build, "run-2")  # would raise or hang if the reader blocked it

        assert count_again() == 2  # the open connection still sees the old, consistent file
    with duckdb.connect(str(clean_build.warehouse_path), read_only=True) as con:
        assert con.execute("select count(*) from marts.dim_article").fetchone()[0] == 3
