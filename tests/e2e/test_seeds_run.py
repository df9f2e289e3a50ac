"""A full DAG run over the five seed articles fills every mart (CONTRACT tables included), consistently."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from news_warehouse.airflow_local import DAG_ID
from news_warehouse.db import reader
from news_warehouse.tasks import build_docs_site
from news_warehouse.transform.fingerprint import code_fingerprint
from tests.dbt.dbt_harness import marts_columns
from tests.support.reliability import World

pytestmark = pytest.mark.slow


def test_every_mart_has_its_declared_columns_and_rows(seeds_run: World) -> None:
    """The published marts are the ones dbt declares (its manifest), each with its columns and rows."""
    with reader(seeds_run.warehouse) as con:
        for table, columns in marts_columns().items():
            present = [
                row[0]
                for row in con.execute(
                    "select column_name from information_schema.columns "
                    "where table_schema = 'marts' and table_name = ? order by ordinal_position",
                    [table],
                ).fetchall()
            ]
            assert present == columns, table
            assert con.execute(f"select count(*) from marts.{table}").fetchone()[0] > 0, table


def test_every_fact_points_at_its_own_words(seeds_run: World) -> None:
    text_column = {"fct_incident": "evidence_text"}
    offset_facts = [table for table, columns in marts_columns().items() if "char_start" in columns]
    assert len(offset_facts) >= 6
    with reader(seeds_run.warehouse) as con:
        for table in offset_facts:
            column = text_column.get(table, "surface_text")
            mismatches = con.execute(
                f"select count(*) from marts.{table} f join marts.dim_article a using (article_key) "
                f"where substring(a.body, f.char_start + 1, f.char_end - f.char_start) <> f.{column}"
            ).fetchone()[0]
            assert mismatches == 0, table


def test_audit_accounts_for_every_landed_file(seeds_run: World) -> None:
    landed = sorted(p.name for p in seeds_run.landing.iterdir())
    with reader(seeds_run.warehouse) as con:
        rows = con.execute("select source_file, status from audit.landed_files order by 1").fetchall()
        runs = con.execute(
            "select success, published, expectations_evaluated from audit.validation_runs"
        ).fetchall()
    assert [r[0] for r in rows] == landed
    assert {r[1] for r in rows} == {"ingested"}
    assert runs and runs[-1][0] and runs[-1][1] and runs[-1][2] > 0


def test_money_is_normalised_to_euros_and_dollars(seeds_run: World) -> None:
    with reader(seeds_run.warehouse) as con:
        rows = con.execute(
            "select amount, currency_code, amount_eur, amount_usd, amount_eur_missing_reason "
            "from marts.fct_monetary_figure"
        ).fetchall()
    assert rows and any(eur is not None for _, _, eur, _, _ in rows)
    for amount, currency, eur, usd, missing_reason in rows:
        if eur is None:  # a currency the ECB did not quote then: no amounts, a reason
            assert usd is None and missing_reason, (amount, currency)
            continue
        assert eur > 0 and usd > 0 and missing_reason is None
        if currency == "EUR":
            assert eur == amount


def test_docs_sites_are_built(seeds_run: World) -> None:
    docs = seeds_run.settings.docs_dir
    page = docs / "dbt" / "index.html"
    assert page.exists() and "fct_incident" in page.read_text(errors="replace")
    assert any((docs / "gx").rglob("index.html"))


def test_the_dbt_docs_page_is_generated_again_only_when_the_project_changed(seeds_run: World) -> None:
    """The page holds no data: a publish with the same code keeps it (no dbt invocation), one with
    another code fingerprint writes it again."""
    page = seeds_run.settings.docs_dir / "dbt" / "index.html"
    fingerprint = code_fingerprint(seeds_run.settings)
    written = page.stat().st_mtime_ns
    build_docs_site(seeds_run.settings, fingerprint)
    assert page.stat().st_mtime_ns == written
    build_docs_site(seeds_run.settings, "another project")
    assert page.stat().st_mtime_ns > written
    build_docs_site(seeds_run.settings, fingerprint)  # back to the run's, for the other tests
    assert "fct_incident" in page.read_text(errors="replace")


def test_the_report_task_builds_the_report_with_a_page_per_article(seeds_run: World) -> None:
    report = seeds_run.settings.report_dir
    with reader(seeds_run.warehouse) as con:
        keys = {key for (key,) in con.execute("select article_key from marts.dim_article").fetchall()}
    assert keys and (report / "index.html").is_file() and (report / "assets" / "vega-bundle.js").is_file()
    assert {page.stem for page in (report / "articles").glob("*.html")} == keys
    assert task_states(seeds_run.root / "airflow")["report"] == "success"
    record = json.loads((report / "report-build.json").read_text())
    assert record["transform_code"] == code_fingerprint(seeds_run.settings) and record["marts_built_at"]


def test_stage_timings_recorded(seeds_run: World) -> None:
    with reader(seeds_run.settings.build_path) as con:
        stages = {
            stage: (rows_in, peak_mb)
            for stage, rows_in, peak_mb in con.execute(
                "select stage, rows_in, peak_rss_mb from audit.stage_runs"
            ).fetchall()
        }
    assert {"ingest", "extract", "load", "dbt", "validate", "publish", "report"} <= set(stages)
    articles, extract_peak_mb = stages["extract"]
    assert articles == 5
    assert extract_peak_mb > 200, "the extract row carries the batches' memory, spaCy model included"


def test_extraction_meets_targets_on_the_seeds(seeds_run: World) -> None:
    from news_warehouse.config import PROJECT_ROOT
    from news_warehouse.evaluate import predictions_from_warehouse, score

    gold = json.loads((PROJECT_ROOT / "tests" / "gold" / "seeds.gold.json").read_text())
    report = score(gold, predictions_from_warehouse(seeds_run.warehouse))
    print(report.format())
    assert report.scores["actors"].f1 >= 0.90
    assert report.scores["platforms"].f1 >= 0.95
    assert report.scores["monetary_figures"].f1 == 1.0
    assert report.scores["quantities"].f1 >= 0.90
    assert report.scores["incidents"].f1 >= 0.75
    assert report.incident_date_accuracy >= 0.80


def task_states(airflow_home: Path) -> dict[str, str]:
    """{task_id: state} of the newest run of the DAG, from its metadata DB."""
    con = sqlite3.connect(airflow_home / "airflow.db")
    try:
        return dict(con.execute(
            "select task_id, state from task_instance where run_id = "
            "(select run_id from dag_run where dag_id = ? order by id desc limit 1) and map_index = -1",
            (DAG_ID,),
        ).fetchall())
    finally:
        con.close()
