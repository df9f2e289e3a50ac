"""Incidents: what happened, read sentence by sentence from a trigger lexicon.

A sentence yields an incident of a type when one of the type's triggers (`incident_lexicon`)
occurs in it, the trigger is asserted (`assertion`: not conditional, negated, asked, wished...),
what it acts on fits the type (closing accounts is a suspension, blocking a post is moderation),
and the sentence names the participants the type needs (a platform for a suspension, a sponsor for
sponsored content, ...). A sentence that names nobody but continues the previous sentence of its
paragraph ("En effet, une enquête est en cours") takes that sentence's participants. Dates come
from `incident_dating`; the reports of one event are merged by `incident_merging`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from spacy.tokens import Doc

from news_warehouse.extract.assertion import is_asserted, token_at
from news_warehouse.extract.dates import DateMatch
from news_warehouse.extract.incident_dating import date_of, election_year
from news_warehouse.extract.incident_lexicon import TRIGGERS
from news_warehouse.extract.incident_merging import Draft, merge
from news_warehouse.extract.nlp import doc_text
from news_warehouse.extract.records import ActorMention, Incident, IncidentActor, PlatformMention
from news_warehouse.extract.sentences import ArticleDate, Sentence


# Types that take the previous sentence's participants when the sentence names nobody.
_INHERITING = frozenset({"account_suspension", "account_reinstatement", "accusation", "meeting", "investigation", "fine", "data_breach"})
# "empêché de tweeter": being kept from posting says an account is concerned.
_POSTING_VERB = re.compile(r"\b(?:tweeter|publier|poster|diffuser|streamer)\b", re.I)
# Words that say an account is concerned when no platform is named ("banni des réseaux sociaux").
_ACCOUNT_WORDS = re.compile(r"\bcomptes?\b|\bréseaux? sociaux\b|\bprofils?\b|\bchaînes?\b", re.I)
# What a moderation or suspension verb acts on decides which of the two it is.
_ACCOUNT_OBJECT = re.compile(r"\b(?:comptes?|chaînes?|profils?|pages?)\b", re.I)
_CONTENT_OBJECT = re.compile(r"\b(?:publications?|posts?|messages?|tweets?|vidéos?|photos?|images?|contenus?|commentaires?|clichés?|articles?)\b", re.I)
# Nouns that stand for a company already named ("L'entreprise a fait savoir ...").
_COMPANY_SUBJECT = re.compile(
    r"^(?:\W*(?:de son côté|pour sa part|dans un communiqué|en réponse|quant à (?:elle|lui))\W*)?"
    r"(?:l['’]entreprise|le groupe|la société|la firme|la plateforme|le réseau social|la messagerie|l['’]application|"
    r"le géant \w+|la maison mère)\b",
    re.I,
)
# Speakers: who may make a public statement.
_SPEAKER_TYPES = frozenset({"person", "organisation", "media", "group"})
# What a company or platform says counts as a statement when it reacts (assures, judges, contests,
# denies, replies); when it "announces" or "declares", it mostly tells a decision or a fact.
_REACTION = re.compile(
    r"assuré|jugé|qualifié|contesté|regretté|rétorqué|répondu|réagi|démenti|dément|reconnu|fait savoir|"
    r"excus|défendu|engagé|félicité|insisté|réaffirmé|justifi|déplor|dit\b|dite\b",
    re.I,
)
# Words that make a statement a dispute of the event it is about.
_DISPUTE = re.compile(r"\bcontest|\bdément|\bdémenti|\brejet|\brécus|\bréfut|\bfaire appel|\brecours\b|\binjustifi", re.I)
# "... », a reconnu son patron Jack Dorsey": the speaker follows the verb after a quotation.
_QUOTE_BEFORE = re.compile(r"[»\"”]\s*,?\s*$")


@dataclass(frozen=True)
class IncidentResult:
    """An incident and the sentences it was read from (money in them attaches to it)."""

    incident: Incident
    sentence_indices: frozenset[int]


def find_incidents(doc: Doc, sentences: list[Sentence], article_date: ArticleDate | None) -> list[IncidentResult]:
    """All incidents of one article, merged, sorted by the offset of their evidence."""
    drafts: list[Draft] = []
    election = election_year(doc_text(doc), article_date)
    for sentence in sentences:
        drafts += _sentence_drafts(doc, sentence, sentences, article_date, election)
    merged = merge(drafts)
    results = [IncidentResult(_incident(d), frozenset(d.sentences)) for d in merged]
    return sorted(results, key=lambda r: (r.incident.char_start, r.incident.incident_type))


def _sentence_drafts(
    doc: Doc, sentence: Sentence, sentences: list[Sentence], article_date: ArticleDate | None, election: int | None = None
) -> list[Draft]:
    drafts = []
    for trigger in TRIGGERS:
        match = next((m for m in trigger.pattern.finditer(sentence.text) if is_asserted(doc, sentence, m)), None)
        if match is None:
            continue
        draft = _draft(trigger.incident_type, sentence, sentences, match, article_date, election, doc)
        if draft is not None:
            drafts.append(draft)
    if len(drafts) > 1:
        drafts = _main_events(drafts)
    return drafts


def _main_events(drafts: list[Draft]) -> list[Draft]:
    """Several types in one sentence: keep the events, not the words around them.

    A statement is dropped when the sentence tells another event ("Musk a annoncé le rachat de
    Twitter": the acquisition; "Twitter a assuré que la désactivation était une erreur": the
    suspension). It stays when it disputes that event: every other trigger is inside what is
    said, and what is said contests or denies ("TikTok a fait savoir qu'elle contestait l'amende").
    A reproach in a sentence that tells a fine is the fine's grounds ("sanctionnée ..., lui
    reprochant de ..."), not an accusation of its own.
    """
    statements = [d for d in drafts if d.incident_type == "public_statement"]
    others = [d for d in drafts if d.incident_type != "public_statement"]
    kept = list(others)
    for statement in statements:
        reported = statement.sentence.text[statement.trigger_end - statement.sentence.start :]
        clause = re.search(r"\bqu(?:e\b|['’])", reported)
        clause_start = statement.trigger_end + clause.start() if clause else None
        if (
            clause_start is not None
            and all(o.trigger_start >= clause_start for o in others)
            and _DISPUTE.search(statement.sentence.text[statement.trigger_start - statement.sentence.start :])
        ) or _speaks_after_quote(statement, others):
            kept.append(statement)
    if any(d.incident_type == "fine" for d in kept):
        kept = [d for d in kept if d.incident_type != "accusation"]
    return sorted(kept, key=lambda d: d.trigger_start)


def _speaks_after_quote(statement: Draft, others: list[Draft]) -> bool:
    """« Nous avons rétabli les comptes », a déclaré la porte-parole: the quote tells the event and
    the speaker's words are a statement of their own (every other trigger is inside the quote)."""
    before = statement.sentence.text[: statement.trigger_start - statement.sentence.start]
    close = max(before.rfind(q) for q in "»\"”")
    return _QUOTE_BEFORE.search(before) is not None and all(o.trigger_start < statement.sentence.start + close for o in others)


