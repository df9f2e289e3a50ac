"""What the per-file step produces: a parsed article, or the reason it was set aside.

Both are plain values so that the pure parsing code can be tested and reused (for example by
extraction batches) without a database or a filesystem.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class PublishedDate:
    """A publication date: the first day of the period, how precise it was, and where it was read.

    `source` is `metadata` (the record's date field, an HTML <meta>/JSON-LD/<time> value) or
    `printed` (a dateline printed in the text); dbt adds `inferred` for the extractor's guesses.
    """

    value: date
    precision: str  # day / month / year
    source: str  # metadata / printed


@dataclass(frozen=True)
class Quarantine:
    """Why an entry cannot become an article; `reason` is meant for a human reading the audit."""

    reason: str


@dataclass(frozen=True)
class ParsedArticle:
    """A cleaned article, ready to be stored in raw.articles."""

    title: str | None
    body: str
    published: PublishedDate | None
    language: str
    source_format: str  # text / html / json
    detected_encoding: str
    url: str | None = None  # the page's address when the record or page gives one

    @property
    def content_sha256(self) -> str:
        """Hash of the article as one would print it (title, blank line, body).

        Computed on the normalised text so that copies differing only in encoding, line endings
        or spacing share one hash; an article without a title is hashed on its body alone.
        """
        text = "\n\n".join(part for part in (self.title, self.body) if part)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()

    @property
    def article_key(self) -> str:
        """The stable article key of ARCHITECTURE.md: 16 hex digits of `content_sha256`."""
        return self.content_sha256[:16]
