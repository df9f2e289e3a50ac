"""An article body as HTML with every extracted span marked, escaped character by character.

Offsets in the marts are 0-based, end-exclusive positions in `dim_article.body` (CONTRACT.md),
so the page is built from the body and the offsets alone: what a reader sees highlighted is
exactly `body[char_start:char_end]`, which is what they need to check an extraction.

Spans of different kinds nest (an incident's evidence sentence holds actor and money mentions)
and may cross. HTML elements must nest, so a span that is still open when an inner one ends
first is closed and reopened around it: every piece keeps the kind and hover text, and only the
first piece carries the id that fact tables link to (`#incident-…`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from html import escape

# Kinds in the order their marks nest when two spans cover the same characters: the longest,
# sentence-level evidence outermost.
KINDS = ("incident", "actor", "platform", "money", "quantity")


@dataclass(frozen=True)
class Span:
    """One extracted fact's place in the body, with what a hover shows about it."""

    kind: str
    anchor: str  # element id the facts pages link to, unique within the article
    start: int
    end: int
    tip: str  # the normalised value: canonical name, amount in EUR, date...


@dataclass(frozen=True)
class Highlighted:
    html: str
    placed: tuple[Span, ...]
    misplaced: tuple[Span, ...]  # offsets outside the body or empty: listed, never guessed


def highlight(body: str, spans: Iterable[Span]) -> Highlighted:
    """The escaped body with a `<mark>` per span piece; spans that do not fit are set aside."""
    placed: list[Span] = []
    misplaced: list[Span] = []
    for span in spans:
        fits = 0 <= span.start < span.end <= len(body) and span.kind in KINDS
        (placed if fits else misplaced).append(span)
    # Open the outer span first at a shared start: longer before shorter, then by kind order.
    placed.sort(key=lambda s: (s.start, -s.end, KINDS.index(s.kind), s.anchor))
    return Highlighted("".join(_pieces(body, placed)), tuple(placed), tuple(misplaced))


def _pieces(body: str, spans: list[Span]) -> Iterator[str]:
    boundaries = sorted({0, len(body), *(s.start for s in spans), *(s.end for s in spans)})
    starting: dict[int, list[Span]] = {}
    for span in spans:
        starting.setdefault(span.start, []).append(span)
    stack: list[Span] = []
    opened: set[str] = set()  # anchors whose first piece was written (it carries the id)
    for position, following in zip(boundaries, boundaries[1:] + [None]):
        ending = [s for s in stack if s.end == position]
        if ending:
            # Close down to the deepest span that ends here, then reopen those that go on.
            depth = min(stack.index(s) for s in ending)
            reopen = [s for s in stack[depth:] if s.end != position]
            for _ in stack[depth:]:
                yield "</mark>"
            del stack[depth:]
            for span in reopen:
                stack.append(span)
                yield _open(span, opened)
        for span in starting.get(position, ()):
            stack.append(span)
            yield _open(span, opened)
        if following is not None:
            yield escape(body[position:following], quote=False)
    assert not stack, "every span ends inside the body"


def _open(span: Span, opened: set[str]) -> str:
    first = span.anchor not in opened
    opened.add(span.anchor)
    attributes = [f'class="hl hl-{span.kind}{"" if first else " hl-cont"}"']
    if first:
        attributes.append(f'id="{escape(span.anchor)}"')
    attributes.append(f'title="{escape(span.tip)}"')
    attributes.append(f'data-span="{escape(span.anchor)}"')  # on every piece: a span's text is all its pieces
    return f"<mark {' '.join(attributes)}>"
