"""Everything the report reads from the published warehouse: one place for its SQL.

Only the published file is read, read-only: the report shows what analysts can query, nothing
the gate held back. Aggregates for the charts are small and fetched whole; facts and article
bodies are streamed (`stream`), so memory stays bounded however many articles were published.
Facts pages read at most `limit` rows each and article pages only the articles asked for, so
the time of a build follows what changed, not the history.

Tables that other open work adds (`audit.quarantined_articles`) or may not exist in an older
warehouse are read only when present (`has_table`), so the report never fails on their absence.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import duckdb

from news_warehouse.db import has_table

Row = dict[str, Any]
FETCH_ROWS = 500

# The month an incident is counted in: when it happened, else when it was reported.
INCIDENT_MONTH = "strftime(coalesce(i.incident_date, d.published_date), '%Y-%m')"
UNKNOWN_PAYER = "(payer unknown)"
NO_PLATFORM = "(no platform)"
UNDATED = "(undated)"
# Incident types drawn as "who does what to whom", and the verb a reader sees.
RELATION_VERBS = {"accusation": "accuses", "meeting": "meets"}


def rows(con: duckdb.DuckDBPyConnection, sql: str, params: list[Any] | None = None) -> list[Row]:
    """All rows of a small query as dicts."""
    cursor = con.execute(sql, params or [])
    names = [column[0] for column in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()]


def stream(con: duckdb.DuckDBPyConnection, sql: str, params: list[Any] | None = None) -> Iterator[Row]:
    """Rows of a large query as dicts, a batch at a time, on a cursor of its own.

    A cursor is a separate connection to the same database, so two streams (articles and their
    spans) can be read side by side.
    """
    cursor = con.cursor()
    try:
        cursor.execute(sql, params or [])
        names = [column[0] for column in cursor.description]
        while batch := cursor.fetchmany(FETCH_ROWS):
            for row in batch:
                yield dict(zip(names, row))
    finally:
        cursor.close()


def count(con: duckdb.DuckDBPyConnection, table: str, where: str = "") -> int:
    """Rows of `table` (a name of this module's, never user input), for "showing X of N" lines."""
    return con.execute(f"select count(*) from {table} {where}").fetchone()[0]


def has_column(con: duckdb.DuckDBPyConnection, schema: str, table: str, column: str) -> bool:
    return bool(
        con.execute(
            "select count(*) from information_schema.columns "
            "where table_schema = ? and table_name = ? and column_name = ?",
            [schema, table, column],
        ).fetchone()[0]
    )


# --- headline numbers and chart aggregates ------------------------------------------------------


def totals(con: duckdb.DuckDBPyConnection) -> Row:
    return rows(
        con,
        """
        select
            (select count(*) from marts.dim_article) as articles,
            (select count(*) from marts.fct_incident) as incidents,
            (select count(distinct actor_key) from marts.fct_actor_mention) as actors,
            (select count(*) from marts.fct_actor_mention) as actor_mentions,
            (select count(distinct platform_key) from marts.fct_platform_mention) as platforms,
            (select count(*) from marts.fct_platform_mention) as platform_mentions,
            (select count(*) from marts.fct_monetary_figure) as money_figures,
            (select sum(amount_eur) from marts.fct_monetary_figure) as money_eur,
            (select count(*) from marts.fct_quantity) as quantities
        """,
    )[0]


def incidents_by_month_and_type(con: duckdb.DuckDBPyConnection) -> list[Row]:
    return rows(
        con,
        f"""
        select {INCIDENT_MONTH} as month, i.incident_type, count(*) as incidents
        from marts.fct_incident i join marts.dim_article d using (article_key)
        group by all order by month nulls last, incident_type
        """,
    )


def incidents_by_platform_and_type(con: duckdb.DuckDBPyConnection) -> list[Row]:
    return rows(
        con,
        """
        select coalesce(p.platform_name, ?) as platform_name, i.incident_type,
               count(distinct i.incident_key) as incidents
        from marts.fct_incident i
        left join marts.bridge_incident_platform b using (incident_key)
        left join marts.dim_platform p using (platform_key)
        group by all order by incidents desc, platform_name, incident_type
        """,
        [NO_PLATFORM],
    )


def _payer(con: duckdb.DuckDBPyConnection) -> tuple[str, str]:
    """The payer's name and its join: `payer_actor_key` is in the marts' yml, not yet in CONTRACT.md."""
    if has_column(con, "marts", "fct_monetary_figure", "payer_actor_key"):
        return "coalesce(a.canonical_name, ?)", "left join marts.dim_actor a on a.actor_key = f.payer_actor_key"
    return "?", ""


def money_by_payer_and_currency(con: duckdb.DuckDBPyConnection) -> list[Row]:
    """Euro totals per payer and original currency (figures with no euro value are counted apart)."""
    payer, join = _payer(con)
    return rows(
        con,
        f"""
        select {payer} as payer, f.currency_code, count(*) as figures,
               count(f.amount_eur) as converted, sum(f.amount_eur)::double as amount_eur,
               sum(f.amount)::double as amount
        from marts.fct_monetary_figure f {join}
        group by all order by amount_eur desc nulls last, payer, currency_code
        """,
        [UNKNOWN_PAYER],
    )


def top_actors(con: duckdb.DuckDBPyConnection, limit: int) -> list[Row]:
    return rows(
        con,
        """
        select a.canonical_name, a.actor_type, count(*) as mentions,
               count(distinct m.article_key) as articles
        from marts.fct_actor_mention m join marts.dim_actor a using (actor_key)
        group by all order by mentions desc, canonical_name limit ?
        """,
        [limit],
    )


def relations(con: duckdb.DuckDBPyConnection, limit: int) -> list[Row]:
    """Who accuses / meets whom: the agent towards every other party of the same incident.

    A meeting reported without an agent pairs its participants once each (alphabetical order).
    """
    types = ", ".join(f"'{t}'" for t in RELATION_VERBS)
    return rows(
        con,
        f"""
        select i.incident_type, src.canonical_name as source, dst.canonical_name as target,
               count(distinct i.incident_key) as incidents
        from marts.fct_incident i
        join marts.bridge_incident_actor s on s.incident_key = i.incident_key
        join marts.bridge_incident_actor t on t.incident_key = i.incident_key and t.actor_key <> s.actor_key
        join marts.dim_actor src on src.actor_key = s.actor_key
        join marts.dim_actor dst on dst.actor_key = t.actor_key
        where i.incident_type in ({types})
          and ((s.role = 'agent' and t.role <> 'agent')
               or (i.incident_type = 'meeting' and s.role <> 'agent' and t.role <> 'agent'
                   and src.canonical_name < dst.canonical_name))
        group by all order by incidents desc, source, target limit ?
        """,
        [limit],
    )


def quantities(con: duckdb.DuckDBPyConnection, limit: int) -> tuple[list[Row], int]:
    """The largest counts with a publication date (one point each), and how many have one."""
    dated = con.execute(
        "select count(*) from marts.fct_quantity q join marts.dim_article d using (article_key) "
        "where d.published_date is not null"
    ).fetchone()[0]
    points = rows(
        con,
        """
        select q.quantity_key, q.article_key, d.published_date, q.value::double as value, q.unit,
               q.surface_text, coalesce(a.canonical_name, p.platform_name) as subject
        from marts.fct_quantity q
        join marts.dim_article d using (article_key)
        left join marts.dim_actor a on a.actor_key = q.subject_actor_key
        left join marts.dim_platform p on p.platform_key = q.subject_platform_key
        where d.published_date is not null and q.value > 0
        order by q.value desc, q.quantity_key limit ?
        """,
        [limit],
    )
    return points, dated


# --- data quality -------------------------------------------------------------------------------


def landed_status_counts(con: duckdb.DuckDBPyConnection) -> list[Row]:
    if not has_table(con, "audit", "landed_files"):
        return []
    return rows(con, "select status, count(*) as files from audit.landed_files group by all order by files desc")


NOT_INGESTED = "where status <> 'ingested'"


def quarantined_files(con: duckdb.DuckDBPyConnection, limit: int) -> Iterator[Row]:
    """The `limit` files last seen not ingested, by status and name."""
    if not has_table(con, "audit", "landed_files"):
        return iter(())
    return stream(
        con,
        "select * from (select source_file, status, reason, first_seen_at from audit.landed_files "
        f"{NOT_INGESTED} order by first_seen_at desc, source_file limit ?) order by status, source_file",
        [limit],
    )


def held_back_articles(con: duckdb.DuckDBPyConnection, limit: int) -> Iterator[Row] | None:
    """`limit` articles the gate holds back, or None where this warehouse has no such table yet."""
    if not has_table(con, "audit", "quarantined_articles"):
        return None
    return stream(con, "select * from audit.quarantined_articles order by 1, 2 limit ?", [limit])


def validations(con: duckdb.DuckDBPyConnection, limit: int) -> Iterator[Row]:
    """The `limit` latest validations, newest first (none where the table does not exist)."""
    if not has_table(con, "audit", "validation_runs"):
        return iter(())
    return stream(con, "select * from audit.validation_runs order by validated_at desc limit ?", [limit])


def held_back_count(con: duckdb.DuckDBPyConnection) -> int | None:
    if not has_table(con, "audit", "quarantined_articles"):
        return None
    return con.execute("select count(*) from audit.quarantined_articles").fetchone()[0]


def last_validation(con: duckdb.DuckDBPyConnection) -> Row | None:
    if not has_table(con, "audit", "validation_runs"):
        return None
    found = rows(con, "select * from audit.validation_runs order by validated_at desc limit 1")
    return found[0] if found else None


# --- facts (streamed, at most `limit` rows each) -------------------------------------------------


def incident_facts(con: duckdb.DuckDBPyConnection, limit: int) -> Iterator[Row]:
    """The `limit` most recent incidents (by the month they are counted in), newest first."""
    return stream(
        con,
        f"""
        with actors as (
            select b.incident_key,
                   list(a.canonical_name order by a.canonical_name) as actor_names,
                   string_agg(a.canonical_name || ' (' || b.role || ')', ', ' order by a.canonical_name)
                       as actors
            from marts.bridge_incident_actor b join marts.dim_actor a using (actor_key)
            group by all
        ), platforms as (
            select b.incident_key, list(p.platform_name order by p.platform_name) as platform_names
            from marts.bridge_incident_platform b join marts.dim_platform p using (platform_key)
            group by all
        )
        select i.incident_key, i.article_key, d.title, i.incident_type, i.incident_date,
               i.incident_date_precision, {INCIDENT_MONTH} as month, i.evidence_text,
               coalesce(a.actor_names, []) as actor_names, a.actors,
               coalesce(p.platform_names, []) as platform_names
        from marts.fct_incident i
        join marts.dim_article d using (article_key)
        left join actors a using (incident_key)
        left join platforms p using (incident_key)
        order by month desc nulls last, i.incident_type, i.incident_key
        limit ?
        """,
        [limit],
    )


def money_facts(con: duckdb.DuckDBPyConnection, limit: int) -> Iterator[Row]:
    """The `limit` largest amounts in euros (then those without a rate)."""
    payer, join = _payer(con)
    reason = ("f.amount_eur_missing_reason"
              if has_column(con, "marts", "fct_monetary_figure", "amount_eur_missing_reason") else "null")
    return stream(
        con,
        f"""
        select f.monetary_figure_key, f.article_key, d.title, {payer} as payer, f.amount, f.currency_code,
               f.amount_eur, {reason} as amount_eur_missing_reason, f.is_approximate, f.surface_text,
               i.incident_type
        from marts.fct_monetary_figure f
        join marts.dim_article d using (article_key)
        left join marts.fct_incident i using (incident_key)
        {join}
        order by f.amount_eur desc nulls last, f.monetary_figure_key
        limit ?
        """,
        [UNKNOWN_PAYER, limit],
    )


def actor_mention_facts(con: duckdb.DuckDBPyConnection, limit: int) -> Iterator[Row]:
    """The `limit` most recently published actor mentions, by actor."""
    return _recent_mentions(con, "fct_actor_mention", "dim_actor", "actor_key",
                            "m.actor_mention_key, x.canonical_name, x.actor_type", "canonical_name", limit)


def platform_mention_facts(con: duckdb.DuckDBPyConnection, limit: int) -> Iterator[Row]:
    """The `limit` most recently published platform mentions, by platform."""
    return _recent_mentions(con, "fct_platform_mention", "dim_platform", "platform_key",
                            "m.platform_mention_key, x.platform_name", "platform_name", limit)


def _recent_mentions(con: duckdb.DuckDBPyConnection, fact: str, dim: str, dim_key: str, columns: str,
                     by: str, limit: int) -> Iterator[Row]:
    """The mentions of `marts.<fact>` in the most recently published articles, shown by `by`."""
    return stream(
        con,
        f"""
        select * from (
            select {columns}, m.article_key, d.title, m.surface_text, m.char_start
            from marts.{fact} m
            join marts.{dim} x using ({dim_key})
            join marts.dim_article d using (article_key)
            order by d.published_date desc nulls last, m.article_key, m.char_start limit ?
        ) order by {by}, article_key, char_start
        """,
        [limit],
    )


def quantity_facts(con: duckdb.DuckDBPyConnection, limit: int) -> Iterator[Row]:
    """The `limit` largest counts, largest first per unit."""
    return stream(
        con,
        """
        select * from (
            select q.quantity_key, q.article_key, d.title, d.published_date, q.value::double as value, q.unit,
                   coalesce(a.canonical_name, p.platform_name) as subject, q.surface_text
            from marts.fct_quantity q
            join marts.dim_article d using (article_key)
            left join marts.dim_actor a on a.actor_key = q.subject_actor_key
            left join marts.dim_platform p on p.platform_key = q.subject_platform_key
            order by q.value desc, q.quantity_key limit ?
        ) order by unit, value desc, quantity_key
        """,
        [limit],
    )


def article_list(con: duckdb.DuckDBPyConnection, limit: int) -> Iterator[Row]:
    """The `limit` newest articles with their numbers of facts (counted for those only)."""
    return stream(
        con,
        """
        with newest as (
            select article_key, title, source_file, published_date, published_precision
            from marts.dim_article order by published_date desc nulls last, article_key limit ?
        )
        select d.*,
               (select count(*) from marts.fct_incident i where i.article_key = d.article_key) as incidents,
               (select count(*) from marts.fct_actor_mention m where m.article_key = d.article_key) as actor_mentions,
               (select count(*) from marts.fct_monetary_figure f where f.article_key = d.article_key) as money_figures
        from newest d
        order by d.published_date desc nulls last, d.article_key
        """,
        [limit],
    )


# --- article pages (streamed, in article_key order on both sides) -------------------------------

# Articles whose pages are read and sorted in one go when every page is written. Sorting the spans
# of every article at once (500,000 articles) failed out of memory under a 1 GB DuckDB limit;
# batches of consecutive article numbers are read by the row groups that hold them.
PAGE_BATCH_ARTICLES = 20_000

# A filter on the articles of a batch (`where ...` on a relation with article_key and article_seq)
# and its parameters.
Batch = tuple[str, list[Any]]


def page_batches(con: duckdb.DuckDBPyConnection, keys: list[str] | None) -> Iterator[Batch]:
    """The articles to write pages for, batch by batch: those of `keys` (a run's changed articles,
    a thousand or so) in one batch, or every article (None) in runs of PAGE_BATCH_ARTICLES
    consecutive numbers, then those without a number. `keys` go as a list, not a temp table:
    `stream` reads on cursors, which do not see the temp tables of their connection."""
    if keys is not None:
        yield "where article_key in (select unnest(?::varchar[]))", [keys]
        return
    if not has_column(con, "marts", "dim_article", "article_seq"):  # marts of an older version
        yield "", []
        return
    ranges = con.execute(
        """
        select min(article_seq), max(article_seq)
        from (select article_seq, (row_number() over (order by article_seq) - 1) // ? as batch
              from marts.dim_article)
        group by batch order by 1
        """,
        [PAGE_BATCH_ARTICLES],
    ).fetchall()
    for first, last in ranges:
        yield "where article_seq between ? and ?", [first, last]
    # None in marts dbt built (not_null tests); a batch of its own costs nothing when there are none,
    # as DuckDB's statistics say so.
    yield "where article_seq is null", []


def articles(con: duckdb.DuckDBPyConnection, batch: Batch) -> Iterator[Row]:
    """The articles of `batch` (page_batches), in article_key order."""
    url = "d.url" if has_column(con, "marts", "dim_article", "url") else "null"
    only, params = batch
    return stream(
        con,
        f"""
        select d.article_key, d.title, d.body, d.source_file, d.published_date, d.published_precision,
               d.language, {url} as url
        from marts.dim_article d {only} order by d.article_key
        """,
        params,
    )


def spans(con: duckdb.DuckDBPyConnection, batch: Batch) -> Iterator[Row]:
    """The highlighted spans of the articles of `batch`, in article_key order, with their hover text."""
    payer, payer_join = _payer(con)
    only, params = batch
    numbered = has_column(con, "marts", "fct_incident", "article_seq")  # not in an older version's marts

    def seq(alias: str) -> str:
        return f"{alias}.article_seq" if numbered else "null::bigint"

    return stream(
        con,
        f"""
        select * from (
        select m.article_key, {seq('m')} as article_seq, 'actor' as kind, m.actor_mention_key as fact_key, m.char_start, m.char_end,
               a.canonical_name as name, a.actor_type as detail, null::double as amount, null as currency,
               null::double as amount_eur, null::date as fact_date, null as precision, null as extra
        from marts.fct_actor_mention m join marts.dim_actor a using (actor_key)
        union all
        select m.article_key, {seq('m')}, 'platform', m.platform_mention_key, m.char_start, m.char_end,
               p.platform_name, null, null, null, null, null, null, null
        from marts.fct_platform_mention m join marts.dim_platform p using (platform_key)
        union all
        select i.article_key, {seq('i')}, 'incident', i.incident_key, i.char_start, i.char_end,
               i.incident_type, (select string_agg(a.canonical_name || ' (' || b.role || ')', ', '
                                                   order by a.canonical_name)
                                 from marts.bridge_incident_actor b join marts.dim_actor a using (actor_key)
                                 where b.incident_key = i.incident_key),
               null, null, null, i.incident_date, i.incident_date_precision,
               (select string_agg(p.platform_name, ', ' order by p.platform_name)
                from marts.bridge_incident_platform b join marts.dim_platform p using (platform_key)
                where b.incident_key = i.incident_key)
        from marts.fct_incident i
        union all
        select f.article_key, {seq('f')}, 'money', f.monetary_figure_key, f.char_start, f.char_end,
               nullif({payer}, ?), case when f.is_approximate then 'approximate' end, f.amount::double,
               f.currency_code,
               f.amount_eur::double, null, null, null
        from marts.fct_monetary_figure f {payer_join}
        union all
        select q.article_key, {seq('q')}, 'quantity', q.quantity_key, q.char_start, q.char_end,
               coalesce(a.canonical_name, p.platform_name), q.unit, q.value::double, null, null, null, null, null
        from marts.fct_quantity q
        left join marts.dim_actor a on a.actor_key = q.subject_actor_key
        left join marts.dim_platform p on p.platform_key = q.subject_platform_key
        ) {only}
        order by article_key, char_start, kind
        """,
        [UNKNOWN_PAYER, UNKNOWN_PAYER, *params],
    )
