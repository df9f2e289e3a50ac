"""Ingestion stage: account for every entry of the landing folder and store the new articles.

Everything a run appends (articles and audit rows) is written in one transaction, so a failed run
leaves the warehouse as it was and a retried run starts from the same state. An entry is known by
its path and the hash of its bytes: re-running over the same folder adds nothing, and a file
changed in place is seen again. A JSON Lines file is a list of entries, one per non-blank line,
each audited and stored as `feed.jsonl:3` with its own hash: good lines are ingested, bad ones
quarantined with their reason, and lines appended to a feed are picked up by the next run.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

import duckdb

from news_warehouse.config import Settings
from news_warehouse.db import utc_now, writer
from news_warehouse.ingest.article import ParsedArticle, Quarantine
from news_warehouse.ingest.landing import Deferred, LandedEntry, read_entry, scan_landing
from news_warehouse.ingest.parse import parse_article, parse_feed_line, read_json_lines
from news_warehouse.ingest.records import FeedLine, is_json_lines
from news_warehouse.ingest.store import (
    ArticleRow,
    AuditEntry,
    append_articles,
    append_audit,
    known_articles,
    seen_entries,
)


@dataclass
class IngestReport:
    """Counts of one run; `landed` = every entry in the folder (each line of a JSON Lines file is one),
    including those already seen before."""

    landed: int = 0
    ingested: int = 0
    duplicate: int = 0
    quarantined: int = 0
    deferred: int = 0  # not complete yet (still being written, temporary name): next run
    skipped_already_seen: int = 0
    entries: list[AuditEntry] = field(default_factory=list)  # the audit rows this run added

    def record(self, entry: AuditEntry) -> None:
        """Keep a new audit row and count it under its status."""
        self.landed += 1
        self.entries.append(entry)
        setattr(self, entry.status, getattr(self, entry.status) + 1)


@dataclass
class _RunState:
    """What the run knows while it walks the entries: the database's state plus its own progress."""

    run_id: str
    now: datetime
    seen: set[tuple[str, str | None]]
    articles_by_key: dict[str, str]  # article_key -> first source_file
    report: IngestReport = field(default_factory=IngestReport)
    new_articles: list[ArticleRow] = field(default_factory=list)


# Articles held in memory before a bulk append (inside the run's single transaction).
FLUSH_EVERY = 500


def ingest_landing(settings: Settings, run_id: str) -> IngestReport:
    """Scan `settings.landing_dir` and append new articles and audit rows in one transaction."""
    entries = scan_landing(settings.landing_dir)
    with writer(settings) as con:
        con.begin()
        try:
            report = _ingest_entries(con, entries, settings.max_file_bytes, run_id)
            con.commit()
        except BaseException:
            con.rollback()
            raise
    return report


def _ingest_entries(
    con: duckdb.DuckDBPyConnection, entries: list[LandedEntry], max_bytes: int, run_id: str
) -> IngestReport:
    """Classify every entry against what the database already holds, then append in bulk."""
    state = _RunState(run_id, utc_now(), seen_entries(con), known_articles(con))
    for entry in entries:
        _account_for(entry, max_bytes, state)
        if len(state.new_articles) >= FLUSH_EVERY:
            _flush_articles(con, state)
    _flush_articles(con, state)
    append_audit(con, state.report.entries)
    return state.report


def _flush_articles(con: duckdb.DuckDBPyConnection, state: _RunState) -> None:
    """Append the queued bodies in bulk and drop them, so memory stays flat in the corpus size."""
    append_articles(con, state.new_articles)
    state.new_articles.clear()


def _account_for(entry: LandedEntry, max_bytes: int, state: _RunState) -> None:
    """Skip an entry already audited with these bytes; otherwise parse it and record the outcome."""
    content = read_entry(entry, max_bytes)
    if _already_seen(entry.source_file, content.content_sha256, state):
        return
    outcome: ParsedArticle | Quarantine | Deferred
    if content.problem is not None:
        outcome = content.problem
    elif is_json_lines(entry.source_file):
        feed = read_json_lines(content.raw or b"")
        if not isinstance(feed, Quarantine):
            _account_for_lines(entry.source_file, *feed, state)
            return
        outcome = feed  # not even splittable into lines: the file is one quarantined entry
    else:
        outcome = parse_article(content.raw or b"", entry.source_file)
    size = entry.size_bytes if content.raw is None else len(content.raw)
    state.report.record(_audit_entry(entry.source_file, content.content_sha256, size, outcome, state))


def _account_for_lines(source_file: str, lines: list[FeedLine], encoding: str, state: _RunState) -> None:
    """Each line of a JSON Lines file is an entry of its own, known by `file:line` and its hash."""
    for line in lines:
        name = line.source_file(source_file)
        if not _already_seen(name, line.content_sha256, state):
            outcome = parse_feed_line(line, encoding)
            state.report.record(_audit_entry(name, line.content_sha256, line.size_bytes, outcome, state))


def _already_seen(source_file: str, content_sha256: str | None, state: _RunState) -> bool:
    """An entry audited before with the same bytes is counted as landed and left alone."""
    if (source_file, content_sha256) not in state.seen:
        return False
    state.report.landed += 1
    state.report.skipped_already_seen += 1
    return True


def _audit_entry(
    source_file: str,
    raw_sha256: str | None,
    size: int | None,
    outcome: ParsedArticle | Quarantine | Deferred,
    state: _RunState,
) -> AuditEntry:
    """The audit row for one outcome; a new article is also queued for raw.articles."""

    def row(status: str, reason: str | None, article_key: str | None) -> AuditEntry:
        return AuditEntry(source_file, raw_sha256, status, reason, article_key, size, state.now, state.run_id)

    if isinstance(outcome, Deferred):
        return row("deferred", outcome.reason, None)
    if isinstance(outcome, Quarantine):
        return row("quarantined", outcome.reason, None)
    key = outcome.article_key
    first_source = state.articles_by_key.get(key)
    if first_source is not None:
        return row("duplicate", f"same article as {first_source!r} (article_key {key})", key)
    state.articles_by_key[key] = source_file
    state.new_articles.append(_article_row(source_file, outcome, state))
    return row("ingested", None, key)


def _article_row(source_file: str, article: ParsedArticle, state: _RunState) -> ArticleRow:
    published = article.published
    return ArticleRow(
        article_key=article.article_key,
        content_sha256=article.content_sha256,
        source_file=source_file,
        title=article.title,
        body=article.body,
        published_date=published.value if published else None,
        published_precision=published.precision if published else None,
        published_source=published.source if published else None,
        url=article.url,
        language=article.language,
        source_format=article.source_format,
        detected_encoding=article.detected_encoding,
        ingested_at=state.now,
        run_id=state.run_id,
    )
