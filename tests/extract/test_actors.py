"""Actor detection, typing and in-article resolution on sentences written for these tests."""

from __future__ import annotations

from collections.abc import Callable

from news_warehouse.extract.records import ArticleExtraction

Extract = Callable[..., ArticleExtraction]


def _actors(extraction: ArticleExtraction) -> dict[str, str]:
    return {m.canonical_name: m.actor_type for m in extraction.actor_mentions}


def test_gazetteer_types_regulators_media_and_persons(extract: Extract) -> None:
    found = _actors(extract("Selon Le Monde, la Cnil a infligé une sanction à Criteo, et Emmanuel Macron a réagi."))
    assert found["CNIL"] == "institution"
    assert found["Le Monde"] == "media"
    assert found["Criteo"] == "organisation"
    assert found["Emmanuel Macron"] == "person"


def test_surname_and_first_name_resolve_to_the_full_name_of_the_article(extract: Extract) -> None:
    body = (
        "La chercheuse Margot Delacroix a publié un rapport sur les réseaux sociaux. "
        "Selon Delacroix, les plateformes tardent à réagir. Interrogée, Margot a confirmé ses chiffres."
    )
    mentions = extract(body).actor_mentions
    assert {m.canonical_name for m in mentions} == {"Margot Delacroix"}
    assert {m.method for m in mentions} >= {"surname", "first_name"}


def test_handle_resolves_through_the_gazetteer_and_through_the_article(extract: Extract) -> None:
    body = "Paul Mercier, porte-parole du collectif, a répondu sur Twitter depuis @PaulMercier75 à @elonmusk."
    handles = {m.surface_text: m.canonical_name for m in extract(body).actor_mentions if m.method == "handle"}
    assert handles == {"@PaulMercier75": "Paul Mercier", "@elonmusk": "Elon Musk"}


def test_typo_of_a_name_is_fuzzy_matched(extract: Extract) -> None:
    body = (
        "Le juge Antoine Valmont a entendu les parties. Antoine Valmont a ensuite ajourné l'audience. "
        "Selon Antoine Valmon, la décision tombera en mai. Mark Zukerberg n'a pas commenté."
    )
    found = {m.surface_text: (m.canonical_name, m.method) for m in extract(body).actor_mentions}
    assert found["Antoine Valmon"] == ("Antoine Valmont", "fuzzy")
    assert found["Mark Zukerberg"] == ("Mark Zuckerberg", "fuzzy")


def test_country_is_an_actor_only_when_it_acts(extract: Extract) -> None:
    acting = _actors(extract("Des publicités ont été financées par la Russie pendant la campagne."))
    place = _actors(extract("Le concert a eu lieu en Russie puis aux États-Unis l'an dernier."))
    assert acting.get("Russie") == "state"
    assert "Russie" not in place and "États-Unis" not in place


def test_platform_companies_are_not_reported_as_actors(extract: Extract) -> None:
    found = _actors(extract("Hier, Google et TikTok ont présenté leurs résultats à Paris."))
    assert "Google" not in found and "TikTok" not in found


def test_unknown_organisation_typed_by_its_name(extract: Extract) -> None:
    found = _actors(extract("Une plainte a été déposée par l'association La Quadrature du Net devant la Commission nationale de contrôle."))
    assert found.get("Commission nationale de contrôle") == "institution"


def test_a_brand_the_gazetteer_writes_in_lowercase_is_found(extract: Extract) -> None:
    body = "L'association noyb a déposé plainte contre Meta, selon 01net."
    assert {"noyb": "organisation", "01net": "media"}.items() <= _actors(extract(body)).items()
