"""Planning: every pending article lands in exactly one batch, in key order, batch by batch."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pyarrow.parquet as pq

from news_warehouse import db
from news_warehouse.config import Settings
from news_warehouse.extract.batches import INPUT_FILE, plan_batches
from news_warehouse.extract.version import EXTRACTOR_VERSION


def land_articles(settings: Settings, keys: list[str], language: str = "fr") -> None:
    with db.writer(settings) as con:
        con.executemany(
            "insert into raw.articles values (?, ?, ?, null, ?, null, null, ?, 'text', 'utf-8', now(), 'run-0', null, null, null)",
            [(key, key * 4, f"{key}.txt", f"corps {key}", language) for key in keys],
        )


def mark_extracted(settings: Settings, key: str, version: str) -> None:
    with db.writer(settings) as con:
        con.execute(
            "insert into raw.extracted_articles values (?, ?, null, null, 2, now(), 'run-0', null)", [key, version]
        )


def planned_keys(batches: list[str]) -> list[list[str]]:
    return [pq.read_table(Path(b) / INPUT_FILE).column("article_key").to_pylist() for b in batches]


def test_pending_articles_are_split_in_key_order_into_batches_of_the_set_size(settings: Settings) -> None:
    keys = [f"{n:016x}" for n in range(7)]
    land_articles(settings, list(reversed(keys)))
    land_articles(settings, ["e" * 16], language="en")  # not French: never extracted

    batches = planned_keys(plan_batches(replace(settings, batch_size=3), "run-1"))

    assert batches == [keys[0:3], keys[3:6], keys[6:7]]


def test_articles_extracted_by_another_version_are_pending_again(settings: Settings) -> None:
    land_articles(settings, ["a" * 16, "b" * 16, "c" * 16])
    mark_extracted(settings, "a" * 16, EXTRACTOR_VERSION)
    mark_extracted(settings, "b" * 16, "0.0.0-old")

    assert planned_keys(plan_batches(settings, "run-1")) == [["b" * 16, "c" * 16]]


def test_nothing_pending_plans_no_batch(settings: Settings) -> None:
    land_articles(settings, ["a" * 16])
    mark_extracted(settings, "a" * 16, EXTRACTOR_VERSION)

    assert plan_batches(settings, "run-1") == []
