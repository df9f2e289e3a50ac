"""The scorer follows shared/gold/README.md rule by rule; each test pins one rule."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import duckdb
import pytest

from news_warehouse.evaluate import (
    PredictedArticle,
    predictions_from_extractions,
    predictions_from_warehouse,
    score,
)
from news_warehouse.extract.records import (
    ActorMention,
    ArticleExtraction,
    Incident,
    IncidentActor,
    MonetaryFigure,
    PlatformMention,
    Quantity,
)

GOLD_FILE = Path(__file__).parent / "gold" / "seeds.gold.json"


def gold_article(**fields: Any) -> dict[str, Any]:
    """One gold article with empty lists, overridden by `fields`."""
    article: dict[str, Any] = {
        "source_file": "a.txt",
        "published": {"value": "2020-05-04", "precision": "day"},
        "actors": [],
        "actors_optional": [],
        "platforms": [],
        "platforms_optional": [],
        "monetary_figures": [],
        "quantities": [],
        "incidents": [],
    }
    article.update(fields)
    return {"articles": [article]}


def predicted(**fields: Any) -> dict[str, PredictedArticle]:
    fields.setdefault("published_value", date(2020, 5, 4))
    return {"a.txt": PredictedArticle(source_file="a.txt", **fields)}


def counts(report: Any, kind: str) -> tuple[int, int, int]:
    s = report.scores[kind]
    return s.tp, s.fp, s.fn


TRUMP = {"name": "Donald Trump", "type": "person", "aliases": ["Trump"]}


def test_gold_read_back_as_predictions_scores_perfectly() -> None:
    """The real gold file, turned into the predictions it describes, must score 1.0 everywhere."""
    gold = json.loads(GOLD_FILE.read_text(encoding="utf-8"))
    predictions = {}
    for article in gold["articles"]:
        required = lambda items: [i for i in items if not (isinstance(i, dict) and i.get("optional"))]  # noqa: E731
        predictions[article["source_file"]] = PredictedArticle(
            source_file=article["source_file"],
            published_value=_gold_date(article["published"]["value"]),
            published_precision=article["published"]["precision"],
            actors=[a["name"] for a in article["actors"]],
            platforms=list(article["platforms"]),
            monetary_figures=[(m["amount"], m["currency"], m["approximate"]) for m in article["monetary_figures"]],
            quantities=[(q["value"], q["unit"]) for q in required(article["quantities"])],
            incidents=[
                (i["type"], _gold_date(i["date"]), _gold_precision(i["date"]), i["actors"], i["platforms"])
                for i in required(article["incidents"])
            ],
        )
    report = score(gold, predictions)
    assert all(s.f1 == 1.0 for s in report.scores.values()), report.format()
    assert report.incident_date_accuracy == 1.0
    assert report.published_date_accuracy == 1.0
    assert report.false_positives == report.misses == report.wrong_dates == []


def test_names_match_after_case_accent_space_and_apostrophe_normalisation() -> None:
    gold = gold_article(
        actors=[{"name": "Congrès américain", "type": "institution", "aliases": []}],
        platforms=["Truth Social"],
    )
    report = score(gold, predicted(actors=["CONGRES   Americain"], platforms=["truth social"]))
    assert counts(report, "actors") == (1, 0, 0)
    assert counts(report, "platforms") == (1, 0, 0)


def test_hyphen_is_not_a_space() -> None:
    """The README unifies spaces and apostrophes only; the gold lists both spellings where it matters."""
    report = score(gold_article(actors_optional=["Maison Blanche"]), predicted(actors=["Maison-Blanche"]))
    assert counts(report, "actors") == (0, 1, 0)


def test_alias_matches_gold_actor_but_only_once() -> None:
    report = score(gold_article(actors=[TRUMP]), predicted(actors=["Trump", "Donald Trump"]))
    assert counts(report, "actors") == (1, 1, 0)
    report = score(gold_article(actors=[TRUMP]), predicted(actors=["Trump"]))
    assert counts(report, "actors") == (1, 0, 0)


def test_same_name_spelled_twice_counts_once() -> None:
    report = score(gold_article(actors=[TRUMP]), predicted(actors=["Trump", "TRUMP"]))
    assert counts(report, "actors") == (1, 0, 0)


def test_optional_items_are_neither_right_nor_wrong() -> None:
    gold = gold_article(
        actors=[TRUMP],
        actors_optional=["Facebook"],
        platforms=["Twitter"],
        platforms_optional=["Meta"],
        quantities=[{"value": 13, "unit": "people", "optional": True}],
        incidents=[{"type": "meeting", "date": None, "actors": [], "platforms": [], "optional": True}],
    )
    nothing_optional = score(gold, predicted(actors=["Trump"], platforms=["Twitter"]))
    everything = score(
        gold,
        predicted(
            actors=["Trump", "Facebook"],
            platforms=["Twitter", "Meta"],
            quantities=[(13, "people")],
            incidents=[("meeting", None, None, [], [])],
        ),
    )
    for report in (nothing_optional, everything):
        assert counts(report, "actors") == (1, 0, 0)
        assert counts(report, "platforms") == (1, 0, 0)
        assert counts(report, "quantities") == (0, 0, 0)
        assert counts(report, "incidents") == (0, 0, 0)
    assert everything.incident_dates_total == 0


def test_an_optional_item_absorbs_one_prediction_only() -> None:
    gold = gold_article(incidents=[{"type": "meeting", "date": None, "actors": [], "platforms": [], "optional": True}])
    report = score(gold, predicted(incidents=[("meeting", None, None, [], [])] * 2))
    assert counts(report, "incidents") == (0, 1, 0)


@pytest.mark.parametrize(
    ("amount", "currency", "matches"),
    [
        (228000, "EUR", True),
        (229140, "EUR", True),  # +0.5 %
        (226860, "eur", True),  # -0.5 %, currency case ignored
        (229200, "EUR", False),  # +0.53 %
        (228000, "USD", False),
    ],
)
def test_money_matches_on_currency_and_half_a_percent(amount: int, currency: str, matches: bool) -> None:
    gold = gold_article(monetary_figures=[{"amount": 228000, "currency": "EUR", "approximate": True, "surface": "x"}])
    report = score(gold, predicted(monetary_figures=[(Decimal(amount), currency, True)]))
    assert counts(report, "monetary_figures") == ((1, 0, 0) if matches else (0, 1, 1))


def test_repeated_figure_in_text_is_one_figure() -> None:
    gold = gold_article(monetary_figures=[{"amount": 5, "currency": "EUR", "approximate": False}])
    report = score(gold, predicted(monetary_figures=[(5, "EUR", False), (Decimal("5.00"), "EUR", True)]))
    assert counts(report, "monetary_figures") == (1, 0, 0)


@pytest.mark.parametrize(
    ("value", "unit", "matches"),
    [(41_700_000, "followers", True), (41_900_000, "followers", True), (42_000_000, "followers", False),
     (41_700_000, "users", False)],
)
def test_quantity_matches_on_unit_and_half_a_percent(value: float, unit: str, matches: bool) -> None:
    gold = gold_article(quantities=[{"value": 41_700_000, "unit": "followers"}])
    report = score(gold, predicted(quantities=[(value, unit)]))
    assert counts(report, "quantities") == ((1, 0, 0) if matches else (0, 1, 1))


def test_incident_needs_same_type_and_a_shared_participant_through_aliases() -> None:
    gold = gold_article(
        actors=[TRUMP],
        incidents=[{"type": "accusation", "date": "2017-09-27", "actors": ["Donald Trump"], "platforms": ["Facebook"]}],
    )
    by_alias = score(gold, predicted(incidents=[("accusation", date(2017, 9, 27), "day", ["Trump"], [])]))
    by_platform = score(gold, predicted(incidents=[("accusation", date(2017, 9, 27), "day", [], ["FACEBOOK"])]))
    other_type = score(gold, predicted(incidents=[("public_statement", date(2017, 9, 27), "day", ["Trump"], [])]))
    no_overlap = score(gold, predicted(incidents=[("accusation", date(2017, 9, 27), "day", ["Meta"], ["Twitter"])]))
    assert counts(by_alias, "incidents") == counts(by_platform, "incidents") == (1, 0, 0)
    assert counts(other_type, "incidents") == counts(no_overlap, "incidents") == (0, 1, 1)


def test_gold_incident_without_participants_matches_on_type() -> None:
    gold = gold_article(incidents=[{"type": "fine", "date": None, "actors": [], "platforms": []}])
    report = score(gold, predicted(incidents=[("fine", None, None, ["Meta"], ["Facebook"])]))
    assert counts(report, "incidents") == (1, 0, 0)


def test_matching_is_maximum_not_first_come() -> None:
    """The first prediction fits both gold incidents; taking the first one would strand the second."""
    gold = gold_article(incidents=[
        {"type": "meeting", "date": None, "actors": ["A"], "platforms": []},
        {"type": "meeting", "date": None, "actors": ["B"], "platforms": []},
    ])
    report = score(gold, predicted(incidents=[
        ("meeting", None, None, ["A", "B"], []),
        ("meeting", None, None, ["A"], []),
    ]))
    assert counts(report, "incidents") == (2, 0, 0)


def test_pairing_prefers_pairs_whose_date_is_right() -> None:
    gold = gold_article(incidents=[
        {"type": "meeting", "date": "2019-04-23", "actors": ["A"], "platforms": []},
        {"type": "meeting", "date": "2018-10", "actors": ["A"], "platforms": []},
    ])
    report = score(gold, predicted(incidents=[
        ("meeting", date(2018, 10, 1), "month", ["A"], []),
        ("meeting", date(2019, 4, 23), "day", ["A"], []),
    ]))
    assert counts(report, "incidents") == (2, 0, 0)
    assert report.incident_date_accuracy == 1.0


@pytest.mark.parametrize(
    ("gold_date", "value", "precision", "right"),
    [
        ("2017-09", date(2017, 9, 27), "day", True),  # more precise than the gold is fine
        ("2017-09", date(2017, 9, 1), "month", True),
        ("2017-09", date(2017, 10, 1), "month", False),
        ("2017-01", date(2017, 1, 1), "year", False),  # "2017" does not say January
        ("2017-09-27", date(2017, 9, 26), "day", False),
        ("2017-09-27", date(2017, 9, 27), None, True),  # no precision: taken as a day
        ("2016", date(2016, 6, 1), "month", True),
        (None, None, None, True),  # no date in the text, none predicted
        (None, date(2016, 1, 1), "year", False),  # a date invented
        ("2016", None, None, False),
    ],
)
def test_incident_date_is_judged_at_gold_precision(
    gold_date: str | None, value: date | None, precision: str | None, right: bool
) -> None:
    gold = gold_article(incidents=[{"type": "fine", "date": gold_date, "actors": ["A"], "platforms": []}])
    report = score(gold, predicted(incidents=[("fine", value, precision, ["A"], [])]))
    assert counts(report, "incidents") == (1, 0, 0)
    assert (report.incident_dates_right, report.incident_dates_total) == (int(right), 1)
    assert (len(report.wrong_dates) == 0) == right


@pytest.mark.parametrize(
    ("value", "precision", "right"),
    [(date(2017, 9, 12), "day", True), (date(2017, 9, 1), "month", True), (date(2017, 1, 1), "year", False),
     (date(2017, 8, 31), "day", False), (None, None, False)],
)
def test_published_date_is_judged_at_gold_precision(value: date | None, precision: str | None, right: bool) -> None:
    gold = gold_article(published={"value": "2017-09", "precision": "month"})
    report = score(gold, predicted(published_value=value, published_precision=precision))
    assert report.published_date_accuracy == (1.0 if right else 0.0)


def test_unpredicted_gold_article_is_all_misses_and_extra_articles_are_ignored() -> None:
    gold = gold_article(actors=[TRUMP], platforms=["Twitter"])
    extra = PredictedArticle(source_file="other.txt", published_value=None, actors=["Enregistrer"])
    report = score(gold, {"other.txt": extra})
    assert report.missing_articles == ["a.txt"]
    assert counts(report, "actors") == (0, 0, 1)
    assert counts(report, "platforms") == (0, 0, 1)
    assert report.published_date_accuracy == 0.0


def test_predictions_are_paired_on_file_name_not_path() -> None:
    prediction = PredictedArticle(source_file="2024/06/a.txt", published_value=None, actors=["Trump"])
    report = score(gold_article(actors=[TRUMP]), {"2024/06/a.txt": prediction})
    assert counts(report, "actors") == (1, 0, 0)


def test_scores_and_format() -> None:
    gold = gold_article(actors=[TRUMP, {"name": "Rob Goldman", "type": "person", "aliases": []}])
    report = score(gold, predicted(actors=["Trump", "Enregistrer"]))
    s = report.scores["actors"]
    assert (s.precision, s.recall, s.f1) == (0.5, 0.5, 0.5)
    assert report.scores["quantities"].f1 == 1.0  # nothing to find, nothing claimed
    text = report.format()
    assert "actors" in text.splitlines()[2] and "0.500" in text.splitlines()[2]
    assert 'actor "Enregistrer"' in text
    assert 'actor "Rob Goldman"' in text


def test_predictions_from_extractions() -> None:
    extraction = ArticleExtraction(
        article_key="k",
        n_words=10,
        inferred_published_date=date(2018, 2, 1),
        inferred_published_precision="month",
        actor_mentions=[
            ActorMention("Donald Trump", "person", "Trump", 0, 5, "gazetteer"),
            ActorMention("Donald Trump", "person", "Donald Trump", 10, 22, "gazetteer"),
        ],
        platform_mentions=[PlatformMention("Twitter", "Twitter", 30, 37, "gazetteer")],
        incidents=[
            Incident("fine", date(2018, 1, 1), "year", "s", 0, 1, None,
                     actors=(IncidentActor("Meta", "target"),), platforms=("Facebook",))
        ],
        monetary_figures=[MonetaryFigure(Decimal("1200000000"), "EUR", False, "1,2 milliard d'euros", 40, 60)],
        quantities=[Quantity(13.0, "people", False, "treize", 70, 76)],
    )
    predictions = predictions_from_extractions([("landing/x/a.txt", None, extraction)])
    article = predictions["a.txt"]
    assert article.actors == ["Donald Trump"]
    assert article.platforms == ["Twitter"]
    assert (article.published_value, article.published_precision) == (date(2018, 2, 1), "month")
    assert article.incidents == [("fine", date(2018, 1, 1), "year", ["Meta"], ["Facebook"])]
    assert article.monetary_figures == [(Decimal("1200000000"), "EUR", False)]
    assert article.quantities == [(13.0, "people")]
    printed = predictions_from_extractions([("a.txt", date(2018, 2, 16), extraction)])["a.txt"]
    assert (printed.published_value, printed.published_precision) == (date(2018, 2, 16), "day")


def test_predictions_from_warehouse(tmp_path: Path) -> None:
    path = tmp_path / "news.duckdb"
    _tiny_marts(path)
    predictions = predictions_from_warehouse(path)
    assert set(predictions) == {"a.txt"}
    article = predictions["a.txt"]
    assert article.source_file == "sub/a.txt"
    assert (article.published_value, article.published_precision) == (date(2020, 5, 1), "month")
    assert article.actors == ["Donald Trump", "Meta"]
    assert article.platforms == ["Facebook"]
    assert article.monetary_figures == [(Decimal("228000.00"), "EUR", True)]
    assert article.quantities == [(13.0, "people")]
    assert article.incidents == [("fine", date(2020, 1, 1), "year", ["Meta"], ["Facebook"]),
                                 ("meeting", None, None, [], [])]
    # opened read-only: a writer elsewhere is not blocked afterwards, and nothing was written
    with duckdb.connect(str(path)) as con:
        assert con.execute("select count(*) from marts.dim_article").fetchone() == (1,)


def _tiny_marts(path: Path) -> None:
    with duckdb.connect(str(path)) as con:
        con.execute("""
            create schema marts;
            create table marts.dim_article as select 'k1' article_key, 'sub/a.txt' source_file,
                date '2020-05-01' published_date, 'month' published_precision;
            create table marts.dim_actor as select * from (values ('a1', 'Donald Trump'), ('a2', 'Meta'))
                t(actor_key, canonical_name);
            create table marts.dim_platform as select 'p1' platform_key, 'Facebook' platform_name;
            create table marts.fct_actor_mention as select * from (values
                ('k1', 'a1', 0), ('k1', 'a2', 20), ('k1', 'a1', 40)) t(article_key, actor_key, char_start);
            create table marts.fct_platform_mention as select 'k1' article_key, 'p1' platform_key, 5 char_start;
            create table marts.fct_monetary_figure as select 'k1' article_key,
                228000.00::decimal(18, 2) amount, 'EUR' currency_code, true is_approximate, 50 char_start;
            create table marts.fct_quantity as select 'k1' article_key, 13.0::double value, 'people' unit,
                60 char_start;
            create table marts.fct_incident as select * from (values
                ('i1', 'k1', 'fine', date '2020-01-01', 'year', 1),
                ('i2', 'k1', 'meeting', null, null, 2))
                t(incident_key, article_key, incident_type, incident_date, incident_date_precision, char_start);
            create table marts.bridge_incident_actor as select 'i1' incident_key, 'a2' actor_key, 'target' role;
            create table marts.bridge_incident_platform as select 'i1' incident_key, 'p1' platform_key;
        """)


def _gold_date(value: str | None) -> date | None:
    if value is None:
        return None
    parts = [int(p) for p in value.split("-")] + [1, 1]
    return date(parts[0], parts[1], parts[2])


def _gold_precision(value: str | None) -> str | None:
    return None if value is None else {4: "year", 7: "month", 10: "day"}[len(value)]
