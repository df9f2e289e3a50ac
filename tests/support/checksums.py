"""Fingerprints of the published marts, to prove runs repeatable and re-runs harmless.

Columns that say *when*, *which run* or *in which order* (timestamps, run ids, the article's
number in arrival order, `article_seq`) legitimately differ between two runs over the same
articles; every other column is part of the fingerprint.
"""

from __future__ import annotations

from pathlib import Path

from news_warehouse.db import reader

RUN_DEPENDENT_TYPES = ("TIMESTAMP", "TIMESTAMP WITH TIME ZONE")


def mart_checksums(warehouse: Path, schema: str = "marts") -> dict[str, tuple[int, str]]:
    """{table: (row count, md5 of its sorted rows)} for every table and view of a schema."""
    with reader(warehouse) as con:
        tables = [
            row[0]
            for row in con.execute(
                "select table_name from information_schema.tables where table_schema = ? "
                "order by table_name",
                [schema],
            ).fetchall()
        ]
        return {table: _checksum(con, schema, table) for table in tables}


def _checksum(con, schema: str, table: str) -> tuple[int, str]:  # noqa: ANN001 - duckdb connection
    columns = [
        name
        for name, data_type in con.execute(
            "select column_name, data_type from information_schema.columns "
            "where table_schema = ? and table_name = ? order by ordinal_position",
            [schema, table],
        ).fetchall()
        if data_type not in RUN_DEPENDENT_TYPES and not name.endswith(("_at", "run_id")) and name != "article_seq"
    ]
    row_text = " || '|' || ".join(f"coalesce(cast(\"{c}\" as varchar), '∅')" for c in columns)
    count, digest = con.execute(
        f"select count(*), md5(coalesce(string_agg({row_text}, '\n' order by {row_text}), '')) "
        f'from "{schema}"."{table}"'
    ).fetchone()
    return count, digest
