"""One event told several times: drafts of one type merged when they tell the same event.

Incidents of one type are merged when they share a participant and their dates agree; the merged
incident keeps the best-dated sentence as its evidence. Inquiries, campaigns, breaches and deals are
an article's subject rather than one event each, and merge whenever their dates agree (within the
month: one story's reports spread over days).

This is not the warehouse's "same real-world incident" rule (dbt doc block incident_clustering,
int_incidents_clustered), and the two are kept apart on purpose: they answer different questions.
Here, within one article, the participants are the extractor's names, a person alone ties two
drafts only when neither names a platform, topical types need no shared participant, a soft date
widens agreement to the month, and a draft without a date agrees with any date; merging is
greedy, into the first earlier match. Across articles, dbt links reports of one type sharing one
resolved actor_key or platform_key, whose dates are both unknown or equal at the coarser of the
two precisions, and takes connected components. What they share, what a date precision is worth
and "equal at the coarser precision", has its one definition in news_warehouse.rules
(precision_rank, coarser, truncate), which dbt calls through its precision_rank macro.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from news_warehouse.extract.dates import DateMatch
from news_warehouse.extract.incident_dating import ARTICLE_DATE
from news_warehouse.extract.sentences import ArticleDate, Sentence
from news_warehouse.rules import coarser, truncate


# Types that are an article's subject rather than one event (an inquiry, a campaign, a breach or a deal
# told several times over): merged whenever dates agree.
_TOPICAL = frozenset({"investigation", "influence_operation", "data_breach", "acquisition"})
# Types whose doer identifies the event: one speaker's statements of a day are one statement.
_SPEAKER_KEYED = frozenset({"public_statement", "meeting"})


@dataclass
class Draft:
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
        return self.date_strength == ARTICLE_DATE or (
            isinstance(self.date, DateMatch) and self.date.is_relative and not any(ch.isdigit() for ch in self.date.surface_text)
        )


def merge(drafts: list[Draft]) -> list[Draft]:
    """Fold each draft into the first earlier one of its type that tells the same event."""
    merged: list[Draft] = []
    for draft in drafts:
        target = next((m for m in merged if _same_event(m, draft)), None)
        if target is None:
            merged.append(draft)
            continue
        _absorb(target, draft)
    return merged


def _same_event(a: Draft, b: Draft) -> bool:
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


def _dates_agree(a: Draft, b: Draft) -> bool:
    """Printed dates agree at the coarser precision; a soft date agrees within its month."""
    if a.date is None or b.date is None:
        return True
    precision = coarser(a.date.precision, b.date.precision)
    if a.soft_date or b.soft_date or a.incident_type in _TOPICAL:  # one story's reports spread over days
        precision = coarser(precision, "month")
    return truncate(a.date.value, precision) == truncate(b.date.value, precision)


def _absorb(target: Draft, other: Draft) -> None:
    """Union the participants; the better-dated sentence becomes the evidence."""
    for name, role in other.actors.items():
        target.actors.setdefault(name, role)
    target.platforms += [p for p in other.platforms if p not in target.platforms]
    target.person_names |= other.person_names
    target.sentences |= other.sentences
    if other.date_strength > target.date_strength:
        target.sentence, target.trigger_start, target.trigger_end = other.sentence, other.trigger_start, other.trigger_end
        target.date, target.date_strength = other.date, other.date_strength
