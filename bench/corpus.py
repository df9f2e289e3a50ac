"""A synthetic French news corpus for the benchmark, as large as asked and always the same.

The real landing folder holds a handful of articles; throughput and memory only show at
thousands. Articles are recombined from sentence templates written for this purpose, filled
with the things the extractor looks for (actors, platforms, amounts of money in French
formats, counts, printed dates), so extraction does its real work on every article.

Each article is one `.txt` file: a title line, a blank line, a printed date line, a blank
line, then paragraphs. A reference code unique to (seed, index) sits in the body, so no two
articles ever fold into one at deduplication. Files are written one at a time: memory stays
flat however large the corpus.
"""

from __future__ import annotations

import random
import string
from dataclasses import dataclass
from datetime import date
from pathlib import Path

MIN_WORDS = 300
MAX_WORDS = 600

# (name, role printed before the name)
ACTORS: tuple[tuple[str, str], ...] = (
    ("Emmanuel Macron", "le président de la République"),
    ("Donald Trump", "le président américain"),
    ("Joe Biden", "l'ancien président américain"),
    ("Vladimir Poutine", "le président russe"),
    ("Volodymyr Zelensky", "le président ukrainien"),
    ("Olaf Scholz", "l'ancien chancelier allemand"),
    ("Giorgia Meloni", "la présidente du Conseil italien"),
    ("Narendra Modi", "le Premier ministre indien"),
    ("Lula da Silva", "le président brésilien"),
    ("Mark Zuckerberg", "le patron de Meta"),
    ("Elon Musk", "le propriétaire de X"),
    ("Sundar Pichai", "le PDG de Google"),
    ("Shou Zi Chew", "le PDG de TikTok"),
    ("Pavel Durov", "le fondateur de Telegram"),
    ("Evan Spiegel", "le patron de Snap"),
    ("Satya Nadella", "le PDG de Microsoft"),
    ("Thierry Breton", "l'ancien commissaire européen"),
    ("Margrethe Vestager", "l'ancienne commissaire européenne à la concurrence"),
    ("Ursula von der Leyen", "la présidente de la Commission européenne"),
    ("Lina Khan", "l'ancienne présidente de la FTC"),
    ("Marie-Laure Denis", "la présidente de la CNIL"),
    ("Roch-Olivier Maistre", "l'ancien président de l'Arcom"),
)
# Regulators and institutions; companies appear through their platforms.
ORGANISATIONS: tuple[str, ...] = (
    "la Commission européenne", "la CNIL", "l'Arcom", "la FTC", "le Parlement européen",
    "le Conseil d'État", "la Cour de justice de l'Union européenne", "le ministère de l'Intérieur",
    "Viginum", "l'Autorité de la concurrence", "le Congrès américain", "l'Ofcom",
)  # fmt: skip
MEDIA: tuple[str, ...] = (
    "Le Monde", "l'AFP", "Reuters", "Mediapart", "Libération", "Le Figaro", "France Info",
    "BFMTV", "Franceinfo", "Les Échos", "le New York Times", "le Washington Post", "la BBC",
    "Politico", "Le Parisien",
)  # fmt: skip
PLATFORMS: tuple[str, ...] = (
    "Facebook", "Instagram", "TikTok", "YouTube", "X", "Twitter", "Telegram", "Snapchat",
    "LinkedIn", "WhatsApp", "Twitch", "Reddit", "Threads", "Bluesky",
)  # fmt: skip
# (the country with its article, "in the country")
COUNTRIES: tuple[tuple[str, str], ...] = (
    ("la France", "en France"), ("l'Allemagne", "en Allemagne"), ("les États-Unis", "aux États-Unis"),
    ("la Russie", "en Russie"), ("l'Ukraine", "en Ukraine"), ("le Brésil", "au Brésil"),
    ("l'Inde", "en Inde"), ("l'Italie", "en Italie"), ("la Chine", "en Chine"),
    ("l'Irlande", "en Irlande"), ("la Belgique", "en Belgique"), ("le Canada", "au Canada"),
)  # fmt: skip
CITIES: tuple[str, ...] = (
    "Paris", "Bruxelles", "Washington", "Dublin", "Berlin", "Lyon", "Marseille", "Genève",
    "Londres", "San Francisco", "Strasbourg", "Luxembourg",
)  # fmt: skip
MONTHS: tuple[str, ...] = (
    "janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
    "octobre", "novembre", "décembre",
)  # fmt: skip
WEEKDAYS: tuple[str, ...] = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
# Count slots and their units, as (unit, the "de" it takes after "millions").
COUNT_UNITS: dict[str, tuple[tuple[str, str], ...]] = {
    "users": (("utilisateurs", "d'"), ("personnes", "de "), ("internautes", "d'")),
    "accounts": (("comptes", "de "), ("faux comptes", "de ")),
    "posts": (("publications", "de "), ("messages", "de "), ("tweets", "de "), ("vidéos", "de "), ("publicités", "de ")),
    "views": (("vues", "de "),),
    "followers": (("abonnés", "d'"), ("followers", "de ")),
}  # fmt: skip
SCALED_CURRENCIES: tuple[str, ...] = ("d'euros", "de dollars")
APPROXIMATORS: tuple[str, ...] = ("", "", "", "près de ", "environ ", "plus de ", "quelque ")

