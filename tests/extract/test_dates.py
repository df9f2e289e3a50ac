"""Dates: printed, relative to the publication day, and from tweet URLs."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest

from news_warehouse.extract.dates import find_dates, find_tweet_url_dates, tweet_status_date
from news_warehouse.extract.published_inference import infer_published_date
from news_warehouse.extract.tense import tense_at

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


def test_without_publication_date_only_printed_days_ground_a_date() -> None:
    """ "Hier" and "en octobre dernier" need the publication date; "mercredi 27" is the
    Wednesday 27th nearest the article's own full date."""
    found = find_dates("Hier, mercredi 27, en octobre dernier, le 7 janvier 2021.", None)
    assert [(m.surface_text, m.value) for m in found] == [
        ("mercredi 27", date(2021, 1, 27)),
        ("7 janvier 2021", date(2021, 1, 7)),
    ]


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


def test_weekday_date_without_any_year_leaves_the_publication_unknown() -> None:
    # Sunday 3 March fits 2013, 2019, 2024...: nothing in the text says which.
    assert infer_published_date("Dimanche 3 mars, la plateforme a été bloquée.") is None


def test_infer_published_date_reads_publie_le() -> None:
    text = "Publié le 12 mars 2021 à 10h. Le 3 janvier 2021, la plateforme avait été bloquée."
    inferred = infer_published_date(text)
    assert inferred is not None and (inferred.value, inferred.precision) == (date(2021, 3, 12), "day")


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


# --- grounding: a date without its year ---------------------------------------------------


@pytest.mark.parametrize(
    ("text", "reference", "value"),
    [
        # Monday 27 March is 2023; the reference is in 2023.
        ("Lundi 27 mars, le site a fermé.", date(2023, 4, 2), date(2023, 3, 27)),
        # Monday 27 March is not 2022 (a Sunday): the nearest fitting year is 2023, not 2022.
        ("Lundi 27 mars, le site a fermé.", date(2022, 4, 2), date(2023, 3, 27)),
        # Thursday 30 December read from January is the previous year's.
        ("Jeudi 30 décembre, le compte a été suspendu.", date(2022, 1, 4), date(2021, 12, 30)),
    ],
)
def test_weekday_day_month_takes_the_year_where_the_weekday_fits(text: str, reference: date, value: date) -> None:
    [found] = find_dates(text, reference)
    assert (found.value, found.precision) == (value, "day")


def test_weekday_day_month_without_publication_date_is_nearest_the_printed_dates() -> None:
    # Tuesday 14 March fits 2017 and 2023; the text speaks of October 2022.
    text = "La plainte date d'octobre 2022. Mardi 14 mars, le régulateur a tranché."
    found = {m.surface_text: m.value for m in find_dates(text, None)}
    assert found["Mardi 14 mars"] == date(2023, 3, 14)


@pytest.mark.parametrize(
    "text",
    ["Mardi 14 mars, le régulateur a tranché.", "Le 14 mars, le régulateur a tranché.", "Hier, mardi, cet été."],
)
def test_nothing_to_ground_on_gives_no_date(text: str) -> None:
    assert find_dates(text, None) == []


@pytest.mark.parametrize(
    ("text", "value"),
    [
        # Past tense: the 20 May before the reference, not the one a month later.
        ("Le site a été piraté le 20 mai.", date(2018, 5, 20)),
        # Future: the 20 May after it.
        ("Le verdict sera rendu le 20 mai.", date(2019, 5, 20)),
        ("Le procès s'ouvrira le 20 mai.", date(2019, 5, 20)),
        # No tense: the nearest, here three weeks ahead.
        ("Le 15 mai, date butoir.", date(2019, 5, 15)),
        # A participle governs the date even when a future verb follows.
        ("Il confirme la décision rendue le 20 mai et la sanction sera lourde.", date(2018, 5, 20)),
        ("Au moment du décès, le 28 août dernier, il a écrit.", date(2018, 8, 28)),
        ("La réunion du 2 février prochain est annulée.", date(2020, 2, 2)),
    ],
)
def test_day_month_follows_the_tense_of_its_clause(text: str, value: date) -> None:
    [found] = find_dates(text, REFERENCE)
    assert (found.value, found.precision) == (value, "day")


def test_day_month_repeating_a_full_date_takes_its_year() -> None:
    text = "Le message du 29 mars 2017 a été supprimé. Celui du 29 mars circulait encore."
    values = [m.value for m in find_dates(text, REFERENCE)]
    assert values == [date(2017, 3, 29), date(2017, 3, 29)]


def test_historical_present_without_tense_marker_takes_the_nearest_month() -> None:
    # Nearest to April 2019: January 2019 (three months) rather than January 2020.
    [found] = find_dates("En janvier, il publie un message.", REFERENCE)
    assert found.value == date(2019, 1, 1)


