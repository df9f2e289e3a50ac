"""Glued sentence boundaries are repaired; URLs, decimals, initials and domains are left alone."""

from __future__ import annotations

import pytest

from news_warehouse.ingest.glued import repair_glued_sentences
from news_warehouse.ingest.normalise import normalise_text


@pytest.mark.parametrize(
    ("glued", "repaired"),
    [
        ("La boutique a ouvert en novembre.Fondée en 1998, elle", "La boutique a ouvert en novembre. Fondée en 1998, elle"),
        ('a répondu le ministre ("sans suite").Le dossier', 'a répondu le ministre ("sans suite"). Le dossier'),
        ("a rapporté l'AFP.En fin de journée", "a rapporté l'AFP. En fin de journée"),
        ("en hausse depuis 2021.Les analystes", "en hausse depuis 2021. Les analystes"),
        ("a-t-il déclaré.«Nous ferons appel»", "a-t-il déclaré. «Nous ferons appel»"),
        ('selon un porte-parole."Nous contestons', 'selon un porte-parole. "Nous contestons'),
        ("a confirmé la préfecture.L'enquête continue", "a confirmé la préfecture. L'enquête continue"),
        ("au siège de la société.M. Durand a démissionné", "au siège de la société. M. Durand a démissionné"),
        ("en fin de semaine.À Lyon, la mairie", "en fin de semaine. À Lyon, la mairie"),
    ],
)
def test_glued_sentence_ends_get_their_space(glued: str, repaired: str) -> None:
    assert repair_glued_sentences(glued) == repaired


@pytest.mark.parametrize(
    "untouched",
    [
        "voir https://www.Exemple.Org/Article.Html pour le détail",
        "écrire à Service.Presse@Journal.Fr avant midi",
        "un taux de 3.5 % sur un an",
        "le roman de J.R.R.Tolkien",
        "les U.S.A. et le Canada",
        "M.Dupont a répondu",  # a single letter before the stop: an initial or M. for Monsieur
        "publié sur Boursorama.com et 20minutes.fr",
        "le site Le.Monde.fr a titré",
        "visible sur www.Gazette.Fr depuis lundi",
        "et puis...Rien",  # an ellipsis is not a glued full stop
    ],
)
def test_urls_mails_decimals_initials_and_domains_are_left_alone(untouched: str) -> None:
    assert repair_glued_sentences(untouched) == untouched


def test_repair_is_part_of_normalisation_and_idempotent() -> None:
    text = "Le site a fermé en mars.Il comptait des milliers de membres.Une reprise est à l'étude."
    once = normalise_text(text)
    assert once == "Le site a fermé en mars. Il comptait des milliers de membres. Une reprise est à l'étude."
    assert normalise_text(once) == once