TITLES: tuple[str, ...] = (
    "{platform} condamné à une amende de {money}",
    "{name} s'en prend à {platform}, qui a suspendu {accounts}",
    "{Org} ouvre une enquête visant {platform}",
    "Désinformation : {platform} supprime {posts}",
    "{name} annonce {money} pour lutter contre les contenus haineux",
    "Fuite de données chez {platform} : {users} concernés",
    "Ingérence étrangère : {org} pointe le rôle {de_platform}",
    "{platform} sanctionné par {org} pour {money}",
    "Ce que {name} reproche à {platform}",
    "Modération : {org} met la pression sur {platform}",
    "{platform} visé par une plainte, {money} réclamés",
    "Élection en {country_short} : {platform} face aux campagnes de manipulation",
)  # fmt: skip

# Sentences of the body. {name}/{role}/{platform} are the article's main actor and platform;
# {other}, {org}, {media}, {platform2} vary from sentence to sentence.
SENTENCES: tuple[str, ...] = (
    "{Role} {name} a vivement critiqué {platform} {date}, estimant que le réseau social n'avait pas pris la mesure du problème.",
    "Dans un message publié sur {platform2}, {name} a dénoncé « une campagne organisée » visant à discréditer son action.",
    "Selon {media}, {org} a infligé une amende de {money} à {platform} pour manquement à ses obligations de transparence.",
    "L'entreprise a indiqué avoir supprimé {accounts} liés à des réseaux de faux profils.",
    "{Org} reproche à la plateforme de ne pas avoir retiré assez vite des contenus manifestement illicites.",
    "Le montant de la sanction, {money}, reste modeste au regard du chiffre d'affaires du groupe.",
    "{Other} a pour sa part appelé à un encadrement plus strict des algorithmes de recommandation.",
    "D'après un rapport consulté par {media}, les publicités incriminées ont été vues par {users}.",
    "{platform} affirme compter {users} {in_country} et assure respecter la législation européenne.",
    "Les faits se sont produits {date}, lorsque plusieurs comptes ont relayé de fausses informations sur le scrutin.",
    "Une porte-parole de {platform} a déclaré que l'entreprise « conteste fermement » cette décision et envisage de faire appel.",
    "Le groupe avait déjà versé {money} en {year} pour clore une procédure similaire aux États-Unis.",
    "À {city}, les enquêteurs ont identifié {accounts} qui publiaient les mêmes messages à quelques secondes d'intervalle.",
    "{Role} {name} a reçu {date} les dirigeants {de_platform} et {de_platform2} pour leur demander des comptes.",
    "La campagne aurait coûté {money} et aurait été financée en partie par des sociétés écrans basées à l'étranger.",
    "Interrogé par {media}, un ancien salarié de la plateforme évoque des équipes de modération « débordées ».",
    "{Org} a ouvert {date} une procédure formelle au titre du règlement sur les services numériques.",
    "En cas de manquement avéré, l'amende pourrait atteindre 6 % du chiffre d'affaires mondial, soit plusieurs milliards d'euros.",
    "Sur {platform2}, la vidéo a cumulé {views} avant d'être retirée.",
    "{Other} estime que cette affaire illustre « l'impuissance des États face aux géants du numérique ».",
    "Les utilisateurs {de_platform} {in_country} ont reçu un message les invitant à vérifier leurs paramètres de confidentialité.",
    "Le réseau social a reconnu une faille touchant les données personnelles de quelque {users_bare}.",
    "{Other} a obtenu {money} de dommages et intérêts devant le tribunal de {city}.",
    "Pour {media}, ce dossier pourrait faire jurisprudence bien au-delà de {city}.",
    "{name} a promis {date} de consacrer {money} à la protection des mineurs en ligne.",
    "Dans la foulée, {platform} a suspendu {accounts} soupçonnés d'appartenir à un réseau coordonné.",
    "L'audience est prévue {date} devant la justice européenne, à {city}.",
    "Le budget consacré à la modération a été réduit de {money} en un an, selon des documents internes.",
    "{Other} a salué une « décision historique » et appelé les autres plateformes à suivre l'exemple.",
    "Des chercheurs estiment que {users} ont été exposés à ces contenus au cours de la campagne.",
    "{platform} emploie désormais des modérateurs francophones à {city}, a précisé l'entreprise.",
    "L'enquête ouverte par {org} porte également sur la gestion des signalements effectués par les utilisateurs.",
    "Le compte officiel de {name} sur {platform2}, suivi par {followers}, a été temporairement restreint {date}.",
    "Selon les chiffres communiqués par la plateforme, {money} de recettes publicitaires proviendraient de comptes fictifs.",
    "{Org} rappelle que la loi impose de retirer les contenus terroristes en moins d'une heure.",
    "La société a finalement accepté de payer {money} pour mettre fin aux poursuites.",
    "Les messages, écrits en plusieurs langues, ciblaient principalement {country} et ses voisins.",
    "De son côté, {other} a jugé « insuffisantes » les mesures annoncées par {platform}.",
    "{media_cap} révèle que {followers} ont été achetés auprès d'officines spécialisées.",
    "Une nouvelle réunion entre {org} et les représentants {de_platform} doit se tenir {date}.",
)  # fmt: skip

