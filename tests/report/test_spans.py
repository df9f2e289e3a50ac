"""Highlighting: each span's marks hold exactly body[start:end], and body text stays text."""

from __future__ import annotations

from news_warehouse.report.spans import Span, highlight
from tests.e2e.test_docs_site import Element, parse_html


def span_texts(html: str) -> dict[str, str]:
    """The text of every span, its pieces joined in document order."""
    texts: dict[str, str] = {}
    for element in parse_html(html).walk():
        if element.tag == "mark":
            key = element.attrs["data-span"]
            texts[key] = texts.get(key, "") + element.text()
    return texts


def marks(html: str) -> list[Element]:
    return [e for e in parse_html(html).walk() if e.tag == "mark"]


def test_nested_and_crossing_spans_hold_exactly_their_characters() -> None:
    body = "0123456789 tail"
    spans = [
        Span("incident", "incident-a", 0, 10, "the sentence"),
        Span("actor", "actor-b", 2, 5, "B"),
        Span("platform", "platform-c", 4, 8, "C"),  # crosses actor-b: opens inside it, ends after it
        Span("money", "money-d", 8, 10, "D"),  # ends where the incident ends
        Span("quantity", "quantity-e", 2, 5, "E"),  # same characters as actor-b
    ]
    result = highlight(body, spans)

    assert span_texts(result.html) == {s.anchor: body[s.start:s.end] for s in spans}
    assert parse_html(result.html).text() == body
    # Every span has one element with its id (the first piece), continuation pieces have none.
    ids = [m.attrs["id"] for m in marks(result.html) if "id" in m.attrs]
    assert sorted(ids) == sorted(s.anchor for s in spans)
    assert any("hl-cont" in m.attrs["class"] for m in marks(result.html)), "the crossing span was not split"


def test_body_and_hover_text_cannot_become_markup() -> None:
    body = 'Avant <script>alert("x")</script> & <b>gras</b> après'
    tip = '"><img src=x onerror=alert(1)>'
    start = body.index("<script>")
    result = highlight(body, [Span("actor", "actor-1", start, start + len('<script>alert("x")</script>'), tip)])

    assert "<script" not in result.html and "<b>" not in result.html and "<img" not in result.html
    tags = {e.tag for e in parse_html(result.html).walk()} - {"#document"}
    assert tags == {"mark"}
    assert parse_html(result.html).text() == body
    assert marks(result.html)[0].attrs["title"] == tip


def test_spans_that_do_not_fit_the_body_are_set_aside() -> None:
    body = "court"
    bad = [Span("actor", "actor-1", 3, 50, "past the end"), Span("money", "money-2", 2, 2, "empty"),
           Span("actor", "actor-3", -1, 2, "before the start")]
    good = Span("platform", "platform-4", 0, 5, "whole")
    result = highlight(body, [*bad, good])

    assert result.misplaced == tuple(bad)
    assert result.placed == (good,)
    assert span_texts(result.html) == {"platform-4": "court"}