# --- relative to the publication date -----------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value", "precision"),
    [
        # REFERENCE is Wednesday 24 April 2019.
        ("Mardi, le ministre a répondu.", date(2019, 4, 23), "day"),
        ("Jeudi, il rencontrera le ministre.", date(2019, 4, 25), "day"),
        ("Ils vont manifester samedi.", date(2019, 4, 27), "day"),
        ("Mardi prochain, le conseil se réunit.", date(2019, 4, 30), "day"),
        ("Dimanche soir, le site a planté.", date(2019, 4, 21), "day"),
        ("Ce matin, le site a planté.", date(2019, 4, 24), "day"),
        ("Ce week-end, le site a planté.", date(2019, 4, 1), "month"),
        ("Le week-end prochain, le site fermera.", date(2019, 4, 1), "month"),
        ("En début de semaine, la plateforme a cédé.", date(2019, 4, 1), "month"),
        ("La semaine du 17 mars a été chargée.", date(2019, 3, 1), "month"),
        ("L'été dernier, la FTC a infligé une amende.", date(2018, 1, 1), "year"),
        ("Au printemps prochain, la loi entrera en vigueur.", date(2020, 1, 1), "year"),
        # A winter counts in the year of its January.
        ("L'hiver dernier, le réseau a été saturé.", date(2019, 1, 1), "year"),
        ("À l'automne 2016, la plateforme a fermé.", date(2016, 1, 1), "year"),
    ],
)
def test_relative_wording_reads_against_the_publication_date(text: str, value: date, precision: str) -> None:
    [found] = find_dates(text, REFERENCE)
    assert (found.value, found.precision) == (value, precision)


@pytest.mark.parametrize(
    ("reference", "value"),
    [
        (date(2020, 5, 6), date(2019, 1, 1)),  # in spring: last year's summer
        (date(2020, 7, 15), date(2019, 1, 1)),  # during a summer: the one before
        (date(2020, 10, 2), date(2020, 1, 1)),  # in autumn: this year's
    ],
)
def test_l_ete_dernier_is_the_last_summer_over(reference: date, value: date) -> None:
    [found] = find_dates("Une amende imposée l'été dernier.", reference)
    assert found.value == value


def test_capitalised_season_is_a_name() -> None:
    assert find_dates("Le Printemps arabe a commencé en Tunisie.", REFERENCE) == []


def test_month_precision_reference_keeps_day_words_to_its_month() -> None:
    april = date(2019, 4, 1)
    text = "Hier, mardi, il a parlé. Le 17 avril, il a été suspendu."
    found = {m.surface_text: (m.value, m.precision) for m in find_dates(text, april, "month")}
    assert found == {
        "Hier": (april, "month"),
        "mardi": (april, "month"),
        "17 avril": (date(2019, 4, 17), "day"),
    }


@pytest.mark.parametrize(
    ("text", "tense"),
    [
        ("Le compte avait été suspendu en mars.", "past"),
        ("La plateforme publiera sa décision en mars.", "future"),
        ("Ils vont geler leur compte en mars.", "future"),
        ("Il publie un message en mars.", None),
        # Words and names that merely end like a future verb.
        ("Aux environs de Lyon, Sandra Herrera reçoit les vignerons en mars.", None),
        # A participle governs the date; a noun of the same shape does not.
        ("Il conteste la décision rendue en mars, la prochaine sera pire.", "past"),
        ("Il prépare la rentrée en mars, la prochaine sera pire.", "future"),
    ],
)
def test_tense_of_the_clause_around_a_date(text: str, tense: str | None) -> None:
    at = text.index("en mars")
    assert tense_at(text, at, at + len("en mars")) == tense


# --- the day of the run never leaks in ----------------------------------------------------


def test_no_extraction_module_reads_the_clock() -> None:
    """Same input, same dates on any day: nothing under extract/ asks for the current date."""
    extract_dir = Path(__import__("news_warehouse.extract", fromlist=["x"]).__file__).parent
    clock = re.compile(r"\b(?:date|datetime)\.(?:today|now|utcnow)\s*\(|\btime\.time\s*\(|\blocaltime\s*\(")
    offenders = [
        f"{path.name}:{number}"
        for path in sorted(extract_dir.glob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if clock.search(line)
    ]
    assert offenders == []


def test_same_text_same_dates_whatever_the_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    """A clock pushed years ahead changes nothing: dates depend on the text and its publication date."""
    from news_warehouse.extract import dates, published_inference

    text = "Lundi 27 mars, le site a fermé. Hier, le 3 mars, l'été dernier. Dimanche 3 mars, bloquée."
    before = (find_dates(text, REFERENCE), find_dates(text, None), infer_published_date(text))

    class FarFuture(date):
        @classmethod
        def today(cls) -> date:
            return date(2041, 1, 1)

    for module in (dates, published_inference):
        monkeypatch.setattr(module, "date", FarFuture)
    assert (find_dates(text, REFERENCE), find_dates(text, None), infer_published_date(text)) == before


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Cet été, pas de vacances pour la modération.", date(2019, 1, 1)),  # the coming summer, same year
        ("L'automne a été agité.", date(2018, 1, 1)),  # past: the last autumn begun
        ("L'automne sera agité.", date(2019, 1, 1)),  # future: the next one
        # The winter over in February 2019 is nearer than the next one (it counts in 2019).
        ("Cet hiver, pas de vacances.", date(2019, 1, 1)),
    ],
)
def test_season_without_relation_follows_the_tense(text: str, value: date) -> None:
    [found] = find_dates(text, REFERENCE)
    assert found.value == value
