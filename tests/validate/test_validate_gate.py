"""The quality gate on real DuckDB build files with real Great Expectations (no mocks)."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest
from tests.fixtures.marts import ART_TRUMP, BODY_TRUMP, SUSPENSION, add_article

from news_warehouse import db
from news_warehouse.config import Settings
from news_warehouse.validate.gate import ValidationOutcome, validate_build
from news_warehouse.validate.row_counts import record_published_row_counts
from news_warehouse.validate.suites import load_suite_definitions, to_gx_suite


def corrupt(settings: Settings, *statements: str) -> None:
    with db.writer(settings) as con:
        for statement in statements:
            con.execute(statement)


def audit_rows(settings: Settings) -> list[tuple]:
    with db.reader(settings.build_path) as con:
        return con.execute(
            "select run_id, success, expectations_evaluated, expectations_failed, published, "
            "failed_expectations from audit.validation_runs order by validated_at"
        ).fetchall()


def assert_fails_with(outcome: ValidationOutcome, *fragments: str) -> None:
    assert not outcome.success
    assert outcome.failed == len(outcome.failures)
    for fragment in fragments:
        assert any(fragment in failure for failure in outcome.failures), (fragment, outcome.failures)


def test_clean_build_passes_and_the_verdict_is_recorded(clean_build: Settings) -> None:
    outcome = validate_build(clean_build, "run-1")

    assert outcome.failures == []
    assert outcome.success and outcome.failed == 0
    declared = sum(len(d["expectations"]) for d in load_suite_definitions(clean_build.expectations_dir).values())
    assert outcome.evaluated == declared
    assert audit_rows(clean_build) == [("run-1", True, declared, 0, False, "[]")]


def test_data_docs_are_built_in_a_file_context_and_linked(clean_build: Settings) -> None:
    outcome = validate_build(clean_build, "run-1")

    index = outcome.data_docs_index
    assert index == clean_build.docs_dir / "gx" / "index.html"
    target = index.read_text(encoding="utf-8").split('url=')[1].split('"')[0]
    site = index.parent / target
    assert site.name == "index.html" and site.is_file()
    assert "dim_article" in site.read_text(encoding="utf-8")
    assert (clean_build.docs_dir / "gx" / "gx" / "great_expectations.yml").is_file()


def test_corrupted_build_fails_with_readable_reasons(clean_build: Settings) -> None:
    corrupt(
        clean_build,
        f"update marts.fct_incident set incident_key = '{SUSPENSION}'",  # duplicate key
        "update marts.fct_monetary_figure set currency_code = 'XYZ' where currency_code = 'USD'",
        f"update marts.fct_actor_mention set char_start = char_start + 1 where article_key = '{ART_TRUMP}'",
    )

    outcome = validate_build(clean_build, "run-bad")

    assert_fails_with(
        outcome,
        "fct_incident: expect_column_values_to_be_unique(incident_key)",
        "fct_monetary_figure: expect_column_values_to_be_in_set(currency_code)",
        "'XYZ'",
        "fct_actor_mention: expect_column_values_to_be_in_set(surface_matches_body)",
    )
    [(run_id, success, _, failed, published, failed_json)] = audit_rows(clean_build)
    assert (run_id, success, failed, published) == ("run-bad", False, outcome.failed, False)
    assert json.loads(failed_json) == outcome.failures


@pytest.mark.parametrize(
    ("statement", "reason"),
    [
        ("update marts.dim_article set published_date = date '1985-06-01'",
         "dim_article: expect_column_values_to_be_between(published_date)"),
        ("update marts.fct_incident set incident_date = current_date + interval 3 year",
         "fct_incident: expect_column_values_to_be_between(incident_date)"),
        ("update marts.fct_incident set incident_type = 'hacking'",
         "expect_column_values_to_be_in_set(incident_type)"),
        ("update marts.dim_actor set actor_type = 'company'", "expect_column_values_to_be_in_set(actor_type)"),
        ("update marts.fct_quantity set unit = 'likes'", "expect_column_values_to_be_in_set(unit)"),
        ("update marts.dim_article set published_precision = 'week'",
         "expect_column_values_to_be_in_set(published_precision)"),
        ("update marts.fct_monetary_figure set currency_code = 'usd' where currency_code = 'USD'",
         "expect_column_values_to_match_regex(currency_code)"),
        ("update marts.fct_monetary_figure set amount_eur = amount * 1.1827 where currency_code = 'USD'",
         "expect_column_values_to_be_in_set(amount_eur_matches_rate)"),
        ("update marts.fct_monetary_figure set amount = -amount, amount_eur = -amount_eur",
         "expect_column_values_to_be_between(amount)"),
        (f"update marts.fct_quantity set char_end = {len(BODY_TRUMP) + 5}",
         "expect_column_values_to_be_in_set(offsets_inside_body)"),
        ("update marts.fct_platform_mention set article_key = 'feedfeedfeedfeed'",
         "expect_column_values_to_be_in_set(article_found)"),
        ("update marts.dim_platform set platform_key = null", "expect_column_values_to_not_be_null(platform_key)"),
        ("insert into marts.bridge_incident_platform select * from marts.bridge_incident_platform limit 1",
         "expect_compound_columns_to_be_unique(incident_key, platform_key)"),
        ("alter table marts.dim_actor drop column actor_type", "expect_table_columns_to_match_set"),
        ("update marts.fct_monetary_figure set exchange_rate_year = 2020 where currency_code = 'USD'",
         "expect_column_values_to_be_in_set(amount_eur_matches_rate)"),
        ("update marts.fct_monetary_figure set monetary_figure_key = 'k'",
         "expect_column_values_to_be_unique(monetary_figure_key)"),
        ("insert into marts.dim_date values (date '1989-12-31', 12)", "dim_date: expect_column_values_to_be_between(date_day)"),
        ("update marts.fct_actor_role set char_start = 0", "fct_actor_role: expect_column_values_to_be_in_set(surface_matches_body)"),
        ("update marts.dim_incident set n_reports = 0", "dim_incident: expect_column_values_to_be_between(n_reports)"),
    ],
)
def test_each_rule_catches_its_corruption(clean_build: Settings, statement: str, reason: str) -> None:
    corrupt(clean_build, statement)

    assert_fails_with(validate_build(clean_build, "run-bad"), reason)


def test_marts_and_suites_must_match_one_to_one(clean_build: Settings) -> None:
    corrupt(clean_build, "create table marts.unchecked (x integer)", "drop table marts.fct_quantity")

    assert_fails_with(
        validate_build(clean_build, "run-bad"),
        "marts.unchecked: no expectation suite",
        "marts.fct_quantity: missing from the build",
    )


def test_a_missing_rate_seed_fails_the_gate(clean_build: Settings) -> None:
    corrupt(clean_build, "drop table reference.exchange_rates")

    assert_fails_with(validate_build(clean_build, "run-bad"), "reference.exchange_rates")


def published_counts(settings: Settings) -> None:
    with db.writer(settings) as con:
        record_published_row_counts(con, "run-published")


def test_marts_never_shrink(clean_build: Settings) -> None:
    published_counts(clean_build)
    corrupt(clean_build, "delete from marts.fct_quantity")

    assert_fails_with(validate_build(clean_build, "run-2"), "row_counts: expect_column_values_to_be_between(rows_removed)")


def test_incident_clusters_may_merge_when_articles_arrive(clean_build: Settings) -> None:
    published_counts(clean_build)
    add_article(clean_build, "Un nouvel article qui relie deux incidents déjà connus.")
    corrupt(clean_build, "delete from marts.dim_incident where incident_cluster_key = (select min(incident_cluster_key) from marts.dim_incident)")

    frame_failures = [f for f in validate_build(clean_build, "run-2").failures if "row_counts" in f]
    assert frame_failures == []


def test_a_reextracted_article_may_lose_facts(clean_build: Settings) -> None:
    """After an extractor upgrade the re-extracted articles' facts may shrink; nothing else may."""
    published_counts(clean_build)
    corrupt(
        clean_build,
        "insert into raw.extracted_articles values "
        f"('{ART_TRUMP}', '9.9.9', null, null, 12, '{db.utc_now() + timedelta(seconds=1)}', 'run-2')",
        f"delete from marts.fct_actor_mention where article_key = '{ART_TRUMP}'",
    )

    assert [f for f in validate_build(clean_build, "run-2").failures if "row_counts" in f] == []


