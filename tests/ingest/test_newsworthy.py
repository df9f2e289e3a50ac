"""Briefs are articles; what is set aside is what is not an article, with a reason saying which kind."""

from __future__ import annotations

import pytest

from news_warehouse.ingest.newsworthy import not_an_article


@pytest.mark.parametrize(
    "brief",
    [
        "La messagerie Signal a été bloquée en Égypte en décembre 2024, selon une association locale.",
        "Le service de vidéo Dailymotion suspend ses publicités au Maroc.",  # present tense, one sentence
        "TOULOUSE (AFP) - Un groupe de pirates a revendiqué jeudi l'attaque du site de la mairie. L'enquête est ouverte.",
        "« Nous ne fermerons pas », a assuré la direction de la plateforme lundi soir.",
    ],
)
def test_a_short_dispatch_is_an_article(brief: str) -> None:
    assert not_an_article(brief) is None


def test_a_long_paragraph_that_lost_its_final_stop_is_an_article() -> None:
    paragraph = " ".join(["le conseil municipal de la commune a voté le budget de la médiathèque"] * 3)
    assert not_an_article(paragraph) is None


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Erreur 404\nLa page que vous demandez n'existe plus ou a été déplacée.\nRetour à l'accueil", "error page"),
        ("Accès refusé. Vous devez activer JavaScript pour consulter ce site.", "error page"),
        ("Oups ! Page introuvable.\nLe contenu que vous cherchez a peut-être été supprimé.", "error page"),
        ("Accueil\nPolitique\nÉconomie\nSport\nCulture\nNous contacter", "navigation only"),
        ("Le gouvernement dévoile son plan pour les réseaux sociaux", "no sentence"),
        ("Tous droits réservés.", "no sentence"),
        ("La ministre de la Culture lors de sa visite au salon du livre à Paris, le 14 mars 2024.", "caption"),
        ("Des manifestants devant le siège de la plateforme à Dublin. (Photo AFP)", "caption"),
    ],
)
def test_what_is_not_an_article_says_what_it_is(text: str, kind: str) -> None:
    reason = not_an_article(text)
    assert reason is not None
    assert reason.reason.startswith(kind + ":"), reason.reason


def test_an_article_about_an_error_page_is_still_an_article() -> None:
    article = (
        "Des milliers d'internautes ont vu s'afficher une page introuvable mardi sur le site des impôts. "
        + "Le ministère a expliqué que la panne venait d'une mise à jour mal préparée par un prestataire. " * 12
    )
    assert not_an_article(article) is None


def test_a_brief_quoting_an_error_message_is_news() -> None:
    brief = "Les usagers du site des impôts ont vu mardi un message « page introuvable » pendant trois heures, a indiqué Bercy."
    assert not_an_article(brief) is None


def test_a_caption_shaped_sentence_with_a_verb_is_news() -> None:
    assert not_an_article("Le réseau social a fermé son bureau de Moscou, le 12 mars 2022.") is None
