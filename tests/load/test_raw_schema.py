"""The raw layer is written once, in db.RAW_DDL; everything else that names its columns agrees with it.

The Arrow schemas are read from the DDL (db.arrow_schema), so they cannot drift. What cannot be
derived is checked here: the row dataclasses the stages fill (their fields and Python types), and
dbt's sources yml, which carries descriptions and tests a generator would have to preserve.
"""

from __future__ import annotations

import typing
from dataclasses import fields
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from types import NoneType, UnionType

import duckdb
import pyarrow as pa
import pytest
import yaml

from news_warehouse import db
from news_warehouse.config import PROJECT_ROOT
from news_warehouse.extract.batches import OUTPUT_TABLES, extraction_rows, raw_table_schema, write_rows
from news_warehouse.extract.records import (
    ActorMention,
    ActorRole,
    ArticleExtraction,
    Incident,
    IncidentActor,
    MonetaryFigure,
    PlatformMention,
    Quantity,
)
from news_warehouse.ingest.store import ArticleRow, AuditEntry

SOURCES_YML = PROJECT_ROOT / "dbt_project" / "models" / "staging" / "_raw__sources.yml"

# The Arrow type a Python annotation stands for in a raw row (DuckDB's own reading of the DDL).
PYTHON_TO_ARROW: dict[type, typing.Callable[[pa.DataType], bool]] = {
    str: pa.types.is_string,
    int: pa.types.is_integer,
    float: pa.types.is_floating,
    bool: pa.types.is_boolean,
    Decimal: pa.types.is_decimal,
    date: pa.types.is_date,
    datetime: pa.types.is_timestamp,
}


def ddl_columns(schema: str) -> dict[str, dict[str, bool]]:
    """table -> {column: nullable} for one schema of RAW_DDL, as DuckDB creates it."""
    con = duckdb.connect()
    try:
        con.execute(db.RAW_DDL)
        rows = con.execute(
            "select table_name, column_name, is_nullable = 'YES' from information_schema.columns "
            "where table_schema = ? order by table_name, ordinal_position",
            [schema],
        ).fetchall()
    finally:
        con.close()
    tables: dict[str, dict[str, bool]] = {}
    for table, column, nullable in rows:
        tables.setdefault(table, {})[column] = nullable
    return tables


def unwrap_optional(annotation: object) -> tuple[type, bool]:
    """(the Python type, whether None is allowed) of `T` or `T | None`."""
    if isinstance(annotation, UnionType):
        members = [arg for arg in typing.get_args(annotation) if arg is not NoneType]
        assert len(members) == 1, annotation
        return members[0], True
    return annotation, False  # type: ignore[return-value]


def test_dbt_sources_declare_exactly_the_ddl_tables_and_columns() -> None:
    sources = yaml.safe_load(SOURCES_YML.read_text())["sources"]
    declared = {
        table["name"]: {column["name"] for column in table["columns"]}
        for source in sources if source["schema"] == "raw"
        for table in source["tables"]
    }
    expected = {table: set(columns) for table, columns in ddl_columns("raw").items()}
    assert declared.keys() == expected.keys()
    for table, columns in expected.items():
        assert declared[table] == columns, (
            f"{SOURCES_YML.name} raw.{table}: undeclared {columns - declared[table]}, stale {declared[table] - columns}"
        )


@pytest.mark.parametrize(
    ("row_class", "table"), [(ArticleRow, "raw.articles"), (AuditEntry, "audit.landed_files")]
)
def test_row_dataclasses_are_the_ddl_columns_in_order_with_their_types(row_class: type, table: str) -> None:
    schema_name, table_name = table.split(".")
    nullable = {column: null for column, null in ddl_columns(schema_name)[table_name].items() if column != "article_seq"}
    arrow = db.written_schema(table)
    hints = typing.get_type_hints(row_class)
    assert [field.name for field in fields(row_class)] == arrow.names == list(nullable)
    for field in fields(row_class):
        python_type, optional = unwrap_optional(hints[field.name])
        assert PYTHON_TO_ARROW[python_type](arrow.field(field.name).type), (table, field.name, python_type)
        # A field that may be None would only fail at insert time against a NOT NULL column.
        if not nullable[field.name]:
            assert not optional, f"{table}.{field.name} is NOT NULL but the dataclass allows None"


def full_extraction() -> ArticleExtraction:
    """One of every record, every optional field set: each raw column has a value to carry."""
    return ArticleExtraction(
        article_key="0123456789abcdef",
        n_words=42,
        inferred_published_date=date(2021, 1, 7),
        inferred_published_precision="day",
        actor_mentions=[ActorMention("Donald Trump", "person", "Trump", 0, 5, "gazetteer")],
        platform_mentions=[PlatformMention("Twitter", "Twitter", 6, 13, "gazetteer")],
        actor_roles=[ActorRole("Donald Trump", "président", "président", 14, 23)],
        incidents=[
            Incident(
                "account_suspension", date(2021, 1, 8), "day", "Twitter a suspendu Trump", 0, 24, "suspendu",
                actors=(IncidentActor("Donald Trump", "target"),), platforms=("Twitter",),
            )
        ],
        monetary_figures=[
            MonetaryFigure(Decimal("5000000"), "USD", True, "5 millions", 30, 40, Decimal("6000000"), "Twitter", 0)
        ],
        quantities=[Quantity(88e6, "followers", False, "88 millions", 50, 61, "Donald Trump", "Twitter")],
    )


def test_extraction_rows_fill_exactly_the_raw_columns_and_write_with_their_types(tmp_path: Path) -> None:
    rows = extraction_rows(full_extraction(), "run-1", "test")
    assert rows.keys() == set(OUTPUT_TABLES)
    for table, table_rows in rows.items():
        assert table_rows, table
        assert set(table_rows[0]) == set(raw_table_schema(table).names), table
        write_rows(tmp_path / f"{table}.parquet", table, table_rows)  # Arrow refuses a mistyped value


def test_a_row_field_the_raw_table_lacks_is_refused_not_dropped(tmp_path: Path) -> None:
    rows = extraction_rows(full_extraction(), "run-1", "test")["actor_mentions"]
    with pytest.raises(ValueError, match="unknown \\['confidence'\\]"):
        write_rows(tmp_path / "actor_mentions.parquet", "actor_mentions", [{**rows[0], "confidence": 0.9}])
