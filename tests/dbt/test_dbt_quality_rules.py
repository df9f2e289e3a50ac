"""The structural rules' one home is dbt: each corruption of a real build fails its dbt test.

The quality gate no longer checks keys, offsets or exchange rates (docs/QUALITY.md), so these
rules must fail `dbt test` themselves; each statement breaks one rule on a copy of a real build.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from news_warehouse.transform.scope import write_build_scope
from tests.dbt.dbt_harness import run_dbt

# statement -> the dbt test (a fragment of its name) that must fail
CORRUPTIONS = {
    "update marts.fct_quantity set char_end = char_end + 100000": "offsets_match_body_fct_quantity",
    "update marts.fct_actor_role set char_start = char_start + 1": "offsets_match_body_fct_actor_role",
    "update marts.fct_platform_mention set article_key = 'feedfeedfeedfeed'": "relationships_fct_platform_mention_article_key",
    "update marts.fct_monetary_figure set exchange_rate_on = date '1980-01-01' where amount_eur is not null":
        "assert_monetary_figures_use_the_ecb_rate",
    "update marts.dim_article set content_sha256 = upper(content_sha256)": "expression_is_true_dim_article_content_sha256",
    "insert into marts.dim_date by name select date '1899-12-31' as date_day, 13 as month": "expression_is_true_dim_date_month",
    "update marts.fct_incident set incident_type = 'hacking'": "accepted_values_fct_incident_incident_type",
}


@pytest.fixture(scope="module")
def corrupted_test_output(base_build: Path, dbt_work: Path, tmp_path_factory: pytest.TempPathFactory) -> str:
    db_path = tmp_path_factory.mktemp("corrupted") / "news.build.duckdb"
    shutil.copy(base_build, db_path)
    with duckdb.connect(str(db_path)) as con:
        for statement in CORRUPTIONS:
            con.execute(statement)
    result = run_dbt(["test", "--select", "marts"], db_path, dbt_work, check=False)
    assert result.returncode != 0
    return result.stdout


@pytest.mark.parametrize(("statement", "test_name"), CORRUPTIONS.items())
def test_each_structural_rule_fails_its_dbt_test(corrupted_test_output: str, statement: str, test_name: str) -> None:
    failed = [line for line in corrupted_test_output.splitlines() if "FAIL" in line and test_name in line]
    assert failed, f"{statement!r} did not fail {test_name}:\n{corrupted_test_output[-4000:]}"


# A break of every row, the dbt selection that tests it, the test, and the rows it breaks of the
# first article (the same query without its limit: of every article).
SCOPED_CHECKS = {
    "offsets": (
        "update marts.fct_quantity set char_end = char_end + 100000",
        "fct_quantity", "offsets_match_body_fct_quantity",
        "select article_key, count(*) from marts.fct_quantity group by 1 order by 1 limit 1",
    ),
    "exchange rates": (
        "update marts.fct_monetary_figure set exchange_rate_on = date '1980-01-01' where amount_eur is not null",
        "assert_monetary_figures_use_the_ecb_rate", "assert_monetary_figures_use_the_ecb_rate",
        "select article_key, count(*) from marts.fct_monetary_figure where amount_eur is not null "
        "group by 1 order by 1 limit 1",
    ),
}


@pytest.mark.parametrize(("corruption", "selection", "test_name", "rows_of_one_article"), SCOPED_CHECKS.values(),
                         ids=SCOPED_CHECKS.keys())
def test_row_level_tests_look_at_the_articles_changed_since_the_published_build(
    base_build: Path, dbt_work: Path, tmp_path: Path, corruption: str, selection: str, test_name: str,
    rows_of_one_article: str,
) -> None:
    """The build's scope (written by the pipeline before each build) narrows the row-level tests
    to the articles ingested or extracted since: a broken row of an unchanged article is not
    looked at again, the same break in a changed article fails the test, row for row; once the
    scoped invocation ended, the next one (no scope written) tests everything."""
    db_path = tmp_path / "news.build.duckdb"
    shutil.copy(base_build, db_path)
    with duckdb.connect(str(db_path)) as con:
        con.execute(corruption)
        since = con.execute(
            "select greatest((select max(ingested_at) from raw.articles), "
            "(select max(extracted_at) from raw.extracted_articles)) + interval 1 second"
        ).fetchone()[0]
        write_build_scope(con, since, "published build of the test")
    command = ["test", "--select", selection]
    unchanged = run_dbt(command, db_path, dbt_work, check=False)
    assert unchanged.returncode == 0 and test_name in unchanged.stdout, unchanged.stdout[-3000:]

    with duckdb.connect(str(db_path)) as con:
        changed, rows = con.execute(rows_of_one_article).fetchone()
        con.execute(
            "update raw.extracted_articles set extracted_at = ?::timestamp + interval 1 minute where article_key = ?",
            [since, changed],
        )
        write_build_scope(con, since, "published build of the test")
    result = run_dbt(command, db_path, dbt_work, check=False)
    assert result.returncode != 0
    assert f"Got {rows} result" in result.stdout, result.stdout[-3000:]

    unscoped = run_dbt(command, db_path, dbt_work, check=False)
    with duckdb.connect(str(db_path)) as con:
        every_row = con.execute(f"select sum(rows) from ({rows_of_one_article.replace(' limit 1', '')}) as t(key, rows)").fetchone()[0]
    assert f"Got {every_row} result" in unscoped.stdout, unscoped.stdout[-3000:]
