"""A run killed (SIGKILL) mid-extraction, mid-load or mid-dbt is completed by the next run,
and what gets published equals an uninterrupted run: nothing lost, nothing doubled."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import SEEDS
from tests.support import reliability
from tests.support.crash_points import CRASH_POINTS

pytestmark = [pytest.mark.slow, pytest.mark.scenario]


@pytest.mark.parametrize("point", CRASH_POINTS)
def test_killed_run_recovers_exactly(point: str, tmp_path, seeds_reference) -> None:  # noqa: ANN001
    outcome = reliability.crash_then_recover(tmp_path, SEEDS, point, seeds_reference)
    assert outcome.result == "identical", outcome
    assert outcome.rows_lost == 0 and outcome.rows_extra == 0


def test_two_runs_at_once_do_not_corrupt(tmp_path, seeds_reference) -> None:  # noqa: ANN001
    outcome = reliability.concurrent_runs(tmp_path, SEEDS, seeds_reference)
    assert outcome.ok, outcome
