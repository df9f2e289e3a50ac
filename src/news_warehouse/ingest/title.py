"""Where a plain-text article's title ends and its body begins.

Plain-text dumps usually put the headline alone on the first line, then a blank line. A first
paragraph that is long or reads like a sentence is the start of the body, not a headline.
"""

from __future__ import annotations

from dataclasses import dataclass

MAX_TITLE_CHARS = 180
# A headline may end with "?" or "!" but not with a full stop (an ellipsis is fine).
_SENTENCE_END = (".", ";", ",", ":")


@dataclass(frozen=True)
class TitledText:
    """A title (None when the text has none) and the body that follows it."""

    title: str | None
    body: str


def split_title(text: str) -> TitledText:
    """Split a normalised text into title and body; the body is the whole text when there is no title."""
    first_line, separator, rest = text.partition("\n\n")
    if separator and rest.strip() and looks_like_title(first_line):
        return TitledText(first_line.strip(), rest)
    return TitledText(None, text)


def looks_like_title(line: str) -> bool:
    """Short, single-line, and not ending like a sentence of the body."""
    line = line.strip()
    if not line or "\n" in line or len(line) > MAX_TITLE_CHARS:
        return False
    return line.endswith(("...", "…")) or not line.endswith(_SENTENCE_END)
