"""Real DAG runs: an implausible article never jams the warehouse; a deterministic failure is not retried."""

from __future__ import annotations

import sqlite3

import pytest

from news_warehouse import cli
from news_warehouse.airflow_local import DAG_ID, DagRunFailed, run_pipeline_dag
from news_warehouse.db import reader
from tests.e2e.conftest import SEEDS, new_world
from tests.e2e.test_incremental_runs import NEW_ARTICLE

pytestmark = [pytest.mark.slow, pytest.mark.scenario]

# Written for this test; each trips one plausibility rule of expectations/plausibility/rules.json
# through the real ingestion and extraction (checked against what the extractor finds in them).
POISON = {
    "futur.txt": ("published_in_the_future", """Twitter suspend le compte d'un ministre

Publié le 3 mars 2031

Twitter a suspendu mardi le compte du ministre brésilien de la Communication, accusé de diffuser de fausses informations. Le réseau social a indiqué que la suspension durerait sept jours. Le ministre a dénoncé une censure et annoncé un recours devant la justice.
"""),
    "abonnes.txt": ("more_people_than_humanity", """Le compte le plus suivi du monde

Publié le 12 mai 2023

Selon un classement publié jeudi, le compte Instagram de Cristiano Ronaldo compterait désormais 90 milliards d'abonnés, un chiffre jamais atteint par aucune personnalité. Meta n'a pas commenté ce classement, que plusieurs spécialistes jugent fantaisiste.
"""),
    "amende.txt": ("amount_no_one_could_pay", """Une amende hors norme contre Meta

Publié le 22 mai 2023

La Commission irlandaise de protection des données a infligé lundi à Meta une amende de 1 200 000 milliards d'euros pour des transferts de données personnelles vers les États-Unis. Meta a annoncé faire appel de cette décision, qu'elle juge injustifiée.
"""),
}


def published_facts(world, keys: list[str]) -> dict[str, int]:  # noqa: ANN001
    """Rows of every published mart keyed by article that belong to these articles."""
    with reader(world.warehouse) as con:
        tables = [t for (t,) in con.execute(
            "select distinct c.table_name from information_schema.columns c "
            "join information_schema.tables t using (table_schema, table_name) "
            "where c.table_schema = 'marts' and c.column_name = 'article_key' and t.table_type = 'BASE TABLE'"
        ).fetchall()]
        marks = ", ".join("?" for _ in keys)
        return {t: con.execute(f"select count(*) from marts.{t} where article_key in ({marks})", keys).fetchone()[0]
                for t in tables}


def test_implausible_articles_are_held_back_and_every_run_publishes(tmp_path, capsys) -> None:  # noqa: ANN001
    world = new_world(tmp_path)
    for name, (_, text) in POISON.items():
        (world.landing / name).write_text(text, encoding="utf-8")

    world.run()  # raises DagRunFailed unless the run succeeds

    with reader(world.warehouse) as con:
        held = con.execute("select source_file, rule, article_key from audit.quarantined_articles").fetchall()
        published = {f for (f,) in con.execute("select source_file from marts.dim_article").fetchall()}
        seeds_mentions = con.execute("select count(*) from marts.fct_actor_mention").fetchone()[0]
    assert {(f, rule) for f, rule, _ in held} == {(f, rule) for f, (rule, _) in POISON.items()}
    assert published == {seed.name for seed in SEEDS}, "the seeds' facts are published"
    assert seeds_mentions > 0
    held_keys = sorted({key for _, _, key in held})
    assert set(published_facts(world, held_keys).values()) == {0}, "held articles keep none of their facts"

    assert cli.main(["held", "--warehouse", str(world.warehouse)]) == 0
    shown = capsys.readouterr().out
    assert "articles held back by a plausibility rule: 3" in shown
    assert all(name in shown and rule in shown for name, (rule, _) in POISON.items())

    # The same inputs stay in the landing folder: the next runs still publish.
    (world.landing / "nouvel_article.txt").write_text(NEW_ARTICLE, encoding="utf-8")
    world.run()
    world.run()
    with reader(world.warehouse) as con:
        assert con.execute("select count(*) from marts.dim_article").fetchone()[0] == len(SEEDS) + 1
        assert con.execute("select count(distinct article_key) from audit.quarantined_articles").fetchone()[0] == 3


def test_a_deterministic_dbt_failure_is_tried_once_and_publishes_nothing(tmp_path) -> None:  # noqa: ANN001
    world = new_world(tmp_path)
    world.run()
    before = world.warehouse.read_bytes()
    (world.landing / "nouvel_article.txt").write_text(NEW_ARTICLE, encoding="utf-8")

    # A profile target that does not exist: dbt fails the same way on every try.
    home = world.root / "airflow"
    with pytest.raises(DagRunFailed):
        run_pipeline_dag(world.landing, world.warehouse, home, {"DBT_TARGET": "no_such_target"})

    con = sqlite3.connect(home / "airflow.db")
    try:
        state, tries = con.execute(
            "select state, try_number from task_instance where dag_id = ? and task_id = 'dbt_build' "
            "and run_id = (select run_id from dag_run where dag_id = ? order by id desc limit 1)",
            (DAG_ID, DAG_ID),
        ).fetchone()
    finally:
        con.close()
    assert (state, tries) == ("failed", 1), "a deterministic failure is not retried"
    assert world.warehouse.read_bytes() == before, "the published file is unchanged"
