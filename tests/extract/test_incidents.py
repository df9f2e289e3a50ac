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


def test_a_company_reacting_is_a_public_statement(extract: Extract) -> None:
    incident = _only(extract("Apple a jugé « infondées » les critiques des associations."), "public_statement")
    assert "Apple" in {a.canonical_name for a in incident.actors}


def test_a_company_announcing_a_fact_is_not_a_statement(extract: Extract) -> None:
    types = {i.incident_type for i in extract("Au départ, Snapchat a annoncé une panne technique.").incidents}
    assert "public_statement" not in types


def test_a_company_noun_speaks_for_the_company_of_the_previous_sentence(extract: Extract) -> None:
    body = "Microsoft doit revoir ses contrats. L'entreprise a fait savoir qu'elle contestait cette lecture."
    incident = _only(extract(body), "public_statement")
    assert "Microsoft" in {a.canonical_name for a in incident.actors}


def test_a_statement_disputing_a_fine_is_kept_beside_it(extract: Extract) -> None:
    body = "Amazon a fait savoir qu'elle contestait l'amende de 32 millions d'euros."
    types = [i.incident_type for i in extract(body).incidents]
    assert "public_statement" in types and "fine" in types


def test_speaker_after_a_quotation(extract: Extract) -> None:
    body = "« Nous avons commis une erreur », a reconnu son patron Sundar Pichai."
    incident = _only(extract(body), "public_statement")
    assert "Sundar Pichai" in {a.canonical_name for a in incident.actors}


def test_hackers_taking_over_accounts_is_a_data_breach(extract: Extract) -> None:
    incident = _only(extract("Les pirates ont pris le contrôle de plusieurs comptes Instagram."), "data_breach")
    assert "Instagram" in incident.platforms


def test_a_reproach_that_grounds_a_fine_is_not_an_accusation(extract: Extract) -> None:
    body = "En mai, la CNIL l'a sanctionnée à hauteur de 8 millions d'euros, lui reprochant de cacher des traceurs sur Snapchat."
    types = {i.incident_type for i in extract(body).incidents}
    assert "fine" in types and "accusation" not in types


def test_a_vague_past_next_to_the_trigger_gives_no_date(extract: Extract) -> None:
    body = "Marine Le Pen demande à Meta de rouvrir son compte Facebook, banni il y a quelques années."
    incident = _only(extract(body), "account_suspension")
    assert incident.incident_date is None


def test_a_hypothesis_is_not_an_event(extract: Extract) -> None:
    body = "Il se pourrait bien que YouTube finisse par débloquer la chaîne de Steve Bannon."
    assert not [i for i in extract(body).incidents if i.incident_type == "account_reinstatement"]


def test_a_leading_date_frames_the_sentence(extract: Extract) -> None:
    body = "En février, l'ICO a infligé une amende à TikTok, estimant que des enfants s'en servaient en 2020."
    incident = _only(extract(body, date(2023, 9, 15)), "fine")
    assert (incident.incident_date, incident.incident_date_precision) == (date(2023, 2, 1), "month")


def test_a_background_clause_in_plus_que_parfait_gets_no_article_date(extract: Extract) -> None:
    body = "Depuis cet été, Twitter rétablit les comptes qui avaient été suspendus sur Twitter."
    suspension = [i for i in extract(body).incidents if i.incident_type == "account_suspension"]
    assert all(i.incident_date is None for i in suspension)


def test_election_interference_is_dated_to_the_election(extract: Extract) -> None:
    body = "Des publicités financées par la Russie ont circulé sur Facebook pendant la campagne électorale américaine."
    incident = _only(extract(body, date(2017, 10, 2)), "influence_operation")
    assert (incident.incident_date, incident.incident_date_precision) == (date(2016, 1, 1), "year")


def test_election_interference_takes_the_printed_election_year(extract: Extract) -> None:
    body = "Lors des élections européennes de 2019, une opération de désinformation russe a visé Facebook."
    incident = _only(extract(body, date(2021, 5, 3)), "influence_operation")
    assert incident.incident_date == date(2019, 1, 1)


# --- causes seen on real news (sentences written for these tests) ---------------------------


def _types(extraction: ArticleExtraction) -> list[str]:
    return [i.incident_type for i in extraction.incidents]


