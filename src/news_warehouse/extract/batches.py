"""Extraction in batches that Airflow maps over: Parquet in, Parquet out, no DuckDB writes.

The plan step exports the articles not yet extracted into one folder per batch; each batch is
extracted independently (on any worker, in any order, retried at will) and leaves one Parquet
file per raw table plus a `_SUCCESS` marker. Only the loader writes the warehouse, so the
single-writer rule of DuckDB holds however many batches run at once.

Batches are addressed through fsspec (`universal_pathlib`) under `Settings.batch_store`: a local
folder by default, an object store (`s3://bucket/prefix`) when extract workers run on other
hosts. A batch is named by its URL (a plain path when local), which is what travels in XCom.
DuckDB never touches the store: Arrow moves the rows in and out, so no DuckDB extension is needed.
"""

from __future__ import annotations

import json
import time
from dataclasses import asdict
from datetime import datetime
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
from upath import UPath

from news_warehouse import db
from news_warehouse.config import PROJECT_ROOT, Settings
from news_warehouse.db import utc_now
from news_warehouse.extract.records import ArticleExtraction, ArticleText
from news_warehouse.extract.version import EXTRACTOR_VERSION
from news_warehouse.memory import RssSampler

INPUT_FILE = "input.parquet"
SUCCESS_MARKER = "_SUCCESS"
# Written first in a run's folder: its content dates the folder on any store (object stores
# have no folder mtime), so stale runs can be told from live ones.
PLANNED_MARKER = "_PLANNED"
STALE_WORK_AGE_S = 24 * 3600

# Output Parquet file (and raw table) per kind of extracted fact, in load order:
# extracted_articles goes last because it marks an article as done.
OUTPUT_TABLES = (
    "actor_mentions",
    "platform_mentions",
    "actor_roles",
    "incidents",
    "incident_actors",
    "incident_platforms",
    "monetary_figures",
    "quantities",
    "extracted_articles",
)

# Never extracted, or extracted by another version of the extractor (re-extraction after an upgrade).
PENDING_SQL = f"""
    select a.article_key, a.title, a.body, a.published_date, a.published_precision
    from raw.articles a
    left join raw.extracted_articles e using (article_key)
    where (e.article_key is null or e.extractor_version <> '{EXTRACTOR_VERSION}')
      and (a.language = 'fr' or a.language is null)
"""


def store_root(settings: Settings) -> UPath:
    """The base of every run's batches: NEWS_BATCH_STORE, else the work folder beside the warehouse.

    A relative local path is taken from the project root, like the other NEWS_* paths.
    """
    store = settings.batch_store
    if not store:
        return UPath(settings.work_dir)
    if "://" not in store and not Path(store).is_absolute():
        return UPath(PROJECT_ROOT / store)
    return UPath(store)


def batch_path(batch: str) -> UPath:
    """A batch's folder from its name in XCom (a URL, or a plain path on the local store)."""
    return UPath(batch)


def run_dir(settings: Settings, run_id: str) -> UPath:
    """The scratch folder of one run; the run id is made safe for a file name."""
    safe = "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in run_id)
    return store_root(settings) / safe


def remove_tree(folder: UPath) -> None:
    """Delete a folder and everything under it, on any store; a missing folder is fine."""
    if folder.exists():
        folder.fs.rm(folder.path, recursive=True)


def plan_batches(settings: Settings, run_id: str) -> list[str]:
    """Export the articles still to extract into batch folders and return their paths.

    Pending means ingested but absent from raw.extracted_articles (or extracted by another
    extractor version), so a run killed during extraction leaves its articles pending and the
    next run picks them up again.
    """
    _remove_stale_work(settings)
    folder = run_dir(settings, run_id)
    remove_tree(folder)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / PLANNED_MARKER).write_text(utc_now().isoformat())
    with db.writer(settings) as con:
        # Numbered once, stored in batch order: each export below then reads only its own row
        # groups instead of sorting every pending article again (linear, not quadratic, in N).
        con.execute(
            "create temp table pending as "
            f"select (row_number() over (order by article_key) - 1) // {settings.batch_size} as batch, * "
            f"from ({PENDING_SQL}) order by batch"
        )
        n_batches = con.execute("select coalesce(max(batch) + 1, 0) from pending").fetchall()[0][0]
        batches = []
        for number in range(n_batches):
            batch = folder / f"batch_{number:05d}"
            batch.mkdir(parents=True, exist_ok=True)
            rows = con.sql(
                f"select * exclude (batch) from pending where batch = {number} order by article_key"
            ).to_arrow_table()
            with (batch / INPUT_FILE).open("wb") as sink:
                pq.write_table(rows, sink)
            batches.append(str(batch))
        con.execute("drop table pending")
    return batches


def _remove_stale_work(settings: Settings) -> None:
    """Drop scratch folders of runs that died long ago; recent ones may belong to a live run.

    A folder is dated by its `_PLANNED` marker; one without it (a plan killed before writing
    it, or a folder of an older version) is never deleted here, since its age is unknown.
    """
    root = store_root(settings)
    if not root.exists():
        return
    for folder in root.iterdir():
        marker = folder / PLANNED_MARKER
        if marker.exists() and _age_s(marker.read_text()) > STALE_WORK_AGE_S:
            remove_tree(folder)


def _age_s(planned_at: str) -> float:
    return (utc_now() - datetime.fromisoformat(planned_at)).total_seconds()


