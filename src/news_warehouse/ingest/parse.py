"""The pure per-file step: raw bytes in, a cleaned article or a quarantine reason out.

No filesystem and no database here, so the rules can be unit-tested on literal bytes and reused
by any stage that needs to re-read a landed file the same way ingestion did.
"""

from __future__ import annotations

from news_warehouse.ingest.article import ParsedArticle, PublishedDate, Quarantine
from news_warehouse.ingest.boilerplate import strip_boilerplate
from news_warehouse.ingest.decode import DecodedText, decode_bytes
from news_warehouse.ingest.html_page import looks_like_html, parse_html
from news_warehouse.ingest.language import guess_language
from news_warehouse.ingest.normalise import normalise_text
from news_warehouse.ingest.published import extract_published
from news_warehouse.ingest.title import split_title

MIN_ARTICLE_WORDS = 40  # below this a text is a caption, a teaser or an error page, not an article
ARTICLE_LANGUAGE = "fr"


def parse_article(raw: bytes) -> ParsedArticle | Quarantine:
    """Decode, recognise the format, clean, and check that what is left is a French article."""
    decoded = decode_bytes(raw)
    if isinstance(decoded, Quarantine):
        return decoded
    if not decoded.text.strip():
        return Quarantine(f"whitespace only: no visible character once decoded as {decoded.encoding}")
    if looks_like_html(decoded.text):
        return _from_html(decoded)
    return _from_plain_text(decoded)


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
    return _finish(title or None, body, page.published or dated.published, "html", decoded.encoding)


def _finish(
    title: str | None, body: str, published: PublishedDate | None, source_format: str, encoding: str
) -> ParsedArticle | Quarantine:
    """Decide whether the cleaned body is long enough and French."""
    words = len(body.split())
    if words == 0:
        return Quarantine("no article text left once boilerplate was removed")
    if words < MIN_ARTICLE_WORDS:
        return Quarantine(f"too short to be an article: {words} words (at least {MIN_ARTICLE_WORDS} expected)")
    guess = guess_language(body)
    if guess.language != ARTICLE_LANGUAGE:
        found = guess.language or "undetermined"
        return Quarantine(f"not French: language looks {found} by stop words ({guess.describe()})")
    return ParsedArticle(title, body, published, ARTICLE_LANGUAGE, source_format, encoding)
