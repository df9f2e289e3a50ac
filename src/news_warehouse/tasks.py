"""The pipeline's stages as the DAG calls them: one function per task, each measured.

The DAG file stays a wiring diagram; everything here runs without a scheduler, which is how
the benchmark and the tests drive single stages. Each stage records its wall time, row counts
and peak memory in `audit.stage_runs` of the build file.
"""

from __future__ import annotations

import json
import logging
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from importlib import metadata
from pathlib import Path
from typing import Any

from news_warehouse import db
from news_warehouse.config import Settings
from news_warehouse.db import utc_now
from news_warehouse.memory import RssSampler
from news_warehouse.transform.fingerprint import code_fingerprint

log = logging.getLogger(__name__)


@dataclass
class StageCounts:
    rows_in: int | None = None
    rows_out: int | None = None


@contextmanager
def measured(settings: Settings, run_id: str, stage: str) -> Iterator[StageCounts]:
    """Run a stage body and record its timing row once it has succeeded."""
    counts = StageCounts()
    started = utc_now()
    with RssSampler() as sampler:
        yield counts
    # Reached only when the stage succeeded: a failed stage leaves no timing behind.
    record_stage(settings, run_id, stage, started, utc_now(), counts, sampler.peak_mb)


def record_stage(
    settings: Settings,
    run_id: str,
    stage: str,
    started: datetime,
    finished: datetime,
    counts: StageCounts,
    peak_mb: float,
) -> None:
    with db.writer(settings) as con:
        con.execute(
            "insert into audit.stage_runs values (?, ?, ?, ?, ?, ?, ?)",
            [run_id, stage, started, finished, counts.rows_in, counts.rows_out, round(peak_mb, 1)],
        )


def ingest(settings: Settings, run_id: str) -> dict[str, int]:
    from news_warehouse.ingest.run import ingest_landing

    with measured(settings, run_id, "ingest") as counts:
        report = ingest_landing(settings, run_id)
        counts.rows_in, counts.rows_out = report.landed, report.ingested
    return {
        "landed": report.landed,
        "ingested": report.ingested,
        "duplicate": report.duplicate,
        "quarantined": report.quarantined,
        "deferred": report.deferred,
    }


def plan_extraction(settings: Settings, run_id: str) -> list[str]:
    from news_warehouse.extract.batches import plan_batches

    return plan_batches(settings, run_id)


def extract(settings: Settings, run_id: str, batch: str) -> dict[str, Any]:
    """Extract one batch; its timing goes into its marker, since batches never write the warehouse."""
    from news_warehouse.extract.batches import batch_path, extract_batch

    return extract_batch(settings, batch_path(batch), run_id)


def load(settings: Settings, run_id: str, batches: list[str]) -> dict[str, Any]:
    """Load every batch, then account for the extraction stage from the batches' markers."""
    from news_warehouse.extract.batches import SUCCESS_MARKER, batch_path, run_dir
    from news_warehouse.load.loader import discard_run_work, load_batches

    markers = [json.loads((batch_path(b) / SUCCESS_MARKER).read_text()) for b in batches]
    if markers:
        started = min(datetime.fromisoformat(m["started_at"]) for m in markers)
        extract_counts = StageCounts(
            rows_in=sum(m["articles"] for m in markers), rows_out=sum(m["words"] for m in markers)
        )
        finished = started + timedelta(seconds=sum(m["seconds"] for m in markers))
        peak = max(m["peak_rss_mb"] for m in markers)
        record_stage(settings, run_id, "extract", started, finished, extract_counts, peak)
    with measured(settings, run_id, "load") as counts:
        report = load_batches(settings, batches)
        counts.rows_in, counts.rows_out = report.articles, report.total_rows
    discard_run_work(run_dir(settings, run_id))
    return {"articles": report.articles, "replaced": report.replaced, "rows": report.rows}


