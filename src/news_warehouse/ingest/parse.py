"""The pure per-file step: raw bytes in, a cleaned article or a quarantine reason out.

No filesystem and no database here, so the rules can be unit-tested on literal bytes and reused
by any stage that needs to re-read a landed file the same way ingestion did. A JSON Lines file is
the one kind that holds several articles: `read_json_lines` splits it, `parse_feed_line` reads a line.
"""

from __future__ import annotations

from news_warehouse.ingest.article import ParsedArticle, PublishedDate, Quarantine
from news_warehouse.ingest.boilerplate import strip_boilerplate
from news_warehouse.ingest.decode import DecodedText, decode_bytes
from news_warehouse.ingest.html_page import looks_like_html, parse_html
from news_warehouse.ingest.language import guess_language
from news_warehouse.ingest.newsworthy import not_an_article
from news_warehouse.ingest.normalise import normalise_text
from news_warehouse.ingest.published import extract_published
from news_warehouse.ingest.records import FeedLine, FeedRecord, looks_like_json, read_record, split_json_lines
from news_warehouse.ingest.title import split_title

ARTICLE_LANGUAGE = "fr"


def parse_article(raw: bytes, source_file: str | None = None) -> ParsedArticle | Quarantine:
    """Decode, recognise the format, clean, and check that what is left is a French article.

    `source_file` (the landed name) only matters for a `.json` name, which is read as a record
    whatever its content; the other formats are recognised by content.
    """
    decoded = decode_bytes(raw)
    if isinstance(decoded, Quarantine):
        return decoded
    if not decoded.text.strip():
        return Quarantine(f"whitespace only: no visible character once decoded as {decoded.encoding}")
    if looks_like_json(source_file, decoded.text):
        return _from_record(read_record(decoded.text), decoded.encoding)
    if looks_like_html(decoded.text):
        return _from_html(decoded)
    return _from_plain_text(decoded)


def read_json_lines(raw: bytes) -> tuple[list[FeedLine], str] | Quarantine:
    """A JSON Lines file's non-blank lines and the encoding they were read with, or why it cannot be split."""
    decoded = decode_bytes(raw)
    if isinstance(decoded, Quarantine):
        return decoded
    lines = split_json_lines(decoded.text)
    return lines if isinstance(lines, Quarantine) else (lines, decoded.encoding)


def parse_feed_line(line: FeedLine, encoding: str) -> ParsedArticle | Quarantine:
    """One line of a JSON Lines file, read as one article record."""
    return _from_record(read_record(line.text), encoding)


def _from_plain_text(decoded: DecodedText) -> ParsedArticle | Quarantine:
    """Date metadata first (it may sit above or below the headline), then furniture, then the headline."""
    dated = extract_published(normalise_text(decoded.text))
    titled = split_title(strip_boilerplate(normalise_text(dated.text)))
    return _finish(titled.title, titled.body, dated.published, "text", decoded.encoding)


def _from_html(decoded: DecodedText) -> ParsedArticle | Quarantine:
    """Main text from the page; a dateline in the text counts when the page has no date metadata."""
    page = parse_html(decoded.text)
    if page.text is None:
        return Quarantine("HTML page with no main text (only navigation, scripts or markup)")
    dated = extract_published(normalise_text(page.text))
    title = normalise_text(page.title) if page.title else None
    body = strip_boilerplate(normalise_text(dated.text))
    return _finish(title or None, body, page.published or dated.published, "html", decoded.encoding, page.url)


def _from_record(record: FeedRecord | Quarantine, encoding: str) -> ParsedArticle | Quarantine:
    """The record's text cleaned like any text; its date field first, else a dateline printed in the text."""
    if isinstance(record, Quarantine):
        return record
    dated = extract_published(normalise_text(record.text))
    title = normalise_text(record.title) if record.title else None
    body = strip_boilerplate(normalise_text(dated.text))
    return _finish(title or None, body, record.published or dated.published, "json", encoding, record.url)


def _finish(
    title: str | None,
    body: str,
    published: PublishedDate | None,
    source_format: str,
    encoding: str,
    url: str | None = None,
) -> ParsedArticle | Quarantine:
    """Decide whether the cleaned body is an article (a reporting sentence, see `newsworthy`) and French."""
    if not body.strip():
        return Quarantine("no article text left once boilerplate was removed")
    rejected = not_an_article(body)
    if rejected is not None:
        return rejected
    guess = guess_language(body)
    if guess.language != ARTICLE_LANGUAGE:
        found = guess.language or "undetermined"
        return Quarantine(f"not French: language looks {found} by stop words ({guess.describe()})")
    return ParsedArticle(title, body, published, ARTICLE_LANGUAGE, source_format, encoding, url)
