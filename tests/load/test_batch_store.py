"""Batches through an fsspec store (NEWS_BATCH_STORE): plan, extract's output, load, clean up.

`memory://` and `file://` stand in for `s3://`: the same fsspec calls, no credentials. Nothing
in the round trip may fall back to the local work folder, or a worker on another host would
not find its batch.
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import timedelta
from pathlib import Path
from uuid import uuid4

import duckdb
import pytest
from upath import UPath

from news_warehouse import db
from news_warehouse.config import Settings
from news_warehouse.db import utc_now
from news_warehouse.extract.batches import (
    INPUT_FILE,
    OUTPUT_TABLES,
    PLANNED_MARKER,
    SUCCESS_MARKER,
    batch_path,
    extraction_rows,
    plan_batches,
    read_batch_input,
    run_dir,
    store_root,
    write_rows,
)
from news_warehouse.extract.records import ActorMention, ArticleExtraction
from news_warehouse.load.loader import IncompleteBatch, discard_run_work, load_batches

KEYS = [f"{n:016x}" for n in range(5)]


def land(settings: Settings) -> None:
    """Five French articles in raw.articles, named by the columns they fill (the table may grow)."""
    with db.writer(settings) as con:
        con.executemany(
            "insert into raw.articles (article_key, content_sha256, source_file, title, body, language, "
            "ingested_at, run_id) values (?, ?, ?, ?, ?, 'fr', now(), 'run-0')",
            [(key, key * 4, f"{key}.txt", f"titre {key}", f"La CNIL et {key}.") for key in KEYS],
        )


def extract_fake(batch: str, run_id: str) -> None:
    """What `extract_batch` leaves behind, without loading spaCy: one mention per article."""
    folder = batch_path(batch)
    rows: dict[str, list] = {name: [] for name in OUTPUT_TABLES}
    for article in read_batch_input(folder):
        extraction = ArticleExtraction(
            article_key=article.article_key,
            n_words=4,
            actor_mentions=[ActorMention("CNIL", "institution", "CNIL", 3, 7, "gazetteer")],
        )
        for name, table_rows in extraction_rows(extraction, run_id, "test").items():
            rows[name].extend(table_rows)
    for name, table_rows in rows.items():
        write_rows(folder / f"{name}.parquet", name, table_rows)
    (folder / SUCCESS_MARKER).write_text(json.dumps({"articles": len(rows["extracted_articles"])}))


def loaded_keys(settings: Settings) -> list[str]:
    con = duckdb.connect(str(settings.build_path), read_only=True)
    try:
        return [r[0] for r in con.execute("select article_key from raw.actor_mentions order by 1").fetchall()]
    finally:
        con.close()


@pytest.fixture(params=["memory", "file"])
def store_settings(request: pytest.FixtureRequest, settings: Settings, tmp_path: Path) -> Settings:
    base = f"memory://news-test-{uuid4().hex}/batches" if request.param == "memory" else (tmp_path / "store").as_uri()
    yield replace(settings, batch_store=base, batch_size=2)
    store = UPath(base)
    if store.exists():
        store.fs.rm(store.path, recursive=True)


def test_a_run_round_trips_through_the_store(store_settings: Settings) -> None:
    land(store_settings)
    batches = plan_batches(store_settings, "manual__2026-01-01T00:00:00+00:00")

    root = str(store_root(store_settings))
    assert len(batches) == 3 and all(b.startswith(root) and "://" in b for b in batches)
    assert not store_settings.work_dir.exists(), "a store-backed run must not touch the local work folder"
    assert [a.article_key for b in batches for a in read_batch_input(batch_path(b))] == KEYS

    for batch in batches:
        extract_fake(batch, "run-1")
    report = load_batches(store_settings, batches)
    assert report.articles == 5 and report.rows["actor_mentions"] == 5
    assert loaded_keys(store_settings) == KEYS
    assert load_batches(store_settings, batches).articles == 0  # a retried load adds nothing

    folder = run_dir(store_settings, "manual__2026-01-01T00:00:00+00:00")
    discard_run_work(folder)
    assert not folder.exists()


def test_an_unfinished_batch_in_the_store_is_refused(store_settings: Settings) -> None:
    land(store_settings)
    batches = plan_batches(store_settings, "run-2")
    extract_fake(batches[0], "run-2")
    with pytest.raises(IncompleteBatch, match="did not finish"):
        load_batches(store_settings, batches)
    assert not store_settings.build_path.exists() or loaded_keys(store_settings) == []


def test_stale_runs_are_removed_and_live_ones_kept(store_settings: Settings) -> None:
    land(store_settings)
    root = store_root(store_settings)
    stale, live = root / "stale_run", root / "live_run"
    for folder, age in ((stale, timedelta(days=2)), (live, timedelta(hours=1))):
        (folder / "batch_00000").mkdir(parents=True, exist_ok=True)
        (folder / "batch_00000" / INPUT_FILE).write_bytes(b"")
        (folder / PLANNED_MARKER).write_text((utc_now() - age).isoformat())

    plan_batches(store_settings, "run-3")

    assert not stale.exists()
    assert (live / "batch_00000" / INPUT_FILE).exists()


def test_the_default_store_is_the_local_work_folder(settings: Settings) -> None:
    """Unset NEWS_BATCH_STORE changes nothing: batches are plain paths beside the warehouse."""
    land(settings)
    batches = plan_batches(settings, "run-4")
    assert batches and all(Path(b).parent.parent == settings.work_dir for b in batches)
    assert (Path(batches[0]) / INPUT_FILE).is_file()
