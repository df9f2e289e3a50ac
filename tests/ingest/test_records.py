"""Article records from scrapers and feeds: trafilatura and news-please shapes, one per file or per line."""

from __future__ import annotations

import json
from datetime import date

import pytest

from news_warehouse.ingest.article import ParsedArticle, PublishedDate, Quarantine
from news_warehouse.ingest.parse import parse_article, parse_feed_line, read_json_lines
from news_warehouse.ingest.records import is_json_lines, looks_like_json, read_record, split_json_lines

TEXT = (
    "L'autorité néerlandaise de protection des données a infligé mercredi une amende de 2 millions d'euros "
    "à une application de rencontres.Elle lui reproche d'avoir conservé les photos de ses membres après la "
    "suppression de leur compte. L'entreprise a annoncé qu'elle ferait appel."
)
TRAFILATURA = {
    "title": "Amende pour une application de rencontres",
    "author": "Rédaction",
    "hostname": "journal.example",
    "date": "2023-05-10T23:40:00+02:00",  # local day 10 May (UTC is already the 10th, 21:40)
    "url": "https://journal.example/amende-rencontres",
    "filedate": "2024-01-02",
    "text": TEXT,
}
NEWS_PLEASE = {
    "title": "Amende pour une application de rencontres",
    "maintext": TEXT,
    "date_publish": "2023-05-10 09:15:00",
    "date_download": "2024-01-02 10:00:00",
    "url": "https://journal.example/amende-rencontres",
}


def test_trafilatura_record_gives_metadata_date_url_and_repaired_text() -> None:
    article = parse_article(json.dumps(TRAFILATURA).encode(), "feeds/amende.json")
    assert isinstance(article, ParsedArticle)
    assert article.title == "Amende pour une application de rencontres"
    assert article.published == PublishedDate(date(2023, 5, 10), "day", "metadata")
    assert article.url == "https://journal.example/amende-rencontres"
    assert article.source_format == "json"
    assert "rencontres. Elle lui reproche" in article.body  # glued boundary repaired before storing


def test_timestamp_keeps_its_local_calendar_day() -> None:
    late = dict(TRAFILATURA, date="2023-05-10T23:40:00-05:00")  # already 11 May in UTC
    article = parse_article(json.dumps(late).encode(), "x.json")
    assert isinstance(article, ParsedArticle) and article.published is not None
    assert article.published.value == date(2023, 5, 10)


def test_news_please_record_reads_maintext_and_date_publish_not_download() -> None:
    article = parse_article(json.dumps(NEWS_PLEASE).encode(), "np.json")
    assert isinstance(article, ParsedArticle)
    assert article.published == PublishedDate(date(2023, 5, 10), "day", "metadata")
    assert article.body.startswith("L'autorité néerlandaise")


def test_record_without_date_falls_back_to_a_printed_dateline() -> None:
    record = {"title": "Amende", "text": "Publié le 4 avril 2022\n\n" + TEXT}
    article = parse_article(json.dumps(record).encode(), "x.json")
    assert isinstance(article, ParsedArticle)
    assert article.published == PublishedDate(date(2022, 4, 4), "day", "printed")
    assert article.url is None and not article.body.startswith("Publié")


def test_fetch_dates_are_not_publication_dates() -> None:
    record = {"title": "Amende", "text": TEXT, "filedate": "2024-01-02", "date_download": "2024-01-02"}
    article = parse_article(json.dumps(record).encode(), "x.json")
    assert isinstance(article, ParsedArticle)
    assert article.published is None


@pytest.mark.parametrize(
    ("document", "reason_start"),
    [
        ('{"title": "Amende", "text": ""}', "article record with no text"),
        ('{"title": "Amende", "url": "https://journal.example/a", "maintext": null}', "article record with no text"),
        ('{"id": 3, "price": 12.5, "sku": "A-1"}', "not an article record: none of the fields"),
        ('[{"title": "Amende", "text": "x"}]', "not an article record: a JSON array"),
        ('{"title": "Amende", "text": "Un texte', "not valid JSON"),
    ],
)
def test_what_is_not_an_article_record_says_why(document: str, reason_start: str) -> None:
    outcome = read_record(document)
    assert isinstance(outcome, Quarantine)
    assert outcome.reason.startswith(reason_start), outcome.reason


def test_a_json_file_is_never_ingested_as_plain_text() -> None:
    # Long French prose, but inside a JSON document that is not a record: quarantined, not read as text.
    config = json.dumps({"message": TEXT, "level": "info"})
    outcome = parse_article(config.encode(), "logs/app.json")
    assert isinstance(outcome, Quarantine) and outcome.reason.startswith("not an article record")
    broken = parse_article(("{" + TEXT).encode(), "notes.txt")  # starts like JSON, whatever the name
    assert isinstance(broken, Quarantine) and broken.reason.startswith("not valid JSON")
    named = parse_article(TEXT.encode(), "article.json")  # plain prose under a .json name
    assert isinstance(named, Quarantine) and named.reason.startswith("not valid JSON")


def test_json_is_recognised_by_name_or_content_and_json_lines_by_name() -> None:
    assert looks_like_json("a/b.JSON", "texte") and looks_like_json("a.txt", '  {"title": 1}')
    assert looks_like_json("a.txt", '[{"title": 1}]') and looks_like_json("a.txt", "[]")
    assert not looks_like_json("a.txt", "Le texte commence ici.")
    assert not looks_like_json("a.txt", "[VIDÉO] Le ministre répond aux questions.")
    assert is_json_lines("feeds/jour.jsonl") and is_json_lines("x.NDJSON") and not is_json_lines("x.json")


def test_json_lines_are_numbered_like_an_editor_and_blank_lines_skipped() -> None:
    lines = split_json_lines('{"a": 1}\r\n\n  \n{"b": 2}\n')
    assert not isinstance(lines, Quarantine)
    assert [(line.number, line.text) for line in lines] == [(1, '{"a": 1}'), (4, '{"b": 2}')]
    assert lines[1].source_file("feeds/jour.jsonl") == "feeds/jour.jsonl:4"
    assert lines[0].size_bytes == len(b'{"a": 1}') and len(lines[0].content_sha256) == 64
    assert isinstance(split_json_lines("\n \n"), Quarantine)


def test_each_line_of_a_feed_is_read_on_its_own() -> None:
    feed = "\n".join([json.dumps(TRAFILATURA), "pas du JSON", json.dumps({"title": "Vide", "text": " "})])
    split = read_json_lines(feed.encode())
    assert not isinstance(split, Quarantine)
    lines, encoding = split
    outcomes = [parse_feed_line(line, encoding) for line in lines]
    assert isinstance(outcomes[0], ParsedArticle)
    assert isinstance(outcomes[1], Quarantine) and outcomes[1].reason.startswith("not valid JSON")
    assert isinstance(outcomes[2], Quarantine) and outcomes[2].reason.startswith("article record with no text")
