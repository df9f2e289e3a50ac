"""Which article pages a report build writes: every one, or only those that may have changed.

A year of history is 500,000 article pages; an hourly run adds about a thousand. So the pages stay
in the report folder between builds and a build rewrites only the pages of articles whose body or
facts may differ from what their page shows. The report folder carries a record of what its
pages were made from (`MARKER`, JSON), and the published warehouse says what changed since:

* articles ingested or (re-)extracted after the dbt stage that built the marts of the previous
  report started (`raw.articles.ingested_at`, `raw.extracted_articles.extracted_at`, against the
  latest `dbt` row of `audit.stage_runs` in the published file, which is the stage that built its
  marts): the same test the quality gate applies against the last publish, so its query is
  reused (`validate.delta`);
* articles the gate held at the previous build and releases now (the record lists the held keys);
* pages of articles held now are removed (`removed`): they are no longer published.

Everything is rewritten, in a fresh folder, when the record is missing or unreadable, the
report's own code or templates changed (`report_fingerprint`), the warehouse is not a later build
of the one the pages were made from (another first ingestion: rebuilt; an older dbt stage), or
the dbt project, seeds or suites changed (`transform.fingerprint.code_fingerprint`, which hashes
the seeds: an alias seed that renames an actor changes the hover text of old articles, which no
timestamp shows). The pipeline passes that fingerprint; a build that cannot vouch for the code
the marts were made with (the CLI) passes None and carries the recorded one over, so the next
pipeline build still sees a change made on disk in between.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from datetime import datetime
from importlib import resources
from pathlib import Path

import duckdb

from news_warehouse.report import queries
from news_warehouse.transform.fingerprint import files_digest
from news_warehouse.transform.scope import changed_articles_query, query_parameters

MARKER = "report-build.json"
# The files of this package a page's bytes depend on.
REPORT_SOURCES = ("*.py", "templates/*.html", "static/*")


@dataclass(frozen=True)
class Record:
    """What a report folder's article pages were made from, kept in MARKER between builds."""

    report_code: str
    transform_code: str | None  # None: not known (a CLI build that started the folder)
    first_ingested_at: str | None  # ISO timestamps; the first says which warehouse this is
    marts_built_at: str | None  # when the dbt stage that built the marts started
    held: list[str]  # articles held back by the gate, whose pages are absent


@dataclass(frozen=True)
class Plan:
    """One build's article pages: all of them, or those of `pages`, and why."""

    pages: list[str] | None  # the articles whose pages are (re)written; None: every one, afresh
    reason: str  # why every page is written
    record: Record  # to write into the new report
    removed: list[str]  # article keys whose pages must go

    @property
    def full(self) -> bool:
        return self.pages is None


def report_fingerprint() -> str:
    """sha256 of the report package's code, templates and assets: a change rewrites every page."""
    package = Path(str(resources.files("news_warehouse.report")))
    return files_digest([path for pattern in REPORT_SOURCES for path in sorted(package.glob(pattern))], package)


def plan(con: duckdb.DuckDBPyConnection, out_dir: Path, transform_fingerprint: str | None) -> Plan:
    """Decide which article pages this build writes, and which it removes."""
    previous = read_record(out_dir)
    held = _held(con)
    current = Record(report_fingerprint(), transform_fingerprint, _iso(_first_ingested(con)),
                     _iso(_marts_built_at(con)), held or [])
    reason = _full_reason(previous, current, has_held_table=held is not None, has_pages=(out_dir / "articles").is_dir())
    if reason is not None or previous is None or previous.marts_built_at is None:
        return Plan(None, reason or "", current, [])
    if transform_fingerprint is None:
        current = Record(**{**asdict(current), "transform_code": previous.transform_code})
    released = sorted(set(previous.held) - set(current.held))
    pages = _changed(con, datetime.fromisoformat(previous.marts_built_at), released)
    return Plan(pages, "", current, current.held)


def read_record(out_dir: Path) -> Record | None:
    """The record of the report in `out_dir`, or None when there is none or it cannot be read."""
    try:
        return Record(**json.loads((out_dir / MARKER).read_text(encoding="utf-8")))
    except (OSError, ValueError, TypeError):
        return None


def write_record(out_dir: Path, record: Record) -> None:
    (out_dir / MARKER).write_text(json.dumps(asdict(record), indent=1) + "\n", encoding="utf-8")


def _full_reason(previous: Record | None, current: Record, has_held_table: bool, has_pages: bool) -> str | None:
    """Why every page must be written, or None when updating the changed ones is enough."""
    checks = [
        (previous is None, "no record of a previous report build"),
        (not has_pages, "no article pages to update"),
        (previous is not None and previous.report_code != current.report_code,
         "the report's code or templates changed"),
        (current.transform_code is not None and previous is not None
         and previous.transform_code != current.transform_code,
         "the dbt project, seeds or suites changed (names on old articles may differ)"),
        (current.marts_built_at is None, "the warehouse records no dbt stage that dates its marts"),
        (previous is not None and previous.first_ingested_at != current.first_ingested_at,
         "the warehouse was rebuilt"),
        (previous is not None and not _later_or_same(previous.marts_built_at, current.marts_built_at),
         "the warehouse is not a later build of the one the pages were made from"),
        (not has_held_table, "the warehouse has no audit.quarantined_articles table"),
    ]
    return next((why for failed, why in checks if failed), None)


def _later_or_same(before: str | None, after: str | None) -> bool:
    return before is not None and after is not None and datetime.fromisoformat(after) >= datetime.fromisoformat(before)


def _changed(con: duckdb.DuckDBPyConnection, since: datetime, released: list[str]) -> list[str]:
    """The published articles of the gate's delta since `since`, plus `released`, in key order."""
    return [
        key
        for (key,) in con.execute(
            f"select distinct article_key from ({changed_articles_query(since, has_dim_article=True)}) "
            "join marts.dim_article using (article_key) order by article_key",
            query_parameters(since, released),
        ).fetchall()
    ]


def _held(con: duckdb.DuckDBPyConnection) -> list[str] | None:
    if not queries.has_table(con, "audit", "quarantined_articles"):
        return None
    return sorted(key for (key,) in con.execute("select distinct article_key from audit.quarantined_articles").fetchall())


def _first_ingested(con: duckdb.DuckDBPyConnection) -> datetime | None:
    if not queries.has_table(con, "raw", "articles"):
        return None
    return con.execute("select min(ingested_at) from raw.articles").fetchone()[0]


def _marts_built_at(con: duckdb.DuckDBPyConnection) -> datetime | None:
    if not queries.has_table(con, "audit", "stage_runs"):
        return None
    return con.execute("select max(started_at) from audit.stage_runs where stage = 'dbt'").fetchone()[0]


def _iso(moment: datetime | None) -> str | None:
    return None if moment is None else moment.isoformat()