def _draft(
    incident_type: str,
    sentence: Sentence,
    sentences: list[Sentence],
    match: re.Match[str],
    article_date: ArticleDate | None,
    election: int | None = None,
    doc: Doc | None = None,
) -> Draft | None:
    trigger_start, trigger_end = sentence.start + match.start(), sentence.start + match.end()
    actors, platforms = list(sentence.actors), list(sentence.platforms)
    inherited = False
    previous = _previous_in_paragraph(sentence, sentences)
    if not actors and not platforms and incident_type in _INHERITING and previous is not None:
        actors, platforms, inherited = list(previous.actors), list(previous.platforms), True
    if incident_type == "public_statement" and not _speakers(sentence, actors, platforms, trigger_start, trigger_end):
        company = _company_named_before(sentence, sentences, trigger_start)
        if company is None:
            return None
        actors, platforms = [*actors, *company[0]], [*platforms, *company[1]]
    incident_type = _refine_type(incident_type, actors)
    retyped = _by_object(incident_type, sentence, match, doc)
    if retyped is None:
        return None
    incident_type = retyped
    if not _has_participants(incident_type, sentence, actors, platforms, trigger_start):
        return None
    date_found, strength = date_of(incident_type, sentence, previous, trigger_start, trigger_end, article_date, election)
    return Draft(
        incident_type=incident_type,
        sentence=sentence,
        trigger_start=trigger_start,
        trigger_end=trigger_end,
        actors=_roles(incident_type, actors, trigger_start, inherited),
        platforms=list(dict.fromkeys(p.platform_name for p in platforms)),
        person_names=frozenset(a.canonical_name for a in actors if a.actor_type == "person"),
        date=date_found,
        date_strength=strength,
        sentences={sentence.index},
    )


