"""The benchmark corpus: reproducible, never folded by deduplication, and full of French figures.

A benchmark over articles that deduplicate into a few, or that carry no amounts or dates,
would measure a pipeline with nothing to do; these tests keep the corpus honest.
"""

from __future__ import annotations

import hashlib
import re
import sys
from datetime import date
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # `bench` is a folder of scripts, not an installed package

from bench.corpus import MAX_WORDS, MIN_WORDS, CorpusStats, write_corpus  # noqa: E402
from news_warehouse.ingest.published import extract_published  # noqa: E402

N = 300
# The last sentence may overshoot the drawn length, and the reference sentence is added.
SLACK_WORDS = 60

FRENCH_FORMS = {
    "scaled euros": r"\b\d+(?:,\d+)? milliards? d'euros\b",
    "scaled dollars": r"\b\d+(?:,\d+)? millions? de dollars\b",
    "grouped thousands in euros": r"\b\d{1,3}(?: \d{3})+ euros\b",
    "dollar sign": r"\b\d{1,3}(?: \d{3})+ \$",
    "M€": r"\b\d+(?:,\d+)? M€",
    "count of users": r"\b\d+(?:,\d+)? millions? d'utilisateurs\b",
    "printed date": r"\ble (?:1er|\d{1,2}) (?:janvier|février|mars|avril|mai|juin|juillet|août|"
    r"septembre|octobre|novembre|décembre) (?:19|20)\d\d\b",
}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, CorpusStats]:
    folder = tmp_path_factory.mktemp("corpus")
    return folder, write_corpus(folder, N, seed=7)


def files_of(folder: Path) -> list[Path]:
    return sorted(folder.iterdir())


def split_article(text: str) -> tuple[str, str, str]:
    """(title, dateline, body) of a corpus file: title, blank, dateline, blank, body."""
    title, blank1, dateline, blank2, body = text.split("\n", 4)
    assert blank1 == "" and blank2 == "", "title and dateline must each be followed by a blank line"
    return title, dateline, body


def test_writes_n_articles_and_counts_them(corpus: tuple[Path, CorpusStats]) -> None:
    folder, stats = corpus
    files = files_of(folder)
    assert stats.articles == N == len(files)
    bodies = [split_article(f.read_text(encoding="utf-8"))[2] for f in files]
    assert stats.words == sum(len(body.split()) for body in bodies)


def test_same_seed_same_corpus(corpus: tuple[Path, CorpusStats], tmp_path: Path) -> None:
    folder, _ = corpus
    again = tmp_path / "again"
    write_corpus(again, N, seed=7)
    assert [f.name for f in files_of(again)] == [f.name for f in files_of(folder)]
    assert all(a.read_bytes() == b.read_bytes() for a, b in zip(files_of(again), files_of(folder)))


def test_other_seed_adds_new_articles(corpus: tuple[Path, CorpusStats], tmp_path: Path) -> None:
    """The benchmark's incremental run adds a corpus of another seed to the same landing folder."""
    folder, _ = corpus
    other = tmp_path / "other"
    write_corpus(other, 20, seed=8)
    assert not {f.name for f in files_of(other)} & {f.name for f in files_of(folder)}
    digests = {hashlib.sha256(f.read_bytes()).hexdigest() for f in files_of(folder)}
    assert not {hashlib.sha256(f.read_bytes()).hexdigest() for f in files_of(other)} & digests


def test_every_article_is_distinct(corpus: tuple[Path, CorpusStats]) -> None:
    files = files_of(corpus[0])
    digests = {hashlib.sha256(f.read_bytes()).hexdigest() for f in files}
    bodies = {split_article(f.read_text(encoding="utf-8"))[2] for f in files}
    assert len(digests) == len(bodies) == len(files)


def test_article_length(corpus: tuple[Path, CorpusStats]) -> None:
    for path in files_of(corpus[0]):
        _, _, body = split_article(path.read_text(encoding="utf-8"))
        assert MIN_WORDS <= len(body.split()) <= MAX_WORDS + SLACK_WORDS, path.name


def test_dateline_is_read_by_ingestion(corpus: tuple[Path, CorpusStats]) -> None:
    """Ingestion must find each printed publication date, at day precision, and no date in titles."""
    for path in files_of(corpus[0]):
        text = path.read_text(encoding="utf-8")
        dated = extract_published(text)
        assert dated.published is not None, path.name
        assert dated.published.precision == "day"
        assert date(2015, 1, 1) <= dated.published.value <= date(2024, 12, 31)
        assert split_article(text)[1] not in dated.text


@pytest.mark.parametrize("form", sorted(FRENCH_FORMS))
def test_french_forms_present(corpus: tuple[Path, CorpusStats], form: str) -> None:
    text = "\n".join(f.read_text(encoding="utf-8") for f in files_of(corpus[0]))
    assert re.search(FRENCH_FORMS[form], text), form


def test_platforms_and_actors_vary(corpus: tuple[Path, CorpusStats]) -> None:
    text = "\n".join(f.read_text(encoding="utf-8") for f in files_of(corpus[0]))
    for name in ("Facebook", "Instagram", "TikTok", "YouTube", "Telegram", "Snapchat", "LinkedIn"):
        assert name in text, name
    for name in ("Emmanuel Macron", "Mark Zuckerberg", "la CNIL", "l'Arcom"):
        assert name in text, name
