"""The quality gate on real DuckDB build files with real Great Expectations (no mocks)."""

from __future__ import annotations

import hashlib
import json
from datetime import timedelta
from pathlib import Path

import pytest
from tests.fixtures.marts import ARTICLE_COLUMNS, ART_META, ART_TRUMP, BODY_TRUMP, add_article

from news_warehouse import db
from news_warehouse.config import Settings
from news_warehouse.validate import gate
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
    definitions = load_suite_definitions(clean_build.expectations_dir)
    declared = sum(len(d["expectations"]) for d in definitions.values())
    assert outcome.evaluated == declared
    assert audit_rows(clean_build) == [("run-1", True, declared, 0, False, "[]")]


def test_data_docs_are_built_in_a_file_context_and_linked(clean_build: Settings) -> None:
    outcome = validate_build(clean_build, "run-1")

    index = outcome.data_docs_index
    assert index == clean_build.docs_dir / "gx" / "index.html"
    target = index.read_text(encoding="utf-8").split('url=')[1].split('"')[0]
    site = index.parent / target
    assert site.name == "index.html" and site.is_file()
    assert "fct_monetary_figure" in site.read_text(encoding="utf-8")
    assert (clean_build.docs_dir / "gx" / "gx" / "great_expectations.yml").is_file()


def test_corrupted_build_fails_with_readable_reasons(clean_build: Settings) -> None:
    corrupt(
        clean_build,
        "update marts.fct_monetary_figure set currency_code = 'XYZ' where currency_code = 'USD'",
        f"update marts.fct_quantity set value = -3 where article_key = '{ART_TRUMP}'",
    )

    outcome = validate_build(clean_build, "run-bad")

    assert_fails_with(
        outcome,
        "fct_monetary_figure: expect_column_values_to_be_in_set(currency_code)",
        "'XYZ'",
        "fct_quantity: expect_column_values_to_be_between(value)",
    )
    [(run_id, success, _, failed, published, failed_json)] = audit_rows(clean_build)
    assert (run_id, success, failed, published) == ("run-bad", False, outcome.failed, False)
    assert json.loads(failed_json) == outcome.failures


