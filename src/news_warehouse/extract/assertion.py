"""Whether a trigger reports something that happened, or only mentions it.

Not events: the conditional and subjunctive ("il bannirait"), negation ("n'a pas été fermé",
"d'aucune censure"), questions, purposes ("pour dénoncer"), requests ("demande à Facebook de
retirer"), causes ("lutter contre la désinformation"), habits ("lorsqu'elle supprime"),
hypotheticals ("en cas de", "passible de"), a poll's fieldwork ("enquête réalisée auprès de") and
the subject of an inquiry ("l'enquête sur l'ingérence").
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Token

from news_warehouse.extract.sentences import Sentence


_PASSIVE_BEFORE = re.compile(r"\b(?:été|être|est|sont|étaient|était|sera|seront)\s+$", re.I)
_ABOUT_INQUIRY = re.compile(r"\benquêtes? (?:sur|concernant)\s+(?:l['’]|la |le |les )?$", re.I)
_NEGATIONS_AFTER = frozenset({"pas", "jamais", "plus", "aucun", "aucune", "guère"})
# A trigger under one of these is a possibility, not an event ("il se pourrait que Meta finisse par débloquer").
_HYPOTHETICAL_BEFORE = re.compile(
    r"\b(?:pourrai(?:t|ent)|devrai(?:t|ent)|se pourrait|il est possible qu|peut-être|risquen?t? de|menacen?t? de|"
    r"envisagen?t? de|envisager de|s['’]apprêtent? à|impossible de|s['’]attend(?:ent)?|serai(?:t|ent)|passibles? d|"
    r"au motif qu|sous prétexte qu|en cas d)\b[^.;:]{0,60}$",
    re.I,
)
# "d'aucune censure", "sans suppression": a negative determiner denies the noun after it.
_NEGATIVE_DETERMINER_BEFORE = re.compile(r"\b(?:aucune?|sans|nulle?)\s+$", re.I)
# A request names what someone wants done, not what was done.
_REQUEST_BEFORE = re.compile(
    r"\b(?:demande|demandent|réclame|réclament|exige|exigent|appelle|appellent|somme|somment)\b[^.;:]{0,80}\bd(?:e |['’])(?:\w+ ){0,4}$", re.I
)
# "lutter contre la désinformation": a cause people fight for, not a campaign that took place.
_TOPIC_BEFORE = re.compile(r"\b(?:lutter|lutte|combattre|combat|contre)\s+(?:la |les |l['’]|le )?$", re.I)
# A present tense after "lorsque", "quand", "chaque fois que" tells a habit, not an event.
_HABITUAL_BEFORE = re.compile(r"\b(?:lorsqu['’]|lorsque|quand|chaque fois qu['’e]|dès qu['’e])[^.;,]{0,40}$", re.I)
# "pour dénoncer", "pour les accuser": the purpose of an act, which is not the act itself.
_PURPOSE_BEFORE = re.compile(r"\bpour (?:l['’]|les |la |le |se |s['’])?$", re.I)
# A survey's fieldwork ("enquête réalisée en ligne auprès d'un échantillon"), not an inquiry.
_POLL = re.compile(r"^\s*(?:réalisée|menée|conduite|effectuée)?\s*(?:en ligne\s*)?(?:auprès|d['’]opinion|par (?:l['’]institut|Ifop|Ipsos|téléphone))", re.I)


def is_asserted(doc: Doc, sentence: Sentence, match: re.Match[str]) -> bool:
    """False for a conditional, negated or passive-accusation trigger, or an inquiry's subject."""
    before = sentence.text[: match.start()]
    word = match.group().lower()
    if word.startswith("accus") and _PASSIVE_BEFORE.search(before):
        return False  # "accusés de ..." is what an indictment says, not an accusation by someone
    if _ABOUT_INQUIRY.search(before):
        return False  # "l'enquête sur l'ingérence russe": the inquiry is the incident
    if _HYPOTHETICAL_BEFORE.search(before):
        return False  # "il se pourrait bien que Meta finisse par débloquer son compte"
    if sentence.text.rstrip(" »\"”").endswith("?"):
        return False  # a question asks whether it happened
    if _PURPOSE_BEFORE.search(before) or _NEGATIVE_DETERMINER_BEFORE.search(before):
        return False  # "pour dénoncer le racisme": an aim; "n'a fait l'objet d'aucune censure": nothing happened
    if _REQUEST_BEFORE.search(before) or _TOPIC_BEFORE.search(before):
        return False  # "demande à Facebook de retirer ...", "lutter contre la désinformation": asked for, or a cause
    if word.startswith("enquêt") and _POLL.search(sentence.text[match.end() :][:60]):
        return False  # "enquête réalisée auprès de 1.000 personnes": a poll, not a probe
    token = token_at(doc, sentence.start + match.start())
    if token is None:
        return True
    if _governing_mood(doc, sentence, token) & {"Cnd", "Sub"}:
        return False  # "il bannirait", "il se pourrait que Meta finisse par débloquer"
    if _HABITUAL_BEFORE.search(before) and "Pres" in token.morph.get("Tense"):
        return False  # "lorsqu'elle supprime les comptes de spam": what happens in general, not an event
    window_before = [t.lower_ for t in doc[max(0, token.i - 5) : token.i]]
    window_after = [t.lower_ for t in doc[token.i : token.i + 4]]
    # "ne supprime pas" (simple tense) and "n'a pas été fermé" (compound: the negation precedes)
    return not ({"ne", "n'", "n’"} & set(window_before) and _NEGATIONS_AFTER & set(window_before + window_after))


def _governing_mood(doc: Doc, sentence: Sentence, token: Token) -> set[str]:
    """The mood of a finite trigger, or of the nearest finite verb before a participle or infinitive."""
    if "Fin" in token.morph.get("VerbForm") or token.pos_ not in {"VERB", "AUX"}:
        return set(token.morph.get("Mood"))
    first = doc.char_span(sentence.start, sentence.start + 1, alignment_mode="expand")
    floor = first[0].i if first is not None and len(first) else 0
    for i in range(token.i - 1, floor - 1, -1):
        if "Fin" in doc[i].morph.get("VerbForm"):
            return set(doc[i].morph.get("Mood"))
    return set()


def token_at(doc: Doc, char: int) -> Token | None:
    span = doc.char_span(char, char + 1, alignment_mode="expand")
    return span[0] if span is not None and len(span) else None