def _previous_in_paragraph(sentence: Sentence, sentences: list[Sentence]) -> Sentence | None:
    if sentence.index == 0:
        return None
    previous = sentences[sentence.index - 1]
    return previous if previous.paragraph == sentence.paragraph else None


def _refine_type(incident_type: str, actors: list[ActorMention]) -> str:
    """Ads paid for by a state are an influence operation, not sponsored content."""
    if incident_type == "sponsored_content" and any(a.actor_type == "state" for a in actors) and not any(
        a.actor_type in {"media", "organisation", "group"} for a in actors
    ):
        return "influence_operation"
    return incident_type


def _by_object(incident_type: str, sentence: Sentence, match: re.Match[str], doc: Doc | None = None) -> str | None:
    """Closing or removing accounts is a suspension; blocking a post is moderation.

    The object is read next to the trigger (after it in the active voice, before it in the
    passive: "ses chaînes fermées", "a fermé son compte"). Blocking or deactivating something that
    is neither an account nor content ("désactiver le suivi de la géolocalisation") is no incident.
    """
    if incident_type not in {"content_moderation", "account_suspension"}:
        return incident_type
    obj = _parsed_object(doc, sentence, match) or _nearest_object(sentence.text, match) or _passive_subject(sentence.text, match)
    word = match.group().lower()
    if incident_type == "content_moderation" and re.match(r"ferm|supprim|retir", word):
        if obj == "account":
            return "account_suspension"
        if obj is None and word.startswith("ferm") and not _platform_in_clause_before(sentence, match):
            return None  # "le cinéma a fermé ses portes": a business closing, not moderation
    if incident_type == "account_suspension" and not word.startswith(("empêch", "priv", "puni", "bann", "exclu", "expuls")):
        if obj == "content":
            return "content_moderation"
        if obj is None and re.match(r"désactiv|bloqu", word):
            return None
    return incident_type


def _parsed_object(doc: Doc | None, sentence: Sentence, match: re.Match[str]) -> str | None:
    """ "account" or "content" from the parse: the object of the verb, or its passive subject
    ("Deux comptes ..., qui avaient mis en ligne la une, ont été désactivés")."""
    token = token_at(doc, sentence.start + match.start()) if doc is not None else None
    if token is None:
        return None
    for child in token.children:
        if child.dep_ in {"obj", "nsubj:pass"}:
            if _ACCOUNT_OBJECT.fullmatch(child.text):
                return "account"
            if _CONTENT_OBJECT.fullmatch(child.text):
                return "content"
    return None


def _platform_in_clause_before(sentence: Sentence, match: re.Match[str]) -> bool:
    """A platform named in the trigger's own clause ("les portes de Twitter se fermer")."""
    clause_start = sentence.start + max((m.end() for m in re.finditer(r"[,;:]", sentence.text[: match.start()])), default=0)
    return any(clause_start <= p.char_start < sentence.start + match.start() for p in sentence.platforms)


def _passive_subject(text: str, match: re.Match[str]) -> str | None:
    """In the passive ("Deux comptes ..., qui avaient ..., ont été désactivés") the thing acted on
    opens the sentence, however far: the first account or content noun of the sentence."""
    if not re.search(r"\bété\s+(?:\w+\s+)?$", text[: match.start()]):
        return None
    found = [(hit.start(), kind) for kind, pattern in (("account", _ACCOUNT_OBJECT), ("content", _CONTENT_OBJECT))
             for hit in pattern.finditer(text, 0, match.start())]
    return min(found)[1] if found else None


def _nearest_object(text: str, match: re.Match[str]) -> str | None:
    """ "account" or "content", whichever noun stands nearest the trigger (50 characters each side)."""
    found = []
    for kind, pattern in (("account", _ACCOUNT_OBJECT), ("content", _CONTENT_OBJECT)):
        for hit in pattern.finditer(text, max(0, match.start() - 50), min(len(text), match.end() + 50)):
            found.append((max(hit.start() - match.end(), match.start() - hit.end(), 0), kind))
    return min(found)[1] if found else None


