"""Load extraction batches into the raw tables: bulk, in one transaction, exactly once.

Batches may be loaded twice (a retried task, a second run that extracted the same pending
articles): rows are only inserted for articles that raw.extracted_articles does not list yet
with the batch's extractor version, and that table is written in the same transaction, so a
crash mid-load leaves nothing behind. An article extracted again by a new extractor version has
its previous rows replaced, never added to.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path

from news_warehouse import db
from news_warehouse.db import utc_now
from news_warehouse.config import Settings
from news_warehouse.faults import crash_here
from news_warehouse.extract.batches import OUTPUT_TABLES, SUCCESS_MARKER, raw_table_schema


class IncompleteBatch(RuntimeError):
    """A batch folder without its success marker: its extraction did not finish."""


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
    folders = [Path(b) for b in batches]
    missing = [str(f) for f in folders if not (f / SUCCESS_MARKER).exists()]
    if missing:
        raise IncompleteBatch(f"extraction did not finish for batch(es): {', '.join(missing)}")
    report = LoadReport()
    if not folders:
        return report
    with db.writer(settings) as con:
        con.execute("begin transaction")
        con.execute(
            "create temp table new_articles as "
            f"select distinct b.article_key from read_parquet({_files(folders, 'extracted_articles')}) b "
            "anti join raw.extracted_articles e "
            "on e.article_key = b.article_key and e.extractor_version = b.extractor_version"
        )
        report.articles = con.execute("select count(*) from new_articles").fetchone()[0]
        report.replaced = con.execute(
            "select count(*) from new_articles semi join raw.extracted_articles using (article_key)"
        ).fetchone()[0]
        for table in OUTPUT_TABLES:
            con.execute(f"delete from raw.{table} where article_key in (select article_key from new_articles)")
            report.rows[table] = _insert(con, folders, table)
            crash_here("load")
        con.execute("drop table new_articles")
        con.execute("commit")
    return report


def _insert(con, folders: list[Path], table: str) -> int:  # noqa: ANN001 - duckdb connection
    """Insert one raw table's rows for the new articles; returns the number inserted."""
    columns = ", ".join(raw_table_schema(table).names)
    extra_columns, extra_values = ("", "") if table != "extracted_articles" else (
        ", extracted_at",
        f", '{utc_now().isoformat()}'::timestamp",
    )
    before = con.execute(f"select count(*) from raw.{table}").fetchone()[0]
    con.execute(
        f"insert into raw.{table} ({columns}{extra_columns}) "
        f"select {columns}{extra_values} from read_parquet({_files(folders, table)}) "
        "where article_key in (select article_key from new_articles)"
    )
    return con.execute(f"select count(*) from raw.{table}").fetchone()[0] - before


def _files(folders: list[Path], table: str) -> str:
    """A DuckDB list literal of one table's Parquet files across batch folders."""
    paths = ", ".join("'" + str(f / f"{table}.parquet").replace("'", "''") + "'" for f in folders)
    return f"[{paths}]"


def discard_run_work(folder: Path) -> None:
    """Remove a run's scratch batches once they are safely loaded."""
    shutil.rmtree(folder, ignore_errors=True)
