"""The standby: publishing rewrites only the blocks that changed, never a file a reader still has open.

Plain files for the block sync itself; real DuckDB files, validation and a reader in another
process for what a publish does with it.
"""

from __future__ import annotations

import logging
import os
import stat
from collections.abc import Callable
from pathlib import Path

import pytest

from news_warehouse import db
from news_warehouse.config import Settings
from news_warehouse.publish import standby
from news_warehouse.publish.standby import BLOCK_BYTES
from news_warehouse.validate.gate import ValidationFailed, validate_build
from tests.fixtures.marts import add_article, mart_rows
from tests.support.publishing import analyst_connection, publish_if_valid, sha256


def test_only_the_differing_blocks_are_rewritten(tmp_path: Path) -> None:
    source, target = tmp_path / "build", tmp_path / "standby"
    content = bytearray(os.urandom(40 * BLOCK_BYTES + 123))
    target.write_bytes(content)
    content[7 * BLOCK_BYTES + 5] ^= 0xFF  # one block changed inside a chunk
    content[20 * BLOCK_BYTES + 9] ^= 0xFF  # one in the next chunk
    content[33 * BLOCK_BYTES] ^= 0xFF  # and one at the start of a third
    content[-1] ^= 0xFF  # and the last byte, in a block shorter than the others
    source.write_bytes(content)

    refreshed = standby.refresh(source, target)

    assert refreshed.in_place and refreshed.written_bytes == 3 * BLOCK_BYTES + 123
    assert target.read_bytes() == source.read_bytes()


@pytest.mark.parametrize("standby_bytes", [0, 3 * BLOCK_BYTES + 17, 90 * BLOCK_BYTES], ids=["empty", "shorter", "longer"])
def test_a_standby_of_any_length_ends_byte_exact(tmp_path: Path, standby_bytes: int) -> None:
    source, target = tmp_path / "build", tmp_path / "standby"
    source.write_bytes(os.urandom(20 * BLOCK_BYTES + 1))
    target.write_bytes(os.urandom(standby_bytes))  # a crash half-way leaves anything

    standby.refresh(source, target)

    assert target.read_bytes() == source.read_bytes()


def test_without_a_standby_the_build_is_copied_whole(tmp_path: Path) -> None:
    source = tmp_path / "build"
    source.write_bytes(os.urandom(3 * BLOCK_BYTES))

    refreshed = standby.refresh(source, tmp_path / "standby")

    assert not refreshed.in_place and refreshed.written_bytes == refreshed.file_bytes == source.stat().st_size
    assert (tmp_path / "standby").read_bytes() == source.read_bytes()


def current_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


THIRD = "Un troisième article, arrivé entre deux runs."
FOURTH = "Un quatrième article, arrivé plus tard encore."


def publish_first(settings: Settings) -> None:
    validate_build(settings, "run-1")
    publish_if_valid(settings, "run-1")


def publish_next(settings: Settings, run_id: str, body: str) -> None:
    add_article(settings, body)
    assert validate_build(settings, run_id).success
    publish_if_valid(settings, run_id)


@pytest.fixture
def standby_log(caplog: pytest.LogCaptureFixture) -> Callable[[], list[str]]:
    """What publish.standby has logged so far."""
    caplog.set_level(logging.INFO, logger=standby.__name__)
    return lambda: [record.getMessage() for record in caplog.records if record.name == standby.__name__]


def test_publishing_syncs_the_previously_published_file_in_place(
    clean_build: Settings, standby_log: Callable[[], list[str]]
) -> None:
    publish_first(clean_build)
    publish_next(clean_build, "run-2", THIRD)
    first_published = sha256(clean_build.warehouse_path)
    publish_next(clean_build, "run-3", FOURTH)

    logged = standby_log()
    assert ["copied whole" in line for line in logged] == [True, True, False]
    assert "synced in place" in logged[2]
    assert sha256(clean_build.warehouse_path) == sha256(clean_build.build_path)
    assert sha256(clean_build.standby_path) == first_published  # run-2's file waits for run-4
    # Analysts of other accounts read it: the mode a new file gets, not a temporary file's 0600.
    assert stat.S_IMODE(clean_build.warehouse_path.stat().st_mode) == 0o666 & ~current_umask()
    assert len(mart_rows(clean_build.warehouse_path)["dim_article"]) == 4


def test_a_standby_still_read_is_left_to_its_reader(clean_build: Settings, standby_log: Callable[[], list[str]]) -> None:
    publish_first(clean_build)
    # An analyst connected to run-1's file across two publishes: the second would sync that
    # very file in place if it did not see the reader's lock.
    with analyst_connection(clean_build.warehouse_path) as (first_count, count_again):
        assert first_count == 2
        publish_next(clean_build, "run-2", THIRD)
        publish_next(clean_build, "run-3", FOURTH)
        assert count_again() == 2

    assert any("still open by a reader" in line for line in standby_log())
    assert sha256(clean_build.warehouse_path) == sha256(clean_build.build_path)
    assert len(mart_rows(clean_build.warehouse_path)["dim_article"]) == 4


def test_a_rejection_goes_through_the_standby_and_leaves_the_marts(
    clean_build: Settings, standby_log: Callable[[], list[str]]
) -> None:
    publish_first(clean_build)
    publish_next(clean_build, "run-2", THIRD)
    before = mart_rows(clean_build.warehouse_path)
    add_article(clean_build, "Un article qui ne passera pas.")
    with db.writer(clean_build) as con:
        con.execute("update marts.fct_monetary_figure set currency_code = 'XYZ'")
    assert not validate_build(clean_build, "run-3").success

    with pytest.raises(ValidationFailed):
        publish_if_valid(clean_build, "run-3")

    assert "synced in place" in standby_log()[-1]  # the published bytes, into the standby
    assert mart_rows(clean_build.warehouse_path) == before
    with db.reader(clean_build.warehouse_path) as con:
        runs = con.execute("select run_id, success, published from audit.validation_runs order by validated_at").fetchall()
    assert runs == [("run-1", True, True), ("run-2", True, True), ("run-3", False, False)]