# The gate's own rules; keys, relationships, vocabularies, offsets and exchange rates are dbt
# tests (tests/dbt/test_dbt_quality_rules.py) and a mart's columns its enforced dbt contract
# (tests/dbt/test_dbt_build.py), one home per rule (docs/QUALITY.md).
@pytest.mark.parametrize(
    ("statement", "reason"),
    [
        ("update marts.fct_monetary_figure set currency_code = 'usd' where currency_code = 'USD'",
         "expect_column_values_to_be_in_set(currency_code)"),
        ("update marts.fct_monetary_figure set amount = -amount", "expect_column_values_to_be_between(amount)"),
        ("update marts.fct_monetary_figure set amount_eur = -amount_eur", "expect_column_values_to_be_between(amount_eur)"),
        ("update marts.fct_monetary_figure set amount_usd = 0", "expect_column_values_to_be_between(amount_usd)"),
        ("update marts.fct_monetary_figure set exchange_rate_year = 1985",
         "expect_column_values_to_be_between(exchange_rate_year)"),
        ("update marts.fct_quantity set value = 0", "fct_quantity: expect_column_values_to_be_between(value)"),
        ("drop table marts.fct_quantity", "plausibility rule more_people_than_humanity: could not be evaluated"),
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
        f"('{ART_TRUMP}', '9.9.9', null, null, 12, '{db.utc_now() + timedelta(seconds=1)}', 'run-2', null)",
        f"delete from marts.fct_actor_mention where article_key = '{ART_TRUMP}'",
    )

    assert [f for f in validate_build(clean_build, "run-2").failures if "row_counts" in f] == []


NEW_ACTOR = "insert into marts.dim_actor (actor_key, canonical_name, actor_type) values ('0123', 'Elon Musk', 'person')"


def test_no_growth_without_new_articles(clean_build: Settings) -> None:
    published_counts(clean_build)
    corrupt(clean_build, NEW_ACTOR)

    assert_fails_with(
        validate_build(clean_build, "run-2"), "row_counts: expect_column_values_to_be_between(growth_headroom)"
    )


def test_growth_with_new_articles_passes(clean_build: Settings) -> None:
    published_counts(clean_build)
    add_article(clean_build, "Un nouvel article sans rien de notable.")
    corrupt(clean_build, NEW_ACTOR)

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


# --- per-article plausibility: the article is held back, the build passes -------------------


def held_rows(settings: Settings) -> list[tuple]:
    with db.reader(settings.build_path) as con:
        return con.execute(
            "select article_key, source_file, rule, value, run_id from audit.quarantined_articles order by all"
        ).fetchall()


def article_rows(settings: Settings, key: str) -> dict[str, int]:
    """Rows of each mart keyed by article that belong to this article."""
    with db.reader(settings.build_path) as con:
        tables = [t for (t,) in con.execute(
            "select distinct table_name from information_schema.columns "
            "where table_schema = 'marts' and column_name = 'article_key'").fetchall()]
        return {t: con.execute(f"select count(*) from marts.{t} where article_key = ?", [key]).fetchone()[0]
                for t in tables}


@pytest.mark.parametrize(
    ("statement", "rule", "value"),
    [
        (f"update marts.dim_article set published_date = current_date + 40 where article_key = '{ART_TRUMP}'",
         "published_in_the_future", None),
        (f"update marts.dim_article set published_date = date '1500-06-01' where article_key = '{ART_TRUMP}'",
         "published_before_the_french_press", "1500-06-01"),
        (f"update marts.fct_incident set incident_date = date '0201-01-07' where article_key = '{ART_TRUMP}'",
         "incident_before_year_1000", "0201-01-07"),
        (f"update marts.fct_incident set incident_date = date '2041-01-07' where article_key = '{ART_TRUMP}'",
         "incident_over_ten_years_ahead", "2041-01-07"),
        ("update marts.fct_monetary_figure set amount = 5e18, amount_eur = 4e18, amount_usd = 5e18 "
         f"where article_key = '{ART_TRUMP}'", "amount_no_one_could_pay", None),
        (f"update marts.fct_quantity set value = 88e9 where article_key = '{ART_TRUMP}'",
         "more_people_than_humanity", "88000000000.0"),
    ],
)
def test_an_implausible_article_is_held_back_and_the_rest_passes(
    clean_build: Settings, statement: str, rule: str, value: str | None
) -> None:
    corrupt(clean_build, statement)

    outcome = validate_build(clean_build, "run-held")

    assert outcome.failures == [] and outcome.success
    assert outcome.held_articles == 1
    rows = held_rows(clean_build)
    assert {key for key, *_ in rows} == {ART_TRUMP}
    # A misread publication date may trip a second rule too (a 2021 incident is then "ahead").
    [(source, held_value, run_id)] = [(s, v, r) for _, s, held_rule, v, r in rows if held_rule == rule]
    assert (source, run_id) == (f"{ART_TRUMP}.txt", "run-held")
    assert value is None or held_value == value
    assert set(article_rows(clean_build, ART_TRUMP).values()) == {0}, "all its facts are held back"
    assert all(n > 0 for t, n in article_rows(clean_build, ART_META).items() if t != "fct_quantity")


def test_history_is_plausible(clean_build: Settings) -> None:
    """1789 is a fine date for an event a 2021 article recalls: nothing is held."""
    corrupt(clean_build, f"update marts.fct_incident set incident_date = date '1789-07-14' where article_key = '{ART_TRUMP}'")

    outcome = validate_build(clean_build, "run-1")

    assert outcome.success and outcome.held_articles == 0, outcome.failures
    assert held_rows(clean_build) == []


def test_a_held_article_is_judged_again_on_every_validation(clean_build: Settings) -> None:
    published_counts(clean_build)
    corrupt(clean_build, f"update marts.fct_quantity set value = 88e9 where article_key = '{ART_TRUMP}'")

    first = validate_build(clean_build, "run-2")
    assert first.success and first.held_articles == 1, first.failures  # marts may shrink: newly held
    published_counts(clean_build)
    with db.reader(clean_build.build_path) as con:
        held_at = con.execute("select held_at from audit.quarantined_articles").fetchone()[0]

    # A retried validate task judges the same build again: still held (its rows are gone).
    retried = validate_build(clean_build, "run-2")
    assert retried.success and retried.held_articles == 1, retried.failures
    assert held_rows(clean_build) == [(ART_TRUMP, f"{ART_TRUMP}.txt", "more_people_than_humanity", "88000000000.0", "run-2")]

    # The next dbt build writes the held article again: judged again, still held, since the same moment.
    write_back = [
        f"insert into marts.dim_article ({ARTICLE_COLUMNS}) values ("
        f"'{ART_TRUMP}', '{ART_TRUMP}.txt', 'Titre', ?, '2021-01-08', 'day', 'fr', '{sha256(BODY_TRUMP)}')",
    ]
    with db.writer(clean_build) as con:
        con.execute(write_back[0], [BODY_TRUMP])
        con.execute("insert into marts.fct_quantity (quantity_key, article_key, value, unit, subject_actor_key, "
                    "subject_platform_key, surface_text, char_start, char_end) select md5('again'), "
                    f"'{ART_TRUMP}', 88e9, 'followers', null, null, substring(?, 1, 3), 0, 3", [BODY_TRUMP])
    again = validate_build(clean_build, "run-3")
    assert again.success and again.held_articles == 1, again.failures
    with db.reader(clean_build.build_path) as con:
        assert con.execute("select held_at, run_id from audit.quarantined_articles").fetchone() == (held_at, "run-3")

    # A build where it is plausible (a fixed extractor, a changed rule) releases it, keys unchanged.
    with db.writer(clean_build) as con:
        con.execute(write_back[0], [BODY_TRUMP])
    released = validate_build(clean_build, "run-4")
    assert released.success and released.held_articles == 0 and held_rows(clean_build) == [], released.failures


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def test_data_docs_keep_the_latest_results_of_each_suite(
    clean_build: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The site renders a bounded number of results whatever the number of runs before it."""
    monkeypatch.setattr(gate, "DATA_DOCS_RESULTS_PER_SUITE", 1)
    for run in ("run-1", "run-2"):
        validate_build(clean_build, run)
    site = clean_build.docs_dir / "gx" / "gx" / "uncommitted"
    results = sorted(path.relative_to(site / "validations").parts[0] for path in (site / "validations").rglob("*.json"))
    pages = sorted(
        path.relative_to(site / "data_docs" / "local_site" / "validations").parts[0]
        for path in (site / "data_docs" / "local_site" / "validations").rglob("*.html")
    )
    assert results == pages  # one per suite: the second run's, and no page of the first's
    assert len(results) == len(set(results)) > 0
