"""HTML pages: recognised by content, main text only, metadata title and date."""

from __future__ import annotations

from datetime import date

from news_warehouse.ingest.article import PublishedDate
from news_warehouse.ingest.html_page import looks_like_html, parse_html

PARAGRAPHS = [
    "Le Conseil d'État a validé en 2020 l'amende de 50 millions d'euros infligée par la CNIL à Google pour le manque de transparence des informations données aux utilisateurs d'Android.",
    "La haute juridiction administrative a jugé que le consentement à la publicité personnalisée n'était pas valablement recueilli par le groupe américain.",
]
STYLE_TEXT = "STYLE_ONLY_TEXT"
SCRIPT_TEXT = "SCRIPT_ONLY_TEXT"


def a_page(head: str = "") -> str:
    body = "".join(f"<p>{paragraph}</p><script>var x = '{SCRIPT_TEXT}';</script>" for paragraph in PARAGRAPHS)
    return (
        f"<html><head><title>Amende confirmée | Journal</title>{head}<style>.a:after{{content:'{STYLE_TEXT}'}}</style></head>"
        f"<body><nav><a href='/'>Accueil</a></nav><article><h1>Le Conseil d'État confirme l'amende de Google</h1>{body}</article></body></html>"
    )


def test_html_is_recognised_by_content() -> None:
    assert looks_like_html("\n  <!DOCTYPE html><html><body>x</body></html>")
    assert looks_like_html("<div><p>un</p><p>deux</p><p>trois</p><p>quatre</p></div><p>cinq</p>")
    assert not looks_like_html("Un article qui cite la balise <script> et le mot </p> une fois.")


def test_main_text_without_scripts_styles_or_repeated_headline() -> None:
    article = parse_html(a_page())
    assert article.text == "\n\n".join(PARAGRAPHS)
    assert SCRIPT_TEXT not in (article.text or "") and STYLE_TEXT not in (article.text or "")


def test_title_prefers_og_title_then_h1() -> None:
    og = '<meta property="og:title" content="Google perd devant le Conseil d\'État">'
    assert parse_html(a_page(og)).title == "Google perd devant le Conseil d'État"
    assert parse_html(a_page()).title == "Le Conseil d'État confirme l'amende de Google"


def test_published_date_from_meta_tags() -> None:
    meta = '<meta name="date" content="2020-06-19">'
    assert parse_html(a_page(meta)).published == PublishedDate(date(2020, 6, 19), "day", "metadata")
    assert parse_html(a_page()).published is None


def test_page_without_main_text_has_no_text() -> None:
    empty = "<html><head><title>Erreur</title><script>var a = 1;</script></head><body><nav>Accueil</nav></body></html>"
    assert parse_html(empty).text is None


def test_address_from_canonical_link_then_og_url() -> None:
    canonical = '<link rel="canonical" href="https://journal.example/cnil-google"><meta property="og:url" content="https://m.journal.example/x">'
    assert parse_html(a_page(canonical)).url == "https://journal.example/cnil-google"
    assert parse_html(a_page('<meta property="og:url" content="https://m.journal.example/x">')).url == "https://m.journal.example/x"
    assert parse_html(a_page('<link rel="canonical" href="/relative/path">')).url is None
