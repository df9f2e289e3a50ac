"""The delta the gate validates: which articles, and that validation reads only their rows.

Real DuckDB build files, real dbt manifest, real Great Expectations; the history is synthetic
rows written straight into the marts, as many as a test can afford, around a small delta.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import duckdb
import pytest
from tests.fixtures.marts import ART_META, ART_TRUMP

from news_warehouse import db
from news_warehouse.config import Settings
from news_warehouse.transform.fingerprint import code_fingerprint
from news_warehouse.validate import delta as delta_module
from news_warehouse.validate.delta import DELTA_TABLE, select_delta
from news_warehouse.validate.gate import validate_build
from news_warehouse.validate.row_counts import record_published_row_counts

DBT_STARTED = datetime(2026, 11, 1, 12, 0)
BEFORE, AFTER = DBT_STARTED - timedelta(hours=1), DBT_STARTED + timedelta(minutes=5)


def ingested(con: duckdb.DuckDBPyConnection, key: str, at: datetime) -> None:
    con.execute(
        "insert into raw.articles (article_key, content_sha256, source_file, body, ingested_at, run_id) "
        "values (?, ?, ?, 'corps', ?, 'run-ingest')",
        [key, key * 4, f"{key}.txt", at],
    )


def loaded(con: duckdb.DuckDBPyConnection, key: str, at: datetime) -> None:
    """An extraction of the article loaded at `at` (the loader stamps extracted_at when it loads)."""
    con.execute("delete from raw.extracted_articles where article_key = ?", [key])
    con.execute("insert into raw.extracted_articles values (?, '1.0', null, null, 10, ?, 'run-load', null)", [key, at])


def published(con: duckdb.DuckDBPyConnection, fingerprint: str, dbt_started: datetime | None = DBT_STARTED) -> None:
    """A publish whose dbt stage started at `dbt_started` (None: no dbt stage recorded)."""
    if dbt_started is not None:
        con.execute(
            "insert into audit.stage_runs values ('run-p', 'dbt', ?, ?, null, null, null)",
            [dbt_started, dbt_started + timedelta(seconds=30)],
        )
    con.execute("insert into audit.published_builds values ('run-p', ?, ?)", [DBT_STARTED + timedelta(minutes=1), fingerprint])


def delta_keys(con: duckdb.DuckDBPyConnection) -> set[str]:
    return {key for (key,) in con.execute(f"select article_key from {DELTA_TABLE}").fetchall()}


@pytest.fixture
def build(clean_build: Settings) -> duckdb.DuckDBPyConnection:
    """A writable connection to the clean build (its DDL includes the audit of held articles)."""
    with db.writer(clean_build) as con:
        yield con


def test_everything_is_the_delta_before_the_first_publish(build: duckdb.DuckDBPyConnection) -> None:
    ingested(build, "a" * 16, BEFORE)

    delta = select_delta(build, "code")

    assert (delta.scope, delta.articles) == ("all", 3)
    assert delta_keys(build) == {"a" * 16, ART_TRUMP, ART_META}


def test_the_delta_is_what_changed_since_the_published_build_was_made(build: duckdb.DuckDBPyConnection) -> None:
    old, new, reextracted, held, released = "a" * 16, "b" * 16, "c" * 16, "d" * 16, "e" * 16
    for key in (old, reextracted, held, released):
        ingested(build, key, BEFORE)
        loaded(build, key, BEFORE)
    ingested(build, new, AFTER)
    loaded(build, new, AFTER)
    loaded(build, reextracted, AFTER)  # a new extractor version's rows, loaded after the publish's dbt
    build.execute("insert into audit.quarantined_articles values (?, 'x', 'rule', '1', 'why', 'run-p', ?)", [held, BEFORE])
    published(build, "code")

    delta = select_delta(build, "code", released=frozenset({released}))

    assert delta.scope == "since the last publish" and "run-p" in delta.reason
    assert delta_keys(build) == {new, reextracted, held, released}


def test_an_article_loaded_while_the_published_run_ran_is_in_the_delta(build: duckdb.DuckDBPyConnection) -> None:
    """Ingested before the publish but after its dbt stage read the raw tables: never validated."""
    late = "a" * 16
    ingested(build, late, DBT_STARTED + timedelta(seconds=10))
    published(build, "code")

    select_delta(build, "code")

    assert delta_keys(build) == {late}


@pytest.mark.parametrize(
    ("fingerprint", "dbt_started", "why"),
    [("other code", DBT_STARTED, "changed since the last publish"), ("code", None, "no recorded dbt stage")],
)
def test_everything_is_the_delta_when_the_publish_cannot_vouch_for_the_history(
    build: duckdb.DuckDBPyConnection, fingerprint: str, dbt_started: datetime | None, why: str
) -> None:
    ingested(build, "a" * 16, BEFORE)
    published(build, fingerprint, dbt_started)

    delta = select_delta(build, "code")

    assert delta.scope == "all" and why in delta.reason
    assert delta_keys(build) == {"a" * 16, ART_TRUMP, ART_META}


def test_the_delta_is_cut_into_bounded_chunks(build: duckdb.DuckDBPyConnection, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(delta_module, "CHUNK_ARTICLES", 2)
    for key in "abc":
        ingested(build, key * 16, BEFORE)

    delta = select_delta(build, "code")

    sizes = [n for (n,) in build.execute(f"select count(*) from {DELTA_TABLE} group by chunk order by chunk").fetchall()]
    assert (delta.articles, delta.chunks, sizes) == (5, 3, [2, 2, 1])


# --- the gate on a large history and a small delta ---------------------------------------------

NEW_ARTICLES = 3
FIRST_NEW = "n" + "0" * 15  # keys: a prefix, then the number on 15 digits


def with_history(settings: Settings, articles: int) -> None:
    """`articles` synthetic articles, published, then NEW_ARTICLES arriving after the publish's dbt stage.

    Each article has two quantities and one monetary figure. The history's values are valid, so a
    gate that re-read it would still pass: the assertions are on what the gate read.
    """
    with db.writer(settings) as con:
        _articles(con, "h", articles, BEFORE)
        record_published_row_counts(con, "run-p")
        published(con, code_fingerprint(settings))
        _articles(con, "n", NEW_ARTICLES, AFTER)


def _articles(con: duckdb.DuckDBPyConnection, prefix: str, n: int, at: datetime) -> None:
    keys = f"select '{prefix}' || lpad(cast(i as varchar), 15, '0') as k, i from range({n}) t(i)"
    con.execute(
        "insert into raw.articles (article_key, content_sha256, source_file, body, ingested_at, run_id) "
        f"select k, k, k || '.txt', 'corps', ?, 'run' from ({keys})", [at]
    )
    db.number_articles(con)
    # the marts' rows carry their article's number, as dbt writes them
    keys = f"select k, i, article_seq as n from ({keys}) join raw.articles on article_key = k"
    con.execute(
        "insert into marts.dim_article (article_key, source_file, title, body, published_date, published_precision, "
        f"language, content_sha256, article_seq) select k, k || '.txt', 'Titre', 'corps', date '2021-01-08', 'day', 'fr', k, n "
        f"from ({keys})"
    )
    con.execute(
        "insert into marts.fct_quantity (quantity_key, article_key, value, unit, surface_text, char_start, char_end, "
        f"article_seq) select md5(k || q), k, 1000 + i, 'followers', 'corps', 0, 5, n from ({keys}), range(2) r(q)"
    )
    con.execute(
        "insert into marts.fct_monetary_figure (monetary_figure_key, article_key, amount, currency_code, is_approximate, "
        "amount_eur, amount_usd, surface_text, char_start, char_end, exchange_rate_year, article_seq) "
        f"select md5(k), k, 100, 'EUR', false, 100, 118.27, 'corps', 0, 5, 2021, n from ({keys})"
    )


def delta_rows(settings: Settings) -> int:
    """Rows of the new articles in the marts whose suites hold rules (the others are not run)."""
    with db.reader(settings.build_path) as con:
        return con.execute(
            "select (select count(*) from marts.fct_quantity where article_key like 'n%') "
            "+ (select count(*) from marts.fct_monetary_figure where article_key like 'n%')"
        ).fetchone()[0]


@pytest.mark.parametrize("history", [1_000, 20_000])
def test_validation_reads_the_delta_whatever_the_history(clean_build: Settings, history: int) -> None:
    with_history(clean_build, history)

    outcome = validate_build(clean_build, "run-2")

    assert outcome.success, outcome.failures
    assert outcome.delta_articles == NEW_ARTICLES
    assert outcome.rows_validated == delta_rows(clean_build) == NEW_ARTICLES * 3


def test_a_bad_row_in_the_delta_still_fails_the_run(clean_build: Settings) -> None:
    with_history(clean_build, 1_000)
    with db.writer(clean_build) as con:
        con.execute("update marts.fct_quantity set value = -1 where article_key = ?", [FIRST_NEW])

    outcome = validate_build(clean_build, "run-2")

    assert not outcome.success
    assert [f for f in outcome.failures if "expect_column_values_to_be_between(value)" in f and "-1" in f]


def test_an_implausible_article_of_the_delta_is_held_and_stays_held(clean_build: Settings) -> None:
    with_history(clean_build, 1_000)
    with db.writer(clean_build) as con:
        con.execute("update marts.fct_quantity set value = 9e10, unit = 'people' where article_key = ?", [FIRST_NEW])

    first = validate_build(clean_build, "run-2")
    with db.writer(clean_build) as con:  # run-2 is published; run-3 brings nothing new
        con.execute("insert into audit.stage_runs values ('run-2', 'dbt', ?, ?, null, null, null)", [AFTER, AFTER])
        con.execute("insert into audit.published_builds values ('run-2', ?, ?)", [AFTER, code_fingerprint(clean_build)])
    again = validate_build(clean_build, "run-3")

    assert first.success and first.held_articles == 1, first.failures
    assert again.success and again.held_articles == 1, again.failures
    assert again.delta_articles == 1  # the held article alone is judged again
    with db.reader(clean_build.build_path) as con:
        assert con.execute("select article_key, run_id from audit.quarantined_articles").fetchall() == [
            (FIRST_NEW, "run-3")
        ]
