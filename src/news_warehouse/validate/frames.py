"""The rows each suite validates: a mart's delta rows, read through a bounded SQL query.

GX 1.24 has no DuckDB datasource and `duckdb_engine` (its SQLAlchemy route) is not in the lock,
so GX validates pandas dataframes; what keeps validation's memory independent of the history is
that a dataframe never holds more than one chunk of the delta (`validate.delta`): the rows of the
articles this build added or changed. Marts not keyed by article (dimensions shared by all
articles, the calendar) only take table-level expectations, checked on their columns alone.
Rules that span rows or tables (keys, relationships, offsets into the body, exchange rates) are
dbt tests, which run in DuckDB on the whole marts before the gate (docs/QUALITY.md).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import duckdb

from news_warehouse.validate.delta import DELTA_TABLE

if TYPE_CHECKING:  # DuckDB builds the frames; importing pandas here would slow the CLI that reuses this module
    import pandas as pd

MARTS_SCHEMA = "marts"


def delta_query(table: str, article_keyed: bool) -> str:
    """The SELECT of one chunk (`$chunk`) of a mart's delta rows; no rows for a mart not keyed by article."""
    if not article_keyed:
        return f"select * from {MARTS_SCHEMA}.{table} limit 0"
    return (
        f"select * from {MARTS_SCHEMA}.{table} "
        f"where article_seq in (select article_seq from {DELTA_TABLE} where chunk = $chunk) "
        # a row without its article's number is always looked at (once: with the first chunk),
        # as dbt's row-level tests do (macros/build_scope.sql)
        "or (article_seq is null and $chunk = 0)"
    )


def read_frame(
    con: duckdb.DuckDBPyConnection, query: str, parameters: dict[str, object] | None = None
) -> pd.DataFrame:
    """Run a query into pandas, DATE columns as `datetime.date`.

    pandas turns DATE into Timestamps, which GX cannot compare with the date bounds of a suite
    ("Cannot compare Timestamp with datetime.date"); plain dates compare fine.
    """
    relation = con.sql(query, params=parameters)
    date_columns = [name for name, kind in zip(relation.columns, relation.types) if kind == "DATE"]
    frame = relation.df()
    for name in date_columns:
        frame[name] = frame[name].dt.date
    return frame


def mart_tables(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Names of the tables dbt built in schema `marts`."""
    rows = con.execute(
        "select table_name from information_schema.tables "
        "where table_schema = ? and table_type = 'BASE TABLE' order by table_name",
        [MARTS_SCHEMA],
    ).fetchall()
    return [name for (name,) in rows]


def columns_by_table(con: duckdb.DuckDBPyConnection) -> dict[str, set[str]]:
    """Column names of every mart (tables and views), by table."""
    rows = con.execute(
        "select table_name, column_name from information_schema.columns where table_schema = ?", [MARTS_SCHEMA]
    ).fetchall()
    columns: dict[str, set[str]] = {}
    for table, column in rows:
        columns.setdefault(table, set()).add(column)
    return columns


def known_currency_codes(con: duckdb.DuckDBPyConnection) -> list[str]:
    """ISO 4217 currencies (CLDR's list, from babel) plus those of the ECB rate table.

    A currency the ECB does not quote (TWD, XOF, EGP...) is still a currency: its figures carry
    NULL amounts and a reason (a dbt test checks the pair); this set catches codes that are no
    currency at all. Reading the rate table also fails the gate when the table is missing.
    """
    from babel.numbers import list_currencies

    rows = con.execute(
        "select distinct currency_code from reference.exchange_rates order by currency_code"
    ).fetchall()
    return sorted({code for (code,) in rows} | set(list_currencies()) | {"EUR"})
