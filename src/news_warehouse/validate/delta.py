"""The delta: the articles whose rows this build may have added or rewritten since the last publish.

Row-level checks only need to look at those rows: every other row was validated by an earlier
build and is published unchanged. An article is in the delta when

* it was ingested (`raw.articles.ingested_at`) or loaded from an extraction
  (`raw.extracted_articles.extracted_at`, stamped by the loader inside its transaction, so a
  re-extraction by a new extractor version counts too) after the dbt stage of the last published
  run started: that stage saw the raw tables as they were then (it runs under the writer lock,
  and every raw write takes its timestamp inside that lock), so anything stamped later is
  missing from, or different in, the published marts;
* or it is held back by a plausibility rule now: held articles are judged again on every build.

Everything is in the delta (scope `all`) before the first publish, when the last published run
has no recorded dbt stage to date it, and when the dbt project or the suites changed since the
last publish (`transform.fingerprint.code_fingerprint`): a new model, seed or rule may rewrite any article's rows.

Rows of old articles that dbt rewrites without a code change (an incident joining a new cluster,
an actor re-resolved through a new spelling) only change keys and resolutions, which dbt's own
tests check on the whole marts before validation; the gate's row-level rules read the values the
extractor and the conversion produce, which only change with the article's extraction.

The delta is a temp table `delta_articles(article_key, chunk)`: chunks of at most
`CHUNK_ARTICLES` articles, validated one after the other, so even a validation of everything
holds one chunk's rows in memory at a time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import duckdb

from news_warehouse.transform.fingerprint import published_marts_built_at

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
    """Create temp table `delta_articles(article_key, chunk)` on `con` and describe it.

    `released` are articles a plausibility rule held until this build: judged plausible now,
    they are published again and so checked like new ones, whatever their timestamps.
    """
    since, reason = published_marts_built_at(con, code_fingerprint)
    parameters: dict[str, object] = {"released": sorted(released)}
    if since is not None:
        parameters["since"] = since
    query = changed_articles_query(since, _has_dim_article(con))
    con.execute(f"create or replace temp table {DELTA_TABLE} as {query}", parameters)
    articles, chunks = con.execute(f"select count(*), count(distinct chunk) from {DELTA_TABLE}").fetchone()
    scope = "all" if since is None else "since the last publish"
    return Delta(scope, reason, articles, chunks)


def _has_dim_article(con: duckdb.DuckDBPyConnection) -> bool:
    """A build without it failed dbt; the gate then reports the missing mart instead of crashing here."""
    return con.execute(
        "select count(*) from information_schema.tables where table_schema = 'marts' and table_name = 'dim_article'"
    ).fetchone()[0] > 0


def changed_articles_query(since: datetime | None, has_dim_article: bool) -> str:
    """Article keys, numbered into chunks in key order so a re-validation chunks the same way.

    Taking everything also takes what the marts hold beyond the raw tables (nothing, in a build
    dbt made), so no published row escapes the row-level rules.
    """
    if since is None:
        changed = "select article_key from raw.articles"
        if has_dim_article:
            changed += " union select article_key from marts.dim_article"
    else:
        changed = """
            select article_key from raw.articles where ingested_at > $since
            union select article_key from raw.extracted_articles where extracted_at > $since
            union select article_key from audit.quarantined_articles"""
    return f"""
        select article_key,
               cast((row_number() over (order by article_key) - 1) // {CHUNK_ARTICLES} as integer) as chunk
        from ({changed} union select unnest($released::varchar[]) as article_key)"""