def has_unpublished_changes(settings: Settings) -> bool:
    """True unless the published warehouse already reflects every landed file and the current code.

    A run with nothing new then skips dbt, validation and publishing, which is what keeps a
    no-op re-run cheap; anything landed or extracted after the last publish, or a changed dbt
    project or suite, makes the run go all the way.
    """
    if not settings.warehouse_path.exists():
        return True
    with db.writer(settings) as con:
        last = con.execute(
            "select published_at, code_fingerprint from audit.published_builds "
            "order by published_at desc limit 1"
        ).fetchone()
        if last is None or last[1] != code_fingerprint(settings):
            return True
        newest = con.execute(
            "select greatest((select max(first_seen_at) from audit.landed_files), "
            "(select max(extracted_at) from raw.extracted_articles))"
        ).fetchone()[0]
    return newest is not None and newest > last[0]


def dbt_build(settings: Settings, run_id: str) -> None:
    from news_warehouse.transform.dbt import run_dbt, scope_build

    with measured(settings, run_id, "dbt"):
        log.info("dbt build scope: %s", scope_build(settings))
        run_dbt(settings, ["build"])


def validate(settings: Settings, run_id: str) -> dict[str, Any]:
    """Validate the build; a failure is recorded, shown in the published audit, then raised.

    Articles held back by a plausibility rule are not a failure: they are counted in `held`.
    """
    from news_warehouse.publish.offline_docs import make_offline
    from news_warehouse.publish.swap import record_rejection
    from news_warehouse.validate.gate import ValidationFailed, validate_build

    with measured(settings, run_id, "validate") as counts:
        outcome = validate_build(settings, run_id)
        counts.rows_in, counts.rows_out = outcome.evaluated, outcome.failed
    if not outcome.success:
        record_rejection(settings, run_id)
    # The Data Docs just rendered, a rejected run's included (they say why it was rejected).
    make_offline(settings)
    if not outcome.success:
        raise ValidationFailed(run_id, outcome.failures)
    return {"evaluated": outcome.evaluated, "failed": outcome.failed, "held_articles": outcome.held_articles}


def publish(settings: Settings, run_id: str) -> str:
    """Swap the validated build in for analysts, record it, then the dbt docs page if the project changed.

    The report is the next task (`report`): its failure must neither undo nor fail a publish.
    """
    from news_warehouse.publish.swap import publish as swap_in

    with measured(settings, run_id, "publish"):
        published = swap_in(settings, run_id)
    fingerprint = code_fingerprint(settings)
    with db.writer(settings) as con:
        con.execute("insert into audit.published_builds values (?, ?, ?)", [run_id, utc_now(), fingerprint])
    build_docs_site(settings, fingerprint)
    return str(published)


def report(settings: Settings, run_id: str) -> dict[str, Any]:
    """Update the report of the published warehouse: small pages afresh, article pages that changed.

    The code fingerprint is the one `publish` just recorded for these marts, so a dbt or seed
    change rewrites every article page (names on old articles may have changed).
    """
    from news_warehouse.report.site import rebuild

    with measured(settings, run_id, "report") as counts:
        built = rebuild(settings, transform_fingerprint=code_fingerprint(settings))
        counts.rows_out = built.pages_written
    return {"full": built.full, "reason": built.reason, "pages_written": built.pages_written,
            "pages_removed": built.pages_removed}


def build_docs_site(settings: Settings, fingerprint: str) -> Path:
    """Write the one-file dbt docs page next to the published warehouse unless it is current; both
    sites offline.

    The page holds the project and the catalog of its relations' columns and types, no data
    (dbt-duckdb gives no table statistics): it changes only with the project, the code
    `fingerprint` names (with dbt's version, which renders it). Generating it on every publish
    cost a dbt invocation, about 20 s of each hourly run. The fingerprint it was made for is
    kept beside it. The Data Docs are made offline again in case they were rendered by an older
    version (idempotent).
    """
    from news_warehouse.publish.offline_docs import make_offline
    from news_warehouse.transform.dbt import run_dbt, target_dir

    page = settings.docs_dir / "dbt" / "index.html"
    made_for = page.with_name("index.html.made-for")
    current = f"{fingerprint} dbt-core {metadata.version('dbt-core')}"
    if not (page.is_file() and made_for.is_file() and made_for.read_text(encoding="utf-8") == current):
        run_dbt(settings, ["docs", "generate", "--static"])
        page.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(target_dir(settings) / "static_index.html", page)
        made_for.write_text(current, encoding="utf-8")
    make_offline(settings)
    return page
