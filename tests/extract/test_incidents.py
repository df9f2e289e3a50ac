"""Each incident type on sentences written for these tests, with dates, merging and money."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal

import pytest

from news_warehouse.extract.records import ArticleExtraction, Incident

Extract = Callable[..., ArticleExtraction]


def _only(extraction: ArticleExtraction, incident_type: str) -> Incident:
    found = [i for i in extraction.incidents if i.incident_type == incident_type]
    assert len(found) == 1, extraction.incidents
    return found[0]


@pytest.mark.parametrize(
    ("incident_type", "body", "participant"),
    [
        ("account_suspension", "YouTube a suspendu la chaîne de Steve Bannon le 10 janvier 2024.", "YouTube"),
        ("account_reinstatement", "Le compte de Donald Trump a été rétabli sur YouTube le 17 mars 2023.", "YouTube"),
        ("content_moderation", "En février 2024, TikTok a supprimé des milliers de vidéos jugées trompeuses.", "TikTok"),
        ("accusation", "Le 2 février 2024, Elon Musk accuse la Commission européenne de censure.", "Elon Musk"),
        ("public_statement", "Le 5 mars 2024, Pavel Durov a déclaré que Telegram coopérerait avec la justice.", "Pavel Durov"),
        ("meeting", "Le 12 mars 2024, Emmanuel Macron a rencontré Sam Altman à l'Élysée.", "Sam Altman"),
        ("influence_operation", "En juin 2023, Viginum a révélé une campagne de désinformation russe diffusée sur Facebook.", "Facebook"),
        ("sponsored_content", "En 2023, Meta a vendu des publicités politiques ciblées sur Instagram.", "Meta"),
        ("investigation", "Le 1er mars 2024, la Commission européenne a ouvert une enquête visant TikTok.", "TikTok"),
        ("fine", "Le 6 janvier 2022, la CNIL a infligé une amende de 150 millions d'euros à Google.", "Google"),
        ("data_breach", "Le 8 février 2024, une fuite de données a touché des millions de clients de Free sur LinkedIn.", "LinkedIn"),
        ("acquisition", "En octobre 2022, Elon Musk a finalisé le rachat de Twitter.", "Twitter"),
    ],
)
def test_each_type_is_found_with_its_participants_and_date(extract: Extract, incident_type: str, body: str, participant: str) -> None:
    incident = _only(extract(body), incident_type)
    assert participant in {a.canonical_name for a in incident.actors} | set(incident.platforms)
    assert incident.incident_date is not None and incident.incident_date.year in {2022, 2023, 2024}
    assert incident.evidence_text == body


def test_conditional_and_negated_triggers_are_not_incidents(extract: Extract) -> None:
    body = "Twitter a prévenu qu'il bannirait Donald Trump. Twitter ne supprimera pas les messages de Donald Trump."
    types = {i.incident_type for i in extract(body, date(2016, 5, 1)).incidents}
    assert "account_suspension" not in types and "content_moderation" not in types


def test_plus_que_parfait_gives_no_date_and_present_gives_the_article_date(extract: Extract) -> None:
    past = _only(extract("Twitter avait bloqué le compte de Donald Trump.", date(2024, 3, 15)), "account_suspension")
    now = _only(extract("Twitter bloque le compte de Donald Trump.", date(2024, 3, 15)), "account_suspension")
    assert past.incident_date is None
    assert (now.incident_date, now.incident_date_precision) == (date(2024, 3, 15), "day")


def test_relative_date_is_read_against_the_article_date(extract: Extract) -> None:
    incident = _only(extract("Hier, la Cnil a sanctionné Criteo d'une amende de 40 millions d'euros.", date(2023, 6, 23)), "fine")
    assert (incident.incident_date, incident.incident_date_precision) == (date(2023, 6, 22), "day")


def test_retellings_of_one_event_merge(extract: Extract) -> None:
    body = (
        "Le 7 janvier 2021, Facebook a suspendu le compte de Donald Trump. "
        "La suspension du compte de Donald Trump sur Facebook a été annoncée par Mark Zuckerberg."
    )
    incident = _only(extract(body), "account_suspension")
    assert incident.incident_date == date(2021, 1, 7)
    assert {"Donald Trump", "Mark Zuckerberg"} <= {a.canonical_name for a in incident.actors}


def test_money_attaches_to_the_fine_with_its_payer(extract: Extract) -> None:
    extraction = extract("Le 6 janvier 2022, la CNIL a infligé une amende de 150 millions d'euros à Google.")
    (figure,) = extraction.monetary_figures
    assert figure.amount == Decimal(150_000_000) and figure.currency_code == "EUR"
    assert figure.payer_name == "Google"
    assert figure.incident_index is not None
    assert extraction.incidents[figure.incident_index].incident_type == "fine"


def test_spender_is_the_payer(extract: Extract) -> None:
    (figure,) = extract("Selon Twitter, RT avait dépensé 300 000 dollars en contenus sponsorisés.").monetary_figures
    assert figure.payer_name == "Russia Today"


def test_quantity_subject_is_the_actor_or_platform_before_it(extract: Extract) -> None:
    quantities = extract("Donald Trump compte 87 millions de followers. Threads revendique 150 millions d'utilisateurs.").quantities
    subjects = {(q.unit, q.subject_actor_name, q.subject_platform_name) for q in quantities}
    assert subjects == {("followers", "Donald Trump", None), ("users", None, "Threads")}
