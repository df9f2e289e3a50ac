"""The articles a build may add or rewrite: the one rule dbt's incremental models, dbt's tests,
the quality gate and the report share.

An article is in scope when

* it was ingested (`raw.articles.ingested_at`) or loaded from an extraction
  (`raw.extracted_articles.extracted_at`, stamped by the loader inside its transaction, so a
  re-extraction by a new extractor version counts too) after the dbt stage of the last published
  run started (`fingerprint.published_marts_built_at`): that stage saw the raw tables as they
  were then (it runs under the writer lock, and every raw write takes its timestamp inside that
  lock), so anything stamped later is missing from, or different in, the published marts;
* or it is held back by a plausibility rule now: its rows were removed from the marts, which
  bring them back on every build so the rules judge them again.

Everything is in scope before the first publish, when the last published run has no recorded dbt
stage to date it, and when the dbt project, the suites or the reference data changed since the
last publish (`fingerprint.code_fingerprint`): a new model, seed or rule may rewrite any row.

Before each `dbt build` the pipeline writes the scope into the build file (`write_build_scope`):
`audit.dbt_build_scope` says whether the build is scoped and why, `audit.dbt_build_scope_articles`
lists the articles. dbt reads them (macros/build_scope.sql) and empties them when the build ends,
so a `dbt build` run by hand later, whatever the raw layer holds by then, takes everything.
"""

from __future__ import annotations

from datetime import datetime

import duckdb

from news_warehouse.db import has_table, utc_now
from news_warehouse.transform.fingerprint import published_marts_built_at


def changed_articles_query(since: datetime | None, has_dim_article: bool) -> str:
    """SQL of the articles in scope, one row each (article_key, article_seq); parameters `$since`
    (when not None) and `$released` (articles a plausibility rule held until now, checked like
    new ones). Readers filter big tables on article_seq (db.RAW_DDL says why).

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
        select distinct changed.article_key, articles.article_seq
        from ({changed} union select unnest($released::varchar[]) as article_key) as changed
        left join raw.articles as articles using (article_key)"""


def query_parameters(since: datetime | None, released: list[str] | frozenset[str] = ()) -> dict[str, object]:
    """The parameters `changed_articles_query(since, ...)` takes."""
    parameters: dict[str, object] = {"released": sorted(released)}
    if since is not None:
        parameters["since"] = since
    return parameters


def write_build_scope(con: duckdb.DuckDBPyConnection, since: datetime | None, reason: str) -> int:
    """Write the scope of the next `dbt build` into the build file; returns its article count."""
    con.execute("delete from audit.dbt_build_scope_articles")
    con.execute("delete from audit.dbt_build_scope")
    con.execute(
        "insert into audit.dbt_build_scope_articles (article_key, article_seq) "
        f"{changed_articles_query(since, has_table(con, 'marts', 'dim_article'))}",
        query_parameters(since),
    )
    count = con.execute("select count(*) from audit.dbt_build_scope_articles").fetchone()[0]
    con.execute(
        "insert into audit.dbt_build_scope (everything, reason, n_articles, written_at, since) values (?, ?, ?, ?, ?)",
        [since is None, reason, count, utc_now(), since],
    )
    return count


def scope_from_published_build(con: duckdb.DuckDBPyConnection, code_fingerprint: str) -> tuple[int, str]:
    """Write the scope the last published build implies; returns the article count and why."""
    since, reason = published_marts_built_at(con, code_fingerprint)
    return write_build_scope(con, since, reason), reason