def _has_participants(
    incident_type: str, sentence: Sentence, actors: list[ActorMention], platforms: list[PlatformMention], trigger_start: int
) -> bool:
    """What each type needs named before it is believed."""
    types = {a.actor_type for a in actors}
    if incident_type in {"account_suspension", "account_reinstatement"}:
        return bool(platforms) or (bool(actors) and bool(_ACCOUNT_WORDS.search(sentence.text) or _POSTING_VERB.search(sentence.text)))
    if incident_type == "content_moderation":
        return bool(platforms)
    if incident_type == "public_statement":
        return True  # the speaker was checked when the draft was made (`_speakers`)
    if incident_type == "meeting":
        return "person" in types
    if incident_type == "influence_operation":
        return bool(types - {"person"}) or bool(platforms)
    if incident_type == "sponsored_content":
        return bool(types & {"media", "organisation", "group"})
    return bool(actors) or bool(platforms)


def _speakers(
    sentence: Sentence, actors: list[ActorMention], platforms: list[PlatformMention], trigger_start: int, trigger_end: int
) -> bool:
    """Whether someone who can speak is the subject of a verb of saying.

    A person, or, for a verb of reaction, a company, medium or group (or a platform, which
    stands for its company: "Google a assuré") named before the verb in the same clause (no "que" between), or right after it when
    the verb follows a quotation ("« ... », a reconnu son patron Jack Dorsey"). Institutions
    and states are left out: what they announce is a decision, typed by its own trigger.
    """
    def clause_before(start: int, end: int) -> bool:
        between = sentence.text[end - sentence.start : trigger_start - sentence.start]
        return end <= trigger_start and "que" not in between.split() and "qu'" not in between and "qu’" not in between

    reaction = bool(_REACTION.search(sentence.text[trigger_start - sentence.start : trigger_end - sentence.start]))
    named = [
        (a.char_start, a.char_end)
        for a in actors
        if a.actor_type == "person" or (reaction and a.actor_type in _SPEAKER_TYPES)
    ]
    named += [(p.char_start, p.char_end) for p in platforms if reaction]
    if any(clause_before(start, end) for start, end in named):
        return True
    if _QUOTE_BEFORE.search(sentence.text[: trigger_start - sentence.start]):
        after = sentence.text[trigger_end - sentence.start :]
        limit = trigger_end + min(len(after), 40)
        return any(trigger_end <= start <= limit for start, _ in named)
    return False


def _company_named_before(
    sentence: Sentence, sentences: list[Sentence], trigger_start: int
) -> tuple[list[ActorMention], list[PlatformMention]] | None:
    """The companies and platforms of the previous sentence of the paragraph, when the speaker is
    a noun standing for them ("TikTok dispose de trois mois. L'entreprise a fait savoir ...")."""
    if not _COMPANY_SUBJECT.search(sentence.text[: trigger_start - sentence.start]):
        return None
    if not _REACTION.search(sentence.text[trigger_start - sentence.start :][:40]):
        return None
    previous = _previous_in_paragraph(sentence, sentences)
    if previous is None:
        return None
    companies = [a for a in previous.actors if a.actor_type == "organisation"]
    if not companies and not previous.platforms:
        return None
    return companies, list(previous.platforms)


def _roles(incident_type: str, actors: list[ActorMention], trigger_start: int, inherited: bool) -> dict[str, str]:
    """Who did what: regulators for fines and inquiries, else agent before the trigger, target after."""
    roles: dict[str, str] = {}
    for actor in actors:
        if inherited:
            role = "participant"
        elif incident_type in {"fine", "investigation"} and actor.actor_type == "institution":
            role = "regulator"
        elif incident_type in {"meeting", "influence_operation", "sponsored_content"}:
            role = "agent" if actor.char_end <= trigger_start else "participant"
        else:
            role = "agent" if actor.char_end <= trigger_start else "target"
        roles.setdefault(actor.canonical_name, role)
    return roles


def _incident(draft: Draft) -> Incident:
    date_value, precision = _date_fields(draft.date)
    return Incident(
        incident_type=draft.incident_type,
        incident_date=date_value,
        incident_date_precision=precision,
        evidence_text=draft.sentence.text,
        char_start=draft.sentence.start,
        char_end=draft.sentence.end,
        trigger_text=draft.sentence.text[draft.trigger_start - draft.sentence.start : draft.trigger_end - draft.sentence.start],
        actors=tuple(IncidentActor(name, role) for name, role in draft.actors.items()),
        platforms=tuple(draft.platforms),
    )


def _date_fields(found: DateMatch | ArticleDate | None) -> tuple[date | None, str | None]:
    if found is None:
        return None, None
    return found.value, found.precision
