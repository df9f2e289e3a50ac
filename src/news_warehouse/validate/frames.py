"""Each mart as a pandas dataframe, with derived columns for the checks that need a join.

Great Expectations validates one dataframe at a time, so a rule that spans tables (an offset must
point at its surface text inside `dim_article.body`; `amount_eur` must follow from an exchange rate)
is computed here, in SQL, as a derived boolean column. The suite in `expectations/<table>.json` then
simply expects that column to be true, and Data Docs show the offending rows like any other failure.
Derived columns are named for the property they assert (`surface_matches_body`), so a failure reads
as a sentence.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import duckdb

if TYPE_CHECKING:  # DuckDB builds the frames; importing pandas here would slow the CLI that reuses this module
    import pandas as pd

MARTS_SCHEMA = "marts"

# Marts whose rows quote the article body: the column holding the quoted text.
QUOTED_TEXT_COLUMN: dict[str, str] = {
    "fct_actor_mention": "surface_text",
    "fct_platform_mention": "surface_text",
    "fct_incident": "evidence_text",
    "fct_monetary_figure": "surface_text",
    "fct_quantity": "surface_text",
    "fct_actor_role": "surface_text",
}

# Relative tolerance on amount_eur: rates are stored with 6 decimals and amounts are rounded to
# cents, so an exact equality would fail on honest rounding.
RATE_TOLERANCE = 0.005


def _offset_columns(text_column: str) -> str:
    """SQL for the offset checks; DuckDB's substring counts code points, like Python's slicing."""
    return f"""
        a.article_key is not null as article_found,
        coalesce(m.char_start >= 0 and m.char_end > m.char_start
                 and m.char_end <= length(a.body), false) as offsets_inside_body,
        coalesce(substring(a.body, m.char_start + 1, m.char_end - m.char_start)
                 = m.{text_column}, false) as surface_matches_body"""


def _rate_column() -> str:
    """SQL: does amount_eur follow from the ECB rates of the day or period the model recorded?

    The model (int_monetary_figures_converted, the rule's one owner) records the ECB fixing day, or
    the first day of the month or year it averaged (`exchange_rate_on`, `exchange_rate_period`).
    amount_eur must lie within the amounts the ECB fixings of that day or period give (a day: its
    one rate; an average lies between the period's extremes), or be NULL with a stated reason;
    EUR needs no rate. Catches a wrong currency, a rate inverted, a conversion at another date
    than the one recorded, and a NULL nobody explained.
    """
    return f"""
        coalesce(
            (m.amount_eur is null and m.amount_eur_missing_reason is not null)
            or (m.currency_code = 'EUR' and abs(m.amount_eur - m.amount) <= 0.01)
            or (
                select m.amount_eur
                    between m.amount / max(cast(r.units_per_eur as double)) * (1 - {RATE_TOLERANCE}) - 0.01
                    and m.amount / min(cast(r.units_per_eur as double)) * (1 + {RATE_TOLERANCE}) + 0.01
                from reference.exchange_rates r
                where r.currency_code = m.currency_code
                  and r.rate_date >= m.exchange_rate_on
                  and r.rate_date < m.exchange_rate_on + case m.exchange_rate_period
                      when 'month' then interval 1 month when 'year' then interval 1 year
                      else interval 1 day end
            ), false) as amount_eur_matches_rate"""


def mart_query(table: str) -> str:
    """The SELECT that reads one mart with its derived columns (if any)."""
    derived = []
    if table in QUOTED_TEXT_COLUMN:
        derived.append(_offset_columns(QUOTED_TEXT_COLUMN[table]))
    if table == "fct_monetary_figure":
        derived.append(_rate_column())
    if not derived:
        return f"select * from {MARTS_SCHEMA}.{table}"
    return (
        f"select m.*, {', '.join(derived)} from {MARTS_SCHEMA}.{table} m "
        f"left join {MARTS_SCHEMA}.dim_article a using (article_key)"
    )


def read_frame(con: duckdb.DuckDBPyConnection, query: str) -> pd.DataFrame:
    """Run a query into pandas, DATE columns as `datetime.date`.

    pandas turns DATE into Timestamps, which GX cannot compare with the date bounds of a suite
    ("Cannot compare Timestamp with datetime.date"); plain dates compare fine.
    """
    relation = con.sql(query)
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


def known_currency_codes(con: duckdb.DuckDBPyConnection) -> list[str]:
    """ISO 4217 currencies (CLDR's list, from babel) plus those of the ECB rate table.

    A currency the ECB does not quote (TWD, XOF, EGP...) is still a currency: its figures carry
    NULL amounts and a reason, which `amount_eur_matches_rate` checks; this set catches codes that
    are no currency at all. Reading the rate table also fails the gate when the table is missing.
    """
    from babel.numbers import list_currencies

    rows = con.execute(
        "select distinct currency_code from reference.exchange_rates order by currency_code"
    ).fetchall()
    return sorted({code for (code,) in rows} | set(list_currencies()) | {"EUR"})
