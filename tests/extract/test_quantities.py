"""Counts that are not money: units, surfaces, and the numbers that are not counts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from news_warehouse.extract.quantities import find_quantities

TESTS = Path(__file__).resolve().parents[1]
SEEDS = TESTS.parent / "seeds"
GOLD = json.loads((TESTS / "gold" / "seeds.gold.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    ("text", "value", "unit", "surface"),
    [
        ("Elon Musk compte 60 millions de followers.", 60e6, "followers", "60 millions de followers"),
        ("Le compte a perdu 41,7 millions d'abonnés.", 41.7e6, "followers", "41,7 millions d'abonnés"),
        ("Le chanteur a 3 millions de fans.", 3e6, "followers", "3 millions de fans"),
        ("Threads revendique 2,9 milliards d'utilisateurs actifs mensuels.", 2.9e9, "users",
         "2,9 milliards d'utilisateurs actifs mensuels"),
        ("Le réseau a 500 000 membres.", 500000, "users", "500 000 membres"),
        ("Le service compte 12 000 inscrits.", 12000, "users", "12 000 inscrits"),
        ("Le bot a publié 1823 tweets promotionnels hier.", 1823, "tweets", "1823 tweets promotionnels"),
        ("TikTok a retiré 8 millions de vidéos.", 8e6, "posts", "8 millions de vidéos"),
        ("Il a supprimé 200 000 publications.", 200000, "posts", "200 000 publications"),
        ("Meta a fermé 50 000 faux comptes liés à la Chine.", 50000, "accounts", "50 000 faux comptes liés"),
        ("La justice a inculpé treize Russes hier.", 13, "people", "treize Russes"),
        ("La fuite concerne 533 millions de personnes.", 533e6, "people", "533 millions de personnes"),
        ("Twitter a licencié 3 700 salariés.", 3700, "people", "3 700 salariés"),
        ("Quelque 126 millions d'Américains ont vu ces messages.", 126e6, "people",
         "Quelque 126 millions d'Américains"),
        ("Google a retiré 3,4 milliards de publicités.", 3.4e9, "ads", "3,4 milliards de publicités"),
        ("Le parti a acheté 3 500 annonces politiques.", 3500, "ads", "3 500 annonces politiques"),
        ("La vidéo a dépassé 1,5 million de vues.", 1.5e6, "views", "1,5 million de vues"),
        ("Vingt-trois victimes ont porté plainte.", 23, "people", "Vingt-trois victimes"),
        ("Trois mille personnes ont manifesté.", 3000, "people", "Trois mille personnes"),
    ],
)
def test_reads_value_unit_and_surface(text: str, value: float, unit: str, surface: str) -> None:
    [quantity] = find_quantities(text)
    assert (quantity.value, quantity.unit, quantity.surface_text) == (pytest.approx(value), unit, surface)
    assert text[quantity.char_start : quantity.char_end] == quantity.surface_text


@pytest.mark.parametrize(
    ("text", "surface"),
    [
        ("Truth Social ne compterait qu'environ 2 millions d'utilisateurs actifs quotidiens, ce qui",
         "environ 2 millions d'utilisateurs actifs quotidiens"),
        ("Le groupe a suspendu plus de 3 000 comptes.", "plus de 3 000 comptes"),
        ("Il a gagné plus d'un million d'abonnés.", "plus d'un million d'abonnés"),
        ("Une dizaine de comptes ont été piratés.", "Une dizaine de comptes"),
    ],
)
def test_qualified_counts_are_approximate(text: str, surface: str) -> None:
    [quantity] = find_quantities(text)
    assert quantity.is_approximate
    assert quantity.surface_text == surface


@pytest.mark.parametrize(
    "text",
    [
        "Le compte a été désactivé durant 11 minutes.",
        "En 2016, 45 % des comptes étaient automatisés.",
        "Cinq pour cent des utilisateurs ont fui.",
        "Un employé a désactivé le compte.",
        "Un utilisateur sur deux a quitté le réseau.",
        "Pour la 3e fois, le 1er compte a été suspendu.",
        "Le 3 mars 2020, deux États membres ont protesté.",
        "Des milliers de comptes ont été fermés.",
        "Plusieurs millions d'abonnés ont reçu le message.",
        "Twitter a payé 150 millions de dollars.",
    ],
)
def test_no_count_where_there_is_none(text: str) -> None:
    assert find_quantities(text) == []


@pytest.mark.parametrize("article", GOLD["articles"], ids=lambda a: a["source_file"])
def test_seed_quantities_include_the_gold(article: dict) -> None:
    text = (SEEDS / article["source_file"]).read_text(encoding="utf-8")
    found = {(round(q.value), q.unit) for q in find_quantities(text)}
    for gold in article["quantities"]:
        assert (round(gold["value"]), gold["unit"]) in found, gold["surface"]


@pytest.mark.parametrize("article", GOLD["articles"], ids=lambda a: a["source_file"])
def test_seed_quantities_are_all_in_the_gold(article: dict) -> None:
    text = (SEEDS / article["source_file"]).read_text(encoding="utf-8")
    gold = {(round(g["value"]), g["unit"]) for g in article["quantities"]}
    assert {(round(q.value), q.unit) for q in find_quantities(text)} <= gold


# --- causes seen on real news (sentences written for these tests) ---------------------------


def test_times_viewed_is_a_count_of_views_only_after_a_verb_of_viewing() -> None:
    found = find_quantities("Le clip a été visionné près de 3 millions de fois en une semaine.")
    assert [(q.value, q.unit) for q in found] == [(3_000_000.0, "views")]
    assert find_quantities("Il l'a répété des millions de fois.") == []


def test_members_of_a_board_are_people_and_of_a_network_users() -> None:
    found = find_quantities("Le comité compte 12 membres ; le forum revendique 40 000 membres.")
    assert [(q.value, q.unit) for q in found] == [(12.0, "people"), (40_000.0, "users")]


def test_capitalised_number_words_inside_a_sentence_are_titles() -> None:
    assert find_quantities("Il a revu « Les Sept Mercenaires » hier soir.") == []


def test_a_quoted_unit_still_counts() -> None:
    found = find_quantities("Elle compte 80 millions de « followers » sur Instagram.")
    assert [(q.value, q.unit) for q in found] == [(80_000_000.0, "followers")]


def test_a_number_inside_a_name_is_not_a_count(extract) -> None:  # noqa: ANN001 - the session fixture
    extraction = extract("Le chanteur s'est expliqué dans les colonnes de 20 Minutes lundi.")
    assert extraction.quantities == []


def test_a_small_number_after_a_definite_determiner_refers_back() -> None:
    assert find_quantities("Ni le coiffeur ni les deux joueurs ne portaient de masque.") == []
    assert find_quantities("Ces trois comptes étaient limités, tout comme la page de la mère de deux enfants.") == []
    assert [q.value for q in find_quantities("Les 40 000 abonnés ont été prévenus.")] == [40_000.0]
