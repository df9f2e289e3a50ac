"""Normalisation: copies differing only in spacing, line ends or Unicode form become equal."""

from __future__ import annotations

import unicodedata

from news_warehouse.ingest.normalise import normalise_text


def test_line_ends_spaces_and_invisible_characters_are_canonical() -> None:
    raw = "\r\n\r\nTitre\u00a0: l\u2019Arcom\r\n\r\n\r\n\r\nLe\u202fCSA  devient\u2007l\u2019Arcom.\u200b \rFin\u2009!  \n\n\n"
    assert normalise_text(raw) == "Titre : l\u2019Arcom\n\nLe CSA devient l\u2019Arcom.\nFin !"


def test_decomposed_accents_are_composed() -> None:
    decomposed = unicodedata.normalize("NFD", "Régulateur européen")
    assert decomposed != "Régulateur européen"
    assert normalise_text(decomposed) == "Régulateur européen"


def test_normalising_twice_changes_nothing() -> None:
    raw = " \tUn\u00a0\u00a0texte\r\n\n\n\u2028avec   des  espaces \u00ad "
    once = normalise_text(raw)
    assert normalise_text(once) == once
    assert once == "Un texte\n\navec des espaces"
