"""DuckDB access for every stage: one writer at a time, connections always closed.

DuckDB lets one process hold a file read-write. Stages of several runs (or a retried task)
may overlap, so every write to the build file goes through `writer()`, which first takes an
advisory file lock and waits for it instead of failing on DuckDB's own lock.

Every connection, read or write, file or in-memory, is opened by `connect`, so each carries the
deployment's memory limit, threads and spill folder (Settings.duckdb_config): a query bigger
than the limit spills to disk instead of taking the machine's memory.
"""

from __future__ import annotations

import fcntl
import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, datetime
from functools import cache
from pathlib import Path

import duckdb
import pyarrow as pa

from news_warehouse.config import Settings
from news_warehouse.errors import TransientError

log = logging.getLogger(__name__)

# The raw layer: what ingestion and extraction hand to dbt, written once, here. The Arrow schemas
# the stages write with are read from it (arrow_schema); the row dataclasses (ingest.store,
# extract.records) and dbt's sources (dbt_project/models/staging/_raw__sources.yml) are checked
# against it by tests (tests/load/test_raw_schema.py).
RAW_DDL = """
create schema if not exists raw;
create schema if not exists audit;

create table if not exists raw.articles (
    article_key          varchar not null,      -- first 16 hex digits of content_sha256
    content_sha256       varchar not null,      -- sha256 of the normalised title + body
    source_file          varchar not null,      -- path relative to the landing folder
    title                varchar,
    body                 varchar not null,      -- cleaned body; every offset points into it
    published_date       date,                  -- from metadata or printed in the text, first day of the period
    published_precision  varchar,               -- day / month / year / NULL
    language             varchar,
    source_format        varchar,               -- text / html / json
    detected_encoding    varchar,
    ingested_at          timestamp not null,
    run_id               varchar not null,
    published_source     varchar,               -- metadata / printed / NULL: where published_date was read
    url                  varchar                -- the page's address when the record or page gives one
);
-- Warehouses created before these two columns gain them (NULL for the articles already there).
alter table raw.articles add column if not exists published_source varchar;
alter table raw.articles add column if not exists url varchar;
-- article_seq: the article's number, given by ingestion in the order articles arrive, never
-- changed, carried by every row of the article down to the marts. The build's scope is found by
-- it: rows are appended in arrival order, so DuckDB skips every row group whose number range
-- holds no article of the scope, where a filter on the hashed article_key reads the whole
-- column (0.37 s against 0.003 s over 14 M rows). Older warehouses gain it with
-- number_articles (below).
alter table raw.articles add column if not exists article_seq bigint;

create table if not exists audit.landed_files (
    source_file     varchar not null,
    content_sha256  varchar,                    -- sha256 of the raw bytes; NULL when unreadable
    status          varchar not null,           -- ingested / duplicate / quarantined / deferred
    reason          varchar,                    -- NULL when ingested
    article_key     varchar,                    -- the article it became or duplicates
    size_bytes      bigint,
    first_seen_at   timestamp not null,
    run_id          varchar not null
);

create table if not exists audit.validation_runs (
    run_id                  varchar not null,
    validated_at            timestamp not null,
    success                 boolean not null,
    expectations_evaluated  integer not null,
    expectations_failed     integer not null,
    published               boolean not null,
    failed_expectations     varchar             -- JSON list of the failures, for humans
);

create table if not exists audit.published_builds (
    run_id            varchar not null,
    published_at      timestamp not null,
    code_fingerprint  varchar not null           -- dbt project + suites the build was made with
);

-- The articles the next `dbt build` may add or rewrite (transform.scope): one row saying whether
-- the build is scoped, its articles beside it; written before each build, emptied when it ends
-- (macros/build_scope.sql), so a build finding no row takes everything.
create table if not exists audit.dbt_build_scope (
    everything   boolean not null,              -- true: every article (nothing published, code changed)
    reason       varchar not null,
    n_articles   bigint not null,
    written_at   timestamp not null
);
-- The moment the scope starts from (NULL: everything): rows stamped later are new to the published
-- marts. Intermediates whose rows old articles share (incident clusters) stamp each row they write
-- with the raw layer's newest stamp, so a build reads only the rows written since.
alter table audit.dbt_build_scope add column if not exists since timestamp;
create table if not exists audit.dbt_build_scope_articles (
    article_key  varchar not null
);
alter table audit.dbt_build_scope_articles add column if not exists article_seq bigint;
drop table if exists audit.dbt_test_scope;      -- the scope's form before it listed articles

-- Articles held back by a plausibility rule (validate.plausibility): what is held now, since
-- when, why. Their rows are removed from the build's marts; the next build judges them again.
create table if not exists audit.quarantined_articles (
    article_key  varchar not null,
    source_file  varchar,
    rule         varchar not null,     -- name of the rule in expectations/plausibility/rules.json
    value        varchar,              -- the offending value(s), as text
    why          varchar,              -- the rule's meta.why
    run_id       varchar not null,     -- the latest run that judged it (and held it again)
    held_at      timestamp not null    -- when it was first held by this rule
);

create table if not exists audit.stage_runs (
    run_id        varchar not null,
    stage         varchar not null,             -- ingest / extract / load / dbt / validate / publish
    started_at    timestamp not null,
    finished_at   timestamp not null,
    rows_in       bigint,
    rows_out      bigint,
    peak_rss_mb   double
);

create table if not exists raw.extracted_articles (
    article_key                   varchar not null,
    extractor_version             varchar not null,
    inferred_published_date       date,
    inferred_published_precision  varchar,
    n_words                       integer not null,
    extracted_at                  timestamp not null,
    run_id                        varchar not null
);

create table if not exists raw.actor_mentions (
    article_key     varchar not null,
    mention_id      integer not null,
    canonical_name  varchar not null,
    actor_type      varchar not null,
    surface_text    varchar not null,
    char_start      integer not null,
    char_end        integer not null,
    method          varchar not null
);

create table if not exists raw.platform_mentions (
    article_key     varchar not null,
    mention_id      integer not null,
    platform_name   varchar not null,
    surface_text    varchar not null,
    char_start      integer not null,
    char_end        integer not null,
    method          varchar not null
);

create table if not exists raw.actor_roles (
    article_key     varchar not null,
    canonical_name  varchar not null,
    role_text       varchar not null,
    surface_text    varchar not null,
    char_start      integer not null,
    char_end        integer not null
);

create table if not exists raw.incidents (
    article_key               varchar not null,
    incident_id               integer not null,
    incident_type             varchar not null,
    incident_date             date,
    incident_date_precision   varchar,
    evidence_text             varchar not null,
    char_start                integer not null,
    char_end                  integer not null,
    trigger_text              varchar
);

create table if not exists raw.incident_actors (
    article_key     varchar not null,
    incident_id     integer not null,
    canonical_name  varchar not null,
    role            varchar not null
);

create table if not exists raw.incident_platforms (
    article_key     varchar not null,
    incident_id     integer not null,
    platform_name   varchar not null
);

create table if not exists raw.monetary_figures (
    article_key      varchar not null,
    figure_id        integer not null,
    incident_id      integer,
    amount           decimal(24, 2) not null,
    amount_high      decimal(24, 2),
    currency_code    varchar not null,
    is_approximate   boolean not null,
    payer_name       varchar,
    surface_text     varchar not null,
    char_start       integer not null,
    char_end         integer not null
);

create table if not exists raw.quantities (
    article_key            varchar not null,
    quantity_id            integer not null,
    value                  double not null,
    unit                   varchar not null,
    is_approximate         boolean not null,
    subject_actor_name     varchar,
    subject_platform_name  varchar,
    surface_text           varchar not null,
    char_start             integer not null,
    char_end               integer not null
);
-- Every extraction row carries its article's article_seq (raw.articles, above), set by the loader.
alter table raw.extracted_articles add column if not exists article_seq bigint;
alter table raw.actor_mentions add column if not exists article_seq bigint;
alter table raw.platform_mentions add column if not exists article_seq bigint;
alter table raw.actor_roles add column if not exists article_seq bigint;
alter table raw.incidents add column if not exists article_seq bigint;
alter table raw.incident_actors add column if not exists article_seq bigint;
alter table raw.incident_platforms add column if not exists article_seq bigint;
alter table raw.monetary_figures add column if not exists article_seq bigint;
alter table raw.quantities add column if not exists article_seq bigint;
"""