def test_closing_accounts_is_a_suspension_and_blocking_a_post_is_moderation(extract: Extract) -> None:
    assert _types(extract("Le 3 mars 2024, YouTube a fermé les deux chaînes du polémiste.")) == ["account_suspension"]
    assert _types(extract("Le 3 mars 2024, une publication de la chanteuse a été bloquée par Instagram.")) == ["content_moderation"]


def test_deactivating_a_setting_is_no_incident(extract: Extract) -> None:
    body = "Google laisse croire à ses utilisateurs qu'ils peuvent désactiver la géolocalisation."
    assert "account_suspension" not in _types(extract(body))


def test_questions_purposes_and_polls_are_not_events(extract: Extract) -> None:
    assert _types(extract("Le mouvement a-t-il subi la censure de Facebook ?")) == []
    assert "accusation" not in _types(extract("Des milliers de personnes ont défilé pour dénoncer le racisme sur Twitter."))
    poll = "Selon Ipsos, 30 % des Français utilisent Facebook. Enquête réalisée en ligne auprès de 1.000 personnes."
    assert "investigation" not in _types(extract(poll))


def test_negation_reaches_back_over_a_compound_passive(extract: Extract) -> None:
    body = "Le compte Instagram du journal n'a pas été fermé, a assuré la porte-parole Lucie Martin."
    assert "account_suspension" not in _types(extract(body)) and "content_moderation" not in _types(extract(body))


def test_advertising_and_data_harvesting_are_typed(extract: Extract) -> None:
    assert "sponsored_content" in _types(extract("Le 2 mai 2024, Danone a suspendu toute publicité sur Facebook."))
    harvested = "La société Data Lumen a récupéré les données de millions d'usagers de Facebook sans leur consentement."
    assert "data_breach" in _types(extract(harvested))


def test_since_says_how_long_not_when(extract: Extract) -> None:
    body = "Exclue du parti depuis 2019, l'élue Claire Dumas a été condamnée le 4 mars 2024 à une amende pour ses tweets sur Twitter."
    fine = _only(extract(body), "fine")
    assert fine.incident_date == date(2024, 3, 4)


def test_reports_of_one_breach_over_a_few_days_are_one_incident(extract: Extract) -> None:
    body = (
        "Le compte Twitter du rappeur Karim Belo a été piraté mercredi 6 mars 2024.\n"
        "Le lendemain, jeudi 7 mars, le hacker a publié deux morceaux inédits sur Twitter."
    )
    assert _types(extract(body)).count("data_breach") == 1


def test_habits_requests_denials_and_causes_are_not_events(extract: Extract) -> None:
    habit = "Selon Twitter, cela arrive lorsqu'elle supprime les comptes de spam."
    request = "Le collectif Stop Haine demande à Facebook de retirer les groupes haineux."
    denial = "Le compte de l'hebdomadaire sur Instagram n'a fait l'objet d'aucune censure, selon Meta."
    cause = "Des associations appellent les plateformes comme Twitter à lutter contre la désinformation."
    for body in (habit, request, denial, cause):
        assert _types(extract(body)) == [], body


def test_answering_a_call_is_not_a_statement(extract: Extract) -> None:
    body = "Plusieurs actrices, dont Julie Gayet, ont répondu à l'appel du collectif sur Instagram."
    assert "public_statement" not in _types(extract(body))


def test_reports_of_one_deal_in_a_month_are_one_acquisition(extract: Extract) -> None:
    body = (
        "Vendredi 31 juillet 2020, Microsoft a confirmé des négociations pour racheter TikTok.\n"
        "Dimanche 2 août 2020, le rachat de TikTok a été discuté à la Maison Blanche."
    )
    assert _types(extract(body)).count("acquisition") == 1


def test_a_spokesperson_quoting_the_event_also_makes_a_statement(extract: Extract) -> None:
    body = "« Nous avons rétabli les comptes sur Instagram », a déclaré dimanche la porte-parole Claire Vidal."
    types = _types(extract(body))
    assert "account_reinstatement" in types and "public_statement" in types


def test_a_verb_of_saying_in_an_incise_is_a_statement(extract: Extract) -> None:
    body = "« Cette décision de Facebook est grave », confie l'écrivain Paul Marchal au Monde."
    assert "public_statement" in _types(extract(body))
