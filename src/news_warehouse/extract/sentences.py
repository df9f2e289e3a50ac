"""The sentence model read by incidents, money and counts: each sentence of the body with the facts in it.

Sentences come from the model's sentence recogniser, split again at line breaks so that a heading
never runs into the paragraph below it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from spacy.tokens import Doc

from news_warehouse.extract.dates import DateMatch
from news_warehouse.extract.nlp import doc_text
from news_warehouse.extract.records import ActorMention, PlatformMention


@dataclass(frozen=True)
class Sentence:
    """One sentence of the body with the facts already found in it."""

    index: int
    paragraph: int
    start: int
    end: int
    text: str
    actors: tuple[ActorMention, ...]
    platforms: tuple[PlatformMention, ...]
    dates: tuple[DateMatch, ...]
    in_present: bool  # first finite verb in the present indicative (présent, passé composé)


@dataclass(frozen=True)
class ArticleDate:
    value: date
    precision: str


def build_sentences(
    doc: Doc, actors: list[ActorMention], platforms: list[PlatformMention], dates: list[DateMatch]
) -> list[Sentence]:
    """The body's sentences, split again at line breaks (a heading never runs into a sentence)."""
    sentences: list[Sentence] = []
    text = doc_text(doc)
    for sent in doc.sents:
        for start, end in _lines(text, sent.start_char, sent.end_char):
            sentences.append(
                Sentence(
                    index=len(sentences),
                    paragraph=text.count("\n", 0, start),
                    start=start,
                    end=end,
                    text=text[start:end],
                    actors=tuple(a for a in actors if start <= a.char_start and a.char_end <= end),
                    platforms=tuple(p for p in platforms if start <= p.char_start and p.char_end <= end),
                    dates=tuple(d for d in dates if start <= d.char_start and d.char_end <= end),
                    in_present=_first_finite_verb_is_present(doc, start, end),
                )
            )
    return sentences


def _lines(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Non-blank line pieces of text[start:end], stripped of surrounding white space."""
    pieces = []
    for match in re.finditer(r"[^\n]+", text[start:end]):
        piece = match.group()
        lead = len(piece) - len(piece.lstrip())
        stripped = piece.strip()
        if stripped:
            pieces.append((start + match.start() + lead, start + match.start() + lead + len(stripped)))
    return pieces


def _first_finite_verb_is_present(doc: Doc, start: int, end: int) -> bool:
    span = doc.char_span(start, end, alignment_mode="expand")
    finite = next((t for t in span if "Fin" in t.morph.get("VerbForm")), None) if span is not None else None
    return finite is not None and "Pres" in finite.morph.get("Tense") and "Ind" in finite.morph.get("Mood")
