"""Publication dates printed near the top: found, at the right precision, and removed from the text."""

from __future__ import annotations

from datetime import date

import pytest

from news_warehouse.ingest.article import PublishedDate
from news_warehouse.ingest.published import extract_published, parse_date_string


@pytest.mark.parametrize(
    ("text", "published", "remaining"),
    [
        (" date 2021-06 Le Sénat a adopté le texte.", PublishedDate(date(2021, 6, 1), "month", "printed"), "Le Sénat a adopté le texte."),
        ("Date : 2020 Le Sénat a adopté le texte.", PublishedDate(date(2020, 1, 1), "year", "printed"), "Le Sénat a adopté le texte."),
        ("Titre\n\nPublié le 12/03/2021 à 10h32\n\nCorps.", PublishedDate(date(2021, 3, 12), "day", "printed"), "Titre\n\n\nCorps."),
        ("Titre\n\n3 novembre 2017 11:33 Mis à jour: 3 novembre 2017 12:35\n\nCorps.", PublishedDate(date(2017, 11, 3), "day", "printed"), "Titre\n\n\nCorps."),
        ("le 7 janvier 2021\nCorps.", PublishedDate(date(2021, 1, 7), "day", "printed"), "Corps."),
        ("Mardi 1er juin 2021\nCorps.", PublishedDate(date(2021, 6, 1), "day", "printed"), "Corps."),
        ("Titre\n2019-04-24T08:15:00Z\nCorps.", PublishedDate(date(2019, 4, 24), "day", "printed"), "Titre\nCorps."),
        ("Titre\n\nMis en ligne en mars 2022\n\nCorps.", PublishedDate(date(2022, 3, 1), "month", "printed"), "Titre\n\n\nCorps."),
    ],
)
def test_printed_publication_date_is_taken_and_removed(text: str, published: PublishedDate, remaining: str) -> None:
    dated = extract_published(text)
    assert dated.published == published
    assert dated.text == remaining


@pytest.mark.parametrize(
    "text",
    [
        "Le 7 janvier 2021, Twitter a suspendu le compte du président sortant.",  # an event in a sentence
        "Titre\n\nDate : 31/02/2021 Corps.",  # not a calendar date
        "Les élections du 7 mai 2017\n\nCorps.",  # a date inside a headline
        "Un\n\ndeux\n\ntrois\n\nquatre\n\ncinq\n\nsix\n\nsept\n\n7 janvier 2021",  # too far from the top
    ],
)
def test_dates_that_are_not_publication_metadata_are_left_alone(text: str) -> None:
    dated = extract_published(text)
    assert dated.published is None
    assert dated.text == text


@pytest.mark.parametrize(
    ("value", "published"),
    [
        ("2024-03-04T11:30:00+01:00", PublishedDate(date(2024, 3, 4), "day", "metadata")),
        ("2024-03", PublishedDate(date(2024, 3, 1), "month", "metadata")),
        ("2024", PublishedDate(date(2024, 1, 1), "year", "metadata")),
        ("pas une date", None),
    ],
)
def test_metadata_values(value: str, published: PublishedDate | None) -> None:
    assert parse_date_string(value) == published