def read_parquet(path: UPath) -> pa.Table:
    """One Parquet file of a batch, from any store."""
    with path.open("rb") as source:
        return pq.read_table(source)


def read_batch_input(batch: UPath) -> list[ArticleText]:
    """The articles of one batch, as extraction's input records."""
    return [ArticleText(**row) for row in read_parquet(batch / INPUT_FILE).to_pylist()]


@lru_cache(maxsize=2)
def _extractor(seeds_dir: Path, n_process: int):
    """One extractor (one spaCy model in memory) per process, shared by every batch it runs."""
    from news_warehouse.extract.pipeline import Extractor

    return Extractor(seeds_dir, n_process=n_process)


def extract_batch(settings: Settings, batch: UPath, run_id: str) -> dict[str, Any]:
    """Extract one batch folder; a batch already done (retry) is not extracted again."""
    marker = batch / SUCCESS_MARKER
    if marker.exists():
        return json.loads(marker.read_text())
    started_at, started = utc_now(), time.perf_counter()
    with RssSampler() as sampler:
        articles = read_batch_input(batch)
        extractor = _extractor(settings.seeds_dir, settings.n_process)
        rows: dict[str, list[dict[str, Any]]] = {name: [] for name in OUTPUT_TABLES}
        for extraction in extractor.extract(articles):
            for name, table_rows in extraction_rows(extraction, run_id, EXTRACTOR_VERSION).items():
                rows[name].extend(table_rows)
        for name, table_rows in rows.items():
            write_rows(batch / f"{name}.parquet", name, table_rows)
    # The loader accounts for the extract stage from these markers (batches never write the warehouse).
    summary = {
        "articles": len(articles),
        "words": sum(row["n_words"] for row in rows["extracted_articles"]),
        "started_at": started_at.isoformat(),
        "seconds": round(time.perf_counter() - started, 3),
        "peak_rss_mb": sampler.peak_mb,
        "rows": {name: len(table_rows) for name, table_rows in rows.items()},
    }
    marker.write_text(json.dumps(summary))
    return summary


def extraction_rows(
    extraction: ArticleExtraction, run_id: str, extractor_version: str
) -> dict[str, list[dict[str, Any]]]:
    """Flatten one article's extraction into rows of the raw tables (ordinals become ids)."""
    key = extraction.article_key
    rows: dict[str, list[dict[str, Any]]] = {
        "actor_mentions": [
            {"article_key": key, "mention_id": i, **asdict(m)}
            for i, m in enumerate(extraction.actor_mentions)
        ],
        "platform_mentions": [
            {"article_key": key, "mention_id": i, **asdict(m)}
            for i, m in enumerate(extraction.platform_mentions)
        ],
        "actor_roles": [{"article_key": key, **asdict(r)} for r in extraction.actor_roles],
        "incidents": [],
        "incident_actors": [],
        "incident_platforms": [],
        "monetary_figures": [],
        "quantities": [
            {"article_key": key, "quantity_id": i, **asdict(q)}
            for i, q in enumerate(extraction.quantities)
        ],
    }
    for i, incident in enumerate(extraction.incidents):
        fields = asdict(incident)
        actors, platforms = fields.pop("actors"), fields.pop("platforms")
        rows["incidents"].append({"article_key": key, "incident_id": i, **fields})
        rows["incident_actors"] += [{"article_key": key, "incident_id": i, **a} for a in actors]
        rows["incident_platforms"] += [
            {"article_key": key, "incident_id": i, "platform_name": p} for p in platforms
        ]
    for i, figure in enumerate(extraction.monetary_figures):
        fields = asdict(figure)
        fields["incident_id"] = fields.pop("incident_index")
        rows["monetary_figures"].append({"article_key": key, "figure_id": i, **fields})
    rows["extracted_articles"] = [
        {
            "article_key": key,
            "extractor_version": extractor_version,
            "inferred_published_date": extraction.inferred_published_date,
            "inferred_published_precision": extraction.inferred_published_precision,
            "n_words": extraction.n_words,
            "run_id": run_id,
        }
    ]
    return rows


def write_rows(path: Path | UPath, table: str, rows: list[dict[str, Any]]) -> None:
    """Write rows with the raw table's own column types, so empty batches load too.

    Written in place (object stores cannot rename atomically): a file cut short by a crash is
    never read, because the batch's `_SUCCESS` marker is written only after every file.
    """
    schema = raw_table_schema(table)
    # Rows come from the records dataclasses; a field the raw table lacks, or a column no field
    # fills, is a drift between them and db.RAW_DDL, never data to drop or to write NULL.
    if rows and set(rows[0]) != set(schema.names):
        raise ValueError(
            f"rows for raw.{table} do not match db.RAW_DDL: "
            f"unknown {sorted(set(rows[0]) - set(schema.names))}, missing {sorted(set(schema.names) - set(rows[0]))}"
        )
    columns = {name: [row[name] for row in rows] for name in schema.names}
    with path.open("wb") as sink:
        pq.write_table(pa.Table.from_pydict(columns, schema=schema), sink)


@cache
def raw_table_schema(table: str) -> pa.Schema:
    """The Arrow schema of a raw table as db.RAW_DDL declares it (minus load-time columns)."""
    return pa.schema([field for field in db.written_schema(f"raw.{table}") if field.name not in LOAD_TIME_COLUMNS])


# Columns the loader fills, not extraction.
LOAD_TIME_COLUMNS = frozenset({"extracted_at"})

