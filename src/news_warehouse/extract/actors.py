"""Actor mentions: found by the gazetteer, the NER and handles, then resolved to one canonical name.

Resolution works inside one article first, because an article introduces a person by full name
and then says "Trump" or "Jack": a lone name is resolved to the unique full name of the article
that ends (surname) or starts (first name) with it, then to the unique known person with that
surname. Misspelt full names ("Donal Trump") are resolved by a conservative fuzzy match to the
article's other names or to known persons. Handles resolve through the gazetteer or by
containing a full name of the article ("@realDonaldTrump").

What real news adds to the model's spans, each a rule about French news writing, not a list of names:
- institutions written as a common noun and a place ("le tribunal correctionnel de Compiègne",
  "la cour d'appel de Versailles", "la police thaïlandaise") are actors the NER misses or cuts;
- a place that is the grammatical subject of a verb acts ("l'Arizona a intenté une procédure");
- an acronym given in brackets after a name ("... intérieure (DGSI)") is that name, and "Figaro"
  is "Le Figaro" when the gazetteer knows the name with its article;
- a relative of a person of the article shares the surname ("Binu Sapera" beside "Aasha Sapera"),
  and "Jr" is part of a name;
- not actors: a capitalised word the model reads as a verb, adjective or adverb ("Viens"), a name
  in quotation marks (a title, a slogan or a metaphor: "Robin des Bois", la "Cour suprême"), words
  of an intertitle ("- Bouée de secours -"), and the news agency a quote was given to ("a déclaré
  à l'AFP"), which is the reporter, not a party.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from difflib import SequenceMatcher

from spacy.tokens import Doc, Span

from news_warehouse.extract.gazetteer import ACTOR_LABEL, Gazetteer, KnownActor
from news_warehouse.extract.nlp import doc_text
from news_warehouse.extract.records import ActorMention
from news_warehouse.rules import fold

# Similarity above which two person names of the same length in words are one person misspelt.
FUZZY_MIN_RATIO = 0.9

# Words that join the parts of a name and stay lowercase ("Ursula von der Leyen").
_NAME_PARTICLES = frozenset({"de", "du", "des", "d'", "von", "van", "der", "den", "la", "le", "ben", "bin", "al", "el", "da", "dos"})
# Honorifics the NER sometimes keeps inside a PER span.
_HONORIFICS = re.compile(r"^(?:M\.|Mme|Mlle|Mr\.?|Mrs\.?|Dr\.?|Me)\s+")
# ORG name words that say what kind of actor it is.
_MEDIA_CUES = re.compile(r"\b(?:times|post|journal|news|presse|press|tv|télé|radio|magazine|gazette|tribune|herald|daily|monde|média|media|agence de presse)\b", re.I)
_INSTITUTION_CUES = re.compile(
    r"\b(?:commission|cour|tribunal|conseil|parlement|sénat|assemblée|ministère|ministry|autorité|agence|"
    r"office|congrès|département|parquet|gouvernement|police|gendarmerie|justice|haute autorité|comité|"
    r"administration|régulateur|préfecture|mairie|université)\b",
    re.I,
)
_GROUP_CUES = re.compile(r"\b(?:parti|party|mouvement|collectif|groupe|group|gang|brigade|front|armée|association|syndicat|hackers?)\b", re.I)
# Prepositions that make a state a place ("en Russie", "aux États-Unis") rather than an agent.
_AGENT_PREPOSITIONS = frozenset({"par", "selon", "contre"})
_LOCATIVE_PREPOSITIONS = frozenset({"à", "vers", "dans", "en", "depuis"})
_ARTICLES = frozenset({"la", "le", "l'", "l’", "les"})
# "a indiqué à l'AFP", "a réagi pour l'AFP": the medium is the channel of the quote, not a party.
_CHANNEL_BEFORE = re.compile(r"\b(?:à|au|aux|pour|auprès d[eu]|auprès des)\s+(?:l['’]|la\s+|le\s+|les\s+)?$", re.I)
# Articles a gazetteer name may carry that the text drops ("Figaro" for "Le Figaro").
_NAME_ARTICLES = ("Le ", "La ", "Les ", "L'")
# An AFP-style intertitle between two paragraphs: "- Bouée de secours -".
_INTERTITLE = re.compile(r"(?:^|(?<=[.!?»\"”]))\s*-\s+[^-\n.]{1,80}?\s+-", re.M)
_NAMING_CUE = re.compile(
    r"\b(?:baptisée?s?|nommée?s?|appelée?s?|dénommée?s?|intitulée?s?|entreprise|société|start-up|association|"
    r"organisation|ONG|groupe|collectif|site|média|agence|cabinet|firme|compagnie|fondation|label)\b[^.\"«»]{0,40}$",
    re.I,
)
# Lowercase nouns that introduce an organisation's name inside its span ("association Mousse").
_ORGANISATION_HEAD = re.compile(
    r"^(?:association|agence|société|groupe|collectif|syndicat|cabinet|entreprise|start-up|fondation|label|ONG|organisation)\s+(?=[A-ZÉ])"
)
_OPENING_QUOTES = "\"«“"
_CLOSING_QUOTES = "\"»”"
# Parts of speech that a single capitalised word has when it is a common word, not a name.
_NOT_NAME_POS = frozenset({"VERB", "AUX", "ADJ", "ADV", "PRON", "DET", "ADP", "CCONJ", "SCONJ", "NUM"})
# Institutions the press names by a common noun and a place or a nationality.
_PLACE = r"(?:la |l['’])?[A-ZÉÈÎ][\w'’-]+(?:[ -](?:de |du |des |sur |en )?[A-ZÉÈÎ][\w'’-]+)*"
_NATIONALITY = r"[a-zéèëï]+(?:aise|ais|aine|ain|ienne|ien|oise|ois|ande|and|ane|que|ole|ite|ine)"
_INSTITUTION_NOUN_PHRASE = re.compile(
    rf"\b(?:[Tt]ribunal(?: correctionnel| judiciaire| administratif| de commerce| de grande instance| d['’]instance| de police| pour enfants)?"
    rf"|[Cc]our d['’](?:appel|assises)|[Cc]our administrative d['’]appel|[Cc]onseil de prud['’]hommes|[Pp]arquet|[Pp]réfecture"
    rf"|[Uu]niversité(?: de technologie| catholique| libre| fédérale)?|[Cc]onseil de surveillance|[Cc]onseil d['’]administration)"
    rf" (?:de |d['’]|du |des )(?:{_PLACE})"
    rf"|(?<!\bde la )(?<!\bdu )\b(?:police|gendarmerie|armée|justice|diplomatie|marine) (?!nationale|municipale|fédérale|judiciaire|militaire|locale|régionale|scientifique|publique|politique){_NATIONALITY}\b"
)
_NAME_SUFFIX = re.compile(r"^\s+(?:Jr\.?|Junior|Sr\.?)(?![\w])")
_HANDLE = re.compile(r"(?<![\w@/.])@(\w{2,30})|(?:twitter|x)\.com/(\w{2,30})")
_HANDLE_NOISE = frozenset({"status", "i", "search", "hashtag", "home", "intent", "share"})


@dataclass(frozen=True)
class _Candidate:
    """A span that may name an actor, before resolution."""

    surface: str
    start: int
    end: int
    label: str  # ACTOR / PER / ORG
    sentence_initial: bool
    known: KnownActor | None = None


def find_actors(doc: Doc, gazetteer: Gazetteer) -> list[ActorMention]:
    """All actor mentions of one article, resolved and sorted by offset."""
    text = doc_text(doc)
    institutions = _institution_mentions(text, gazetteer)
    taken = [(m.char_start, m.char_end) for m in institutions]
    candidates = [
        c
        for ent in doc.ents
        if (c := _candidate(ent, gazetteer)) is not None
        and not any(c.start < end and start < c.end for start, end in taken)
        and not _set_apart(text, c)
    ]
    candidates += _relatives(doc, candidates)
    full_names = _article_full_names(candidates, gazetteer)
    acronyms = _bracketed_acronyms(text, candidates, gazetteer)
    acronyms.update(_short_forms(candidates, gazetteer, acronyms))
    mentions = [m for c in candidates if (m := _resolve(c, doc, gazetteer, full_names, acronyms)) is not None]
    mentions += institutions
    mentions += _handle_mentions(text, gazetteer, full_names, mentions)
    return sorted(mentions, key=lambda m: (m.char_start, m.char_end))


def _institution_mentions(text: str, gazetteer: Gazetteer) -> list[ActorMention]:
    """Courts, prosecutors, universities, police forces named by their common noun and place."""
    mentions = []
    for match in _INSTITUTION_NOUN_PHRASE.finditer(text):
        surface = match.group().rstrip(" -")
        known = gazetteer.actor(surface)
        canonical = known.canonical_name if known else surface[0].lower() + surface[1:]
        mentions.append(ActorMention(canonical, "institution", surface, match.start(), match.start() + len(surface), "noun_phrase"))
    return mentions


def _set_apart(text: str, c: _Candidate) -> bool:
    """A name in quotation marks (a title, a slogan, a metaphor) or inside an intertitle.

    Quoted after a noun or verb that introduces a name ("l'entreprise ... "Cambridge Analytica"",
    "un site baptisé "PeaceData"") it is a name; a known company or medium is one whatever the quotes.
    """
    before = text[: c.start].rstrip()
    after = text[c.end :].lstrip()
    quoted = before[-1:] in _OPENING_QUOTES and after[:1] in _CLOSING_QUOTES
    if quoted and not (c.known is not None and c.known.actor_type != "institution") and not _NAMING_CUE.search(before[-60:-1]):
        return True
    line_start = max(text.rfind("\n", 0, c.start) + 1, c.start - 120)
    return any(m.start() <= c.start - line_start and c.end - line_start <= m.end() for m in _INTERTITLE.finditer(text[line_start : c.end + 90]))


def _relatives(doc: Doc, candidates: list[_Candidate]) -> list[_Candidate]:
    """ "Binu Sapera" beside "Aasha Sapera": a capitalised word before a surname of the article
    is a relative the NER missed."""
    surnames = {c.surface.split()[-1] for c in candidates if c.label == "PER" and len(c.surface.split()) > 1}
    found: list[_Candidate] = []
    taken = {(c.start, c.end) for c in candidates}
    covered = [(c.start, c.end) for c in candidates]
    for token in doc[1:]:
        first = doc[token.i - 1]
        if token.text not in surnames or not first.text[:1].isupper() or first.pos_ not in {"PROPN", "NOUN"}:
            continue
        start, end = first.idx, token.idx + len(token.text)
        if (start, end) in taken or any(s < end and start < e for s, e in covered) or first.is_sent_start:
            continue
        found.append(_Candidate(doc_text(doc)[start:end], start, end, "PER", False))
    return found


def _short_forms(candidates: list[_Candidate], gazetteer: Gazetteer, taken: dict[str, str]) -> dict[str, str]:
    """ "Dortmund" for "Borussia Dortmund", "Epic" for "Epic Games": a single word that begins or
    ends exactly one multi-word organisation of the article stands for it."""
    organisations: dict[str, str] = {}
    for c in candidates:
        if c.label in {"ORG", ACTOR_LABEL} and len(c.surface.split()) > 1 and (c.known is None or c.known.actor_type == "organisation"):
            organisations[c.surface] = c.known.canonical_name if c.known else c.surface
    by_word: dict[str, set[str]] = {}
    for surface, canonical in organisations.items():
        words = surface.split()
        for word in {words[0], words[-1]}:
            if word[:1].isupper() and gazetteer.actor(word) is None:
                by_word.setdefault(fold(word), set()).add(canonical)
    return {word: names.pop() for word, names in by_word.items() if len(names) == 1 and word not in taken}


def _bracketed_acronyms(text: str, candidates: list[_Candidate], gazetteer: Gazetteer) -> dict[str, str]:
    """Acronym -> the name it abbreviates, from "Name (ACRONYM)" in the article."""
    acronyms: dict[str, str] = {}
    for c in candidates:
        if c.label == "PER" or len(c.surface.split()) < 2:
            continue
        bracket = re.match(r"[\"»”]?\s*\((?P<acronym>[A-Z][A-Z0-9&.-]{1,9})\)", text[c.end : c.end + 16])
        if bracket:
            known = gazetteer.actor(c.surface)
            acronyms[fold(bracket.group("acronym"))] = known.canonical_name if known else c.surface
    return acronyms


def _candidate(ent: Span, gazetteer: Gazetteer) -> _Candidate | None:
    """Trim a NER or ruler span to the name itself; None for labels that never name an actor."""
    if ent.label_ not in {ACTOR_LABEL, "PER", "ORG", "LOC"}:
        return None
    text = ent.text
    lead = _HONORIFICS.match(text) or _ORGANISATION_HEAD.match(text)
    start = ent.start_char + (lead.end() if lead else 0)
    surface = text[lead.end() if lead else 0 :].rstrip(" ,.;:»«\"'’-")
    from_gazetteer = ent.label_ == ACTOR_LABEL
    if not surface:
        return None
    if not any(ch.isupper() for ch in surface) and not (from_gazetteer and gazetteer.is_lowercase_alias(surface)):
        return None  # all lowercase: a common word ("congrès", "twitter" the verb), unless a brand ("noyb")
    known = gazetteer.actor(surface) if from_gazetteer else None
    text = doc_text(ent.doc)
    first_name = ent.doc[ent.start - 1] if ent.start > 0 else None
    if (
        known is not None
        and known.actor_type == "state"
        and first_name is not None
        and first_name.text[:1].isupper()
        and first_name.pos_ == "PROPN"
        and not first_name.is_sent_start
    ):
        # "Kerry Washington": a capital written after a first name is the person's surname.
        return _Candidate(text[first_name.idx : ent.end_char], first_name.idx, ent.end_char, "PER", False)
    suffix = _NAME_SUFFIX.match(text[start + len(surface) : start + len(surface) + 10])
    if suffix and (ent.label_ == "PER" or (known is not None and known.actor_type == "person")):
        surface, known = surface + suffix.group(), None  # "Donald Trump Jr" is another person
        return _Candidate(surface.rstrip("."), start, start + len(surface.rstrip(".")), "PER", ent[0].is_sent_start)
    if (known is None or known.actor_type == "media") and _CHANNEL_BEFORE.search(text[max(0, start - 20) : start]):
        if known is not None or _MEDIA_CUES.search(surface):
            return None  # "a déclaré à l'AFP": the reporter, not a party
    if not from_gazetteer and len(ent) == 1 and ent[0].pos_ in _NOT_NAME_POS:
        return None  # "Viens t'en prendre à moi": a verb that opens a sentence
    return _Candidate(surface, start, start + len(surface), ent.label_, ent[0].is_sent_start, known)


def _is_name_like(surface: str) -> bool:
    """Every word capitalised except particles; no digits: filters NER garbage like "Trump IA"."""
    words = surface.replace("-", " ").split()
    if any(ch.isdigit() for ch in surface) or not words:
        return False
    return all(w[0].isupper() or w.lower() in _NAME_PARTICLES for w in words) and not any(
        len(w) > 1 and w.isupper() for w in words
    )


def _article_full_names(candidates: list[_Candidate], gazetteer: Gazetteer) -> dict[str, str]:
    """Folded full name -> canonical name, for the multi-word persons of the article.

    A name seen fewer times than a near-identical one (or not in the gazetteer while the other
    is) is taken as its misspelling.
    """
    counts = Counter(c.surface for c in candidates if c.label == "PER" and len(c.surface.split()) > 1 and _is_name_like(c.surface))
    known = gazetteer.persons()
    canonical: dict[str, str] = {
        fold(c.surface): c.known.canonical_name
        for c in candidates
        if c.known is not None and c.known.actor_type == "person" and len(c.known.canonical_name.split()) > 1
    }
    for name, count in counts.items():
        hit = gazetteer.actor(name)
        if hit is not None:
            canonical[fold(name)] = hit.canonical_name
            continue
        pool = known | {other for other, n in counts.items() if n > count and gazetteer.actor(other) is None}
        canonical[fold(name)] = _fuzzy(name, pool) or name
    return canonical


def _fuzzy(name: str, pool: set[str]) -> str | None:
    """The single name of `pool` that `name` is a likely typo of, or None."""
    words = fold(name).split()
    matches = [
        other
        for other in pool
        if len(fold(other).split()) == len(words)
        and fold(other).split()[-1][0] == words[-1][0]
        and SequenceMatcher(None, fold(name), fold(other)).ratio() >= FUZZY_MIN_RATIO
    ]
    return matches[0] if len(matches) == 1 else None


def _resolve(
    c: _Candidate, doc: Doc, gazetteer: Gazetteer, full_names: dict[str, str], acronyms: dict[str, str]
) -> ActorMention | None:
    if c.label == ACTOR_LABEL:
        return _resolve_known(c, doc)
    if gazetteer.platform(c.surface) is not None:
        return None  # a platform, reported by the platform finder
    known = gazetteer.actor(c.surface) or next(
        (hit for article in _NAME_ARTICLES if (hit := gazetteer.actor(article + c.surface)) is not None), None
    )
    if known is not None:
        return _mention(c, known.canonical_name, known.actor_type, "gazetteer")
    if fold(c.surface) in acronyms:
        long_name = acronyms[fold(c.surface)]
        return _mention(c, long_name, _organisation_type(long_name), "acronym")
    if c.label == "PER":
        return _resolve_person(c, gazetteer, full_names)
    if c.label == "LOC" and c.surface.split()[0].lower() in {"état", "etat"}:
        return None  # "l'Etat américain": a common noun, not a name
    if c.label == "LOC":
        return _resolve_acting_place(c, doc)
    return _resolve_organisation(c)


def _resolve_acting_place(c: _Candidate, doc: Doc) -> ActorMention | None:
    """A place the parser makes the subject of a verb acts: "l'Arizona a intenté une procédure"."""
    span = doc.char_span(c.start, c.end, alignment_mode="expand")
    if span is None or span.root.dep_ != "nsubj" or span.root.head.pos_ not in {"VERB", "AUX"}:
        return None
    return _mention(c, c.surface, "organisation", "subject")


def _resolve_known(c: _Candidate, doc: Doc) -> ActorMention | None:
    """A gazetteer hit, unless a state is only a place or an institution only a building."""
    known = c.known
    if known is None:
        return None
    if known.actor_type == "state" and not _state_acts(doc, c):
        return None
    if known.actor_type == "institution" and _preceding_word(doc, c) in _LOCATIVE_PREPOSITIONS:
        return None
    return _mention(c, known.canonical_name, known.actor_type, "gazetteer")


def _state_acts(doc: Doc, c: _Candidate) -> bool:
    """A country is an actor when it does something: "financées par la Russie", "la Chine accuse".

    Named as a place ("en Russie") or as a complement ("le président des États-Unis") it is not.
    """
    span = doc.char_span(c.start, c.end, alignment_mode="expand")
    if span is None:
        return False
    if _preceding_word(doc, c) in _AGENT_PREPOSITIONS:
        return True
    before = doc[span.start - 1] if span.start > 0 else None
    after = doc[span.end] if span.end < len(doc) else None
    starts_clause = before is None or before.lower_ in _ARTICLES or before.is_sent_start or before.is_punct
    return starts_clause and after is not None and after.pos_ in {"VERB", "AUX"}


def _preceding_word(doc: Doc, c: _Candidate) -> str | None:
    """The word before the name, skipping a definite article: "à la Maison-Blanche" -> "à"."""
    span = doc.char_span(c.start, c.end, alignment_mode="expand")
    if span is None:
        return None
    i = span.start - 1
    if i >= 0 and doc[i].lower_ in _ARTICLES:
        i -= 1
    if i < 0:
        return None
    return doc[i].lower_


def _resolve_person(c: _Candidate, gazetteer: Gazetteer, full_names: dict[str, str]) -> ActorMention | None:
    if not _is_name_like(c.surface):
        return None
    words = c.surface.split()
    if len(words) > 1:
        canonical = full_names.get(fold(c.surface), c.surface)
        method = "ner" if canonical == c.surface else "fuzzy"
        return _mention(c, canonical, "person", method)
    resolved = _resolve_single_name(c.surface, gazetteer, full_names)
    if resolved is not None:
        return _mention(c, resolved[0], "person", resolved[1])
    if c.sentence_initial:
        return None  # a capitalised first word is as often a common word as a name
    return _mention(c, c.surface, "person", "ner")


def _resolve_single_name(name: str, gazetteer: Gazetteer, full_names: dict[str, str]) -> tuple[str, str] | None:
    """("Trump" | "Jack") -> (canonical full name, method), from the article then the gazetteer."""
    key = fold(name)
    canonicals = set(full_names.values())
    by_surname = {n for n in canonicals if fold(n).split()[-1] == key}
    if len(by_surname) == 1:
        return by_surname.pop(), "surname"
    by_first_name = {n for n in canonicals if fold(n).split()[0] == key}
    if len(by_first_name) == 1:
        return by_first_name.pop(), "first_name"
    known = gazetteer.person_by_surname(name)
    return (known, "surname") if known else None


def _resolve_organisation(c: _Candidate) -> ActorMention | None:
    """An ORG outside the gazetteer, typed by the words of its name."""
    if c.sentence_initial and len(c.surface.split()) == 1:
        return None
    if not c.surface[0].isupper():
        return None
    if len(c.surface.split()) == 1 and _INSTITUTION_CUES.fullmatch(c.surface):
        return None  # "la Cour" alone: which court is said elsewhere
    return _mention(c, c.surface, _organisation_type(c.surface), "ner")


def _organisation_type(name: str) -> str:
    """The type an organisation's own words give it."""
    if _MEDIA_CUES.search(name):
        return "media"
    if _INSTITUTION_CUES.search(name):
        return "institution"
    if _GROUP_CUES.search(name):
        return "group"
    return "organisation"


