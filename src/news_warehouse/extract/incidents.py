"""Incidents: what happened, read sentence by sentence from a trigger lexicon.

A sentence yields an incident of a type when one of the type's triggers occurs in it, the
trigger is neither conditional ("bannirait") nor negated ("ne supprimerait pas"), and the
sentence names the participants the type needs (a platform for a suspension, a sponsor for
sponsored content, ...). A sentence that names nobody but continues the previous sentence of
its paragraph ("En effet, une enquête est en cours") takes that sentence's participants.

Date rule, first that applies:
1. a date printed in the sentence, the one nearest the trigger (absolute dates before relative
   ones); a relative day without a number ("hier", "jeudi") keeps no more precision than the
   article date it was read against;
2. a date printed in the previous sentence of the same paragraph (narration carries the date
   on: "En 2016, ... A cette époque, Twitter avait indiqué ...");
3. the article date, at its precision, when the sentence speaks of the present: a cue word
   ("actuellement", "aujourd'hui", "récemment", "en cours") or a first finite verb in the
   present indicative (présent or passé composé);
4. no date (plus-que-parfait, imparfait, future: the text does not say when).

An article tells one event several times, so incidents of one type are merged when they share
a participant and their dates agree; the merged incident keeps the best-dated sentence as its
evidence. Investigations and influence operations are the article's topic rather than
separate events, and merge whenever their dates agree.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from spacy.tokens import Doc, Token

from news_warehouse.extract.dates import DateMatch
from news_warehouse.extract.nlp import doc_text
from news_warehouse.extract.records import ActorMention, Incident, IncidentActor, PlatformMention


@dataclass(frozen=True)
class Sentence:
    """One sentence of the body with the facts already found in it."""

    index: int
    paragraph: int
    start: int
    end: int
    text: str
    actors: tuple[ActorMention, ...]
    platforms: tuple[PlatformMention, ...]
    dates: tuple[DateMatch, ...]
    in_present: bool  # first finite verb in the present indicative (présent, passé composé)


@dataclass(frozen=True)
class ArticleDate:
    value: date
    precision: str


@dataclass(frozen=True)
class Trigger:
    incident_type: str
    pattern: re.Pattern[str]


def _t(incident_type: str, pattern: str) -> Trigger:
    return Trigger(incident_type, re.compile(pattern, re.IGNORECASE))


_A = "['’]"
TRIGGERS: tuple[Trigger, ...] = (
    _t("account_suspension", r"\bbann(?:i|ie|is|ies|it|issent|issement|ir|issait|issaient)\b|\bsuspen(?:du|due|dus|dues|d|dent|dre|sion)\b|"
       r"\bdésactiv(?:é|ée|és|ées|e|ent|er|ation)\b|\bbloqu(?:é|ée|és|ées|e|ent|er|age)\b|\bexclu(?:e|s|es)?\b|\bexpuls|"
       r"\bempêchée?s? de (?:tweeter|publier|poster|diffuser)|\bprivée?s? de (?:son|leur|ses) comptes?|\bpunie?s?\b"),
    _t("account_reinstatement", r"\brétabli|\bréactiv|\bréintégr|\blev(?:er|é|ée|ées|és|ant)? (?:les|la|des|de la|sa|leur) (?:sanctions?|suspension|interdiction|bannissement)|"
       r"\blevée (?:des|de la|du) (?:sanctions?|suspension|interdiction|bannissement)|\bréouverture\b|\brouvert|\bremise? (?:en ligne|sur l['’])|\b(?:récupéré|retrouvé|retrouver|récupérer) (?:son|leur|ses) comptes?|\bdébloqu"),
    _t("content_moderation", r"\bsupprim(?:é|ée|és|ées|e|ent|er|ant|ait|aient)\b|\bsuppression\b|\bretir(?:é|ée|és|ées|e|ent|er|ait)\b|\bmodér(?:é|ée|és|ées|er|ation)\b|"
       r"\bcensur|\bétiquet|\bmasqu(?:é|ée|és|ées|er)\b|\bdéréférenc|\bferm(?:é|ée|és|ées|er|ent|e)\b|\bdémonétis"),
    _t("accusation", rf"\baccus(?:e|ent|ait|aient|ant|é|ée|er)\b|\bdénon(?:ce|cent|çait|cé|çant|cer)\b|\breproch(?:e|ent|é|ait|ant|er)\b|"
       rf"\bs{_A}en pren(?:d|nent|ait)\b|\bcollusion\b|\bcomplicité\b|\bcomplices?\b|\bpointe du doigt\b|\bparti pris\b|"
       rf"\bsoupçonn(?:e|ent|ant|ait|aient)\b"),
    _t("public_statement", rf"\b(?:a|ont|avait|avaient) (?:\w+ )?(?:déclaré|affirmé|annoncé|répondu(?! à l{_A}appel)|réagi|justifié|déploré|confié|estimé|martelé|ajouté|démenti|assuré|expliqué|"
       rf"reconnu|écrit|précisé|indiqué|souligné|jugé|qualifié|contesté|regretté|rétorqué|confirmé|fait savoir|"
       rf"réaffirmé|insisté|défendu)\b|\b(?:a|ont|avait|avaient) (?:dû|tenu à|voulu|souhaité) (?:préciser|déclarer|"
       rf"affirmer|répondre|réagir|rappeler|assurer|souligner|démentir)\b|\bdément\b|\bs{_A}est excusé|"
       rf"\bprésenté? ses excuses\b|(?<=, )(?:confie|explique|estime|déplore|souligne|ajoute|précise|raconte|martèle|justifie|"
       rf"regrette|réagit|commente|affirme|assure|dit)(?:-t-(?:il|elle))?\b|\bdéclar(?:e|ant)\b|\baffirm(?:e|ant)\b|\ben déclarant\b|\bs{_A}(?:est|sont) "
       rf"(?:dite?s?|félicitée?s?|engagée?s?|défendue?s?)\b"),
    _t("meeting", rf"\b(?:a|ont|avait|avaient) (?:\w+ )?rencontré|\brencontr(?:e|ent) (?:le|la|les|l{_A})|\b(?:eu|tenu|organisé) une (?:\w+ )?réunion|"
       rf"\bréunion (?:avec|entre)|\bdiscussions? (?:avec|entre)|\bdiscuté avec|\bs{_A}(?:est|sont) entretenus? avec|\bs{_A}(?:est|sont) entretenus?|\bentretien avec|\bsommet (?:avec|entre)"),
    _t("influence_operation", rf"\bdésinformation|\bpropagande|\bingérence|\bs{_A}ingérer|\bcampagnes? d{_A}influence|\bopérations? d{_A}influence|"
       rf"\bmanipulation de l{_A}opinion|\bfermes? à trolls|\binfox|\bfaux (?:profils|comptes)\b|\bcomptes? inauthentiques?|\bespionnage\b|"
       rf"\bfausses? informations?\b"),
    _t("sponsored_content", r"\bcontenus? sponsorisés?|\btweets? (?:promotionnels?|sponsorisés?)|\bpublications? sponsorisées?|"
       r"\bpublicités? (?:politiques?|ciblées?|payantes?)|\bespaces? publicitaires?|"
       r"\b(?:financé|acheté|payé|dépensé)[^.]{0,60}\b(?:publicités?|annonces?)|\b(?:publicités?|annonces?)[^.]{0,40}\b(?:financées?|achetées?|payées?)\b|"
       r"\bpublicités?\b|\bspots? (?:publicitaires?|de pub)|\bcampagnes? (?:publicitaires?|de pub)|\bfilm publicitaire|\bannonceurs?\b"),
    _t("investigation", rf"\benquêt(?:e|es|er|ent)\b|\binvestigation|\bprocureur|\binculp|\bmise? en examen|\bprocès\b|\bpoursuites? (?:judiciaires?|contre)|"
       rf"\bpoursuivi|\btribunal|\bporté plainte|\bporter plainte|\bplainte (?:contre|déposée)|\bperquisition|\bauditionné|\bcommission d{_A}enquête|"
       rf"\bouvert une information judiciaire|\bsaisi la justice|\bsaisi le procureur|\bordonnance\b|\bcour d{_A}appel|\bintenté une (?:procédure|action)|"
       rf"\b(?:attaque|attaqué|poursuit|poursuivent) en justice|\bplainte\b"),
    _t("fine", rf"\bamendes?\b|\bcondamnée?s? à (?:payer|verser|une amende)|\bsanction (?:financière|pécuniaire)|\bsanctionnée?s? (?:en \w+ |le \d+ \w+ )?(?:de|d{_A}une amende|à hauteur)|"
       rf"\bpénalités?\b|\bastreinte"),
    _t("data_breach", r"\bfuites? (?:massive )?de données|\bpiratage|\bpiratée?s?\b|\bpirates? (?:informatiques?|ont|avaient)\b|"
       r"\bcomptes? (?:compromis|détournés?|usurpés?)\b|\bpris(?:e)? (?:le )?contrôle (?:de|des|du) (?:\w+ )?comptes?\b|\bcyberattaque|\battaque informatique|\brançongiciel|\bransomware|"
       r"\bhack(?:é|ée|és|ées|ers?|eurs?)\b|\bviolation de données|"
       r"\b(?:récupér|collect|récolt|aspir|siphonn|moissonn)\w*[^.;]{0,40}\bdonnées\b|\bdonnées\b[^.;]{0,60}\b(?:sans (?:leur )?consentement|à leur insu|à l['’]insu)|\bdonnées (?:personnelles )?(?:volées|dérobées|exposées|compromises)|\bexfiltr|\bvol de données"),
    _t("acquisition", r"\brach(?:at|ète|ètent|eté|etée|eter)\b|\bacquisition\b|\ba acquis\b|\bacquérir\b|\bfusion\b|\bprise de contrôle|\bprend le contrôle"),
)

# Types that take the previous sentence's participants when the sentence names nobody.
_INHERITING = frozenset({"account_suspension", "account_reinstatement", "accusation", "meeting", "investigation", "fine", "data_breach"})
# Types that are an article's subject rather than one event (an inquiry, a campaign, a breach or a deal
# told several times over): merged whenever dates agree.
_TOPICAL = frozenset({"investigation", "influence_operation", "data_breach", "acquisition"})
# Types whose doer identifies the event: one speaker's statements of a day are one statement.
_SPEAKER_KEYED = frozenset({"public_statement", "meeting"})
# Words that say an account is concerned when no platform is named ("banni des réseaux sociaux").
# "empêché de tweeter": being kept from posting says an account is concerned.
_POSTING_VERB = re.compile(r"\b(?:tweeter|publier|poster|diffuser|streamer)\b", re.I)
_ACCOUNT_WORDS = re.compile(r"\bcomptes?\b|\bréseaux? sociaux\b|\bprofils?\b|\bchaînes?\b", re.I)
_PASSIVE_BEFORE = re.compile(r"\b(?:été|être|est|sont|étaient|était|sera|seront)\s+$", re.I)
_ABOUT_INQUIRY = re.compile(r"\benquêtes? (?:sur|concernant)\s+(?:l['’]|la |le |les )?$", re.I)
_CURRENT_CUES = re.compile(r"\b(?:actuellement|aujourd['’]hui|en ce moment|cette semaine|ce mois-ci|désormais|récemment|en cours|vient de|viennent de)\b", re.I)
_TEMPORAL_LEAD = re.compile(
    r"\b(?:en|depuis|dès|avant|après|jusqu['’]en|courant|année|fin|début|mi|printemps|été|automne|hiver)[\s-]*$", re.I
)
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
# What a moderation or suspension verb acts on decides which of the two it is.
_ACCOUNT_OBJECT = re.compile(r"\b(?:comptes?|chaînes?|profils?|pages?)\b", re.I)
_CONTENT_OBJECT = re.compile(r"\b(?:publications?|posts?|messages?|tweets?|vidéos?|photos?|images?|contenus?|commentaires?|clichés?|articles?)\b", re.I)
# An undated past next to a trigger ("banni il y a quelques années", "à l'époque"): the event is
# past, but the text does not say when, so the article date must not be given to it.
_VAGUE_PAST = re.compile(
    r"\bil y a (?:quelques|plusieurs|des|de nombreuses|longtemps)\b|\bautrefois\b|\bjadis\b|\bnaguère\b|"
    r"\bpar le passé\b|\bà l['’]époque\b|\bdans le passé\b",
    re.I,
)
# A clause that reports a view carries its own dates ("..., estimant que ... en 2020").
_REPORTING_CLAUSE = re.compile(
    r"\b(?:estimant|jugeant|considérant|affirmant|soulignant|rappelant|expliquant|arguant|indiquant|notant|"
    r"constatant|précisant|assurant)\s+qu|\bau motif qu|\bselon (?:lequel|laquelle|lesquels|lesquelles)\b",
    re.I,
)
# A date that opens its sentence ("En avril, ...", "Le 11 mars, ...") frames the main clause.
_LEADING = re.compile(r"^\W*(?:\w+\s+)?$")
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
# A trigger in a plus-que-parfait or imperfect passive ("qui avaient été suspendus") is background:
# the present of the sentence's main verb does not date it.
_PAST_AUXILIARY_BEFORE = re.compile(r"\b(?:avait|avaient|était|étaient)\s+(?:(?:été|déjà|pas|elle|il|eux)\s+)*$", re.I)
# A sentence opening on its own time frame does not take the previous sentence's date.
_NEW_FRAME = re.compile(
    r"^\W*(?:depuis|après|ensuite|puis|désormais|dorénavant|plus tard|entre-temps|aujourd['’]hui)\b", re.I
)
# "... », a reconnu son patron Jack Dorsey": the speaker follows the verb after a quotation.
_QUOTE_BEFORE = re.compile(r"[»\"”]\s*,?\s*$")
# Words that tie an influence operation to an election, and a year printed right after them.
_ELECTION = re.compile(r"\bélections?\b|\bprésidentielles?\b|\bcampagnes? (?:électorales?|présidentielles?)\b|\bscrutin\b", re.I)
_ELECTION_YEAR = re.compile(
    r"\b(?:élections?|présidentielles?|campagnes? (?:électorales?|présidentielles?)|scrutin)\b[^.;\d]{0,40}?"
    r"\b(?:de |du |en )(?P<y>(?:19|20)\d\d)\b",
    re.I,
)
_US_ELECTION = re.compile(
    r"\b(?:élections?|présidentielles?|campagnes? (?:électorales?|présidentielles?)|scrutin)\s+(?:\w+\s+)?"
    r"(?:américaines?|aux États-Unis|des États-Unis|US)\b|\bMaison[- ]Blanche\b",
    re.I,
)
_FR_ELECTION = re.compile(r"\b(?:élection|présidentielle|campagne)\s+(?:\w+\s+)?(?:française)\b", re.I)

# "depuis 2018" is how long a state has lasted, not when the incident happened.
_SINCE_BEFORE = re.compile(r"\bdepuis\s+(?:le |la |l['’])?$", re.I)

# Date strength: what a merged incident prefers.
_IN_SENTENCE, _IN_CONTEXT, _ARTICLE_DATE, _NO_DATE = 3, 2, 1, 0


@dataclass
class _Draft:
    incident_type: str
    sentence: Sentence
    trigger_start: int
    trigger_end: int
    actors: dict[str, str]  # canonical name -> role
    platforms: list[str]
    person_names: frozenset[str]
    date: DateMatch | ArticleDate | None
    date_strength: int
    sentences: set[int] = field(default_factory=set)

    @property
    def soft_date(self) -> bool:
        """Dated only by the article or by a word like "hier": good to the month, not the day."""
        return self.date_strength == _ARTICLE_DATE or (
            isinstance(self.date, DateMatch) and self.date.is_relative and not any(ch.isdigit() for ch in self.date.surface_text)
        )


@dataclass(frozen=True)
class IncidentResult:
    """An incident and the sentences it was read from (money in them attaches to it)."""

    incident: Incident
    sentence_indices: frozenset[int]


def build_sentences(
    doc: Doc, actors: list[ActorMention], platforms: list[PlatformMention], dates: list[DateMatch]
) -> list[Sentence]:
    """The body's sentences, split again at line breaks (a heading never runs into a sentence)."""
    sentences: list[Sentence] = []
    text = doc_text(doc)
    for sent in doc.sents:
        for start, end in _lines(text, sent.start_char, sent.end_char):
            sentences.append(
                Sentence(
                    index=len(sentences),
                    paragraph=text.count("\n", 0, start),
                    start=start,
                    end=end,
                    text=text[start:end],
                    actors=tuple(a for a in actors if start <= a.char_start and a.char_end <= end),
                    platforms=tuple(p for p in platforms if start <= p.char_start and p.char_end <= end),
                    dates=tuple(d for d in dates if start <= d.char_start and d.char_end <= end),
                    in_present=_first_finite_verb_is_present(doc, start, end),
                )
            )
    return sentences


