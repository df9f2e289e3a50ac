"""Score extraction against hand-made gold annotations (shared/gold/README.md).

The gold file is the yardstick for extraction quality, so this module implements the README's
matching rules literally and makes every judgement visible (false positives, misses, wrong dates)
instead of only printing numbers. Decisions the README leaves open, taken here:

- Matching is one-to-one and maximises the number of matches (Kuhn's augmenting paths, trying
  predictions and gold items in their listed order, so the result is deterministic). Required gold
  items are matched first; leftover predictions that match an optional item (`actors_optional`,
  `platforms_optional`, `"optional": true`) are then dropped, one per optional item, so optional
  items are neutral.
- Actor and platform names are a set per article (two names equal after normalisation count once).
  Money and quantities are distinct values per article: the gold lists each figure once however
  often the text repeats it, so exact repeats in the predictions are folded. Incidents are a list.
- Among incident pairings of maximum size, pairs whose date is right are preferred (the matching
  is seeded with a maximum matching over date-right pairs, then completed).
- A date is right when it agrees with the gold value at the gold precision AND the prediction is
  at least that precise ("2017" does not say "2017-01"). A prediction with a date but no precision
  is taken as a day. A gold date of null means the text gives no date: only a null prediction is
  right, an invented date is wrong.
- With nothing predicted, precision is 1.0 (no wrong claim); with nothing to find, recall is 1.0.
- Gold articles with no prediction count as predicted empty; predictions for files that are not
  in the gold are ignored. Articles are paired on the file name, not on the landed path, and
  failing that on the name without its extension: a gold written for `d01.txt` scores the same
  article landed as the feed record `d01.json`.
- The baseline (`baseline_from_warehouse`) is the raw model: every PER and ORG span that
  `fr_core_news_md` finds in the stored bodies, taken as an actor as it is written. Only actors
  are scored for it; the margin between the two is what the project's extraction adds.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from news_warehouse import db
from news_warehouse.extract.records import ArticleExtraction, ArticleText
from news_warehouse.ingest.article import ParsedArticle
from news_warehouse.rules import fold, precision_rank, published_date

if TYPE_CHECKING:
    from news_warehouse.extract.pipeline import Extractor

KINDS = ("actors", "platforms", "monetary_figures", "quantities", "incidents")
TOLERANCE = 0.005

Money = tuple[Decimal | float, str, bool]
QuantityValue = tuple[float, str]
PredictedIncident = tuple[str, date | None, str | None, list[str], list[str]]


@dataclass
class PredictedArticle:
    """What the pipeline says about one article, in the terms the gold uses."""

    source_file: str
    published_value: date | None
    actors: list[str] = field(default_factory=list)  # canonical names
    platforms: list[str] = field(default_factory=list)
    monetary_figures: list[Money] = field(default_factory=list)  # (amount, currency, approximate)
    quantities: list[QuantityValue] = field(default_factory=list)  # (value, unit)
    incidents: list[PredictedIncident] = field(default_factory=list)
    published_precision: str | None = None  # day / month / year; None with a date means day


@dataclass(frozen=True)
class KindScore:
    """Micro-averaged counts for one kind of fact over all gold articles."""

    kind: str
    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(frozen=True)
class Finding:
    """One judgement a human should be able to check against the article."""

    source_file: str
    kind: str
    description: str


@dataclass
class EvaluationReport:
    """Scores plus the itemised reasons behind them."""

    scores: dict[str, KindScore]
    incident_dates_right: int
    incident_dates_total: int
    published_dates_right: int
    published_dates_total: int
    false_positives: list[Finding]
    misses: list[Finding]
    wrong_dates: list[Finding]
    missing_articles: list[str]

    @property
    def incident_date_accuracy(self) -> float | None:
        """Share of matched gold incidents whose date is right; None when nothing matched."""
        return _ratio(self.incident_dates_right, self.incident_dates_total)

    @property
    def published_date_accuracy(self) -> float | None:
        return _ratio(self.published_dates_right, self.published_dates_total)

    def format(self, details: bool = True) -> str:
        """A table of scores, then (with `details`) every false positive, miss and wrong date, per article."""
        lines = _score_table(self.scores)
        lines.append("")
        lines.append(_accuracy_line("incident dates", self.incident_dates_right, self.incident_dates_total))
        lines.append(_accuracy_line("published dates", self.published_dates_right, self.published_dates_total))
        if self.missing_articles:
            lines += ["", "Gold articles without prediction:"] + [f"  {name}" for name in self.missing_articles]
        if not details:
            return "\n".join(lines)
        for title, findings in (
            ("False positives", self.false_positives),
            ("Misses", self.misses),
            ("Wrong dates", self.wrong_dates),
        ):
            lines += ["", f"{title} ({len(findings)}):"] + _findings_by_article(findings)
        return "\n".join(lines)


def score(gold: dict[str, Any], predictions: dict[str, PredictedArticle]) -> EvaluationReport:
    """Compare every gold article with the prediction for the same file name (or stem)."""
    by_name = {Path(key).name: value for key, value in predictions.items()}
    by_stem = {Path(key).stem: value for key, value in predictions.items()}
    tally = _Tally()
    for article in gold["articles"]:
        name = Path(article["source_file"]).name
        predicted = by_name.get(name) or by_stem.get(Path(name).stem)
        if predicted is None:
            tally.missing_articles.append(name)
            predicted = PredictedArticle(source_file=name, published_value=None)
        _score_article(article, predicted, name, tally)
    return tally.report()


def predictions_from_extractions(
    items: Iterable[tuple[str, date | None, ArticleExtraction]],
) -> dict[str, PredictedArticle]:
    """Predictions straight from the extractor, to measure it without building a warehouse.

    The published date is the ingested one when given (taken as a day), else the extractor's
    inferred date with its precision: the rule dim_article applies (news_warehouse.rules).
    """
    predictions: dict[str, PredictedArticle] = {}
    for source_file, published, extraction in items:
        chosen = published_date(
            published, None, None, extraction.inferred_published_date, extraction.inferred_published_precision
        )
        predictions[Path(source_file).name] = PredictedArticle(
            source_file=source_file,
            published_value=chosen.value if chosen else None,
            published_precision=chosen.precision if chosen else None,
            actors=_unique(m.canonical_name for m in extraction.actor_mentions),
            platforms=_unique(m.platform_name for m in extraction.platform_mentions),
            monetary_figures=[(m.amount, m.currency_code, m.is_approximate) for m in extraction.monetary_figures],
            quantities=[(q.value, q.unit) for q in extraction.quantities],
            incidents=[
                (
                    i.incident_type,
                    i.incident_date,
                    i.incident_date_precision,
                    [a.canonical_name for a in i.actors],
                    list(i.platforms),
                )
                for i in extraction.incidents
            ],
        )
    return predictions


def predictions_from_parsed(extractor: Extractor, parsed: dict[str, ParsedArticle]) -> dict[str, PredictedArticle]:
    """Extract articles parsed as ingestion parses them (file name -> article), no warehouse."""
    extractions = extractor.extract(ArticleText.from_parsed(article) for article in parsed.values())
    return predictions_from_extractions(
        (name, article.published.value if article.published else None, extraction)
        for (name, article), extraction in zip(parsed.items(), extractions, strict=True)
    )


def predictions_from_warehouse(path: Path) -> dict[str, PredictedArticle]:
    """Predictions read from the marts of a warehouse file (CONTRACT.md), opened read-only."""
    with db.reader(path) as con:
        articles = {
            key: PredictedArticle(source_file=source, published_value=published, published_precision=precision)
            for key, source, published, precision in con.sql(
                "select article_key, source_file, published_date, published_precision "
                "from marts.dim_article order by source_file"
            ).fetchall()
        }
        for key, name in con.sql(_ACTORS_SQL).fetchall():
            articles[key].actors.append(name)
        for key, name in con.sql(_PLATFORMS_SQL).fetchall():
            articles[key].platforms.append(name)
        for key, amount, currency, approximate in con.sql(_MONEY_SQL).fetchall():
            articles[key].monetary_figures.append((amount, currency, approximate))
        for key, value, unit in con.sql(_QUANTITIES_SQL).fetchall():
            articles[key].quantities.append((value, unit))
        for key, kind, when, precision, actors, platforms in con.sql(_INCIDENTS_SQL).fetchall():
            articles[key].incidents.append((kind, when, precision, list(actors), list(platforms)))
    predictions: dict[str, PredictedArticle] = {}
    for article in articles.values():
        predictions.setdefault(Path(article.source_file).name, article)
    return predictions


def baseline_from_warehouse(path: Path) -> dict[str, PredictedArticle]:
    """The raw spaCy baseline: PER and ORG spans of the model alone, over the same stored bodies."""
    import spacy  # the model is only loaded when a baseline is asked for

    nlp = spacy.load("fr_core_news_md", exclude=["lemmatizer"])
    with db.reader(path) as con:
        rows = con.sql("select source_file, body from marts.dim_article order by source_file").fetchall()
    predictions: dict[str, PredictedArticle] = {}
    for (source_file, _), doc in zip(rows, nlp.pipe(body for _, body in rows)):
        names = _unique(ent.text for ent in doc.ents if ent.label_ in {"PER", "ORG"})
        predictions.setdefault(Path(source_file).name, PredictedArticle(source_file, None, actors=names))
    return predictions


_ACTORS_SQL = """
select m.article_key, a.canonical_name
from marts.fct_actor_mention m join marts.dim_actor a using (actor_key)
group by all order by m.article_key, min(m.char_start)
"""
_PLATFORMS_SQL = """
select m.article_key, p.platform_name
from marts.fct_platform_mention m join marts.dim_platform p using (platform_key)
group by all order by m.article_key, min(m.char_start)
"""
_MONEY_SQL = """
select article_key, amount, currency_code, is_approximate
from marts.fct_monetary_figure order by article_key, char_start
"""
_QUANTITIES_SQL = """
select article_key, value, unit from marts.fct_quantity order by article_key, char_start
"""
_INCIDENTS_SQL = """
select i.article_key, i.incident_type, i.incident_date, i.incident_date_precision,
    coalesce((select list(a.canonical_name order by a.canonical_name)
              from marts.bridge_incident_actor b join marts.dim_actor a using (actor_key)
              where b.incident_key = i.incident_key), []) as actors,
    coalesce((select list(p.platform_name order by p.platform_name)
              from marts.bridge_incident_platform b join marts.dim_platform p using (platform_key)
              where b.incident_key = i.incident_key), []) as platforms
