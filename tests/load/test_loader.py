"""The loader writes each article's facts exactly once, whatever retries or repeats happen."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

from news_warehouse.config import Settings
from news_warehouse.extract.batches import SUCCESS_MARKER, extraction_rows, write_rows
from news_warehouse.extract.records import ArticleExtraction, ActorMention, MonetaryFigure
from news_warehouse import db
from news_warehouse.ingest.store import ArticleRow, append_articles
from news_warehouse.load.loader import DuplicateRawKeys, IncompleteBatch, UnknownArticles, load_batches


def make_batch(settings: Settings, folder: Path, article_key: str, version: str = "test", mentions: int = 1) -> str:
    """A finished extraction batch holding one article with `mentions` mentions and one figure.

    The article is ingested first when raw.articles lacks it: the loader refuses rows of articles it does not know.
    """
    with db.writer(settings) as con:
        if not con.execute("select count(*) from raw.articles where article_key = ?", [article_key]).fetchall()[0][0]:
            append_articles(con, [ArticleRow(
                article_key, article_key * 4, f"{article_key}.txt", None, "Texte.", None, None, "fr", "text", "utf-8",
                datetime(2026, 1, 1), "run-0", None, None,
            )])
    extraction = ArticleExtraction(
        article_key=article_key,
        n_words=12,
        inferred_published_date=date(2022, 1, 6),
        inferred_published_precision="day",
        actor_mentions=[ActorMention("CNIL", "institution", "CNIL", 3, 7, "gazetteer")] * mentions,
        monetary_figures=[
            MonetaryFigure(Decimal("150000000"), "EUR", False, "150 millions d'euros", 20, 39)
        ],
    )
    folder.mkdir(parents=True)
    for table, rows in extraction_rows(extraction, "run-1", version).items():
        write_rows(folder / f"{table}.parquet", table, rows)
    (folder / SUCCESS_MARKER).write_text('{"articles": 1, "words": 12, "seconds": 0.1}')
    return str(folder)


def table_counts(settings: Settings) -> dict[str, int]:
    con = duckdb.connect(str(settings.build_path), read_only=True)
    try:
        return {
            t: con.execute(f"select count(*) from raw.{t}").fetchone()[0]
            for t in ("actor_mentions", "monetary_figures", "extracted_articles")
        }
    finally:
        con.close()


def test_loading_the_same_batches_twice_adds_nothing(settings: Settings, tmp_path: Path) -> None:
    batches = [make_batch(settings, tmp_path / "b0", "a" * 16), make_batch(settings, tmp_path / "b1", "b" * 16)]
    first = load_batches(settings, batches)
    assert first.articles == 2 and first.rows["monetary_figures"] == 2
    once = table_counts(settings)
    again = load_batches(settings, batches)
    assert again.articles == 0 and again.total_rows == 0
    assert table_counts(settings) == once == {"actor_mentions": 2, "monetary_figures": 2, "extracted_articles": 2}


def test_amounts_keep_their_exact_decimal_value(settings: Settings, tmp_path: Path) -> None:
    load_batches(settings, [make_batch(settings, tmp_path / "b0", "c" * 16)])
    con = duckdb.connect(str(settings.build_path), read_only=True)
    try:
        amount = con.execute("select amount from raw.monetary_figures").fetchone()[0]
    finally:
        con.close()
    assert amount == Decimal("150000000.00")


def test_an_unfinished_batch_is_refused(settings: Settings, tmp_path: Path) -> None:
    batch = make_batch(settings, tmp_path / "b0", "d" * 16)
    (Path(batch) / SUCCESS_MARKER).unlink()
    with pytest.raises(IncompleteBatch):
        load_batches(settings, [batch])
    assert not settings.build_path.exists() or table_counts(settings)["extracted_articles"] == 0


def test_a_new_extractor_version_replaces_an_articles_rows(settings: Settings, tmp_path: Path) -> None:
    load_batches(settings, [make_batch(settings, tmp_path / "old", "e" * 16, version="1", mentions=3)])
    assert table_counts(settings)["actor_mentions"] == 3
    upgraded = make_batch(settings, tmp_path / "new", "e" * 16, version="2", mentions=1)
    report = load_batches(settings, [upgraded])
    assert (report.articles, report.replaced) == (1, 1)
    assert table_counts(settings) == {"actor_mentions": 1, "monetary_figures": 1, "extracted_articles": 1}
    assert load_batches(settings, [upgraded]).articles == 0  # a retried load changes nothing
    con = duckdb.connect(str(settings.build_path), read_only=True)
    try:
        assert con.execute("select extractor_version from raw.extracted_articles").fetchall() == [("2",)]
    finally:
        con.close()


def test_two_batches_of_one_article_are_refused_and_nothing_is_loaded(settings: Settings, tmp_path: Path) -> None:
    """The raw tables hold no key index (db.RAW_KEYS): the loader checks the keys it writes."""
    load_batches(settings, [make_batch(settings, tmp_path / "before", "f" * 16)])
    twice = [make_batch(settings, tmp_path / "b0", "a" * 16), make_batch(settings, tmp_path / "b1", "a" * 16)]
    with pytest.raises(DuplicateRawKeys, match=r"raw\.actor_mentions: several rows for one \(article_key, mention_id\)"):
        load_batches(settings, twice)
    assert table_counts(settings) == {"actor_mentions": 1, "monetary_figures": 1, "extracted_articles": 1}


# raw.incidents as versions before db.RAW_KEYS created it, with a PRIMARY KEY (an index DuckDB
# writes whole at every checkpoint after a change).
KEYED_INCIDENTS_DDL = """
create schema raw;
create table raw.incidents (
    article_key varchar not null, incident_id integer not null, incident_type varchar not null,
    incident_date date, incident_date_precision varchar, evidence_text varchar not null,
    char_start integer not null, char_end integer not null, trigger_text varchar,
    primary key (article_key, incident_id)
);
insert into raw.incidents values ('a', 1, 'fine', date '2024-05-02', 'day', 'amende', 0, 6, 'amende');
"""


def older_build_file(settings: Settings, ddl: str) -> None:
    """A build file as an older version of the pipeline left it, before any writer of this one opens it."""
    settings.build_path.parent.mkdir(parents=True)
    con = duckdb.connect(str(settings.build_path))
    con.execute(ddl)
    con.close()


def test_a_raw_table_with_a_key_index_is_rebuilt_without_it_keeping_its_rows(settings: Settings) -> None:
    older_build_file(settings, KEYED_INCIDENTS_DDL)
    with db.writer(settings) as con:
        keyed = con.execute("select count(*) from duckdb_constraints() where constraint_type = 'PRIMARY KEY'").fetchone()[0]
        rows = con.execute("select * exclude (article_seq) from raw.incidents").fetchall()
        tables = con.execute("select table_name from duckdb_tables() where schema_name = 'raw' and table_name like '%keyed'").fetchall()
    assert keyed == 0 and tables == []
    assert rows == [("a", 1, "fine", date(2024, 5, 2), "day", "amende", 0, 6, "amende")]
    with db.writer(settings) as con:  # once: the next writer finds nothing to rebuild
        assert db.drop_raw_key_indexes(con) == []


def test_rows_of_an_article_raw_articles_lacks_are_refused_and_nothing_is_loaded(settings: Settings, tmp_path: Path) -> None:
    batch = make_batch(settings, tmp_path / "b0", "a" * 16)
    with db.writer(settings) as con:
        con.execute("delete from raw.articles")
    with pytest.raises(UnknownArticles, match="aaaaaaaaaaaaaaaa"):
        load_batches(settings, [batch])
    assert table_counts(settings) == {"actor_mentions": 0, "monetary_figures": 0, "extracted_articles": 0}


def test_loaded_rows_carry_their_articles_number(settings: Settings, tmp_path: Path) -> None:
    load_batches(settings, [make_batch(settings, tmp_path / "b0", "a" * 16), make_batch(settings, tmp_path / "b1", "b" * 16)])
    with db.writer(settings) as con:
        numbers = con.execute(
            "select m.article_key, m.article_seq = a.article_seq from raw.actor_mentions m "
            "join raw.articles a using (article_key) order by all"
        ).fetchall()
    assert numbers == [("a" * 16, True), ("b" * 16, True)]


OLD_RAW_DDL = """
create schema raw;
create table raw.articles (
    article_key varchar not null, content_sha256 varchar not null, source_file varchar not null, title varchar,
    body varchar not null, published_date date, published_precision varchar, language varchar,
    source_format varchar, detected_encoding varchar, ingested_at timestamp not null, run_id varchar not null
);
insert into raw.articles (article_key, content_sha256, source_file, body, ingested_at, run_id) values
    ('b', 'b', 'b.txt', 'B', timestamp '2024-01-01 10:00', 'r1'),
    ('a', 'a', 'a.txt', 'A', timestamp '2024-01-01 10:00', 'r1'),
    ('c', 'c', 'c.txt', 'C', timestamp '2023-12-31 09:00', 'r0');
create table raw.incident_actors (
    article_key varchar not null, incident_id integer not null, canonical_name varchar not null, role varchar not null
);
insert into raw.incident_actors values ('a', 1, 'CNIL', 'authority'), ('c', 1, 'Meta', 'target');
"""


def test_a_warehouse_from_before_article_numbers_is_numbered_in_ingestion_order_once(settings: Settings) -> None:
    older_build_file(settings, OLD_RAW_DDL)
    with db.writer(settings) as con:
        articles = con.execute("select article_key, article_seq from raw.articles order by article_seq").fetchall()
        actors = con.execute("select article_key, article_seq from raw.incident_actors order by all").fetchall()
        assert db.number_articles(con) == 0  # once: nothing left to number
    assert articles == [("c", 1), ("a", 2), ("b", 3)]
    assert actors == [("a", 2), ("c", 1)]
