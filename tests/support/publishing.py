"""Write-audit-publish in one call, as the DAG's validate and publish tasks do it between them.

The product splits this over two tasks (news_warehouse.tasks.validate records a rejection,
news_warehouse.tasks.publish swaps a passed build in); tests of the swap want both halves on
a build they prepared, without Airflow, docs or report.
"""

from __future__ import annotations

from pathlib import Path

from news_warehouse.config import Settings
from news_warehouse.publish.swap import publish, record_rejection
from news_warehouse.validate.gate import ValidationFailed


def publish_if_valid(settings: Settings, run_id: str) -> Path:
    """Publish the build if this run's validation passed; otherwise record the rejection and raise."""
    try:
        return publish(settings, run_id)
    except ValidationFailed:
        record_rejection(settings, run_id)
        raise
