"""Load extraction batches into the raw tables: bulk, in one transaction, exactly once.

Batches may be loaded twice (a retried task, a second run that extracted the same pending
articles): rows are only inserted for articles that raw.extracted_articles does not list yet
with the batch's extractor version, and that table is written in the same transaction, so a
crash mid-load leaves nothing behind. An article extracted again by a new extractor version has
its previous rows replaced, never added to.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pyarrow as pa
from upath import UPath

from news_warehouse import db
from news_warehouse.db import utc_now
from news_warehouse.config import Settings
from news_warehouse.errors import DeterministicError, TransientError
from news_warehouse.extract.batches import (
    OUTPUT_TABLES,
    SUCCESS_MARKER,
    batch_path,
    raw_table_schema,
    read_parquet,
    remove_tree,
)


class IncompleteBatch(TransientError):
    """A batch folder without its success marker: its extraction did not finish (a worker was lost)."""


class UnknownArticles(DeterministicError):
    """Batches hold rows of articles raw.articles does not list: they could not be traced to a text."""


class DuplicateRawKeys(DeterministicError):
    """Batches hold two rows with one raw key (db.RAW_KEYS): an extraction bug, or two batches of one article."""


@dataclass
class LoadReport:
    articles: int = 0
    replaced: int = 0  # of those articles, how many had rows from another extractor version
    rows: dict[str, int] = field(default_factory=dict)

    @property
    def total_rows(self) -> int:
        return sum(self.rows.values())


def load_batches(settings: Settings, batches: list[str]) -> LoadReport:
    """Insert every batch's Parquet files into raw.*, skipping articles already loaded.

    Rows count what was inserted; rows an article had from an older extractor are deleted first.
    """
    folders = [batch_path(b) for b in batches]
    missing = [str(f) for f in folders if not (f / SUCCESS_MARKER).exists()]
    if missing:
        raise IncompleteBatch(f"extraction did not finish for batch(es): {', '.join(missing)}")
    report = LoadReport()
    if not folders:
        return report
    # Read from the batch store before taking the writer lock: the store may be remote.
    tables = {table: _read_all(folders, table) for table in OUTPUT_TABLES}
    with db.writer(settings) as con:
        for table, rows in tables.items():
            con.register(f"batch_{table}", rows)
        con.execute("begin transaction")
        con.execute(
            "create temp table new_articles as "
            "select distinct b.article_key, a.article_seq from batch_extracted_articles b "
            "left join raw.articles a on a.article_key = b.article_key "
            "anti join raw.extracted_articles e "
            "on e.article_key = b.article_key and e.extractor_version = b.extractor_version"
        )
        report.articles = con.execute("select count(*) from new_articles").fetchone()[0]
        report.replaced = con.execute(
            "select count(*) from new_articles semi join raw.extracted_articles using (article_key)"
        ).fetchone()[0]
        _refuse_unknown_articles(con)
        _refuse_duplicate_keys(con)
        for table in OUTPUT_TABLES:
            # By number: the article's earlier rows are found without reading every key (db.RAW_DDL).
            con.execute(f"delete from raw.{table} where article_seq in (select article_seq from new_articles)")
            report.rows[table] = _insert(con, table)
        db.number_articles(con)
        con.execute("drop table new_articles")
        con.execute("commit")
    return report


def _refuse_unknown_articles(con) -> None:  # noqa: ANN001 - duckdb connection
    """Every extracted row belongs to an article of raw.articles, whose number (article_seq) it carries."""
    unknown = [key for (key,) in con.execute(
        "select article_key from new_articles where article_seq is null order by article_key limit 5"
    ).fetchall()]
    if unknown:
        raise UnknownArticles(
            f"the batches hold articles raw.articles lacks, e.g. {unknown}",
            action="nothing was loaded; extraction reads raw.articles, so look at what wrote these batches",
        )


def _refuse_duplicate_keys(con) -> None:  # noqa: ANN001 - duckdb connection
    """The raw tables declare no key index (db.RAW_KEYS): the rows about to go in are checked here.

    Only the new articles' rows: the loader deletes an article's rows before writing them again.
    """
    for table, key in db.RAW_KEYS.items():
        columns = ", ".join(key)
        duplicates = con.execute(
            f"select {columns}, count(*) from batch_{table} "
            "where article_key in (select article_key from new_articles) "
            f"group by {columns} having count(*) > 1 order by {columns} limit 5"
        ).fetchall()
        if duplicates:
            raise DuplicateRawKeys(
                f"raw.{table}: several rows for one ({columns}) in the batches, e.g. {duplicates}",
                action="nothing was loaded; look at the extraction of those articles, then run again",
            )


def _insert(con, table: str) -> int:  # noqa: ANN001 - duckdb connection
    """Insert one raw table's rows for the new articles; returns the number inserted."""
    columns = ", ".join(raw_table_schema(table).names)
    extra_columns, extra_values = ("", "") if table != "extracted_articles" else (
        ", extracted_at",
        f", '{utc_now().isoformat()}'::timestamp",
    )
    before = con.execute(f"select count(*) from raw.{table}").fetchone()[0]
    con.execute(
        f"insert into raw.{table} ({columns}{extra_columns}) "
        f"select {columns}{extra_values} from batch_{table} "
        "where article_key in (select article_key from new_articles)"
    )
    return con.execute(f"select count(*) from raw.{table}").fetchone()[0] - before


def _read_all(folders: list[UPath], table: str) -> pa.Table:
    """One raw table's rows across every batch, typed like the raw table even when empty."""
    parts = [read_parquet(folder / f"{table}.parquet") for folder in folders]
    return pa.concat_tables(parts).cast(raw_table_schema(table))


def discard_run_work(folder: UPath) -> None:
    """Remove a run's scratch batches once they are safely loaded."""
    remove_tree(folder)
