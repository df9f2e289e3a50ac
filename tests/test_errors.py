"""One exception root, two branches: what the Airflow task wrapper does with each."""

from __future__ import annotations

import logging

import pytest
from airflow.sdk.exceptions import AirflowFailException

from news_warehouse.db import LockTimeout
from news_warehouse.errors import DeterministicError, NewsWarehouseError, TransientError, classified
from news_warehouse.load.loader import IncompleteBatch
from news_warehouse.transform.dbt import DbtFailed, DbtInterrupted
from news_warehouse.validate.gate import ValidationFailed


def test_every_pipeline_error_has_one_root_and_one_branch() -> None:
    for error in (DbtFailed, ValidationFailed):
        assert issubclass(error, DeterministicError) and not issubclass(error, TransientError)
    for error in (DbtInterrupted, LockTimeout, IncompleteBatch):
        assert issubclass(error, TransientError) and not issubclass(error, DeterministicError)
    assert issubclass(DeterministicError, NewsWarehouseError) and issubclass(TransientError, NewsWarehouseError)
    assert issubclass(LockTimeout, TimeoutError), "callers catching TimeoutError keep working"


def test_a_deterministic_failure_fails_the_task_without_retry_and_says_what_to_do(caplog) -> None:  # noqa: ANN001
    @classified
    def task() -> None:
        raise DbtFailed("`dbt build` exited 1: test not_null_dim_actor_actor_key failed")

    with caplog.at_level(logging.ERROR), pytest.raises(AirflowFailException) as raised:
        task()

    assert "deterministic failure (not retried)" in str(raised.value)
    assert "not_null_dim_actor_actor_key" in str(raised.value) and "What to do:" in str(raised.value)
    assert "NOT retried" in caplog.text


def test_transient_and_unexpected_failures_keep_the_retries(caplog) -> None:  # noqa: ANN001
    @classified
    def locked() -> None:
        raise LockTimeout("another pipeline run has been writing for over 600 s")

    @classified
    def unexpected() -> None:
        raise OSError("disk full")

    with caplog.at_level(logging.WARNING), pytest.raises(LockTimeout):
        locked()
    assert "transient failure, Airflow will retry" in caplog.text and "wait for the other run" in caplog.text
    with pytest.raises(OSError):
        unexpected()


def test_the_wrapper_keeps_the_task_signature() -> None:
    @classified
    def task(batches: list[str], extracted: list[dict] | None = None) -> int:
        """Docstring."""
        return len(batches)

    assert task(["a", "b"]) == 2 and task.__name__ == "task" and task.__doc__ == "Docstring."