def _lines(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Non-blank line pieces of text[start:end], stripped of surrounding white space."""
    pieces = []
    for match in re.finditer(r"[^\n]+", text[start:end]):
        piece = match.group()
        lead = len(piece) - len(piece.lstrip())
        stripped = piece.strip()
        if stripped:
            pieces.append((start + match.start() + lead, start + match.start() + lead + len(stripped)))
    return pieces


def _first_finite_verb_is_present(doc: Doc, start: int, end: int) -> bool:
    span = doc.char_span(start, end, alignment_mode="expand")
    finite = next((t for t in span if "Fin" in t.morph.get("VerbForm")), None) if span is not None else None
    return finite is not None and "Pres" in finite.morph.get("Tense") and "Ind" in finite.morph.get("Mood")


def find_incidents(doc: Doc, sentences: list[Sentence], article_date: ArticleDate | None) -> list[IncidentResult]:
    """All incidents of one article, merged, sorted by the offset of their evidence."""
    drafts: list[_Draft] = []
    election = _election_year(doc_text(doc), article_date)
    for sentence in sentences:
        drafts += _sentence_drafts(doc, sentence, sentences, article_date, election)
    merged = _merge(drafts)
    results = [IncidentResult(_incident(d), frozenset(d.sentences)) for d in merged]
    return sorted(results, key=lambda r: (r.incident.char_start, r.incident.incident_type))


def _sentence_drafts(
    doc: Doc, sentence: Sentence, sentences: list[Sentence], article_date: ArticleDate | None, election: int | None = None
) -> list[_Draft]:
    drafts = []
    for trigger in TRIGGERS:
        match = next((m for m in trigger.pattern.finditer(sentence.text) if _is_asserted(doc, sentence, m)), None)
        if match is None:
            continue
        draft = _draft(trigger.incident_type, sentence, sentences, match, article_date, election, doc)
        if draft is not None:
            drafts.append(draft)
    if len(drafts) > 1:
        drafts = _main_events(drafts)
    return drafts


def _main_events(drafts: list[_Draft]) -> list[_Draft]:
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


def _speaks_after_quote(statement: _Draft, others: list[_Draft]) -> bool:
    """« Nous avons rétabli les comptes », a déclaré la porte-parole: the quote tells the event and
    the speaker's words are a statement of their own (every other trigger is inside the quote)."""
    before = statement.sentence.text[: statement.trigger_start - statement.sentence.start]
    close = max(before.rfind(q) for q in "»\"”")
    return _QUOTE_BEFORE.search(before) is not None and all(o.trigger_start < statement.sentence.start + close for o in others)


def _is_asserted(doc: Doc, sentence: Sentence, match: re.Match[str]) -> bool:
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
    token = _token_at(doc, sentence.start + match.start())
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


def _token_at(doc: Doc, char: int) -> Token | None:
    span = doc.char_span(char, char + 1, alignment_mode="expand")
    return span[0] if span is not None and len(span) else None


def _draft(
    incident_type: str,
    sentence: Sentence,
    sentences: list[Sentence],
    match: re.Match[str],
    article_date: ArticleDate | None,
    election: int | None = None,
    doc: Doc | None = None,
) -> _Draft | None:
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
    date_found, strength = _date(incident_type, sentence, previous, trigger_start, trigger_end, article_date, election)
    return _Draft(
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
    token = _token_at(doc, sentence.start + match.start()) if doc is not None else None
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


def _election_year(text: str, article_date: ArticleDate | None) -> int | None:
    """The year of the election an article's influence operation is about.

    A year printed with the election ("les élections de 2016"), the latest not after the
    article; else, for a US or French presidential election named without its year, the last
    one held by the article's year (every four years from 2000; every five from 2002). None when
    the article names no election or is undated. Limits: other countries' elections, and
    mid-term elections, have no calendar here.
    """
    if article_date is None:
        return None
    year = article_date.value.year
    printed = [int(m.group("y")) for m in _ELECTION_YEAR.finditer(text) if int(m.group("y")) <= year]
    if printed:
        return max(printed)
    if _US_ELECTION.search(text):
        return year - year % 4
    if _FR_ELECTION.search(text) and year >= 2002:
        return year - (year - 2002) % 5
    return None


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


def _date(
    incident_type: str,
    sentence: Sentence,
    previous: Sentence | None,
    trigger_start: int,
    trigger_end: int,
    article_date: ArticleDate | None,
    election: int | None = None,
) -> tuple[DateMatch | ArticleDate | None, int]:
    own = [
        d
        for d in sentence.dates
        if _dates_the_event(d, sentence)
        and not _in_reported_clause(incident_type, d, sentence, trigger_end)
        and not _SINCE_BEFORE.search(sentence.text[: d.char_start - sentence.start])
    ]
    if own:
        leading = [d for d in own if _LEADING.match(sentence.text[: d.char_start - sentence.start])]
        return _capped(leading[0] if leading else _nearest(own, trigger_start, trigger_end), article_date), _IN_SENTENCE
    if election is not None and incident_type == "influence_operation" and _ELECTION.search(sentence.text):
        # Interference in an election happens in its campaign, not when the article is written.
        return ArticleDate(date(election, 1, 1), "year"), _IN_CONTEXT
    if _near_vague_past(sentence, trigger_start, trigger_end):
        return None, _NO_DATE
    context = (
        [d for d in previous.dates if _dates_the_event(d, previous)]
        if previous is not None and not _NEW_FRAME.search(sentence.text)
        else []
    )
    if context:
        return _capped(_nearest(context, trigger_start, trigger_end), article_date), _IN_CONTEXT
    if (
        article_date is not None
        and _speaks_of_present(sentence)
        and not _PAST_AUXILIARY_BEFORE.search(sentence.text[: trigger_start - sentence.start])
    ):
        return article_date, _ARTICLE_DATE
    return None, _NO_DATE


def _near_vague_past(sentence: Sentence, trigger_start: int, trigger_end: int) -> bool:
    """ "Son compte, banni il y a quelques années": past, but undated (within the trigger's clause)."""
    after = re.split(r"[,;:]", sentence.text[trigger_end - sentence.start :], maxsplit=1)[0][:40]
    before = re.split(r"[,;:]", sentence.text[: trigger_start - sentence.start])[-1][-40:]
    return bool(_VAGUE_PAST.search(after) or _VAGUE_PAST.search(before))


def _dates_the_event(found: DateMatch, sentence: Sentence) -> bool:
    """False for a bare year that qualifies a noun ("les élections de 2016", "sa campagne 2024"):
    it says when that thing is, not when the incident happened."""
    if found.precision != "year" or not found.surface_text.isdigit():
        return True
    before = sentence.text[: found.char_start - sentence.start]
    return bool(_TEMPORAL_LEAD.search(before))


def _in_reported_clause(incident_type: str, found: DateMatch, sentence: Sentence, trigger_end: int) -> bool:
    """A date inside what someone said ("a déclaré que ... en 2016", "..., estimant que ... en
    2020") dates the words' subject, not the incident."""
    if found.char_start < trigger_end:
        return False
    between = sentence.text[trigger_end - sentence.start : found.char_start - sentence.start]
    if incident_type not in {"public_statement", "accusation"}:
        return bool(_REPORTING_CLAUSE.search(between))
    return bool(re.search(r"\bqu(?:e\b|['’])", between, re.I))


def _nearest(dates: tuple[DateMatch, ...], trigger_start: int, trigger_end: int) -> DateMatch:
    def distance(d: DateMatch) -> tuple[bool, int]:
        gap = max(d.char_start - trigger_end, trigger_start - d.char_end, 0)
        return d.is_relative, gap

    return min(dates, key=distance)


def _capped(found: DateMatch, article_date: ArticleDate | None) -> DateMatch | ArticleDate:
    """ "Hier" read against an article dated only to the month says no more than that month."""
    if (
        found.is_relative
        and article_date is not None
        and not any(ch.isdigit() for ch in found.surface_text)
        and _rank(found.precision) > _rank(article_date.precision)
    ):
        return ArticleDate(_truncate(found.value, article_date.precision), article_date.precision)
    return found


def _rank(precision: str) -> int:
    return {"year": 0, "month": 1, "day": 2}[precision]


def _truncate(value: date, precision: str) -> date:
    if precision == "year":
        return value.replace(month=1, day=1)
    return value.replace(day=1) if precision == "month" else value


def _speaks_of_present(sentence: Sentence) -> bool:
    return sentence.in_present or bool(_CURRENT_CUES.search(sentence.text))


def _merge(drafts: list[_Draft]) -> list[_Draft]:
    """Fold each draft into the first earlier one of its type that tells the same event."""
    merged: list[_Draft] = []
    for draft in drafts:
        target = next((m for m in merged if _same_event(m, draft)), None)
        if target is None:
            merged.append(draft)
            continue
        _absorb(target, draft)
    return merged


def _same_event(a: _Draft, b: _Draft) -> bool:
    if a.incident_type != b.incident_type or not _dates_agree(a, b):
        return False
    if a.incident_type in _TOPICAL:
        return True
    if set(a.platforms) & set(b.platforms):
        return True
    shared = set(a.actors) & set(b.actors)
    if shared - (a.person_names | b.person_names):
        return True  # a shared organisation, state, medium or institution
    if a.incident_type in _SPEAKER_KEYED and any(a.actors[n] == b.actors[n] == "agent" for n in shared):
        return True  # the same person speaking (or meeting) again about the same time
    # A person is in many events of an article; shared alone it is enough only when neither
    # incident is tied to a platform.
    return bool(shared) and not a.platforms and not b.platforms


def _dates_agree(a: _Draft, b: _Draft) -> bool:
    """Printed dates agree at the coarser precision; a soft date agrees within its month."""
    if a.date is None or b.date is None:
        return True
    precision = min(a.date.precision, b.date.precision, key=_rank)
    if a.soft_date or b.soft_date or a.incident_type in _TOPICAL:  # one story's reports spread over days
        precision = min(precision, "month", key=_rank)
    return _truncate(a.date.value, precision) == _truncate(b.date.value, precision)


def _absorb(target: _Draft, other: _Draft) -> None:
    """Union the participants; the better-dated sentence becomes the evidence."""
    for name, role in other.actors.items():
        target.actors.setdefault(name, role)
    target.platforms += [p for p in other.platforms if p not in target.platforms]
    target.person_names |= other.person_names
    target.sentences |= other.sentences
    if other.date_strength > target.date_strength:
        target.sentence, target.trigger_start, target.trigger_end = other.sentence, other.trigger_start, other.trigger_end
        target.date, target.date_strength = other.date, other.date_strength


def _incident(draft: _Draft) -> Incident:
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
