"""Score the extractor alone on a gold set, in seconds: the loop that steers extraction work.

    .venv/bin/python scripts/score_extraction.py ../shared/dev/records ../shared/dev/gold.json [--details]

Each landed file goes through the same pure parsing as ingestion (`parse_article`: feed
records, HTML, text), then the extractor, then the scorer of `news_warehouse.evaluate`. No
Airflow and no dbt, so the figures can differ a little from `make evaluate`, which scores the
warehouse a real DAG run builds (dbt resolves names across articles there). Use this while
changing rules; report `make evaluate`.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from news_warehouse.config import PROJECT_ROOT
from news_warehouse.evaluate import predictions_from_parsed, score
from news_warehouse.extract.pipeline import Extractor
from news_warehouse.ingest.article import ParsedArticle
from news_warehouse.ingest.parse import parse_article


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("landing", type=Path, help="folder of landed files (text, HTML or feed records)")
    parser.add_argument("gold", type=Path, help="gold JSON in the shape of shared/gold/seeds.gold.json")
    parser.add_argument("--details", action="store_true", help="list every false positive, miss and wrong date")
    args = parser.parse_args()

    gold = json.loads(args.gold.read_text(encoding="utf-8"))
    wanted = {Path(article["source_file"]).stem for article in gold["articles"]}
    parsed: dict[str, ParsedArticle] = {}
    for path in sorted(p for p in args.landing.iterdir() if p.is_file() and p.stem in wanted):
        result = parse_article(path.read_bytes(), path.name)
        if isinstance(result, ParsedArticle):
            parsed[path.name] = result
        else:
            print(f"set aside {path.name}: {result.reason}")

    extractor = Extractor(PROJECT_ROOT / "dbt_project" / "seeds")
    started = time.perf_counter()
    predictions = predictions_from_parsed(extractor, parsed)
    print(f"{len(predictions)} articles extracted in {time.perf_counter() - started:.1f} s\n")
    print(score(gold, predictions).format(args.details))


if __name__ == "__main__":
    main()
