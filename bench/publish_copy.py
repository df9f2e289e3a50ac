"""What publishing costs as the build file grows: the real publish against a plain byte copy.

    .venv/bin/python bench/publish_copy.py                 # BENCH_PUBLISH_GB=1,3,7
    BENCH_PUBLISH_GB=1 .venv/bin/python bench/publish_copy.py --work-dir /tmp/news-publish

`publish` copies the whole build file into the published one on every run (the build is created
in the published storage version, so the copy is a byte copy, not a `COPY FROM DATABASE`
rewrite), so its cost follows the history, not the run. This measures it on generated build
files of the given sizes (article-like text, which is what fills a real one), beside the floor
any whole-file publication pays: copying the bytes and fsyncing them. The difference is what
publish adds (writer lock, checkpoint, row counts, the storage-format check). Peak RSS is the
process's, under the deployment's DuckDB memory limit. Scratch files are deleted at the end.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run as a script; `bench` is not installed

from bench.run_bench import fresh_dir  # noqa: E402
from news_warehouse import db  # noqa: E402
from news_warehouse.config import Settings  # noqa: E402
from news_warehouse.memory import RssSampler  # noqa: E402
from news_warehouse.publish.swap import publish  # noqa: E402

RUN_ID = "publish-bench"
# Rows added per step while growing the file, each ~1 KB of hex words: text that DuckDB
# compresses to about half, like the article bodies that fill a real build file.
ROWS_PER_STEP = 500_000
TEXT_TERMS = ", ".join(f"md5((n * 31 + {i})::varchar)" for i in range(32))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes-gb", default=os.environ.get("BENCH_PUBLISH_GB", "1,3,7"))
    parser.add_argument("--work-dir", type=Path, default=ROOT / "bench" / "publish-work")
    args = parser.parse_args()
    work = fresh_dir(args.work_dir)
    settings = replace(Settings.from_env(), landing_dir=work, warehouse_path=work / "news.duckdb")
    print(f"{'build GB':>9}{'publish s':>11}{'publish MB RSS':>16}{'byte copy s':>13}{'published GB':>14}")
    try:
        for size_gb in sorted(float(size) for size in args.sizes_gb.split(",")):
            grow_to(settings, size_gb)
            print(measure(settings))
    finally:
        shutil.rmtree(work)


def grow_to(settings: Settings, size_gb: float) -> None:
    """Add text rows to the build file until it holds `size_gb`; mark the run validated."""
    with db.writer(settings) as con:
        con.execute("create schema if not exists marts")
        con.execute("create table if not exists marts.article_text (id bigint, body varchar)")
        con.execute("delete from audit.validation_runs")
        con.execute(
            "insert into audit.validation_runs values (?, now()::timestamp, true, 1, 0, false, '[]')", [RUN_ID]
        )
        while settings.build_path.stat().st_size < size_gb * 1e9:
            con.execute(
                f"""
                insert into marts.article_text
                select n, concat_ws(' ', {TEXT_TERMS})
                from range((select count(*) from marts.article_text),
                           (select count(*) from marts.article_text) + {ROWS_PER_STEP}) r(n)
                """
            )
            con.execute("checkpoint")


def measure(settings: Settings) -> str:
    """One table row: the real publish (timed, RSS) and a byte copy with fsync of the same file."""
    size_gb = settings.build_path.stat().st_size / 1e9
    started = time.perf_counter()
    with RssSampler() as sampler:
        publish(settings, RUN_ID)
    publish_s = time.perf_counter() - started
    copy = settings.warehouse_dir / "byte-copy.duckdb"
    started = time.perf_counter()
    shutil.copyfile(settings.build_path, copy)
    fd = os.open(copy, os.O_RDONLY)
    os.fsync(fd)
    os.close(fd)
    copy_s = time.perf_counter() - started
    copy.unlink()
    published_gb = settings.warehouse_path.stat().st_size / 1e9
    return f"{size_gb:>9.2f}{publish_s:>11.1f}{sampler.peak_mb:>16.0f}{copy_s:>13.1f}{published_gb:>14.2f}"


if __name__ == "__main__":
    main()
