"""Dates: printed, relative to the publication day, and from tweet URLs."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from news_warehouse.extract.dates import (
    find_dates,
    find_tweet_url_dates,
    infer_published_date,
    tweet_status_date,
)

TESTS = Path(__file__).resolve().parents[1]
SEEDS = TESTS.parent / "seeds"
GOLD = json.loads((TESTS / "gold" / "seeds.gold.json").read_text(encoding="utf-8"))
# A Wednesday.
REFERENCE = date(2019, 4, 24)


@pytest.mark.parametrize(
    ("text", "value", "precision", "relative"),
    [
        ("Le RGPD s'applique depuis le 25 mai 2018.", date(2018, 5, 25), "day", False),
        ("Le Capitole a été envahi le 6 janvier 2021.", date(2021, 1, 6), "day", False),
        ("Publié le 7/01/2021.", date(2021, 1, 7), "day", False),
        ("Mis à jour 2021-01-07.", date(2021, 1, 7), "day", False),
        ("Le confinement a commencé le 17 mars 2020.", date(2020, 3, 17), "day", False),
        ("Depuis le 1er mars 2020, la loi s'applique.", date(2020, 3, 1), "day", False),
        ("Musk a racheté Twitter en octobre 2022.", date(2022, 10, 1), "month", False),
        ("Annonce faite en juin 2021.", date(2021, 6, 1), "month", False),
        ("Le DSA est entré en vigueur en 2024.", date(2024, 1, 1), "year", False),
        ("Les élections de 2020 approchent.", date(2020, 1, 1), "year", False),
        ("Il a été banni au début de l'année 2021.", date(2021, 1, 1), "month", False),
        ("Le projet sera prêt fin 2020.", date(2020, 12, 1), "month", False),
        ("La loi sera votée fin juin.", date(2019, 6, 1), "month", True),
        ("Rendez-vous début août.", date(2019, 8, 1), "month", True),
        ("En octobre dernier, il avait accusé Twitter.", date(2018, 10, 1), "month", True),
        ("Le mois dernier, RT a été exclu.", date(2019, 3, 1), "month", True),
        ("Le mois derniers, RT a été exclu.", date(2019, 3, 1), "month", True),
        ("Il a estimé mercredi 27 que Facebook était contre lui.", date(2019, 3, 27), "day", True),
        ("Le compte a disparu jeudi soir.", date(2019, 4, 18), "day", True),
        ("Il l'a annoncé mercredi dernier.", date(2019, 4, 17), "day", True),
        ("Il l'a annoncé mercredi.", date(2019, 4, 24), "day", True),
        ("Le PDG a parlé vendredi.", date(2019, 4, 19), "day", True),
        ("Hier, ils se sont rencontrés.", date(2019, 4, 23), "day", True),
        ("Avant-hier, ils se sont rencontrés.", date(2019, 4, 22), "day", True),
        ("Il a aujourd'hui 41,7 millions de followers.", date(2019, 4, 24), "day", True),
        ("Il a été banni il y a deux ans.", date(2017, 1, 1), "year", True),
        ("Il a été banni il y a trois mois.", date(2019, 1, 1), "month", True),
        ("L'année dernière, la Cnil a sanctionné Google.", date(2018, 1, 1), "year", True),
        ("L'an dernier, la Cnil a sanctionné Google.", date(2018, 1, 1), "year", True),
        ("La semaine dernière, Meta a répondu.", date(2019, 4, 1), "month", True),
        ("Le 3 mars, la plainte a été déposée.", date(2019, 3, 3), "day", True),
    ],
)
def test_reads_dates(text: str, value: date, precision: str, relative: bool) -> None:
    [found] = find_dates(text, REFERENCE)
    assert (found.value, found.precision, found.is_relative) == (value, precision, relative)
    assert text[found.char_start : found.char_end] == found.surface_text


def test_weekday_and_day_near_a_month_reference() -> None:
    """A month-precision reference (its first day) still finds the 27th later that month."""
    [found] = find_dates("Il a estimé mercredi 27 que Facebook était contre lui.", date(2017, 9, 1))
    assert found.value == date(2017, 9, 27)


@pytest.mark.parametrize(
    "text",
    [
        "Il a été banni il y a quelques années.",
        "Une amende de 2000 euros.",
        "Le réseau compte 2016 abonnés.",
        "La Cnil a reçu 14 143 plaintes.",
        "Le numéro est 01 45 67 89 10.",
    ],
)
def test_no_date_where_there_is_none(text: str) -> None:
    assert find_dates(text, REFERENCE) == []


def test_relative_dates_need_a_reference() -> None:
    found = find_dates("Hier, mercredi 27, en octobre dernier, le 7 janvier 2021.", None)
    assert [match.surface_text for match in found] == ["7 janvier 2021"]


def test_tweet_status_date_reads_the_snowflake() -> None:
    # Jack Dorsey's first tweet (2006) predates snowflake ids and carries no time.
    assert tweet_status_date(20) is None
    assert tweet_status_date(1120793199650463747) == date(2019, 4, 23)


def test_find_tweet_url_dates_covers_twitter_and_x() -> None:
    text = (
        "Voir https://twitter.com/realDonaldTrump/status/1120793199650463747. "
        "Et https://x.com/elonmusk/status/1585841080431321088?s=20 aussi."
    )
    found = find_tweet_url_dates(text)
    assert [match.value for match in found] == [date(2019, 4, 23), date(2022, 10, 28)]
    assert found[0].surface_text.endswith("1120793199650463747")
    assert all(text[m.char_start : m.char_end] == m.surface_text for m in found)
    assert all(match.precision == "day" for match in found)


def test_infer_published_date_moves_on_a_day_after_hier() -> None:
    text = "Hier, ils se sont vus. https://twitter.com/realDonaldTrump/status/1120793199650463747"
    inferred = infer_published_date(text)
    assert inferred is not None and inferred.value == date(2019, 4, 24)


def test_infer_published_date_ignores_years_and_relative_dates() -> None:
    assert infer_published_date("En 2016, il y a deux ans, mercredi dernier.") is None


def test_infer_published_date_takes_the_latest_printed_date() -> None:
    text = "Le 3 janvier 2020, puis le vendredi 16 février 2018, et en mai 2019."
    inferred = infer_published_date(text)
    assert inferred is not None and (inferred.value, inferred.precision) == (date(2020, 1, 3), "day")


@pytest.mark.parametrize("name", ["001_26eb34084414b71c.txt", "002_8c2edf0ec8072d61.txt", "003_2f3cbe184e4c7538.txt"])
def test_infer_published_date_agrees_with_the_gold_at_its_precision(name: str) -> None:
    [article] = [a for a in GOLD["articles"] if a["source_file"] == name]
    inferred = infer_published_date((SEEDS / name).read_text(encoding="utf-8"))
    width = {"day": 10, "month": 7, "year": 4}[article["published"]["precision"]]
    assert inferred is not None
    assert inferred.value.isoformat()[:width] == article["published"]["value"]


def test_weekday_date_without_year_takes_the_first_fitting_year_after_the_printed_years() -> None:
    # Tuesday 14 March fits 2017 and 2023; the text has already spoken of 2021.
    text = "La société avait été avertie en 2021. Mardi 14 mars, le régulateur a annoncé sa décision."
    inferred = infer_published_date(text)
    assert inferred is not None and (inferred.value, inferred.precision) == (date(2023, 3, 14), "day")


def test_weekday_dates_without_year_agree_on_one_year() -> None:
    # Thursday 5 and Monday 9 October both fit 2017 and 2023; the floor (2016) keeps 2017.
    text = "Le groupe a été créé en 2016. Jeudi 5 octobre, il a été perquisitionné, puis lundi 9 octobre, inculpé."
    inferred = infer_published_date(text)
    assert inferred is not None and inferred.value == date(2017, 10, 9)


def test_weekday_date_without_any_year_is_the_latest_past_fitting_one(monkeypatch: pytest.MonkeyPatch) -> None:
    from news_warehouse.extract import dates

    monkeypatch.setattr(dates, "_today", lambda: date(2025, 6, 1))
    # Sunday 3 March fits 2019 and 2024 (and 2030, in the future).
    inferred = infer_published_date("Dimanche 3 mars, la plateforme a été bloquée.")
    assert inferred is not None and inferred.value == date(2024, 3, 3)


def test_years_that_qualify_a_noun_or_the_future_are_no_floor() -> None:
    # "élections de 2027" and "prévue en 2026" say nothing of when the text was written.
    text = "Avant les élections de 2027, une loi est prévue en 2026. Le 4 février 2022, Meta a répondu."
    inferred = infer_published_date(text)
    assert inferred is not None and inferred.value == date(2022, 2, 4)


def test_il_y_a_n_ans_is_read_back_from_a_printed_event() -> None:
    text = (
        "Le réseau avait fermé son compte en mars 2022, puis la plainte a suivi en juin 2022. "
        "Il y a deux ans, la plateforme avait déjà fermé ce compte."
    )
    inferred = infer_published_date(text)
    assert inferred is not None and (inferred.value, inferred.precision) == (date(2024, 3, 1), "month")


def test_il_y_a_n_ans_is_not_stretched_far_beyond_the_latest_date() -> None:
    # 2015 + 9 would put the article seven years after its latest printed date.
    text = "Le site a été lancé en 2015, il y a neuf ans. La CNIL l'a sanctionné en mars 2017."
    inferred = infer_published_date(text)
    assert inferred is not None and inferred.value == date(2017, 3, 1)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("En janvier, la Cnil l'avait sanctionnée.", date(2019, 1, 1)),
        ("En juillet, la Cnil l'avait sanctionnée.", date(2018, 7, 1)),
        ("La décision sera rendue en juillet.", date(2019, 7, 1)),
        ("Le 3 septembre, le compte avait été suspendu.", date(2018, 9, 3)),
    ],
)
def test_month_without_year_follows_the_tense_of_its_sentence(text: str, value: date) -> None:
    [found] = find_dates(text, REFERENCE)
    assert found.value == value