DATELINES: tuple[str, ...] = (
    "Publié le {weekday} {day} {month} {year} à {hour}h{minute}",
    "{day} {month} {year} {hour}:{minute} Mis à jour: {day} {month} {year} {hour2}:{minute}",
    "Le {day} {month} {year}",
    "Publié le {day:02d}/{month_num:02d}/{year} à {hour}h{minute}",
)


@dataclass(frozen=True)
class CorpusStats:
    """What was written: the article count and the number of body words (whitespace-separated)."""

    articles: int
    words: int


def write_corpus(folder: Path, n: int, seed: int = 0) -> CorpusStats:
    """Write `n` articles into `folder`, deterministically for `seed`; return what was written.

    Different seeds give disjoint corpora (file names and reference codes carry the seed), so
    a second call with another seed can add new articles to a landing folder.
    """
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    words = 0
    for index in range(n):
        title, dateline, body = compose_article(rng, seed, index)
        words += len(body.split())
        path = folder / f"bench_{seed:03d}_{index:06d}.txt"
        path.write_text(f"{title}\n\n{dateline}\n\n{body}\n", encoding="utf-8")
    return CorpusStats(articles=n, words=words)


def compose_article(rng: random.Random, seed: int, index: int) -> tuple[str, str, str]:
    """(title, dateline, body) of one article; its main actor and platform recur for coherence."""
    name, role = rng.choice(ACTORS)
    platform = rng.choice(PLATFORMS)
    published = random_date(rng)
    title = fill(TITLES[rng.randrange(len(TITLES))], rng, name, role, platform, published)
    paragraphs = body_paragraphs(rng, name, role, platform, published, reference(seed, index))
    return title, dateline(rng, published), "\n\n".join(paragraphs)


