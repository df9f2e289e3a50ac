"""The whole per-file step on literal bytes: cleaned articles or readable quarantine reasons."""

from __future__ import annotations

from datetime import date

from news_warehouse.ingest.article import ParsedArticle, PublishedDate, Quarantine
from news_warehouse.ingest.parse import parse_article

ARTICLE = """Snapchat mis en demeure par la CNIL

Publié le 15/02/2023

La Commission nationale de l'informatique et des libertés a rappelé à l'ordre plusieurs éditeurs d'applications sur la collecte de données des mineurs. Les services concernés doivent vérifier l'âge de leurs utilisateurs et limiter la publicité ciblée, ont expliqué les responsables de l'autorité lors d'une conférence de presse.

Photo d'illustration
Crédit : Wikimedia

Les entreprises disposent de plusieurs mois pour se mettre en conformité, faute de quoi elles s'exposent à une amende qui peut atteindre 4 % de leur chiffre d'affaires mondial.

Partager

Soutenez notre journal à partir de 1€

Merci de votre fidélité, chers lecteurs.
"""


def test_plain_text_article_is_cleaned() -> None:
    article = parse_article(ARTICLE.encode())
    assert isinstance(article, ParsedArticle)
    assert article.title == "Snapchat mis en demeure par la CNIL"
    assert article.published == PublishedDate(date(2023, 2, 15), "day", "printed")
    assert article.body.startswith("La Commission nationale")
    assert article.body.endswith("chiffre d'affaires mondial.")
    for furniture in ("Publié le", "Crédit", "Photo d'illustration", "Partager", "Soutenez", "Merci"):
        assert furniture not in article.body
    assert (article.language, article.source_format, article.detected_encoding) == ("fr", "text", "utf-8")


def test_copies_in_other_encodings_and_line_ends_share_one_key() -> None:
    keys = {
        parse_article(raw).article_key  # type: ignore[union-attr]
        for raw in (
            ARTICLE.encode(),
            ARTICLE.replace("\n", "\r\n").encode("utf-16"),
            ARTICLE.replace(" ", "  ").encode("cp1252"),
        )
    }
    assert len(keys) == 1
    assert len(keys.pop()) == 16


def test_a_brief_is_an_article_however_short() -> None:
    brief = "Messagerie suspendue\n\nLa messagerie Wire a été suspendue au Portugal en mars 2025 sur décision d'un juge de Lisbonne."
    article = parse_article(brief.encode())
    assert isinstance(article, ParsedArticle)
    assert article.title == "Messagerie suspendue"
    assert len(article.body.split()) < 20


def test_a_headline_alone_is_quarantined_as_no_sentence() -> None:
    outcome = parse_article("Twitter devient X : le réseau social change de nom".encode())
    assert isinstance(outcome, Quarantine)
    assert outcome.reason.startswith("no sentence")


def test_glued_sentences_are_stored_repaired_and_hashed_as_stored() -> None:
    glued = "Titre\n\nLe site a fermé le 3 novembre.Fondé en 2004, il comptait des milliers de membres selon l'AFP.En juin, un repreneur a été trouvé."
    spaced = glued.replace("novembre.Fondé", "novembre. Fondé").replace("AFP.En", "AFP. En")
    article = parse_article(glued.encode())
    assert isinstance(article, ParsedArticle)
    assert "novembre. Fondé" in article.body and "AFP. En" in article.body
    assert article.content_sha256 == parse_article(spaced.encode()).content_sha256  # type: ignore[union-attr]


def test_english_article_is_quarantined_as_not_french() -> None:
    english = (
        "The European Commission fined Google 4.34 billion euros in July 2018 for abusing the dominance of Android. "
        "Regulators said the company had forced phone makers to pre-install its search app and browser. "
        "Google appealed, and the General Court largely upheld the decision in 2022."
    )
    outcome = parse_article(english.encode())
    assert isinstance(outcome, Quarantine)
    assert outcome.reason.startswith("not French")


def test_page_of_boilerplate_only_is_quarantined() -> None:
    outcome = parse_article("Partager\n\nImprimer\n\nLeave a Reply\n\nYour email address will not be published.".encode())
    assert isinstance(outcome, Quarantine)
    assert outcome.reason.startswith("no article text left")


def test_html_page_without_main_text_is_quarantined() -> None:
    page = "<!DOCTYPE html><html><head><script>var tracker = 1;</script></head><body><nav>Accueil</nav></body></html>"
    outcome = parse_article(page.encode())
    assert isinstance(outcome, Quarantine)
    assert outcome.reason.startswith("HTML page with no main text")


def test_a_button_label_on_the_first_line_is_not_taken_for_the_title() -> None:
    article = parse_article(("Partager\n\n" + ARTICLE).encode())
    assert isinstance(article, ParsedArticle)
    assert article.title == "Snapchat mis en demeure par la CNIL"
