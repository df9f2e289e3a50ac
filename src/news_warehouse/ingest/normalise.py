"""Canonical spacing of article text, so that copies of one article hash the same.

Offsets computed by extraction point into the text produced here, so every rule must be
idempotent: normalising a normalised text changes nothing.
"""

from __future__ import annotations

import re
import unicodedata

from news_warehouse.ingest.glued import repair_glued_sentences

# Zero-width characters and the BOM carry no text; soft hyphens only hint at line breaks.
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
# Every horizontal space that is not a plain space: tab, NBSP, narrow NBSP, figure space,
# the U+2000 family, ideographic space... (Unicode category Zs, plus tab and form feed).
_ODD_SPACES = re.compile(r"[\t\f\v\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")
_LINE_SEPARATORS = re.compile("\r\n|\r|[\u2028\u2029\u0085]")
_SPACE_RUNS = re.compile(r" {2,}")
_TRAILING_SPACES = re.compile(r" +$", re.MULTILINE)
_LEADING_SPACES = re.compile(r"^ +", re.MULTILINE)
_MANY_NEWLINES = re.compile(r"\n{3,}")


def normalise_text(text: str) -> str:
    """NFC, LF line ends, plain single spaces, no invisible characters, at most one blank line,
    and a space after a full stop that scraping glued to the next sentence (see `glued`).

    Leading spaces of a line are dropped too: in news text they are layout, not meaning.
    """
    text = unicodedata.normalize("NFC", text)
    text = _LINE_SEPARATORS.sub("\n", text)
    text = _INVISIBLE.sub("", text)
    text = _ODD_SPACES.sub(" ", text)
    text = repair_glued_sentences(text)
    text = _SPACE_RUNS.sub(" ", text)
    text = _TRAILING_SPACES.sub("", text)
    text = _LEADING_SPACES.sub("", text)
    text = _MANY_NEWLINES.sub("\n\n", text)
    return text.strip("\n")
