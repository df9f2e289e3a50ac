"""Platforms from names, URLs, short aliases in context and owner descriptions."""

from __future__ import annotations

from collections.abc import Callable

from news_warehouse.config import PROJECT_ROOT
from news_warehouse.extract.gazetteer import load_gazetteer
from news_warehouse.extract.records import ArticleExtraction

Extract = Callable[..., ArticleExtraction]


def _platforms(extraction: ArticleExtraction) -> dict[str, str]:
    return {m.surface_text: m.platform_name for m in extraction.platform_mentions}


def test_names_are_recognised_whatever_the_ner_says(extract: Extract) -> None:
    found = _platforms(extract("La vidéo a circulé sur Instagram, YouTube, Telegram et LinkedIn."))
    assert set(found.values()) == {"Instagram", "YouTube", "Telegram", "LinkedIn"}


def test_url_names_its_platform(extract: Extract) -> None:
    found = _platforms(extract("Le message est lisible ici : https://www.tiktok.com/@exemple/video/123 depuis mardi."))
    assert found == {"https://www.tiktok.com": "TikTok"}


def test_x_is_twitter_only_in_a_platform_context(extract: Extract) -> None:
    assert set(_platforms(extract("Il a publié un message sur X, le réseau social d'Elon Musk.")).values()) == {"Twitter"}
    assert _platforms(extract("La victime a porté plainte contre X au commissariat.")) == {}


def test_lowercase_verb_is_not_a_platform(extract: Extract) -> None:
    assert _platforms(extract("Il n'hésite pas à twitter plusieurs fois par jour.")) == {}


def test_owner_description_names_the_single_platform_of_that_owner(extract: Extract) -> None:
    found = _platforms(extract("Bruxelles a ouvert une procédure contre l'application de ByteDance."))
    assert set(found.values()) == {"TikTok"}


def test_owners_come_from_the_seed() -> None:
    gazetteer = load_gazetteer(PROJECT_ROOT / "dbt_project" / "seeds")
    assert gazetteer.platform_named("Instagram").owner_name == "Meta"
    owned_by_meta = {p.platform_name for p in gazetteer.platform_list if p.owner_name == "Meta"}
    assert owned_by_meta >= {"Facebook", "Instagram", "WhatsApp", "Threads"}
    assert gazetteer.actor(gazetteer.platform_named("YouTube").owner_name or "") is not None


def test_roles_are_read_from_appositions(extract: Extract) -> None:
    body = (
        "Le patron de Telegram, Pavel Durov, a été entendu. "
        "Thierry Breton, l'ancien commissaire européen au Marché intérieur, a réagi. "
        "L'ancienne présidente de la Commission Ursula von der Leyen était absente."
    )
    roles = {(r.canonical_name, r.role_text) for r in extract(body).actor_roles}
    assert ("Pavel Durov", "patron de telegram") in roles
    assert ("Thierry Breton", "ancien commissaire européen au marché intérieur") in roles
    assert ("Ursula von der Leyen", "ancienne présidente de la commission") in roles
