"""Benchmark the real DAG on a synthetic corpus: full run, no-op re-run, 1 % increment.

    make bench                    # BENCH_N articles (default 2000)
    BENCH_N=10000 make bench

Everything runs through Airflow exactly as `make run` does (`airflow dags test` in a child
process), so the numbers include what production pays. Per-stage time, rows and peak memory come
from `audit.stage_runs`, which every stage writes itself. Raw spaCy throughput is measured on the
same article bodies with the extractor's own pipeline, so the ratio between the two shows what
extraction adds on top of the model. Results go to bench/results.json; the exit status is 1 when
a target is missed.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, NoReturn

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # `make bench` runs this file as a script; `bench` is not installed

from bench.corpus import CorpusStats, write_corpus  # noqa: E402
from news_warehouse.airflow_local import run_pipeline_dag  # noqa: E402
from news_warehouse.config import Settings  # noqa: E402
from news_warehouse.db import reader  # noqa: E402

STAGES = ("ingest", "extract", "load", "dbt", "validate", "publish", "report")
INCREMENT_SHARE = 0.01
# Marks folders this script created, so it only ever deletes its own scratch data.
OWNED_MARKER = ".news-bench"

# Targets: extraction keeps at least 85 % of raw spaCy speed, a re-run with nothing new costs
# at most 15 % of a full run, and no stage's process tree goes beyond 3 GB.
MIN_EXTRACTION_SHARE_OF_SPACY = 0.85
MAX_NOOP_SHARE_OF_FULL = 0.15
MAX_PEAK_RSS_MB = 3 * 1024
# The sample articles end to end, as `make run` runs them (one spaCy process), in under a minute.
SEEDS_DIR = ROOT / "seeds"
MAX_SEEDS_RUN_S = 60.0


@dataclass(frozen=True)
class StageRow:
    """One stage of one run, as `audit.stage_runs` records it."""

    stage: str
    seconds: float
    rows_in: int | None
    rows_out: int | None
    peak_rss_mb: float | None


@dataclass(frozen=True)
class RunResult:
    """One DAG run: its wall time seen from outside and its stages seen from inside."""

    run_id: str
    wall_s: float
    stages: dict[str, StageRow]


def main() -> None:
    args = parse_args()
    # Every run (2,000 or 10,000 articles) uses the same extraction settings, so their memory
    # and speed compare; the DAG's child processes read them from the environment.
    os.environ["NEWS_NLP_PROCESSES"] = str(args.processes)
    finish(run_benchmark(args.n, args.seed, args.work_dir), args.results, print_report)


def finish(results: dict[str, Any], path: Path, report: Callable[[dict[str, Any]], None]) -> NoReturn:
    """The benches' ending: write the results document, print it, exit 1 when a target is missed."""
    path.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    report(results)
    print(f"\nresults written to {path}")
    sys.exit(0 if all(target["pass"] for target in results["targets"].values()) else 1)


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=int(os.environ.get("BENCH_N", "2000")),
                        help="articles in the corpus (env BENCH_N, default 2000)")
    parser.add_argument("--seed", type=int, default=0, help="corpus seed")
    parser.add_argument("--processes", type=int,
                        default=int(os.environ.get("NEWS_NLP_PROCESSES", os.cpu_count() or 1)),
                        help="spaCy processes per batch (env NEWS_NLP_PROCESSES, default: one per CPU)")
    parser.add_argument("--work-dir", type=Path, default=ROOT / "bench",
                        help="where corpus/landing/, warehouse/ and .airflow/ go (all gitignored under bench/)")
    parser.add_argument("--results", type=Path, default=ROOT / "bench" / "results.json")
    return parser.parse_args()


def run_benchmark(n: int, seed: int, work_dir: Path) -> dict[str, Any]:
    """Write the corpus, run the DAG three times, measure spaCy; return the results document."""
    # The marker of fresh_dir must stay out of the landing folder, where it would be ingested.
    landing = fresh_dir(work_dir / "corpus") / "landing"
    landing.mkdir()
    warehouse_path = fresh_dir(work_dir / "warehouse") / "news.duckdb"
    airflow_home = work_dir / ".airflow"
    # The DAG reads the rest (batch size, processes) from the same environment.
    settings = replace(Settings.from_env(), landing_dir=landing, warehouse_path=warehouse_path)

    started = time.perf_counter()
    corpus = write_corpus(landing, n, seed)
    print(f"corpus: {corpus.articles} articles, {corpus.words} words "
          f"in {time.perf_counter() - started:.1f} s -> {landing}")

    full = timed_run(settings, airflow_home, "full run")
    noop = timed_run(settings, airflow_home, "no-op re-run")
    write_corpus(landing, max(1, round(n * INCREMENT_SHARE)), seed + 1)
    incremental = timed_run(settings, airflow_home, "incremental +1 %")

    seeds = seeds_run(work_dir, airflow_home)

    extract = full.stages["extract"]
    spacy_s = spacy_seconds(article_bodies(settings, full.run_id), settings)
    return results_document(settings, corpus, full, noop, incremental, seeds, extract, spacy_s)


