"""Which side of the publication day a sentence speaks of, read from its verbs.

A date printed without its year ("le 3 mars", "en janvier", "mardi", "l'été") is placed before
or after the publication day by the tense of the clause that carries it: a news article
reports what has happened, so only an explicit future (future tense, "aller" + infinitive,
"prochain", "prévu", "doit") puts such a date after the publication day. The historical
present of news narration ("En janvier, il publie un message") stays in the past.

Regular expressions rather than the parser's morphology: dates are read from the raw text
before and independently of the spaCy document, and the few French future forms are a small
closed set of endings and auxiliaries.
"""

from __future__ import annotations

import re

_LETTER = "a-zàâçéèêëîïôöûùüÿœ"
# A sentence or clause with one of these speaks of what is to come.
FUTURE_RE = re.compile(
    r"\b(?:sera|seront|aura|auront|devra|devront|pourra|pourront|prévue?s?|prochaine?s?|d['’]ici|à\s+venir|"
    r"doit|doivent|devrait|devraient|programmée?s?|rendez-vous|"
    # aller + infinitive: "vont geler", "va bientôt annoncer"
    rf"(?:va|vont|allons|allez)\s+(?:[{_LETTER}]+\s+)?[{_LETTER}]+(?:er|ir|re|oir)|"
    # simple future endings: "publiera", "réuniront", "viendra", "verront"; lowercase only, so
    # that names ("Sandra", "Herrera") are not read as verbs
    rf"(?-i:[{_LETTER}]+(?:era|erai|eront|erez|ira|iront|dra|dront|rra|rront)))\b",
    re.IGNORECASE,
)
# A compound past or an imperfect: "a été déposée", "l'avait sanctionnée", "circulaient".
PAST_RE = re.compile(
    r"\b(?:avait|avaient|a|ont|avons|avez|était|étaient|est|sont|fut|furent)\s+(?:\w+\s+){0,2}?"
    r"\w+(?:é|ée|és|ées|i|ie|is|ies|u|ue|us|ues|it|ite|its|ert|erte|ort|orte)\b|\b\w{3,}(?:ait|aient)\b",
    re.IGNORECASE,
)
# A past participle right before the date governs it: "l'ordonnance rendue le 14 avril",
# "le message posté en mars", "l'amende imposée l'été dernier".
_PARTICIPLE_BEFORE_RE = re.compile(
    rf"\b[{_LETTER}]{{3,}}(?:é|ée|és|ées|ise|ises|ue|ues|ert|erte|ertes)\s+"
    rf"(?:(?:dès\s+|depuis\s+)?le|en|au|l['’]|ce|cet|cette|début|fin|mi-)?\s*$",
    re.IGNORECASE,
)
# ... unless a determiner makes that word a noun: "la rentrée en septembre", "sa revue le 3 mars".
_DETERMINER_BEFORE_RE = re.compile(
    r"\b(?:la|le|les|l['’]|une?|sa|son|ses|leurs?|cette|ce|cet|ces|du|des|de|d['’]|au|aux)\s*$", re.IGNORECASE
)
_SENTENCE_STOPS = ".!?\n"


def sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """Start and end offsets of the sentence (cut at . ! ? and line breaks) around text[start:end]."""
    first = max(text.rfind(stop, 0, start) for stop in _SENTENCE_STOPS) + 1
    ends = [i for i in (text.find(stop, end) for stop in _SENTENCE_STOPS) if i != -1]
    return first, min(ends, default=len(text))


def sentence_of(text: str, start: int, end: int) -> str:
    """The sentence around text[start:end]."""
    first, last = sentence_bounds(text, start, end)
    return text[first:last]


def tense_at(text: str, start: int, end: int) -> str | None:
    """ "future" or "past" from the verb form that governs text[start:end]: a past participle
    right before it, else the verb form nearest to it in its sentence; None when the sentence
    has neither (no verb, or only a present)."""
    first, last = sentence_bounds(text, start, end)
    window = max(first, start - 40)
    participle = _PARTICIPLE_BEFORE_RE.search(text[window:start])
    if participle is not None and not _DETERMINER_BEFORE_RE.search(text[first : window + participle.start()]):
        # "sera rendue le 3 mars": the auxiliary before the participle gives its tense
        auxiliary = text[max(first, window + participle.start() - 25) : window + participle.start()]
        return "future" if FUTURE_RE.search(auxiliary) else "past"
    sentence = text[first:last]
    markers = [(m.start(), m.end(), "future") for m in FUTURE_RE.finditer(sentence)]
    markers += [(m.start(), m.end(), "past") for m in PAST_RE.finditer(sentence)]
    if not markers:
        return None
    at, until = start - first, end - first

    def distance(marker: tuple[int, int, str]) -> int:
        return max(marker[0] - until, at - marker[1], 0)

    return min(markers, key=distance)[2]