# The keys of the extraction tables the loader writes, which it checks in each batch before
# writing (load.loader); raw.articles' key, article_key, is added once by ingestion, which
# skips an article the raw layer or the run already holds. Not declared PRIMARY KEY: DuckDB
# writes a table's whole key index again at every checkpoint after a change, which at 500,000
# articles was 480 MB of the 5.5 GB file rewritten by every load of 1,000 articles, and copied
# again by every publish.
RAW_KEYS: dict[str, tuple[str, ...]] = {  # in the loader's order (extract.batches.OUTPUT_TABLES)
    "actor_mentions": ("article_key", "mention_id"),
    "platform_mentions": ("article_key", "mention_id"),
    "incidents": ("article_key", "incident_id"),
    "monetary_figures": ("article_key", "figure_id"),
    "quantities": ("article_key", "quantity_id"),
    "extracted_articles": ("article_key",),
}


def drop_raw_key_indexes(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Rebuild, without their PRIMARY KEY, the raw tables an older version declared with one.

    DuckDB cannot drop a constraint: each such table is renamed, created again from RAW_DDL and
    refilled by column name, in one transaction, once. Returns the tables rebuilt.
    """
    keyed = [
        table
        for (table,) in con.execute(
            "select table_name from duckdb_constraints() "
            "where schema_name = 'raw' and constraint_type = 'PRIMARY KEY' order by table_name"
        ).fetchall()
    ]
    if not keyed:
        return []
    con.execute("begin transaction")
    for table in keyed:
        con.execute(f"alter table raw.{table} rename to {table}__keyed")
    con.execute(RAW_DDL)
    for table in keyed:
        con.execute(f"insert into raw.{table} by name select * from raw.{table}__keyed")
        con.execute(f"drop table raw.{table}__keyed")
    con.execute("commit")
    log.info("raw tables rebuilt without their key index: %s", ", ".join(keyed))
    return [f"raw.{table}" for table in keyed]


def number_articles(con: duckdb.DuckDBPyConnection) -> int:
    """Give an article_seq to every article without one, and every extraction row its article's.

    Called by each writer of raw rows after writing (ingestion, the loader) and when a writer
    opens, so a warehouse from before the column is numbered once (in ingestion order) and no row
    stays without a number. Nothing to number costs a scan of null counts. Returns the articles
    numbered.
    """
    articles = con.execute(
        """
        update raw.articles as article set article_seq = numbered.article_seq
        from (
            select article_key,
                   (select coalesce(max(article_seq), 0) from raw.articles)
                   + row_number() over (order by ingested_at, article_key) as article_seq
            from raw.articles
            where article_seq is null
        ) as numbered
        where article.article_seq is null and article.article_key = numbered.article_key
        """
    ).fetchall()[0][0]
    copy_article_numbers(con, "raw")
    if articles:
        log.info("numbered %d articles (article_seq)", articles)
    return articles


def copy_article_numbers(con: duckdb.DuckDBPyConnection, schema: str) -> None:
    """Give every row of `schema` lacking an article_seq its article's, from raw.articles."""
    carriers = con.execute(
        "select table_name from duckdb_columns() "
        "where schema_name = ? and column_name = 'article_seq' and not (schema_name = 'raw' and table_name = 'articles')",
        [schema],
    ).fetchall()
    for (table,) in carriers:
        con.execute(
            f"update {schema}.{table} as row set article_seq = article.article_seq from raw.articles as article "
            "where row.article_seq is null and row.article_key = article.article_key"
        ).fetchall()


@cache
def arrow_schema(table: str) -> pa.Schema:
    """The Arrow schema of a table of RAW_DDL (`raw.articles`, `audit.landed_files`...), in its column order.

    Asked of DuckDB itself, on an empty in-memory database: Arrow types are what DuckDB makes of
    the DDL, so rows written with them insert without a cast, and the DDL stays the one definition.
    """
    con = duckdb.connect()
    try:
        con.execute(RAW_DDL)
        return con.sql(f"select * from {table} limit 0").to_arrow_table().schema
    finally:
        con.close()


def written_schema(table: str) -> pa.Schema:
    """`arrow_schema` of the columns a stage's rows carry: article_seq is filled by number_articles."""
    return pa.schema([field for field in arrow_schema(table) if field.name != "article_seq"])


LOCK_TIMEOUT_S = 600.0


class LockTimeout(TransientError, TimeoutError):
    """Another run held the writer lock too long; the task is retried once that run is done."""

    action = "wait for the other run to finish (or end it if it hangs); the retry takes the lock then"


def utc_now() -> datetime:
    """Naive UTC: the convention of every `timestamp` column of the warehouse."""
    return datetime.now(UTC).replace(tzinfo=None)


@contextmanager
def write_lock(settings: Settings, timeout_s: float = LOCK_TIMEOUT_S) -> Iterator[None]:
    """Hold the cross-process writer lock; a second run waits here rather than corrupting.

    Raises LockTimeout (a TimeoutError, transient) when another writer keeps it too long.
    """
    settings.lock_path.parent.mkdir(parents=True, exist_ok=True)
    with open(settings.lock_path, "a+") as handle:
        deadline = time.monotonic() + timeout_s
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise LockTimeout(
                        f"another pipeline run has been writing {settings.build_path} for over "
                        f"{timeout_s:.0f} s; wait for it to finish"
                    ) from None
                time.sleep(0.2)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def connect(database: Path | str, settings: Settings | None = None, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """`duckdb.connect` with the deployment's memory limit, threads and spill folder.

    `settings` None, for tools that read a file outside a pipeline run (CLI, evaluation): the
    environment's limits, spilling beside that file. Callers in one process must pass equal
    limits for one file: DuckDB refuses a second connection to an open file with another
    configuration.
    """
    if settings is None:
        settings = replace(Settings.from_env(), warehouse_path=Path(database).resolve())
    return duckdb.connect(str(database), read_only=read_only, config=settings.duckdb_config)


@contextmanager
def writer(settings: Settings) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-write connection to the build file, under the writer lock, schema ensured.

    The caller commits by leaving the block normally; an exception rolls the open transaction back.
    """
    with write_lock(settings):
        settings.build_path.parent.mkdir(parents=True, exist_ok=True)
        con = connect(settings.build_path, settings)
        try:
            con.execute(RAW_DDL)
            drop_raw_key_indexes(con)
            number_articles(con)
            yield con
        finally:
            con.close()


def has_table(con: duckdb.DuckDBPyConnection, schema: str, table: str) -> bool:
    """Whether the file holds the table: older build and published files lack the newer ones."""
    return bool(
        con.execute(
            "select count(*) from information_schema.tables where table_schema = ? and table_name = ?",
            [schema, table],
        ).fetchone()[0]
    )


@contextmanager
def reader(path: Path, settings: Settings | None = None) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-only connection, closed on exit (Airflow runs tasks in one process in `dags test`).

    `settings` None: the environment's limits, spilling beside `path` (see `connect`).
    """
    con = connect(path, settings, read_only=True)
    try:
        yield con
    finally:
        con.close()
