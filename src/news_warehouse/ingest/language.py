"""A light language guess: which language's most common function words the text is made of.

News articles are long enough that the share of stop words separates French from English and
the other languages that land by mistake; no model download is needed. Words shared by several
languages ("de", "la", "en") count for each of them, so only the ratios between languages matter.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

STOP_WORDS: dict[str, frozenset[str]] = {
    "fr": frozenset(
        "le la les un une des du de d l au aux et ou est sont été être a ont avait ce cette ces "
        "qui que qu dans pour par sur avec sans pas ne n se s il elle ils elles nous vous leur "
        "leurs son sa ses mais plus comme aussi selon après depuis entre contre lors dont où".split()
    ),
    "en": frozenset(
        "the a an and or of to in on at for with by from is are was were be been has have had "
        "that this these those which who it its their they he she not but as also after said".split()
    ),
    "es": frozenset(
        "el la los las un una de del y o en que por para con sin es son fue ha han se su sus "
        "pero como más también al lo".split()
    ),
    "de": frozenset(
        "der die das den dem des ein eine einen und oder in im auf mit für von zu ist sind war "
        "hat haben nicht sich auch als bei nach wie".split()
    ),
    "it": frozenset(
        "il lo la i gli le un una di del della e o in che per con su è sono stato ha hanno non "
        "si anche come dei nel alla".split()
    ),
}
_WORD = re.compile(r"[^\W\d_]+")
MIN_STOP_WORD_SHARE = 0.15  # below this in every language, the text is not prose we can judge


@dataclass(frozen=True)
class LanguageGuess:
    """The most likely language (None when no language is likely) and every language's share."""

    language: str | None
    shares: dict[str, float]

    def describe(self) -> str:
        """The shares as a short human-readable list, best first."""
        ranked = sorted(self.shares.items(), key=lambda item: item[1], reverse=True)
        return ", ".join(f"{code} {share:.0%}" for code, share in ranked[:3])


def guess_language(text: str) -> LanguageGuess:
    """Guess the language from the share of each language's stop words among all words."""
    words = [word.lower() for word in _WORD.findall(text)]
    if not words:
        return LanguageGuess(None, {})
    shares = {code: sum(word in vocabulary for word in words) / len(words) for code, vocabulary in STOP_WORDS.items()}
    best = max(shares, key=shares.__getitem__)
    return LanguageGuess(best if shares[best] >= MIN_STOP_WORD_SHARE else None, shares)
