"""An extractor upgrade re-extracts every article through the DAG and leaves the marts consistent."""

from __future__ import annotations

import pytest

from news_warehouse import db
from news_warehouse.extract.version import EXTRACTOR_VERSION
from tests.dbt.dbt_harness import fact_tables
from tests.e2e.conftest import new_world

pytestmark = [pytest.mark.slow, pytest.mark.scenario]


def test_a_version_bump_reextracts_every_article_and_replaces_its_facts(tmp_path, seeds_reference) -> None:  # noqa: ANN001
    world = new_world(tmp_path)
    world.run()
    # As if the warehouse had been built by an older extractor: raw rows and facts say so.
    with db.writer(world.settings) as con:
        con.execute("update raw.extracted_articles set extractor_version = '0.0.0-old'")
        for fact in fact_tables():
            con.execute(f"update marts.{fact} set extractor_version = '0.0.0-old'")

    world.run()

    assert world.checksums() == seeds_reference  # same code, same articles: the same warehouse
    with db.reader(world.warehouse) as con:
        versions = con.execute("select distinct extractor_version from raw.extracted_articles").fetchall()
        fact_versions = {
            row[0]
            for fact in fact_tables()
            for row in con.execute(f"select distinct extractor_version from marts.{fact}").fetchall()
        }
        extracted = con.execute(
            "select rows_in from audit.stage_runs where stage = 'extract' order by started_at"
        ).fetchall()
    assert versions == [(EXTRACTOR_VERSION,)]
    assert fact_versions == {EXTRACTOR_VERSION}
    assert extracted == [(5,), (5,)]
