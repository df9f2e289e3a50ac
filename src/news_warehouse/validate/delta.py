"""The delta: the articles whose rows this build may have added or rewritten since the last publish.

Row-level checks only need to look at those rows: every other row was validated by an earlier
build and is published unchanged. Which articles they are is the build's scope
(`transform.scope`, the rule dbt's incremental models and tests follow too), plus the articles a
plausibility rule released in this build.

Rows of old articles that dbt rewrites without a code change (an incident joining a new cluster)
only change keys, which dbt's own tests check before validation; the gate's row-level rules read
the values the extractor and the conversion produce, which only change with the article's
extraction or with the code and reference data (then everything is in scope).

The delta is a temp table `delta_articles(article_key, article_seq, chunk)`: chunks of at most
`CHUNK_ARTICLES` articles, validated one after the other, so even a validation of everything
holds one chunk's rows in memory at a time.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

from news_warehouse.db import has_table
from news_warehouse.transform.fingerprint import published_marts_built_at
from news_warehouse.transform.scope import changed_articles_query, query_parameters

DELTA_TABLE = "delta_articles"

# Articles validated together: their rows of one mart are one dataframe in memory.
CHUNK_ARTICLES = 5000


@dataclass(frozen=True)
class Delta:
    """Which articles the build's row-level checks look at, and why."""

    scope: str  # "all" or "since the last publish"
    reason: str
    articles: int
    chunks: int


def select_delta(
    con: duckdb.DuckDBPyConnection, code_fingerprint: str, released: frozenset[str] = frozenset()
) -> Delta:
    """Create temp table `delta_articles(article_key, article_seq, chunk)` on `con` and describe it.

    `released` are articles a plausibility rule held until this build: judged plausible now,
    they are published again and so checked like new ones, whatever their timestamps.
    """
    since, reason = published_marts_built_at(con, code_fingerprint)
    changed = changed_articles_query(since, has_table(con, "marts", "dim_article"))
    con.execute(
        f"""
        create or replace temp table {DELTA_TABLE} as
        select article_key, article_seq,
               cast((row_number() over (order by article_seq, article_key) - 1) // {CHUNK_ARTICLES} as integer) as chunk
        from ({changed})""",
        query_parameters(since, released),
    )
    articles, chunks = con.execute(f"select count(*), count(distinct chunk) from {DELTA_TABLE}").fetchone()
    scope = "all" if since is None else "since the last publish"
    return Delta(scope, reason, articles, chunks)
