"""The stop-word language guess separates French from English and other languages."""

from __future__ import annotations

from news_warehouse.ingest.language import guess_language

FRENCH = "Le gendarme des télécoms a infligé une amende à l'opérateur, qui conteste la décision devant le Conseil d'État."
ENGLISH = "The telecoms regulator fined the operator, which is challenging the decision before the highest court of the country."
SPANISH = "El regulador de las telecomunicaciones multó al operador, que recurre la decisión ante el tribunal supremo del país."


def test_french_is_french() -> None:
    assert guess_language(FRENCH).language == "fr"


def test_english_is_english() -> None:
    guess = guess_language(ENGLISH)
    assert guess.language == "en"
    assert guess.shares["en"] > guess.shares["fr"]


def test_spanish_is_not_french() -> None:
    assert guess_language(SPANISH).language == "es"


def test_text_without_function_words_is_undetermined() -> None:
    assert guess_language("Facebook Twitter TikTok Snapchat LinkedIn Instagram YouTube").language is None
