"""Article records as scrapers and feeds deliver them: JSON objects, one per file or one per line.

Two shapes are read, by their field names:
- trafilatura's JSON output: `title`, `text`, `date` (the page's publication time), `url`,
  `hostname`, `author` (`source` is the URL in older versions, a free label in others);
- news-please: `title`, `maintext`, `date_publish`, `url`.
Only publication fields are dates: trafilatura's `filedate` and news-please's `date_download` and
`date_modify` say when a page was fetched or edited, not published, and are ignored.

A JSON document is never an article's plain text: one that does not parse, is not an object, has
none of these fields, or has no text, is quarantined with the reason, whatever it contains.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import PurePosixPath

from news_warehouse.ingest.article import PublishedDate, Quarantine
from news_warehouse.ingest.published import parse_date_string

TEXT_FIELDS = ("text", "maintext")  # trafilatura, news-please
DATE_FIELDS = ("date", "date_publish")  # publication time only
URL_FIELDS = ("url", "source")  # `source` only counts when it is an http(s) URL
RECORD_FIELDS = frozenset(TEXT_FIELDS + DATE_FIELDS + URL_FIELDS + ("title", "hostname", "author", "authors", "description"))
JSON_LINES_SUFFIXES = (".jsonl", ".ndjson")
JSON_SUFFIX = ".json"
LINE_SEPARATOR = ":"  # `feed.jsonl:3` is line 3 (1-based, blank lines counted) of feed.jsonl
_HTTP_URL = re.compile(r"^https?://\S+$", re.IGNORECASE)
_JSON_START = re.compile(r'\s*(?:\{|\[\s*[\[{"\]])')


@dataclass(frozen=True)
class FeedRecord:
    """What a record says about its article, before the text is cleaned."""

    text: str
    title: str | None
    published: PublishedDate | None
    url: str | None


@dataclass(frozen=True)
class FeedLine:
    """One non-blank line of a JSON Lines file: where it is, its bytes' hash and size, its text."""

    number: int  # 1-based, blank lines counted, as an editor shows it
    text: str
    content_sha256: str
    size_bytes: int

    def source_file(self, file: str) -> str:
        """The line's name in the audit and in raw.articles: `feed.jsonl:3`."""
        return f"{file}{LINE_SEPARATOR}{self.number}"


def is_json_lines(source_file: str) -> bool:
    """JSON Lines are recognised by name: the name is what says "one record per line"."""
    return source_file.lower().endswith(JSON_LINES_SUFFIXES)


def looks_like_json(source_file: str | None, text: str) -> bool:
    """A `.json` file, or a text that starts like a JSON object or an array of them, is read as JSON.

    "[VIDÉO] Le ministre..." starts with a bracket too, but is a headline: an array must open on
    an object, an array, a string or its end.
    """
    named = source_file is not None and PurePosixPath(source_file).suffix.lower() == JSON_SUFFIX
    return named or _JSON_START.match(text) is not None


def split_json_lines(text: str) -> list[FeedLine] | Quarantine:
    """The non-blank lines of a decoded JSON Lines file; a file without any is quarantined whole."""
    lines = [
        FeedLine(number, line, hashlib.sha256(line.encode("utf-8")).hexdigest(), len(line.encode("utf-8")))
        for number, line in enumerate((line.rstrip("\r") for line in text.split("\n")), start=1)
        if line.strip()
    ]
    return lines or Quarantine("JSON Lines file with no record: every line is blank")


def read_record(document: str) -> FeedRecord | Quarantine:
    """One JSON document as an article record, or why it is not one."""
    try:
        value = json.loads(document)
    except json.JSONDecodeError as error:
        return Quarantine(
            f"not valid JSON: {error.msg} at line {error.lineno} column {error.colno} "
            "(a JSON file is read as an article record, never as plain text)"
        )
    if not isinstance(value, dict):
        return Quarantine(
            f"not an article record: a JSON {_json_kind(value)}, not an object "
            "(land one record per .json file, or one per line in a .jsonl file)"
        )
    if not value.keys() & RECORD_FIELDS:
        keys = ", ".join(sorted(map(str, value))[:8]) or "none"
        return Quarantine(f"not an article record: none of the fields of a trafilatura or news-please record (keys: {keys})")
    text = _first_string(value, TEXT_FIELDS)
    if text is None or not text.strip():
        return Quarantine(f"article record with no text: `text` and `maintext` are missing or empty ({_describe(value)})")
    return FeedRecord(text, _first_string(value, ("title",)), _published(value), _url(value))


def _published(record: dict) -> PublishedDate | None:
    """The first publication field that holds a real date (its local calendar day)."""
    for field in DATE_FIELDS:
        value = record.get(field)
        if isinstance(value, str) and (published := parse_date_string(value)) is not None:
            return published
    return None


def _url(record: dict) -> str | None:
    for field in URL_FIELDS:
        value = record.get(field)
        if isinstance(value, str) and _HTTP_URL.match(value.strip()):
            return value.strip()
    return None


def _first_string(record: dict, fields: tuple[str, ...]) -> str | None:
    for field in fields:
        value = record.get(field)
        if isinstance(value, str) and value.strip():
            return value
    return None


def _describe(record: dict) -> str:
    """Enough of a record for a person to find it again: its title or URL."""
    title = _first_string(record, ("title",))
    url = _url(record)
    parts = [f"title {title[:80]!r}" if title else "", f"url {url}" if url else ""]
    return ", ".join(part for part in parts if part) or "no title or url either"


def _json_kind(value: object) -> str:
    return {list: "array", str: "string", int: "number", float: "number", bool: "boolean"}.get(type(value), "null")
