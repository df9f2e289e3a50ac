"""When an incident happened, from its sentence and the sentences around it.

Date rule, first that applies:
1. a date printed in the sentence, the one nearest the trigger (absolute dates before relative
   ones; "depuis 2018" says how long, not when); a relative day without a number ("hier",
   "jeudi") keeps no more precision than the article date it was read against;
2. for interference in an election, the year of that election;
3. a date printed in the previous sentence of the same paragraph (narration carries the date
   on: "En 2016, ... A cette époque, Twitter avait indiqué ...");
4. the article date, at its precision, when the sentence speaks of the present: a cue word
   ("actuellement", "aujourd'hui", "récemment", "en cours") or a first finite verb in the
   present indicative (présent or passé composé);
5. no date (plus-que-parfait, imparfait, future: the text does not say when).
"""

from __future__ import annotations

import re
from datetime import date

from news_warehouse.extract.dates import DateMatch
from news_warehouse.extract.sentences import ArticleDate, Sentence
from news_warehouse.rules import precision_rank, truncate


_CURRENT_CUES = re.compile(r"\b(?:actuellement|aujourd['’]hui|en ce moment|cette semaine|ce mois-ci|désormais|récemment|en cours|vient de|viennent de)\b", re.I)
_TEMPORAL_LEAD = re.compile(
    r"\b(?:en|depuis|dès|avant|après|jusqu['’]en|courant|année|fin|début|mi|printemps|été|automne|hiver)[\s-]*$", re.I
)
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
# A trigger in a plus-que-parfait or imperfect passive ("qui avaient été suspendus") is background:
# the present of the sentence's main verb does not date it.
_PAST_AUXILIARY_BEFORE = re.compile(r"\b(?:avait|avaient|était|étaient)\s+(?:(?:été|déjà|pas|elle|il|eux)\s+)*$", re.I)
# A sentence opening on its own time frame does not take the previous sentence's date.
_NEW_FRAME = re.compile(
    r"^\W*(?:depuis|après|ensuite|puis|désormais|dorénavant|plus tard|entre-temps|aujourd['’]hui)\b", re.I
)
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
IN_SENTENCE, IN_CONTEXT, ARTICLE_DATE, NO_DATE = 3, 2, 1, 0


def election_year(text: str, article_date: ArticleDate | None) -> int | None:
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


def date_of(
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
        return capped(leading[0] if leading else _nearest(own, trigger_start, trigger_end), article_date), IN_SENTENCE
    if election is not None and incident_type == "influence_operation" and _ELECTION.search(sentence.text):
        # Interference in an election happens in its campaign, not when the article is written.
        return ArticleDate(date(election, 1, 1), "year"), IN_CONTEXT
    if _near_vague_past(sentence, trigger_start, trigger_end):
        return None, NO_DATE
    context = (
        [d for d in previous.dates if _dates_the_event(d, previous)]
        if previous is not None and not _NEW_FRAME.search(sentence.text)
        else []
    )
    if context:
        return capped(_nearest(context, trigger_start, trigger_end), article_date), IN_CONTEXT
    if (
        article_date is not None
        and _speaks_of_present(sentence)
        and not _PAST_AUXILIARY_BEFORE.search(sentence.text[: trigger_start - sentence.start])
    ):
        return article_date, ARTICLE_DATE
    return None, NO_DATE


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


def capped(found: DateMatch, article_date: ArticleDate | None) -> DateMatch | ArticleDate:
    """ "Hier" read against an article dated only to the month says no more than that month."""
    if (
        found.is_relative
        and article_date is not None
        and not any(ch.isdigit() for ch in found.surface_text)
        and precision_rank(found.precision) > precision_rank(article_date.precision)
    ):
        return ArticleDate(truncate(found.value, article_date.precision), article_date.precision)
    return found


def _speaks_of_present(sentence: Sentence) -> bool:
    return sentence.in_present or bool(_CURRENT_CUES.search(sentence.text))