def seeds_run(work_dir: Path, airflow_home: Path) -> RunResult:
    """The five sample articles into a fresh warehouse, with the settings of `make run`.

    Runs after the corpus runs, so Airflow's metadata database already exists: a warm venv and a
    set-up scheduler, which is what a scheduled run pays.
    """
    warehouse_path = fresh_dir(work_dir / "seeds-warehouse") / "news.duckdb"
    settings = replace(Settings.from_env(), landing_dir=SEEDS_DIR, warehouse_path=warehouse_path)
    return timed_run(settings, airflow_home, "seeds full run", {"NEWS_NLP_PROCESSES": "1"})


def fresh_dir(path: Path) -> Path:
    """An empty folder at `path`; an existing one is emptied only if this script created it."""
    if path.exists():
        if not (path / OWNED_MARKER).exists():
            raise SystemExit(f"{path} exists and was not created by the benchmark; choose another --work-dir")
        shutil.rmtree(path)
    path.mkdir(parents=True)
    (path / OWNED_MARKER).touch()
    return path


def timed_run(
    settings: Settings, airflow_home: Path, label: str, extra_env: dict[str, str] | None = None
) -> RunResult:
    """Run the DAG once and pick up the stage rows of the run it added."""
    before = run_ids(settings)
    wall = run_pipeline_dag(settings.landing_dir, settings.warehouse_path, airflow_home, extra_env)
    new = sorted(run_ids(settings) - before)
    if len(new) != 1:
        raise RuntimeError(f"{label}: expected one new run in audit.stage_runs, found {new}")
    print(f"{label}: {wall:.1f} s ({new[0]})")
    return RunResult(new[0], wall, stage_rows(settings, new[0]))


def warehouse_files(settings: Settings) -> list[Path]:
    """The published file first, then the build file.

    `publish` records its own timing after the swap, so that row reaches the published file
    only with the next publication; until then it is in the build file alone.
    """
    return [path for path in (settings.warehouse_path, settings.build_path) if path.exists()]


def run_ids(settings: Settings) -> set[str]:
    ids: set[str] = set()
    for path in warehouse_files(settings):
        with reader(path) as con:
            ids.update(row[0] for row in con.execute("select distinct run_id from audit.stage_runs").fetchall())
    return ids


def stage_rows(settings: Settings, run_id: str) -> dict[str, StageRow]:
    """{stage: row} of one run; a stage recorded in both files is taken from the published one."""
    stages: dict[str, StageRow] = {}
    for path in warehouse_files(settings):
        with reader(path) as con:
            rows = con.execute(
                """
                select stage,
                       sum(epoch(finished_at) - epoch(started_at)),
                       sum(rows_in), sum(rows_out), max(peak_rss_mb)
                from audit.stage_runs where run_id = ? group by stage
                """,
                [run_id],
            ).fetchall()
        for stage, seconds, rows_in, rows_out, peak in rows:
            stages.setdefault(stage, StageRow(stage, float(seconds), rows_in, rows_out, peak))
    return stages


def article_bodies(settings: Settings, run_id: str) -> list[str]:
    """The cleaned bodies the full run ingested: exactly the texts its extraction read."""
    with reader(settings.warehouse_path) as con:
        rows = con.execute("select body from raw.articles where run_id = ? order by article_key", [run_id])
        return [row[0] for row in rows.fetchall()]


def spacy_seconds(bodies: list[str], settings: Settings) -> float:
    """Seconds spaCy alone takes over the bodies, with the extractor's pipeline and processes.

    The model load is left out: it is paid once per process and says nothing about throughput.
    """
    from news_warehouse.extract.gazetteer import load_gazetteer
    from news_warehouse.extract.nlp import load_pipeline

    nlp = load_pipeline(load_gazetteer(settings.seeds_dir))
    started = time.perf_counter()
    for _ in nlp.pipe(bodies, n_process=settings.n_process):
        pass
    return time.perf_counter() - started


