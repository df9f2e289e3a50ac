"""The domain rules' golden cases, on the Python definitions (news_warehouse.rules).

The same CSV tables (dbt_project/tests/fixtures/*_cases.csv) are the expected output of dbt unit
tests (test_fold_name_golden_cases, test_published_date_golden_cases), where dbt calls these
functions through its DuckDB plugin: one table of cases holds both sides to one rule.
"""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import duckdb
import pytest

from news_warehouse.config import PROJECT_ROOT
from news_warehouse.rules import coarser, fold, precision_rank, published_date, truncate
from news_warehouse.transform.duckdb_rules import register_rules

FIXTURES = PROJECT_ROOT / "dbt_project" / "tests" / "fixtures"


def golden_cases(name: str) -> list[dict[str, str | None]]:
    """The rows of a golden-case CSV; an empty cell is None, as dbt reads it."""
    with (FIXTURES / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
        return [{key: value or None for key, value in row.items()} for row in csv.DictReader(handle)]


def _date(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


@pytest.mark.parametrize("case", golden_cases("fold_name_cases"), ids=lambda case: case["canonical_folded"])
def test_fold_golden_cases(case: dict[str, str]) -> None:
    assert fold(case["canonical_name"]) == case["canonical_folded"]


@pytest.mark.parametrize("case", golden_cases("published_date_cases"), ids=lambda case: case["article_key"])
def test_published_date_golden_cases(case: dict[str, str | None]) -> None:
    chosen = published_date(
        _date(case["stated_published_date"]),
        case["stated_published_precision"],
        case["published_source"] if case["stated_published_date"] else None,
        _date(case["inferred_published_date"]),
        case["inferred_published_precision"],
    )
    expected = (_date(case["published_date"]), case["published_precision"], case["published_source"])
    actual = (chosen.value, chosen.precision, chosen.source) if chosen else (None, None, None)
    assert actual == expected


def test_precision_ranks_grow_with_precision_and_a_missing_precision_is_a_day() -> None:
    assert precision_rank("year") < precision_rank("month") < precision_rank("day") == precision_rank(None)
    assert coarser("day", "month") == coarser("month", "day") == "month"


def test_truncate_gives_the_first_day_of_the_period() -> None:
    day = date(2017, 10, 26)
    assert [truncate(day, p) for p in ("year", "month", "day")] == [date(2017, 1, 1), date(2017, 10, 1), day]


def test_the_duckdb_functions_are_the_python_rules() -> None:
    """What dbt calls: NULL and names that fold to nothing are no name; a NULL precision is a day."""
    with duckdb.connect() as connection:
        register_rules(connection)
        row = connection.execute(
            "select rules_fold_name('  ÉTATS-UNIS '), rules_fold_name(' \u00a0 '), rules_fold_name(null), "
            "rules_precision_rank(null), rules_precision_rank('year'), "
            "rules_published_date(null, null, null, date '2019-05-01', 'month').published_source"
        ).fetchone()
    assert row == ("etats-unis", None, None, 2, 0, "inferred")


def test_the_precision_rank_function_ranks_every_row_of_long_vectors() -> None:
    """rules_precision_rank works on whole vectors (one call per distinct precision): rows in order."""
    precisions = ["year", None, "day", "month"]
    with duckdb.connect() as connection:
        register_rules(connection)
        ranks = connection.execute(
            "select rules_precision_rank(case i % 4 when 0 then 'year' when 2 then 'day' when 3 then 'month' end) "
            "from range(5000) as numbers(i) order by i"
        ).fetchall()
    assert [rank for (rank,) in ranks] == [precision_rank(precisions[i % 4]) for i in range(5000)]