def test_no_growth_without_new_articles(clean_build: Settings) -> None:
    published_counts(clean_build)
    corrupt(clean_build, "insert into marts.dim_actor values ('0123', 'Elon Musk', 'person')")

    assert_fails_with(
        validate_build(clean_build, "run-2"), "row_counts: expect_column_values_to_be_between(growth_headroom)"
    )


def test_growth_with_new_articles_passes(clean_build: Settings) -> None:
    published_counts(clean_build)
    add_article(clean_build, "Un nouvel article sans rien de notable.")
    corrupt(clean_build, "insert into marts.dim_actor values ('0123', 'Elon Musk', 'person')")

    outcome = validate_build(clean_build, "run-2")

    assert outcome.failures == []


def test_a_published_mart_that_disappears_fails(clean_build: Settings) -> None:
    published_counts(clean_build)
    corrupt(clean_build, "drop table marts.bridge_incident_platform")

    assert_fails_with(validate_build(clean_build, "run-2"), "row_counts: expect_column_values_to_not_be_null(rows_now)")


def test_every_reviewed_expectation_reaches_gx(settings: Settings) -> None:
    definitions = load_suite_definitions(settings.expectations_dir)

    assert set(definitions) >= {"dim_article", "fct_monetary_figure", "row_counts"}
    for definition in definitions.values():
        assert len(to_gx_suite(definition).expectations) == len(definition["expectations"])


def test_an_expectation_gx_cannot_read_is_an_error_not_a_skip() -> None:
    definition = {"name": "x", "expectations": [{"type": "expect_no_such_rule", "kwargs": {"column": "a"}}]}

    with pytest.raises(ValueError, match="accepted 0 of 1"):
        to_gx_suite(definition)


def test_suite_name_must_match_its_file(tmp_path: Path) -> None:
    (tmp_path / "dim_actor.json").write_text(json.dumps({"name": "dim_article", "expectations": []}))

    with pytest.raises(ValueError, match="must be 'dim_actor'"):
        load_suite_definitions(tmp_path)
