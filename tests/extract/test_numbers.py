"""French numbers in digits and words, as news prints them."""

from __future__ import annotations

from decimal import Decimal

import pytest

from news_warehouse.extract.numbers import find_numbers, parse_french_number, qualifier_before


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("228 000", 228000),
        ("228\u00a0000", 228000),
        ("228\u202f000", 228000),
        ("228\u2009000", 228000),
        ("9.000", 9000),
        ("1.234.567", 1234567),
        ("41,7", Decimal("41.7")),
        ("1 823", 1823),
        ("2,7", Decimal("2.7")),
        ("treize", 13),
        ("vingt-trois", 23),
        ("soixante et onze", 71),
        ("quatre-vingt-dix-sept", 97),
        ("deux cents", 200),
        ("deux mille trois cents", 2300),
        ("trois millions", 3000000),
        ("mille", 1000),
        ("une dizaine", 10),
        ("une vingtaine", 20),
        ("un millier", 1000),
        ("une centaine de milliers", 100000),
        ("1,2 milliard", 1200000000),
        ("41,7 millions", 41700000),
        ("2 millions et demi", 2500000),
        ("deux milliards et demi", 2500000000),
        ("3 000 000", 3000000),
    ],
)
def test_reads_french_numbers(text: str, expected: int | Decimal) -> None:
    assert parse_french_number(text) == Decimal(expected)


@pytest.mark.parametrize("text", ["quelques", "des milliers", "plusieurs millions", "1er", "", "Twitter"])
def test_vague_or_non_numbers_have_no_value(text: str) -> None:
    assert parse_french_number(text) is None


def test_scaled_values_print_without_exponent() -> None:
    assert str(parse_french_number("1,2 milliard")) == "1200000000"


def test_find_numbers_skips_articles_ordinals_percent_words_and_times() -> None:
    text = "Un employé a vu pour la 2e fois cinq pour cent des 3 000 comptes à 11:33 le 1er mars."
    surfaces = [number.surface_text for number in find_numbers(text)]
    assert surfaces == ["cinq", "3 000", "11"]


def test_find_numbers_keeps_offsets_into_the_text() -> None:
    text = "La CNIL a infligé 1,5 million d'euros d'amende."
    [number] = find_numbers(text)
    assert text[number.char_start : number.char_end] == number.surface_text == "1,5 million"
    assert number.scale == Decimal(10) ** 6


def test_find_numbers_stops_before_an_abbreviated_scale() -> None:
    [number] = find_numbers("un chiffre de 2,7M€")
    assert number.surface_text == "2,7"


def test_qualifier_before_a_figure() -> None:
    text = "Le groupe a perdu près de 40 000 clients."
    assert qualifier_before(text, text.index("40")) == text.index("près")
    assert qualifier_before(text, text.index("clients")) is None