def results_document(
    settings: Settings,
    corpus: CorpusStats,
    full: RunResult,
    noop: RunResult,
    incremental: RunResult,
    seeds: RunResult,
    extract: StageRow,
    spacy_s: float,
) -> dict[str, Any]:
    """bench/results.json. Both throughputs divide the extractor's own word count (the extract
    stage's rows_out) so that their ratio compares times over the same texts, whatever a word is."""
    extract_words = extract.rows_out or 0
    extraction_wps = extract_words / extract.seconds
    spacy_wps = extract_words / spacy_s
    load = full.stages["load"]
    all_runs = (full, noop, incremental, seeds)
    peaks = {stage: full.stages[stage].peak_rss_mb for stage in STAGES if stage in full.stages}
    peaks["overall"] = max(row.peak_rss_mb or 0.0 for run in all_runs for row in run.stages.values())
    return {
        "articles": corpus.articles,
        "words": corpus.words,
        "ingested": full.stages["ingest"].rows_out,
        "full_run_s": round(full.wall_s, 2),
        "noop_rerun_s": round(noop.wall_s, 2),
        "incremental_1pct_s": round(incremental.wall_s, 2),
        # ~1 % of the full extraction when the cost follows the new articles (model load aside)
        "incremental_extract_share": round(incremental.stages["extract"].seconds / extract.seconds, 3),
        "seeds_full_run_s": round(seeds.wall_s, 2),
        "stage_s": {stage: round(full.stages[stage].seconds, 2) for stage in STAGES if stage in full.stages},
        "extraction_words_per_s": round(extraction_wps),
        "spacy_words_per_s": round(spacy_wps),
        "peak_rss_mb": peaks,
        "load_rows_per_s": round((load.rows_out or 0) / load.seconds) if load.seconds else None,
        "runs": {
            name: {"run_id": run.run_id, "wall_s": round(run.wall_s, 2),
                   "stage_s": {s: round(row.seconds, 2) for s, row in run.stages.items()}}
            for name, run in zip(("full", "noop", "incremental", "seeds"), all_runs)
        },
        "config": {"cpus": os.cpu_count(), "n_process": settings.n_process, "batch_size": settings.batch_size},
        "targets": targets(extraction_wps, spacy_wps, full.wall_s, noop.wall_s, peaks["overall"], seeds.wall_s),
    }


def targets(
    extraction_wps: float, spacy_wps: float, full_s: float, noop_s: float, peak_mb: float, seeds_s: float
) -> dict[str, Any]:
    return {
        "extraction_vs_spacy": {
            "value": round(extraction_wps / spacy_wps, 3), "limit": f">= {MIN_EXTRACTION_SHARE_OF_SPACY}",
            "pass": extraction_wps >= MIN_EXTRACTION_SHARE_OF_SPACY * spacy_wps,
        },
        "noop_vs_full": {
            "value": round(noop_s / full_s, 3), "limit": f"<= {MAX_NOOP_SHARE_OF_FULL}",
            "pass": noop_s <= MAX_NOOP_SHARE_OF_FULL * full_s,
        },
        "peak_rss_mb": {
            "value": round(peak_mb, 1), "limit": f"< {MAX_PEAK_RSS_MB}",
            "pass": peak_mb < MAX_PEAK_RSS_MB,
        },
        "seeds_full_run_s": {
            "value": round(seeds_s, 1), "limit": f"< {MAX_SEEDS_RUN_S:g}",
            "pass": seeds_s < MAX_SEEDS_RUN_S,
        },
    }


def print_report(results: dict[str, Any]) -> None:
    print(f"\n{results['articles']} articles, {results['words']} words")
    print(f"{'run':<22}{'wall s':>10}")
    runs = (("full", "full_run_s"), ("no-op re-run", "noop_rerun_s"),
            ("incremental +1 %", "incremental_1pct_s"), ("seeds (make run)", "seeds_full_run_s"))
    for label, key in runs:
        print(f"{label:<22}{results[key]:>10.1f}")
    print(f"\n{'stage (full run)':<22}{'s':>10}{'peak RSS MB':>14}")
    for stage, seconds in results["stage_s"].items():
        print(f"{stage:<22}{seconds:>10.1f}{results['peak_rss_mb'].get(stage) or 0:>14.0f}")
    print(f"\nextraction {results['extraction_words_per_s']} words/s, "
          f"spaCy alone {results['spacy_words_per_s']} words/s, load {results['load_rows_per_s']} rows/s")
    print_targets(results["targets"])


def print_targets(targets: dict[str, Any], limit_width: int = 10) -> None:
    """The benches' verdict table: each target's value, limit and PASS or FAIL."""
    print(f"\n{'target':<22}{'value':>10}  {'limit':<{limit_width}}result")
    for name, target in targets.items():
        verdict = "PASS" if target["pass"] else "FAIL"
        print(f"{name:<22}{target['value']:>10}  {target['limit']:<{limit_width}}{verdict}")


if __name__ == "__main__":
    main()
