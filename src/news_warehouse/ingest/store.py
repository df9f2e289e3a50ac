"""The database side of ingestion: what is already known, and appending what is new in bulk.

Rows go in as one Arrow table per target (`insert into ... select` from a registered view):
one statement per table whatever the number of files, and values are never spliced into SQL,
so an article quoting SQL is stored as text.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import date, datetime

import duckdb
import pyarrow as pa

from news_warehouse import db


@dataclass(frozen=True)
class AuditEntry:
    """One row of audit.landed_files."""

    source_file: str
    content_sha256: str | None
    status: str  # ingested / duplicate / quarantined
    reason: str | None
    article_key: str | None
    size_bytes: int | None
    first_seen_at: datetime
    run_id: str


@dataclass(frozen=True)
class ArticleRow:
    """One row of raw.articles."""

    article_key: str
    content_sha256: str
    source_file: str
    title: str | None
    body: str
    published_date: date | None
    published_precision: str | None
    language: str
    source_format: str
    detected_encoding: str
    ingested_at: datetime
    run_id: str
    published_source: str | None  # metadata / printed / None
    url: str | None


# Arrow types of the rows, read from db.RAW_DDL; tests keep the dataclasses above in step with it.
AUDIT_SCHEMA = db.arrow_schema("audit.landed_files")
ARTICLE_SCHEMA = db.written_schema("raw.articles")


def seen_entries(con: duckdb.DuckDBPyConnection) -> set[tuple[str, str | None]]:
    """(source_file, raw sha256) pairs already accounted for; a NULL hash is a pair of its own."""
    return set(con.execute("select distinct source_file, content_sha256 from audit.landed_files").fetchall())


def known_articles(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """article_key -> the source_file that brought the article in (article_key is raw.articles' key)."""
    return dict(con.execute("select article_key, source_file from raw.articles").fetchall())


def append_audit(con: duckdb.DuckDBPyConnection, entries: Sequence[AuditEntry]) -> None:
    _append(con, "audit.landed_files", AUDIT_SCHEMA, [asdict(entry) for entry in entries])


def append_articles(con: duckdb.DuckDBPyConnection, articles: Sequence[ArticleRow]) -> None:
    _append(con, "raw.articles", ARTICLE_SCHEMA, [asdict(article) for article in articles])
    db.number_articles(con)


def _append(con: duckdb.DuckDBPyConnection, table: str, schema: pa.Schema, rows: list[dict]) -> None:
    """Insert all rows with one statement through a temporarily registered Arrow table."""
    if not rows:
        return
    view = f"new_rows_{table.replace('.', '_')}"
    con.register(view, pa.Table.from_pylist(rows, schema=schema))
    try:
        columns = ", ".join(schema.names)
        con.execute(f"insert into {table} ({columns}) select {columns} from {view}")
    finally:
        con.unregister(view)

