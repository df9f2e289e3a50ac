"""Row counts of the marts now versus the last published run, for the `row_counts` suite.

Publishing records how many rows each mart had (`audit.published_row_counts`, in the build file,
copied into the published file with everything else). The next validation compares against it:
a mart must never shrink (articles are never unlearned), and it may only grow with new articles.
A run over the same landing folder adds no article, so every mart must then keep its exact size:
that is the idempotency promise of the contract, checked on every run. The one exception is an
extractor upgrade: articles re-extracted by the new version may gain or lose facts. Articles newly
held back by a plausibility rule (`validate.plausibility`) leave the marts, so they too may shrink
them; one released again comes back as a new article.
"""

from __future__ import annotations

import duckdb
import pandas as pd

from news_warehouse.db import utc_now
from news_warehouse.validate.frames import MARTS_SCHEMA, mart_tables

PUBLISHED_ROW_COUNTS_DDL = """
create schema if not exists audit;
create table if not exists audit.published_row_counts (
    run_id        varchar not null,
    published_at  timestamp not null,
    table_name    varchar not null,
    row_count     bigint not null
);
"""

# Marts of real-world incident clusters: a new report can join two clusters into one, so they may
# shrink when articles arrive (never without new articles).
MERGING_TABLES = frozenset({"dim_incident"})

# Most rows a single new article may add to one article-scoped mart. Generous on purpose: it
# catches a fan-out (a join that multiplies rows), not an unusually rich article.
ROWS_PER_NEW_ARTICLE_LIMIT = 1000


def record_published_row_counts(con: duckdb.DuckDBPyConnection, run_id: str) -> None:
    """Store the current size of every mart as the reference for the next validation."""
    con.execute(PUBLISHED_ROW_COUNTS_DDL)
    published_at = utc_now()
    for table, rows in _current_counts(con).items():
        con.execute(
            "insert into audit.published_row_counts values (?, ?, ?, ?)",
            [run_id, published_at, table, rows],
        )


def row_counts_frame(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """One row per mart, now or at the last publish: sizes, growth and how much growth is allowed.

    Columns: table_name, rows_now (NULL when the mart disappeared), rows_published (NULL before
    the first publish or for a new mart), new_articles, reextracted_articles (extracted again
    by a new extractor version since the publish), rows_added, rows_removed (rows lost that
    nothing explains: incident clusters may merge when new articles arrive, re-extracted articles
    may lose facts), max_rows_added (NULL when unbounded) and
    growth_headroom = max_rows_added - rows_added, which the suite expects to be >= 0.
    """
    now = _current_counts(con)
    published = _last_published_counts(con)
    new_articles = _new_articles(now, published)
    reextracted = _reextracted_articles(con, new_articles)
    newly_held = _newly_held_articles(con, new_articles)
    # A newly held article takes its rows out, and may hide a new arrival's in dim_article's count.
    changed_articles = None if new_articles is None else new_articles + reextracted + newly_held
    scoped = _article_scoped_tables(con)
    records = []
    for table in sorted(now.keys() | published.keys()):
        rows_now, rows_published = now.get(table), published.get(table)
        added = None if rows_now is None or rows_published is None else rows_now - rows_published
        limit = _max_rows_added(table in scoped, changed_articles)
        may_shrink = bool(reextracted or newly_held) or (table in MERGING_TABLES and bool(new_articles))
        records.append(
            {
                "table_name": table,
                "rows_now": rows_now,
                "rows_published": rows_published,
                "new_articles": new_articles,
                "reextracted_articles": reextracted,
                "rows_added": added,
                "rows_removed": 0 if added is None or may_shrink else max(0, -added),
                "max_rows_added": limit,
                "growth_headroom": None if added is None or limit is None else limit - added,
            }
        )
    return pd.DataFrame.from_records(records).astype(
        {c: "Int64" for c in ("rows_now", "rows_published", "new_articles", "reextracted_articles", "rows_added",
                              "rows_removed", "max_rows_added", "growth_headroom")}
    )


def _max_rows_added(article_scoped: bool, new_articles: int | None) -> int | None:
    """Growth bound: none before the first publish; zero without new (or re-extracted) articles;
    else per article.

    Marts not keyed by article (a calendar, a dimension fed by the seeds) may grow by more than
    a per-article bound when articles arrive, so they are only held to "no articles, no growth".
    """
    if new_articles is None:
        return None
    if article_scoped:
        return new_articles * ROWS_PER_NEW_ARTICLE_LIMIT
    return 0 if new_articles == 0 else None


def _current_counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    return {
        table: con.execute(f"select count(*) from {MARTS_SCHEMA}.{table}").fetchone()[0]
        for table in mart_tables(con)
    }


def _last_published_counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Counts of the most recent publish; empty before the first one."""
    exists = con.execute(
        "select count(*) from information_schema.tables "
        "where table_schema = 'audit' and table_name = 'published_row_counts'"
    ).fetchone()[0]
    if not exists:
        return {}
    rows = con.execute(
        """
        select table_name, row_count from audit.published_row_counts
        where published_at = (select max(published_at) from audit.published_row_counts)
        """
    ).fetchall()
    return dict(rows)


def _new_articles(now: dict[str, int], published: dict[str, int]) -> int | None:
    if "dim_article" not in published:
        return None
    return max(now.get("dim_article", 0) - published["dim_article"], 0)


def _reextracted_articles(con: duckdb.DuckDBPyConnection, new_articles: int | None) -> int:
    """Articles extracted since the last publish that are not new: a new extractor version's work.

    Counted as extractions since the publish minus the new articles, so articles landed but not
    extracted (not French) can only make the count smaller, never loosen the gate.
    """
    if new_articles is None:
        return 0
    extracted_since = con.execute(
        "select count(*) from raw.extracted_articles "
        "where extracted_at > (select max(published_at) from audit.published_row_counts)"
    ).fetchone()[0]
    return max(extracted_since - new_articles, 0)


def _newly_held_articles(con: duckdb.DuckDBPyConnection, new_articles: int | None) -> int:
    """Articles a plausibility rule first held back after the last publish (their rows left the marts).

    By `held_at`, which a re-judgement keeps, so a retried validation of the same run counts them too.
    """
    if new_articles is None:
        return 0
    exists = con.execute(
        "select count(*) from information_schema.tables "
        "where table_schema = 'audit' and table_name = 'quarantined_articles'"
    ).fetchone()[0]
    if not exists:
        return 0
    return con.execute(
        "select count(distinct article_key) from audit.quarantined_articles "
        "where held_at > (select max(published_at) from audit.published_row_counts)"
    ).fetchone()[0]


def _article_scoped_tables(con: duckdb.DuckDBPyConnection) -> set[str]:
    """Marts whose rows hang off an article or an incident (which itself hangs off an article)."""
    rows = con.execute(
        "select distinct table_name from information_schema.columns "
        "where table_schema = ? and column_name in ('article_key', 'incident_key')",
        [MARTS_SCHEMA],
    ).fetchall()
    return {name for (name,) in rows}
