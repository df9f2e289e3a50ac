"""Plain-text titles: a short first line followed by a blank line, unless it reads like a sentence."""

from __future__ import annotations

from news_warehouse.ingest.title import TitledText, split_title


def test_short_first_line_before_a_blank_line_is_the_title() -> None:
    text = "YouTube supprime la chaîne d'un influenceur\n\nLa plateforme a fermé la chaîne jeudi."
    assert split_title(text) == TitledText("YouTube supprime la chaîne d'un influenceur", "La plateforme a fermé la chaîne jeudi.")


def test_question_headline_is_a_title() -> None:
    assert split_title("Faut-il interdire TikTok ?\n\nLe débat revient.").title == "Faut-il interdire TikTok ?"


def test_first_sentence_of_the_body_is_not_a_title() -> None:
    text = "La plateforme a fermé la chaîne jeudi.\n\nElle invoque ses règles."
    assert split_title(text) == TitledText(None, text)


def test_first_line_without_blank_line_is_not_a_title() -> None:
    text = "Le régulateur sanctionne Snapchat\nLa décision est tombée lundi."
    assert split_title(text).title is None


def test_long_first_paragraph_is_not_a_title() -> None:
    text = ("Un très long premier paragraphe " * 8) + "\n\nSuite."
    assert split_title(text).title is None


def test_a_lone_line_is_a_body_not_a_title() -> None:
    assert split_title("Twitter devient X") == TitledText(None, "Twitter devient X")
