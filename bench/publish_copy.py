"""What publishing costs as the build file grows: the real publish against a plain byte copy.

    .venv/bin/python bench/publish_copy.py                 # BENCH_PUBLISH_GB=1,3,7
    BENCH_PUBLISH_GB=1 .venv/bin/python bench/publish_copy.py --work-dir /tmp/news-publish

The build is created in the published storage version, so publishing needs its bytes, not a
`COPY FROM DATABASE` rewrite. The first publishes copy the whole file; from the third on, the
standby (the file published two runs before, publish.standby) is brought up to date by rewriting
only the blocks that differ. This measures, on generated build files of the given sizes
(article-like text, which is what fills a real one): the publish right after the file grew
(most of it differs from the standby), an hourly publish (the build changed by `HOURLY_ROWS`
rows since each of the two publishes before: the steady state), the megabytes that one wrote,
and the floor of any whole-file publication, a byte copy with fsync. Peak RSS is the process's,
under the deployment's DuckDB memory limit. Scratch files are deleted at the end.
"""

from __future__ import annotations

import argparse
import logging
import os
import shutil
import sys
import time
from dataclasses import replace
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run as a script; `bench` is not installed

from bench.run_bench import fresh_dir  # noqa: E402
from news_warehouse import db  # noqa: E402
from news_warehouse.config import Settings  # noqa: E402
from news_warehouse.memory import RssSampler  # noqa: E402
from news_warehouse.publish import standby  # noqa: E402
from news_warehouse.publish.swap import publish  # noqa: E402

RUN_ID = "publish-bench"
# Rows added per step while growing the file, each ~1 KB of hex words: text that DuckDB
# compresses to about half, like the article bodies that fill a real build file.
ROWS_PER_STEP = 500_000
# Rows an hourly run adds between two publishes: about 1,000 articles' bodies.
HOURLY_ROWS = 4_000
TEXT_TERMS = ", ".join(f"md5((n * 31 + {i})::varchar)" for i in range(32))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes-gb", default=os.environ.get("BENCH_PUBLISH_GB", "1,3,7"))
    parser.add_argument("--work-dir", type=Path, default=ROOT / "bench" / "publish-work")
    args = parser.parse_args()
    work = fresh_dir(args.work_dir)
    settings = replace(Settings.from_env(), landing_dir=work, warehouse_path=work / "news.duckdb")
    print(f"{'build GB':>9}{'grown, publish s':>18}{'hourly publish s':>18}{'MB written':>12}"
          f"{'MB RSS':>8}{'byte copy s':>13}{'published GB':>14}")
    try:
        for size_gb in sorted(float(size) for size in args.sizes_gb.split(",")):
            grow_to(settings, size_gb)
            print(measure(settings))
    finally:
        shutil.rmtree(work)


def grow_to(settings: Settings, size_gb: float) -> None:
    """Add text rows to the build file until it holds `size_gb`; mark the run validated."""
    with db.writer(settings) as con:
        mark_validated(con)
        while settings.build_path.stat().st_size < size_gb * 1e9:
            add_rows(con, ROWS_PER_STEP)
            con.execute("checkpoint")


def hourly_change(settings: Settings) -> None:
    """What an hourly run adds to the build between two publishes."""
    with db.writer(settings) as con:
        mark_validated(con)
        add_rows(con, HOURLY_ROWS)


def mark_validated(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("create schema if not exists marts")
    con.execute("create table if not exists marts.article_text (id bigint, body varchar)")
    con.execute("delete from audit.validation_runs")
    con.execute("insert into audit.validation_runs values (?, now()::timestamp, true, 1, 0, false, '[]')", [RUN_ID])


def add_rows(con: duckdb.DuckDBPyConnection, rows: int) -> None:
    con.execute(
        f"""
        insert into marts.article_text
        select n, concat_ws(' ', {TEXT_TERMS})
        from range((select count(*) from marts.article_text),
                   (select count(*) from marts.article_text) + {rows}) r(n)
        """
    )


class Refreshes(logging.Handler):
    """The standby refreshes publish logs (publish.standby.refresh), in order."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.seen: list[standby.Refresh] = []

    def emit(self, record: logging.LogRecord) -> None:
        if hasattr(record, "refresh"):
            self.seen.append(record.refresh)


def measure(settings: Settings) -> str:
    """One table row: publishes after growth and hourly (timed, RSS), a byte copy with fsync."""
    size_gb = settings.build_path.stat().st_size / 1e9
    refreshes = Refreshes()
    logger = logging.getLogger(standby.__name__)
    logger.addHandler(refreshes)
    logger.setLevel(logging.INFO)
    try:
        with RssSampler() as sampler:
            grown_s = timed_publish(settings)
            for _ in range(2):  # the standby is two publishes behind: two hourly changes
                hourly_change(settings)
                hourly_s = timed_publish(settings)
    finally:
        logger.removeHandler(refreshes)
    copy = settings.warehouse_dir / "byte-copy.duckdb"
    started = time.perf_counter()
    shutil.copyfile(settings.build_path, copy)
    fd = os.open(copy, os.O_RDONLY)
    os.fsync(fd)
    os.close(fd)
    copy_s = time.perf_counter() - started
    copy.unlink()
    published_gb = settings.warehouse_path.stat().st_size / 1e9
    written_mb = refreshes.seen[-1].written_bytes / 1e6
    return (f"{size_gb:>9.2f}{grown_s:>18.1f}{hourly_s:>18.1f}{written_mb:>12.0f}{sampler.peak_mb:>8.0f}"
            f"{copy_s:>13.1f}{published_gb:>14.2f}")


def timed_publish(settings: Settings) -> float:
    started = time.perf_counter()
    publish(settings, RUN_ID)
    return time.perf_counter() - started


if __name__ == "__main__":
    main()
