"""Re-runs change nothing, new files add exactly their rows, and readers never block a run."""

from __future__ import annotations

import shutil

import duckdb
import pytest

from news_warehouse.checksums import mart_checksums
from news_warehouse.db import reader
from tests.e2e.conftest import SEEDS, new_deployment

pytestmark = pytest.mark.slow

# Written for this test: a real event (the CNIL's 2022 fine against Google over cookies).
NEW_ARTICLE = """La CNIL inflige une amende record à Google

La Commission nationale de l'informatique et des libertés (CNIL) a infligé jeudi 6 janvier 2022 une amende de 150 millions d'euros à Google pour ses pratiques en matière de cookies sur YouTube et sur son moteur de recherche.

Selon le régulateur, refuser les cookies demandait plusieurs clics alors qu'un seul suffisait pour les accepter. Facebook a écopé le même jour d'une amende de 60 millions d'euros pour des raisons similaires.

Google dispose de trois mois pour modifier ses pratiques, sous peine d'une astreinte de 100 000 euros par jour de retard.
"""


def counts(path) -> dict[str, int]:  # noqa: ANN001
    return {table: rows for table, (rows, _) in mart_checksums(path).items()}


def test_rerun_is_a_noop_and_a_new_file_adds_only_its_rows(tmp_path) -> None:  # noqa: ANN001
    world = new_deployment(tmp_path)
    world.run()
    first = mart_checksums(world.warehouse)
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
    assert mart_checksums(world.warehouse) == first
    with reader(world.warehouse) as con:
        assert con.execute("select count(*) from audit.landed_files").fetchone()[0] == landed_before

    (world.landing / "nouvel_article.txt").write_text(NEW_ARTICLE, encoding="utf-8")
    world.run()
    after = counts(world.warehouse)
    assert after["dim_article"] == first["dim_article"][0] + 1
    with reader(world.warehouse) as con:
        new_key = con.execute(
            "select article_key from marts.dim_article where source_file = 'nouvel_article.txt'"
        ).fetchone()[0]
        old_facts = con.execute(
            "select count(*) from marts.fct_actor_mention where article_key <> ?", [new_key]
        ).fetchone()[0]
        money = con.execute(
            "select amount, currency_code from marts.fct_monetary_figure where article_key = ? "
            "order by char_start",
            [new_key],
        ).fetchall()
    assert old_facts == first["fct_actor_mention"][0]
    assert (150_000_000, "EUR") in [(int(a), c) for a, c in money]


def test_arrival_order_changes_no_key_and_no_fact(tmp_path) -> None:  # noqa: ANN001
    all_at_once = new_deployment(tmp_path / "all_at_once")
    all_at_once.run()
    # The same articles arriving newest first, over two runs.
    in_two_waves = new_deployment(tmp_path / "in_two_waves", with_seeds=False)
    seeds = sorted(SEEDS.glob("*.txt"))
    for wave in (seeds[3:], seeds[:3]):
        for seed in wave:
            shutil.copy(seed, in_two_waves.landing / seed.name)
        in_two_waves.run()
    assert mart_checksums(in_two_waves.warehouse) == mart_checksums(all_at_once.warehouse)
