"""The package's one exception root, split by what a retry can do about the failure.

* `DeterministicError`: the same inputs and code will fail the same way (a dbt test or compile
  error, a build the gate rejects, bad configuration or input). Retrying only wastes the retry
  delay and hides the cause, so the DAG fails the task at once (`AirflowFailException`).
* `TransientError`: the machine, not the data, got in the way (the writer lock held too long, a
  worker killed, an I/O error). Airflow's retries are kept for these.

Each error carries `action`: what a person should do about it, printed in the task log. Stdlib
only, and Airflow is imported inside the wrapper: the DAG file imports this module when parsing.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from typing import ParamSpec, TypeVar

log = logging.getLogger(__name__)

P = ParamSpec("P")
R = TypeVar("R")


class NewsWarehouseError(Exception):
    """Root of every error the pipeline raises on purpose."""

    action = "read the message above"

    def __init__(self, message: str, action: str | None = None) -> None:
        super().__init__(message)
        if action is not None:
            self.action = action


class DeterministicError(NewsWarehouseError):
    """Fails the same way on every try: fix the code, the rules or the input, then re-run."""

    action = "fix the cause named above (code, rules or input), then trigger a new run; a retry would fail the same way"


class TransientError(NewsWarehouseError):
    """May pass on the next try: the task is retried."""

    action = "nothing if a retry succeeds; if every retry fails, check the machine (disk, memory, other runs)"


def classified(task: Callable[P, R]) -> Callable[P, R]:
    """Wrap an Airflow task body: deterministic failures end the task without retries.

    The task log then says which kind of failure it was and what to do.
    """

    @functools.wraps(task)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return task(*args, **kwargs)
        except DeterministicError as error:
            from airflow.sdk.exceptions import AirflowFailException

            log.error("deterministic failure, NOT retried: %s\nWhat to do: %s", error, error.action)
            raise AirflowFailException(f"deterministic failure (not retried): {error}\nWhat to do: {error.action}") from error
        except TransientError as error:
            log.warning("transient failure, Airflow will retry: %s\nWhat to do: %s", error, error.action)
            raise

    return run