def body_paragraphs(
    rng: random.Random, name: str, role: str, platform: str, published: date, ref: str
) -> list[str]:
    """Paragraphs of 3 to 5 sentences until the article reaches its drawn length."""
    target = rng.randint(MIN_WORDS, MAX_WORDS)
    # A shuffled deck of templates, so an article does not repeat itself.
    deck = rng.sample(SENTENCES, len(SENTENCES))
    sentences: list[str] = []
    words = 0
    while words < target:
        sentence = fill(deck[len(sentences) % len(deck)], rng, name, role, platform, published)
        sentences.append(sentence)
        words += len(sentence.split())
    # The reference goes inside a paragraph: a standalone short line could be taken for page furniture.
    sentences.insert(rng.randrange(1, len(sentences)), f"Cette dépêche porte la référence interne {ref}.")
    paragraphs: list[str] = []
    while sentences:
        size = rng.randint(3, 5)
        paragraphs.append(" ".join(sentences[:size]))
        del sentences[:size]
    return paragraphs


def reference(seed: int, index: int) -> str:
    """A code unique to (seed, index), written as one token so no number is read out of it."""
    return f"BN{seed:03d}X{index:07d}"


def fill(template: str, rng: random.Random, name: str, role: str, platform: str, published: date) -> str:
    """Fill a template's slots; only the slots it uses are drawn, which keeps generation fast."""
    slots: dict[str, object] = {"name": name, "platform": platform, "de_platform": of(platform)}
    for slot in template_slots(template):
        if slot not in slots:
            slots[slot] = draw(slot, rng, role, platform, published)
    return template.format(**slots)


_SLOT_CACHE: dict[str, tuple[str, ...]] = {}


def template_slots(template: str) -> tuple[str, ...]:
    """The slot names of a template, parsed once per template."""
    if template not in _SLOT_CACHE:
        _SLOT_CACHE[template] = tuple(
            field for _, field, _, _ in string.Formatter().parse(template) if field
        )
    return _SLOT_CACHE[template]


def draw(slot: str, rng: random.Random, role: str, platform: str, published: date) -> str:
    """A random value for one slot."""
    match slot:
        case "Role":
            return capitalise(role)
        case "role":
            return role
        case "other" | "Other":
            other_name, other_role = rng.choice(ACTORS)
            text = f"{other_role} {other_name}" if rng.random() < 0.6 else other_name
            return capitalise(text) if slot == "Other" else text
        case "org":
            return rng.choice(ORGANISATIONS)
        case "Org":
            return capitalise(rng.choice(ORGANISATIONS))
        case "media":
            return rng.choice(MEDIA)
        case "media_cap":
            return capitalise(rng.choice(MEDIA))
        case "platform2":
            return other_platform(rng, platform)
        case "de_platform2":
            return of(other_platform(rng, platform))
        case "country":
            return rng.choice(COUNTRIES)[0]
        case "in_country":
            return rng.choice(COUNTRIES)[1]
        case "country_short":
            return rng.choice(("France", "Allemagne", "Italie", "Roumanie", "Pologne", "Moldavie"))
        case "city":
            return rng.choice(CITIES)
        case "money":
            return money(rng)
        case "users" | "accounts" | "posts" | "views" | "followers":
            return count(rng, COUNT_UNITS[slot])
        case "users_bare":
            return count(rng, COUNT_UNITS["users"], approximate=False)
        case "date":
            return event_date(rng, published)
        case "year":
            return str(published.year - rng.randint(1, 5))
    raise KeyError(f"unknown template slot {slot!r}")


def other_platform(rng: random.Random, platform: str) -> str:
    return rng.choice([p for p in PLATFORMS if p != platform])


def of(name: str) -> str:
    """French "de" before a name, elided before a vowel: "d'Instagram", "de TikTok"."""
    return f"d'{name}" if name[0] in "AEIOUY" else f"de {name}"


def capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


