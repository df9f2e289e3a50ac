"""One real spaCy pipeline for every extraction test: loading it costs seconds and a gigabyte."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest

from news_warehouse.config import PROJECT_ROOT
from news_warehouse.extract.pipeline import Extractor
from news_warehouse.extract.records import ArticleExtraction, ArticleText


@pytest.fixture(scope="session")
def extractor() -> Extractor:
    return Extractor(PROJECT_ROOT / "dbt_project" / "seeds")


@pytest.fixture(scope="session")
def extract(extractor: Extractor) -> Callable[..., ArticleExtraction]:
    """Extract one body, dated by default so relative dates resolve."""

    def run(body: str, published: date | None = date(2024, 3, 15), precision: str = "day") -> ArticleExtraction:
        article = ArticleText("test", None, body, published, precision if published else None)
        return next(extractor.extract([article]))

    return run
