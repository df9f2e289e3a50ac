"""Re-runs change nothing, new files add exactly their rows, and readers never block a run."""

from __future__ import annotations

import duckdb
import pytest

from news_warehouse.db import reader
from tests.e2e.conftest import SEEDS, new_world
from tests.support import reliability

pytestmark = [pytest.mark.slow, pytest.mark.scenario]

# Written for this test: a real event (the CNIL's January 2022 cookie fines).
NEW_ARTICLE = """La CNIL inflige une amende record à Google

La Commission nationale de l'informatique et des libertés (CNIL) a infligé jeudi 6 janvier 2022 une amende de 150 millions d'euros à Google pour ses pratiques en matière de cookies sur YouTube et sur son moteur de recherche.

Selon le régulateur, refuser les cookies demandait plusieurs clics alors qu'un seul suffisait pour les accepter. Facebook a écopé le même jour d'une amende de 60 millions d'euros pour des raisons similaires.

Google dispose de trois mois pour modifier ses pratiques, sous peine d'une astreinte de 100 000 euros par jour de retard.
"""


def test_rerun_is_a_noop_and_a_new_file_adds_only_its_rows(tmp_path, seeds_reference) -> None:  # noqa: ANN001
    world = new_world(tmp_path)
    world.run()
    assert world.checksums() == seeds_reference
    with reader(world.warehouse) as con:
        landed_before = con.execute("select count(*) from audit.landed_files").fetchone()[0]

    # An analyst keeps the published warehouse open for the whole second run.
    analyst = duckdb.connect(str(world.warehouse), read_only=True)
    try:
        seen_before = analyst.execute("select count(*) from marts.dim_article").fetchone()[0]
        world.run()
        assert analyst.execute("select count(*) from marts.dim_article").fetchone()[0] == seen_before
    finally:
        analyst.close()
    assert world.checksums() == seeds_reference
    with reader(world.warehouse) as con:
        assert con.execute("select count(*) from audit.landed_files").fetchone()[0] == landed_before

    (world.landing / "nouvel_article.txt").write_text(NEW_ARTICLE, encoding="utf-8")
    world.run()
    after = world.checksums()
    assert after["dim_article"][0] == seeds_reference["dim_article"][0] + 1
    with reader(world.warehouse) as con:
        new_key = con.execute(
            "select article_key from marts.dim_article where source_file = 'nouvel_article.txt'"
        ).fetchone()[0]
        old_mentions = con.execute(
            "select count(*) from marts.fct_actor_mention where article_key <> ?", [new_key]
        ).fetchone()[0]
        money = con.execute(
            "select amount, currency_code from marts.fct_monetary_figure where article_key = ?",
            [new_key],
        ).fetchall()
    assert old_mentions == seeds_reference["fct_actor_mention"][0]
    assert (150_000_000, "EUR") in [(int(a), c) for a, c in money]


def test_arrival_order_changes_no_key_and_no_fact(tmp_path, seeds_reference) -> None:  # noqa: ANN001
    outcome = reliability.arrival_in_waves(tmp_path, SEEDS, seeds_reference)
    assert outcome.ok, outcome
