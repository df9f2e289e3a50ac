"""Whether a cleaned body is an article: at least one complete sentence that reports something.

Length is not the test: a 20-word dispatch ("X a été suspendu au Brésil en août 2024.") is news,
and its facts belong in the warehouse. What is set aside is what is not an article at all, each
with a reason that starts with its kind (the vocabulary is listed in README.md):

- `error page`: a short page whose first lines say the content is missing, forbidden or needs JavaScript;
- `navigation only`: several short lines (menus, links, tags) and no sentence;
- `no sentence`: nothing that reads as a sentence (a headline alone, a list of words);
- `caption`: one short paragraph with no verb that ends like a photo caption (a credit, or
  ", le 12 juillet 2023"): it names what a picture shows, it reports nothing.

A sentence is a run of at least MIN_SENTENCE_WORDS words that starts like a sentence and ends with
".", "!", "?" or "…" (closing quotes allowed); a paragraph of LONG_PARAGRAPH_WORDS words or more
counts even without its final stop, since scraping sometimes loses it.
"""

from __future__ import annotations

import re

from news_warehouse.ingest.article import Quarantine

MIN_SENTENCE_WORDS = 5
LONG_PARAGRAPH_WORDS = 30
MAX_ERROR_PAGE_WORDS = 120  # an article about a "404" page is longer than the page itself
ERROR_HEAD_LINES = 5
ERROR_MESSAGE_START_CHARS = 20  # "Oups ! Page introuvable": the message leads its line
MAX_CAPTION_WORDS = 40
MAX_NAVIGATION_LINE_WORDS = 8
MIN_NAVIGATION_LINES = 3

_SENTENCE_END = re.compile(r"[.!?…]+[\"'»”’)\]]*(?=\s|$)")
_SENTENCE_START = re.compile(r"^[\"'«“(\-–—]?\s*[^\W_]")
_ERROR_PAGE = re.compile(
    r"\b(?:erreur|error)\s*(?:40[0134]|50[0234])\b|\b40[34]\b.{0,40}\b(?:not found|forbidden|introuvable|non trouvée)"
    r"|\bpage (?:introuvable|non trouvée|inexistante|not found)|\bla page (?:que vous|demandée)\b.{0,60}\bn'existe (?:pas|plus)"
    r"|\bcontenu (?:n'est plus|indisponible)|\bacc[eè]s (?:refusé|interdit)\b|\baccess denied\b"
    r"|\bservice (?:temporairement )?indisponible\b|\bactive[rz]? (?:le )?javascript\b|\benable javascript\b",
    re.IGNORECASE,
)
_CAPTION_END = re.compile(
    r"(?:,\s*(?:le|en)\s+(?:\d{1,2}(?:er)?\s+)?[^\W\d_]+\.?\s+\d{4}\.?"  # ", le 12 juillet 2023."
    r"|\((?:photo|illustration|©)?[^()]{0,40}(?:AFP|Reuters|AP|Getty|MaxPPP|Abaca|SIPA|©)[^()]{0,20}\)\.?"  # "(AFP)"
    r"|[/©]\s*[^\W\d_][^/©]{0,40})$",
    re.IGNORECASE,
)
# Finite-verb cues of French without a parser: auxiliaries, modals and frequent reporting verbs,
# subject pronouns (a clause follows them), and the imperfect / future / conditional endings.
_VERB_WORDS = frozenset(
    "a ont est sont était étaient avait avaient sera seront serait seraient aura auront aurait auraient "
    "fut furent va vont allait doit doivent devait devrait peut peuvent pouvait pourrait faut fallait "
    "veut veulent fait font dit disent affirme annonce déclare estime indique explique précise assure "
    "il elle ils elles on nous vous je j se s".split()
)
_VERB_ENDING = re.compile(r"(?:aient|ait|èrent|eront|erait|eraient)$")
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")


def not_an_article(body: str) -> Quarantine | None:
    """The reason a cleaned, non-empty body is not an article, or None when it is one."""
    words = len(body.split())
    lines = [line.strip() for line in body.split("\n") if line.strip()]
    if words <= MAX_ERROR_PAGE_WORDS and (error := _error_message(lines)):
        return Quarantine(f"error page: {words} words saying {error!r}, no article")
    if not any(_reads_as_sentences(line) for line in lines):
        if len(lines) >= MIN_NAVIGATION_LINES and all(len(line.split()) <= MAX_NAVIGATION_LINE_WORDS for line in lines):
            return Quarantine(f"navigation only: {len(lines)} short lines (menus, links or tags) and no sentence")
        return Quarantine(
            f"no sentence: {words} words and no complete sentence of {MIN_SENTENCE_WORDS}+ words ending in . ! ? "
            "(a headline alone or a list of words is not an article)"
        )
    if len(lines) == 1 and words <= MAX_CAPTION_WORDS and _CAPTION_END.search(body) and not _has_verb(body):
        return Quarantine(f"caption: one {words}-word line with no verb that ends like a photo caption")
    return None


def _error_message(lines: list[str]) -> str | None:
    """An error message heading one of the first lines; a brief quoting one mid-sentence is news."""
    for line in lines[:ERROR_HEAD_LINES]:
        error = _ERROR_PAGE.search(line)
        if error is not None and error.start() <= ERROR_MESSAGE_START_CHARS:
            return error.group(0)
    return None


def _reads_as_sentences(paragraph: str) -> bool:
    """A paragraph holding a complete sentence, or long enough to be prose that lost its final stop."""
    if len(paragraph.split()) >= LONG_PARAGRAPH_WORDS:
        return True
    start = 0
    for end in _SENTENCE_END.finditer(paragraph):
        sentence = paragraph[start : end.end()].strip()
        start = end.end()
        if len(sentence.split()) >= MIN_SENTENCE_WORDS and _SENTENCE_START.match(sentence):
            return True
    return False


def _has_verb(text: str) -> bool:
    """Whether a finite-verb cue occurs: a caption names what a picture shows, a sentence says what happened."""
    for word in _WORD.findall(text.lower()):
        head = re.split(r"['’]", word)[0]
        if word in _VERB_WORDS or head in _VERB_WORDS or _VERB_ENDING.search(word):
            return True
    return False