from marts.fct_incident i order by i.article_key, i.char_start
"""


# --- scoring one article -------------------------------------------------------------------


@dataclass
class _Tally:
    """Running counts over the gold articles, turned into a report at the end."""

    counts: dict[str, list[int]] = field(default_factory=lambda: {kind: [0, 0, 0] for kind in KINDS})
    incident_dates: list[int] = field(default_factory=lambda: [0, 0])
    published_dates: list[int] = field(default_factory=lambda: [0, 0])
    false_positives: list[Finding] = field(default_factory=list)
    misses: list[Finding] = field(default_factory=list)
    wrong_dates: list[Finding] = field(default_factory=list)
    missing_articles: list[str] = field(default_factory=list)

    def report(self) -> EvaluationReport:
        return EvaluationReport(
            scores={kind: KindScore(kind, *self.counts[kind]) for kind in KINDS},
            incident_dates_right=self.incident_dates[0],
            incident_dates_total=self.incident_dates[1],
            published_dates_right=self.published_dates[0],
            published_dates_total=self.published_dates[1],
            false_positives=self.false_positives,
            misses=self.misses,
            wrong_dates=self.wrong_dates,
            missing_articles=self.missing_articles,
        )


@dataclass(frozen=True)
class _Outcome:
    """Result of matching one kind in one article: which prediction went to which gold item."""

    pairs: list[tuple[int, int]]  # (prediction index, required gold index)
    false_positives: list[int]
    misses: list[int]


def _score_article(gold: dict[str, Any], predicted: PredictedArticle, name: str, tally: _Tally) -> None:
    aliases = _alias_sets(gold)
    _score_names(name, "actors", predicted.actors, gold.get("actors", []),
                 gold.get("actors_optional", []), tally, aliases)
    _score_names(name, "platforms", predicted.platforms, gold.get("platforms", []),
                 gold.get("platforms_optional", []), tally, {})
    _score_money(name, predicted, gold.get("monetary_figures", []), tally)
    _score_quantities(name, predicted, gold.get("quantities", []), tally)
    _score_incidents(name, predicted, gold.get("incidents", []), tally, aliases)
    _score_published(name, predicted, gold.get("published") or {}, tally)


def _score_names(
    article: str,
    kind: str,
    predicted: list[str],
    required: list[Any],
    optional: list[Any],
    tally: _Tally,
    aliases: dict[str, frozenset[str]],
) -> None:
    """Actors or platforms: a predicted name fits a gold item when it is its name or an alias."""
    predicted = _first_per_key(predicted, key=fold)
    gold_items = [(_name_of(i), _is_optional(i)) for i in required] + [(_name_of(i), True) for i in optional]

    def fits(p: str, g: str) -> bool:
        return fold(p) in aliases.get(fold(g), {fold(g)})

    outcome = _match(predicted, gold_items, fits)
    label = kind[:-1]
    _record(tally, article, kind, outcome, predicted, [g for g, opt in gold_items if not opt],
            lambda p: f'{label} "{p}"', lambda g: f'{label} "{g}"')


def _score_money(article: str, predicted: PredictedArticle, gold: list[dict[str, Any]], tally: _Tally) -> None:
    figures = _first_per_key(
        ((Decimal(str(amount)), currency.upper(), approx) for amount, currency, approx in predicted.monetary_figures),
        key=lambda figure: figure[:2],
    )
    gold_items = [(item, _is_optional(item)) for item in gold]

    def fits(p: Money, g: dict[str, Any]) -> bool:
        return p[1] == str(g["currency"]).upper() and _within(float(p[0]), float(g["amount"]))

    outcome = _match(figures, gold_items, fits)
    _record(tally, article, "monetary_figures", outcome, figures, [g for g, opt in gold_items if not opt],
            lambda p: f"money {_number(p[0])} {p[1]}{' (approx.)' if p[2] else ''}",
            lambda g: f"money {_number(g['amount'])} {g['currency']} «{g.get('surface', '')}»")


def _score_quantities(article: str, predicted: PredictedArticle, gold: list[dict[str, Any]], tally: _Tally) -> None:
    values = _unique((float(value), unit) for value, unit in predicted.quantities)
    gold_items = [(item, _is_optional(item)) for item in gold]

    def fits(p: QuantityValue, g: dict[str, Any]) -> bool:
        return p[1] == g["unit"] and _within(p[0], float(g["value"]))

    outcome = _match(values, gold_items, fits)
    _record(tally, article, "quantities", outcome, values, [g for g, opt in gold_items if not opt],
            lambda p: f"quantity {_number(p[0])} {p[1]}",
            lambda g: f"quantity {_number(g['value'])} {g['unit']} «{g.get('surface', '')}»")


def _score_incidents(
    article: str,
    predicted: PredictedArticle,
    gold: list[dict[str, Any]],
    tally: _Tally,
    aliases: dict[str, frozenset[str]],
) -> None:
    """Same type and a shared actor or platform; then the date of every matched pair is judged."""
    incidents = predicted.incidents
    gold_items = [(item, _is_optional(item)) for item in gold]

    def fits(p: PredictedIncident, g: dict[str, Any]) -> bool:
        return p[0] == g["type"] and _shares_participant(p, g, aliases)

    def date_right(p: PredictedIncident, g: dict[str, Any]) -> bool:
        return fits(p, g) and _date_agrees(p[1], p[2], g.get("date"))

    outcome = _match(incidents, gold_items, fits, prefer=date_right)
    required = [g for g, opt in gold_items if not opt]
    _record(tally, article, "incidents", outcome, incidents, required, _describe_incident,
            lambda g: _describe_incident((g["type"], g.get("date"), None, g["actors"], g["platforms"])))
    for p_index, g_index in outcome.pairs:
        p, g = incidents[p_index], required[g_index]
        right = _date_agrees(p[1], p[2], g.get("date"))
        tally.incident_dates[0] += right
        tally.incident_dates[1] += 1
        if not right:
            tally.wrong_dates.append(Finding(article, "incident_date", (
                f"{g['type']} {_names(g['actors'] + g['platforms'])}: predicted "
                f"{_show_date(p[1], p[2])}, gold {g.get('date') or 'none'}")))


def _score_published(article: str, predicted: PredictedArticle, gold: dict[str, Any], tally: _Tally) -> None:
    right = _date_agrees(predicted.published_value, predicted.published_precision, gold.get("value"))
    tally.published_dates[0] += right
    tally.published_dates[1] += 1
    if not right:
        tally.wrong_dates.append(Finding(article, "published_date", (
            f"published: predicted {_show_date(predicted.published_value, predicted.published_precision)}, "
            f"gold {gold.get('value') or 'none'}")))


def _record(
    tally: _Tally,
    article: str,
    kind: str,
    outcome: _Outcome,
    predicted: Sequence[Any],
    required: Sequence[Any],
    describe_predicted: Callable[[Any], str],
    describe_gold: Callable[[Any], str],
) -> None:
    counts = tally.counts[kind]
    counts[0] += len(outcome.pairs)
    counts[1] += len(outcome.false_positives)
    counts[2] += len(outcome.misses)
    tally.false_positives += [Finding(article, kind, describe_predicted(predicted[i])) for i in outcome.false_positives]
    tally.misses += [Finding(article, kind, describe_gold(required[i])) for i in outcome.misses]


# --- matching ------------------------------------------------------------------------------


def _match(
    predicted: Sequence[Any],
    gold_items: Sequence[tuple[Any, bool]],
    fits: Callable[[Any, Any], bool],
    prefer: Callable[[Any, Any], bool] | None = None,
) -> _Outcome:
    """One-to-one: as many predictions as possible on required items, leftovers on optional ones."""
    required = [item for item, optional in gold_items if not optional]
    optional = [item for item, is_optional in gold_items if is_optional]
    seed = _max_matching(predicted, required, prefer) if prefer else {}
    on_required = _max_matching(predicted, required, fits, seed)
    leftovers = [i for i in range(len(predicted)) if i not in on_required]
    on_optional = _max_matching([predicted[i] for i in leftovers], optional, fits)
    dropped = {leftovers[i] for i in on_optional}
    return _Outcome(
        pairs=sorted(on_required.items()),
        false_positives=[i for i in leftovers if i not in dropped],
        misses=[g for g in range(len(required)) if g not in on_required.values()],
    )


def _max_matching(
    left: Sequence[Any],
    right: Sequence[Any],
    fits: Callable[[Any, Any], bool],
    seed: dict[int, int] | None = None,
) -> dict[int, int]:
    """Maximum bipartite matching by augmenting paths (Kuhn), grown from `seed`; left -> right.

    Augmenting never unmatches a vertex, and a free left vertex that cannot be augmented now never
    can later, so one pass over the free left vertices in order reaches a maximum matching.
    """
    owner = {r: l for l, r in (seed or {}).items()}

    def augment(l: int, seen: set[int]) -> bool:
        for r in range(len(right)):
            if r in seen or not fits(left[l], right[r]):
                continue
            seen.add(r)
            if r not in owner or augment(owner[r], seen):
                owner[r] = l
                return True
        return False

    for l in range(len(left)):
        if l not in owner.values():
            augment(l, set())
    return {l: r for r, l in owner.items()}


# --- small rules ---------------------------------------------------------------------------


def _alias_sets(gold: dict[str, Any]) -> dict[str, frozenset[str]]:
    """Normalised gold actor name -> all its accepted normalised names (name and aliases)."""
    sets: dict[str, frozenset[str]] = {}
    for actor in gold.get("actors", []):
        if isinstance(actor, dict):
            names = [actor["name"], *actor.get("aliases", [])]
            sets[fold(actor["name"])] = frozenset(fold(n) for n in names)
    return sets


def _shares_participant(p: PredictedIncident, g: dict[str, Any], aliases: dict[str, frozenset[str]]) -> bool:
    if not g["actors"] and not g["platforms"]:
        return True
    predicted_actors = {fold(a) for a in p[3]}
    for actor in g["actors"]:
        key = fold(actor)
        if predicted_actors & aliases.get(key, frozenset({key})):
            return True
    return bool({fold(x) for x in p[4]} & {fold(x) for x in g["platforms"]})


def _date_agrees(predicted: date | None, precision: str | None, gold_value: str | None) -> bool:
    """Right at the gold precision, and the prediction is not vaguer than the gold."""
    if not gold_value:
        return predicted is None
    if predicted is None:
        return False
    gold_precision = {4: "year", 7: "month", 10: "day"}[len(gold_value)]
    if precision_rank(precision) < precision_rank(gold_precision):
        return False
    return predicted.isoformat()[: len(gold_value)] == gold_value


def _within(predicted: float, gold: float) -> bool:
    return abs(predicted - gold) <= TOLERANCE * abs(gold)


def _is_optional(item: Any) -> bool:
    return isinstance(item, dict) and bool(item.get("optional"))


def _name_of(item: Any) -> str:
    return item["name"] if isinstance(item, dict) else str(item)


def _unique(items: Iterable[Any]) -> list[Any]:
    return list(dict.fromkeys(items))


def _first_per_key(items: Iterable[Any], key: Callable[[Any], Any]) -> list[Any]:
    """The first item of every group of items sharing a key, in their original order."""
    firsts: dict[Any, Any] = {}
    for item in items:
        firsts.setdefault(key(item), item)
    return list(firsts.values())


# --- formatting ----------------------------------------------------------------------------


def _ratio(right: int, total: int) -> float | None:
    return right / total if total else None


def _score_table(scores: dict[str, KindScore]) -> list[str]:
    header = f"{'kind':<18}{'tp':>5}{'fp':>5}{'fn':>5}{'precision':>11}{'recall':>8}{'f1':>8}"
    rows = [
        f"{s.kind:<18}{s.tp:>5}{s.fp:>5}{s.fn:>5}{s.precision:>11.3f}{s.recall:>8.3f}{s.f1:>8.3f}"
        for s in scores.values()
    ]
    return [header, "-" * len(header), *rows]


def _accuracy_line(label: str, right: int, total: int) -> str:
    share = f"{right / total:.1%}" if total else "n/a"
    return f"{label + ' right:':<23}{right}/{total} ({share})"


def _findings_by_article(findings: list[Finding]) -> list[str]:
    lines: list[str] = []
    for article in _unique(f.source_file for f in findings):
        lines.append(f"  {article}")
        lines += [f"    - {f.description}" for f in findings if f.source_file == article]
    return lines


def _describe_incident(incident: tuple[Any, ...]) -> str:
    kind, when, precision, actors, platforms = incident
    shown = when if isinstance(when, str) or when is None else _show_date(when, precision)
    return f"incident {kind} ({shown or 'no date'}) {_names(list(actors) + list(platforms))}"


def _show_date(value: date | None, precision: str | None) -> str:
    if value is None:
        return "none"
    return value.isoformat()[: {"year": 4, "month": 7}.get(precision or "day", 10)]


def _names(names: list[str]) -> str:
    return "[" + ", ".join(names) + "]"


def _number(value: Any) -> str:
    number = float(value)
    return f"{number:,.0f}".replace(",", " ") if number == int(number) else f"{number:,.2f}".replace(",", " ")
