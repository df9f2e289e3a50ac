"""A real DAG run over article records: a .json record and a JSON Lines feed reach dim_article.

The feed holds a 20-word brief (an article, facts included), a record without text and a line
that is not JSON (each quarantined on its own line), so one run shows formats, dates, URLs,
briefs and the per-line audit together.
"""

from __future__ import annotations

import json

import pytest

from news_warehouse.db import reader
from tests.e2e.conftest import new_world
from tests.fixtures.hostile_corpus import AMAZON_ITALIE, TIKTOK_IRLANDE

pytestmark = [pytest.mark.slow, pytest.mark.scenario]  # a DAG run of its own

TIKTOK_URL = "https://journal.example/2023/09/tiktok-irlande"
BRIEF_URL = "https://journal.example/breves/telegram-espagne"
BRIEF = "Le juge de l'Audience nationale a ordonné lundi la suspension de Telegram en Espagne, a indiqué l'AFP.Le blocage est immédiat."


def _body(text: str) -> str:
    """The article under its title line (and any dateline) in the fixture's plain-text form."""
    return text.split("\n\n", 1)[1]


def test_records_and_feed_lines_reach_dim_article_with_url_and_date_source(tmp_path) -> None:  # noqa: ANN001
    world = new_world(tmp_path / "world", with_seeds=False)
    record = {"title": "TikTok condamné en Irlande", "text": _body(_body(TIKTOK_IRLANDE)),
              "date": "2023-09-15T18:02:00+02:00", "url": TIKTOK_URL, "hostname": "journal.example"}
    (world.landing / "tiktok.json").write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    lines = [
        {"title": "Telegram suspendu en Espagne", "maintext": BRIEF, "date_publish": "2024-03-25 12:10:00", "url": BRIEF_URL},
        {"title": "L'Italie contre Amazon", "text": _body(AMAZON_ITALIE)},  # no date field: inferred downstream, or unknown
        {"title": "Sans texte", "url": "https://journal.example/vide"},
    ]
    feed = "\n".join(json.dumps(line, ensure_ascii=False) for line in lines) + "\n{pas du json\n"
    (world.landing / "flux.jsonl").write_text(feed, encoding="utf-8")
    world.run()

    with reader(world.warehouse) as con:
        audit = dict(con.execute("select source_file, status from audit.landed_files").fetchall())
        articles = {
            row[0]: row[1:]
            for row in con.execute(
                "select source_file, url, published_date::varchar, published_source, body from marts.dim_article"
            ).fetchall()
        }
        brief_facts = con.execute(
            "select count(*) from marts.fct_platform_mention join marts.dim_article using (article_key) "
            "where source_file = 'flux.jsonl:1'"
        ).fetchone()[0]

    assert audit == {
        "tiktok.json": "ingested",
        "flux.jsonl:1": "ingested",
        "flux.jsonl:2": "ingested",
        "flux.jsonl:3": "quarantined",
        "flux.jsonl:4": "quarantined",
    }
    assert articles["tiktok.json"][:3] == (TIKTOK_URL, "2023-09-15", "metadata")
    assert articles["flux.jsonl:1"][:3] == (BRIEF_URL, "2024-03-25", "metadata")
    assert "l'AFP. Le blocage" in articles["flux.jsonl:1"][3]  # stored repaired
    assert articles["flux.jsonl:2"][0] is None and articles["flux.jsonl:2"][2] in ("inferred", None)
    assert brief_facts >= 1, "the brief's platform (Telegram) reaches the facts"
