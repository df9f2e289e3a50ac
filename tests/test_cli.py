"""The analyst CLI, run as the installed console script against a tiny warehouse in tmp_path."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from news_warehouse import db

CLI = Path(sys.executable).parent / "news-warehouse"


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(CLI), *args], capture_output=True, text=True, timeout=60,
                          env={**os.environ, **(env or {})})


@pytest.fixture()
def warehouse(tmp_path: Path) -> Path:
    """A published-like file: two marts tables, comments, and audit.landed_files."""
    path = tmp_path / "news.duckdb"
    with duckdb.connect(str(path)) as con:
        con.execute("""
            create schema marts;
            create schema audit;
            create table marts.dim_actor (actor_key varchar, canonical_name varchar, actor_type varchar);
            insert into marts.dim_actor values ('a1', 'Donald Trump', 'person'),
                ('a2', 'Une organisation au nom vraiment beaucoup trop long', 'organisation');
            comment on table marts.dim_actor is 'Resolved real-world actor';
            comment on column marts.dim_actor.actor_key is 'md5 of the normalised name';
            create table marts.fct_quantity (article_key varchar, value double, unit varchar);
            insert into marts.fct_quantity values ('k', 41700000, 'followers'), ('k', 13, 'people'),
                ('k', 1823, 'tweets');
            create table audit.landed_files (source_file varchar, content_sha256 varchar, status varchar,
                reason varchar, first_seen_at timestamp);
            insert into audit.landed_files values
                ('a.txt', 'h1', 'ingested', null, now()),
                ('copy/a.txt', 'h1', 'duplicate', 'same content as a.txt', now()),
                ('photo.jpg', 'h2', 'quarantined', 'binary content', now());
        """)
    return path


def test_sql_prints_an_aligned_table_with_cut_cells(warehouse: Path) -> None:
    result = run("sql", "select canonical_name, actor_key from marts.dim_actor order by 2",
                 "--warehouse", str(warehouse), "--max-width", "20")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["canonical_name", "actor_key"]
    assert lines[2].startswith("Donald Trump          a1")
    assert "Une organisation au…" in lines[3] and "trop long" not in result.stdout
    assert lines[-1] == "(2 rows)"


def test_sql_right_aligns_numbers_and_caps_rows(warehouse: Path) -> None:
    result = run("sql", "select value, unit from marts.fct_quantity order by value desc",
                 "--warehouse", str(warehouse), "--max-rows", "2")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[2].startswith("41700000.0") and lines[3].startswith("    1823.0")
    assert len(lines) == 5 and "3 rows, first 2 shown" in lines[-1]


def test_default_warehouse_comes_from_the_environment(warehouse: Path) -> None:
    result = run("sql", "select count(*) as n from marts.dim_actor", env={"NEWS_WAREHOUSE_PATH": str(warehouse)})
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[2].strip() == "2"


def test_sql_exports_csv_and_parquet(warehouse: Path, tmp_path: Path) -> None:
    csv, parquet = tmp_path / "out.csv", tmp_path / "out.parquet"
    result = run("sql", "select * from marts.fct_quantity order by value;", "--warehouse", str(warehouse),
                 "--csv", str(csv), "--parquet", str(parquet))
    assert result.returncode == 0, result.stderr
    assert f"wrote 3 rows to {csv}" in result.stdout
    assert csv.read_text().splitlines() == ["article_key,value,unit", "k,13.0,people", "k,1823.0,tweets",
                                            "k,41700000.0,followers"]
    with duckdb.connect() as con:
        assert con.sql(f"select unit from read_parquet('{parquet}') order by value").fetchall() == [
            ("people",), ("tweets",), ("followers",)]


@pytest.mark.parametrize(
    ("query", "message", "hint"),
    [
        ("select * from dim_actr", "Table with name dim_actr does not exist", "marts.dim_actor"),
        ("select nme from marts.dim_actor", 'column "nme" not found', "hint:"),
        ("select * from mart.dim_actor", 'schema "mart" does not exist', "did you mean marts?"),
        ("selec 1", "syntax error", "LINE 1: selec 1"),
        ("create table marts.x (a int)", "read-only", "read-only"),
    ],
)
def test_user_errors_are_one_line_and_a_hint(warehouse: Path, query: str, message: str, hint: str) -> None:
    result = run("sql", query, "--warehouse", str(warehouse))
    assert result.returncode == 2
    assert result.stderr.startswith("error: ") and message in result.stderr.splitlines()[0]
    assert result.stderr.splitlines()[1].startswith("hint: ") and hint in result.stderr
    assert "Traceback" not in result.stderr


def test_write_attempt_leaves_the_warehouse_untouched(warehouse: Path) -> None:
    run("sql", "create table marts.x (a int)", "--warehouse", str(warehouse))
    with duckdb.connect(str(warehouse), read_only=True) as con:
        assert con.sql("select count(*) from duckdb_tables() where table_name = 'x'").fetchall() == [(0,)]


def test_missing_warehouse_says_to_run_make_run(tmp_path: Path) -> None:
    result = run("tables", "--warehouse", str(tmp_path / "nope.duckdb"))
    assert result.returncode == 2
    assert "no warehouse at" in result.stderr and "make run" in result.stderr


def test_not_a_duckdb_file_is_a_user_error(tmp_path: Path) -> None:
    path = tmp_path / "news.duckdb"
    path.write_text("not a database")
    result = run("sql", "select 1", "--warehouse", str(path))
    assert result.returncode == 2 and "Traceback" not in result.stderr


def test_locked_warehouse_waits_for_the_lock_then_gives_up(warehouse: Path) -> None:
    with duckdb.connect(str(warehouse)):  # a writer holding DuckDB's lock, as a running publish would
        started = time.monotonic()
        result = run("sql", "select 1", "--warehouse", str(warehouse), "--lock-timeout", "1")
        assert time.monotonic() - started >= 1
    assert result.returncode == 2
    assert "locked" in result.stderr and "try again" in result.stderr


def test_locked_warehouse_is_read_once_the_lock_is_released(warehouse: Path) -> None:
    writer = duckdb.connect(str(warehouse))
    process = subprocess.Popen([str(CLI), "sql", "select count(*) as n from marts.dim_actor", "--warehouse",
                                str(warehouse), "--lock-timeout", "30"], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    time.sleep(1.5)
    writer.close()
    stdout, stderr = process.communicate(timeout=60)
    assert process.returncode == 0, stderr
    assert stdout.splitlines()[2].strip() == "2"


def test_tables_lists_columns_with_descriptions(warehouse: Path) -> None:
    result = run("tables", "--warehouse", str(warehouse), "--schema", "marts")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "marts.dim_actor (table): Resolved real-world actor" in out
    assert any(line.split()[:2] == ["actor_key", "VARCHAR"] and "md5 of the normalised name" in line
               for line in out.splitlines())
    assert "marts.fct_quantity (table)" in out and "audit.landed_files" not in out


def test_tables_with_unknown_schema_is_a_user_error(warehouse: Path) -> None:
    result = run("tables", "--warehouse", str(warehouse), "--schema", "nope")
    assert result.returncode == 2 and "no tables in schema 'nope'" in result.stderr


def test_summary_counts_marts_and_lists_quarantined_files(warehouse: Path) -> None:
    result = run("summary", "--warehouse", str(warehouse))
    assert result.returncode == 0, result.stderr
    rows = {line.split()[0]: line.split()[-1] for line in result.stdout.splitlines() if line.strip()}
    assert rows["dim_actor"] == "2" and rows["fct_quantity"] == "3"
    assert "landed files: 1 duplicate, 1 ingested, 1 quarantined" in result.stdout
    assert any(line.split() == ["photo.jpg", "binary", "content"] for line in result.stdout.splitlines())


def test_summary_without_marts_is_a_user_error(tmp_path: Path) -> None:
    path = tmp_path / "empty.duckdb"
    duckdb.connect(str(path)).close()
    result = run("summary", "--warehouse", str(path))
    assert result.returncode == 2 and "make run" in result.stderr


def test_evaluate_scores_the_marts_against_a_gold_file(tmp_path: Path) -> None:
    path = tmp_path / "news.duckdb"
    with duckdb.connect(str(path)) as con:
        con.execute("""
            create schema marts;
            create table marts.dim_article as select 'k1' article_key, 'a.txt' source_file,
                date '2020-05-04' published_date, 'day' published_precision;
            create table marts.dim_actor as select 'a1' actor_key, 'Donald Trump' canonical_name;
            create table marts.dim_platform (platform_key varchar, platform_name varchar);
            create table marts.fct_actor_mention as select 'k1' article_key, 'a1' actor_key, 0 char_start;
            create table marts.fct_platform_mention (article_key varchar, platform_key varchar, char_start int);
            create table marts.fct_monetary_figure (article_key varchar, amount decimal(18, 2),
                currency_code varchar, is_approximate boolean, char_start int);
            create table marts.fct_quantity (article_key varchar, value double, unit varchar, char_start int);
            create table marts.fct_incident (incident_key varchar, article_key varchar, incident_type varchar,
                incident_date date, incident_date_precision varchar, char_start int);
            create table marts.bridge_incident_actor (incident_key varchar, actor_key varchar);
            create table marts.bridge_incident_platform (incident_key varchar, platform_key varchar);
        """)
    gold = tmp_path / "gold.json"
    gold.write_text(json.dumps({"articles": [{
        "source_file": "a.txt", "published": {"value": "2020-05", "precision": "month"},
        "actors": [{"name": "Donald Trump", "aliases": ["Trump"]}], "platforms": ["Twitter"],
    }]}))
    result = run("evaluate", "--warehouse", str(path), "--gold", str(gold))
    assert result.returncode == 0, result.stderr
    table = {line.split()[0]: line.split()[1:] for line in result.stdout.splitlines()[2:7]}
    assert table["actors"] == ["1", "0", "0", "1.000", "1.000", "1.000"]
    assert table["platforms"][:3] == ["0", "0", "1"]
    assert 'platform "Twitter"' in result.stdout
    assert "published dates right: 1/1" in result.stdout


def test_evaluate_on_a_warehouse_without_marts_is_a_user_error(warehouse: Path, tmp_path: Path) -> None:
    result = run("evaluate", "--warehouse", str(warehouse))
    assert result.returncode == 2 and "make run" in result.stderr and "Traceback" not in result.stderr


def test_evaluate_with_missing_gold_is_a_user_error(warehouse: Path, tmp_path: Path) -> None:
    result = run("evaluate", "--warehouse", str(warehouse), "--gold", str(tmp_path / "none.json"))
    assert result.returncode == 2 and "no gold file" in result.stderr


def test_held_lists_the_articles_held_back_and_why(warehouse: Path) -> None:
    assert "articles held back by a plausibility rule: 0" in run("held", "--warehouse", str(warehouse)).stdout
    with duckdb.connect(str(warehouse)) as con:
        con.execute(db.RAW_DDL)  # the audit of held articles, as the pipeline defines it
        con.execute("insert into audit.quarantined_articles values ('k1', 'futur.txt', 'published_in_the_future', "
                    "'2031-03-03', 'a future date line is misread', 'run-1', now())")

    held = run("held", "--warehouse", str(warehouse), "--max-width", "80")
    summary = run("summary", "--warehouse", str(warehouse))

    assert held.returncode == 0, held.stderr
    assert "articles held back by a plausibility rule: 1" in held.stdout
    assert any(line.split()[:4] == ["futur.txt", "k1", "published_in_the_future", "2031-03-03"]
               for line in held.stdout.splitlines())
    assert "a future date line is misread" in held.stdout
    assert "articles held back by a plausibility rule: 1 (their facts are not in the marts" in summary.stdout