def french_decimal(value: float) -> str:
    """1.2 -> "1,2"; 3.0 -> "3": French prints a decimal comma and drops a zero fraction."""
    text = f"{value:.1f}".replace(".", ",")
    return text[:-2] if text.endswith(",0") else text


def thousands(value: int) -> str:
    """228000 -> "228 000": French groups thousands with a space."""
    return f"{value:,}".replace(",", " ")


def money(rng: random.Random) -> str:
    """An amount as French news prints it, in one of several styles and currencies."""
    approx = rng.choice(APPROXIMATORS)
    style = rng.randrange(6)
    if style == 0:  # "1,2 milliard d'euros", "3 milliards de dollars"
        value = rng.choice((1.0, 1.2, 1.5, 2.0, 2.7, 3.0, 4.1, 5.0))
        scale = "milliard" if value < 2 else "milliards"
        return f"{approx}{french_decimal(value)} {scale} {rng.choice(SCALED_CURRENCIES)}"
    if style == 1:  # "3,5 millions de dollars", "275 millions d'euros"
        value = rng.choice((1.5, 3.5, 12.0, 40.0, 275.0, 530.0, 8.2))
        scale = "million" if value < 2 else "millions"
        return f"{approx}{french_decimal(value)} {scale} {rng.choice(SCALED_CURRENCIES)}"
    if style == 2:  # "530 M€", "1,2 Md€"
        return f"{approx}{rng.choice(('530', '120', '45', '2,5', '17'))} {rng.choice(('M€', 'M$'))}"
    if style == 3:  # "228 000 euros"
        return f"{approx}{thousands(rng.randrange(10, 900) * 1000)} {rng.choice(('euros', 'dollars'))}"
    if style == 4:  # "50 000 $", "12 000 €"
        return f"{approx}{thousands(rng.randrange(5, 500) * 1000)} {rng.choice(('€', '$'))}"
    return f"{approx}{thousands(rng.randrange(100, 999_999))} euros"


def count(rng: random.Random, units: tuple[tuple[str, str], ...], approximate: bool = True) -> str:
    """A count of people or things: "2 millions d'utilisateurs", "150 000 abonnés"."""
    unit, de = rng.choice(units)
    approx = rng.choice(APPROXIMATORS) if approximate else ""
    if rng.random() < 0.4:
        value = rng.choice((1.5, 2.0, 3.0, 12.0, 45.0, 60.0, 2.3))
        scale = "million" if value < 2 else "millions"
        return f"{approx}{french_decimal(value)} {scale} {de}{unit}"
    return f"{approx}{thousands(rng.randrange(2, 900) * rng.choice((1, 100, 1000)))} {unit}"


def random_date(rng: random.Random) -> date:
    """A publication date between 2015 and 2024."""
    start, end = date(2015, 1, 1).toordinal(), date(2024, 12, 31).toordinal()
    return date.fromordinal(rng.randint(start, end))


def event_date(rng: random.Random, published: date) -> str:
    """A printed date a little before publication: "le 7 janvier 2021", "mardi 3 mars", "en mai 2019"."""
    day = date.fromordinal(published.toordinal() - rng.randint(0, 60))
    style = rng.randrange(4)
    if style == 0:
        return f"le {day_number(day.day)} {MONTHS[day.month - 1]} {day.year}"
    if style == 1:
        return f"{WEEKDAYS[day.weekday()]} {day_number(day.day)} {MONTHS[day.month - 1]}"
    if style == 2:
        return f"en {MONTHS[day.month - 1]} {day.year}"
    return f"le {day_number(day.day)} {MONTHS[day.month - 1]}"


def day_number(day: int) -> str:
    return "1er" if day == 1 else str(day)


def dateline(rng: random.Random, published: date) -> str:
    """The printed publication date line under the title."""
    hour = rng.randint(6, 21)
    return rng.choice(DATELINES).format(
        weekday=WEEKDAYS[published.weekday()],
        day=published.day,
        month=MONTHS[published.month - 1],
        month_num=published.month,
        year=published.year,
        hour=hour,
        hour2=hour + rng.randint(1, 2),
        minute=f"{rng.randrange(60):02d}",
    )