def _handle_mentions(
    text: str, gazetteer: Gazetteer, full_names: dict[str, str], found: list[ActorMention]
) -> list[ActorMention]:
    """@handles and twitter.com/<handle> paths, resolved to a known or in-article person."""
    taken = {(m.char_start, m.char_end) for m in found}
    mentions = []
    for match in _HANDLE.finditer(text):
        group = 1 if match.group(1) else 2
        handle = match.group(group)
        if handle.lower() in _HANDLE_NOISE:
            continue
        start, end = match.span(group)
        if group == 1:
            start -= 1  # keep the "@"
        known = gazetteer.actor("@" + handle) or gazetteer.actor(handle)
        canonical = known.canonical_name if known else _name_in_handle(handle, full_names)
        if canonical is None or (start, end) in taken:
            continue
        actor_type = known.actor_type if known else "person"
        mentions.append(ActorMention(canonical, actor_type, text[start:end], start, end, "handle"))
    return mentions


def _name_in_handle(handle: str, full_names: dict[str, str]) -> str | None:
    """The article's full name written inside the handle ("realDonaldTrump" -> Donald Trump)."""
    key = re.sub(r"[^a-z]", "", fold(handle))
    hits = {n for n in full_names.values() if re.sub(r"[^a-z]", "", fold(n)) in key}
    return hits.pop() if len(hits) == 1 else None


def _mention(c: _Candidate, canonical: str, actor_type: str, method: str) -> ActorMention:
    return ActorMention(canonical, actor_type, c.surface, c.start, c.end, method)
