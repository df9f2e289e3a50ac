"""Extraction throughput against raw spaCy, on the same texts, in the same run.

The target is that `Extractor.extract` keeps at least 85 % of the words per second that the
extractor's own spaCy pipeline reaches with `nlp.pipe` alone: everything the rules add on top of
the model must stay cheap. Both figures come from one process on one synthetic corpus
(`bench/corpus.py`), parsed like ingestion does, so they divide the same word count (whitespace
tokens of the bodies) and their ratio is a ratio of times. The model is loaded once and warmed up
before either timing, since a load is paid once per task and says nothing about throughput.

    .venv/bin/python bench/extraction_speed.py --n 300 [--batch-size 32] [--n-process 1] [--json]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run as a script; `bench` is not installed

from bench.corpus import write_corpus  # noqa: E402
from news_warehouse.config import PROJECT_ROOT  # noqa: E402
from news_warehouse.extract import pipeline  # noqa: E402
from news_warehouse.extract.pipeline import Extractor  # noqa: E402
from news_warehouse.extract.records import ArticleText  # noqa: E402
from news_warehouse.ingest.article import ParsedArticle  # noqa: E402
from news_warehouse.ingest.parse import parse_article  # noqa: E402

SEEDS_DIR = PROJECT_ROOT / "dbt_project" / "seeds"
TARGET_SHARE = 0.85
WARM_UP_ARTICLES = 8


def build_articles(n: int, seed: int) -> list[ArticleText]:
    """The corpus as the extractor receives it: written to disk, then parsed like ingestion."""
    with tempfile.TemporaryDirectory(prefix="extraction-speed-") as tmp:
        folder = Path(tmp)
        write_corpus(folder, n, seed)
        articles = []
        for path in sorted(folder.glob("*.txt")):
            parsed = parse_article(path.read_bytes())
            if not isinstance(parsed, ParsedArticle):
                raise RuntimeError(f"{path.name} quarantined: {parsed}")
            articles.append(ArticleText.from_parsed(parsed))
    return articles


def time_spacy(extractor: Extractor, bodies: list[str], batch_size: int) -> float:
    """Seconds `nlp.pipe` alone takes: the extractor's pipeline object, nothing read from the docs."""
    started = time.perf_counter()
    for _ in extractor.nlp.pipe(bodies, batch_size=batch_size, n_process=extractor.n_process):
        pass
    return time.perf_counter() - started


def time_extraction(extractor: Extractor, articles: list[ArticleText]) -> float:
    """Seconds the whole extraction takes, spaCy included."""
    started = time.perf_counter()
    for _ in extractor.extract(articles):
        pass
    return time.perf_counter() - started


def chunked(articles: list[ArticleText], size: int) -> list[list[ArticleText]]:
    return [articles[i : i + size] for i in range(0, len(articles), size)]


def measure(n: int, batch_size: int, n_process: int, seed: int, rounds: int, chunk: int) -> dict[str, object]:
    """Both timings over the same chunks, alternated chunk by chunk.

    On a shared machine the speed drifts by tens of percent within a minute; timing spaCy and
    the extraction back to back on each chunk exposes both to the same drift, so their ratio
    holds where two whole-corpus timings taken a minute apart would not. Worker processes
    start on every `nlp.pipe` call, so with several processes the chunk is the whole corpus.
    """
    articles = build_articles(n, seed)
    words = sum(len(a.body.split()) for a in articles)
    pipeline.NLP_BATCH_SIZE = batch_size  # one batch size for both measurements
    extractor = Extractor(SEEDS_DIR, n_process=n_process)
    list(extractor.extract(articles[:WARM_UP_ARTICLES]))
    chunks = chunked(articles, chunk if n_process == 1 else len(articles))
    spacy_s = extraction_s = 0.0
    for _ in range(rounds):
        for part in chunks:
            spacy_s += time_spacy(extractor, [a.body for a in part], batch_size)
            extraction_s += time_extraction(extractor, part)
    spacy_wps = words * rounds / spacy_s
    extraction_wps = words * rounds / extraction_s
    return {
        "articles": len(articles),
        "words": words,
        "batch_size": batch_size,
        "n_process": n_process,
        "rounds": rounds,
        "chunk": len(chunks[0]),
        "pipeline": extractor.nlp.pipe_names,
        "spacy_s": round(spacy_s / rounds, 3),
        "extraction_s": round(extraction_s / rounds, 3),
        "spacy_words_per_s": round(spacy_wps),
        "extraction_words_per_s": round(extraction_wps),
        "ratio": round(extraction_wps / spacy_wps, 3),
        "target": TARGET_SHARE,
        "pass": extraction_wps >= TARGET_SHARE * spacy_wps,
    }


def print_table(result: dict[str, object]) -> None:
    print(f"{result['articles']} articles, {result['words']} words, batch {result['batch_size']}, "
          f"{result['n_process']} process(es), {result['rounds']} round(s) alternated by chunks of "
          f"{result['chunk']}; pipeline {result['pipeline']}")
    print(f"{'per round':<14}{'seconds':>10}{'words/s':>12}")
    print(f"{'raw spaCy':<14}{result['spacy_s']:>10}{result['spacy_words_per_s']:>12}")
    print(f"{'extraction':<14}{result['extraction_s']:>10}{result['extraction_words_per_s']:>12}")
    verdict = "pass" if result["pass"] else "FAIL"
    print(f"ratio {result['ratio']} (target >= {result['target']}): {verdict}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=300, help="articles in the corpus")
    parser.add_argument("--batch-size", type=int, default=pipeline.NLP_BATCH_SIZE, help="nlp.pipe batch size")
    parser.add_argument("--n-process", type=int, default=1, help="nlp.pipe processes, as NEWS_NLP_PROCESSES")
    parser.add_argument("--seed", type=int, default=0, help="corpus seed")
    parser.add_argument("--rounds", type=int, default=2, help="passes over the corpus; timings are summed")
    parser.add_argument("--chunk", type=int, default=25, help="articles timed back to back by spaCy then extraction")
    parser.add_argument("--json", action="store_true", help="print the result as JSON instead of a table")
    args = parser.parse_args()
    result = measure(args.n, args.batch_size, args.n_process, args.seed, args.rounds, args.chunk)
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        print_table(result)
    return 0 if result["pass"] else 1


if __name__ == "__main__":
    sys.exit(main())
