"""Web page furniture that scrapes leave around an article, removed by general rules.

Each rule is a pattern with a kind saying how much it removes (a "paragraph" is a line: scraped
text separates paragraphs by a blank line or a single line break):

- `ui`: a short line that is only a button or widget label ("Enregistrer", "Partager",
  "Lire aussi : ...") -> that line;
- `credit`: a photo credit ("Crédit : Wikimedia", "© AFP", "Photo : ...") -> that line, and the
  short caption line glued just above it;
- `appeal`: a short paragraph asking for money, a subscription or a newsletter sign-up -> that
  paragraph, and when it sits in the second half of the article, it and everything after it (the
  tail of a page that has turned into an appeal is never article text again);
- `comment_form`: the header of a comment form ("Leave a Reply") -> it and everything after it.

Patterns only ever match whole short lines or short paragraphs, so the article's own sentences,
which are long and rarely imperative, stay intact.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from news_warehouse.ingest.normalise import normalise_text

MAX_UI_LINE_CHARS = 200
MAX_CREDIT_LINE_CHARS = 160
MAX_CAPTION_CHARS = 150
MAX_APPEAL_CHARS = 400


@dataclass(frozen=True)
class BoilerplateRule:
    kind: str  # ui / credit / appeal / comment_form
    pattern: re.Pattern[str]


def _rule(kind: str, pattern: str) -> BoilerplateRule:
    return BoilerplateRule(kind, re.compile(pattern, re.IGNORECASE))


_SHARE_TARGETS = r"(?:facebook|twitter|x|linkedin|whatsapp|e-?mail|email|messenger|pinterest|telegram|reddit|copier le lien)"

RULES: tuple[BoilerplateRule, ...] = (
    # Whole-line button labels, optionally ending in ":" or "…".
    _rule("ui", r"^(?:enregistrer|partager|partagez|imprimer|envoyer|réagir|commenter|tweeter|"
                r"s'abonner|sauvegarder|copier le lien|j'aime|suivre|publicité|"
                r"share|print|save|tweet|like|follow|advertisement|read more|lire la suite|voir plus)"
                r"(?:\s+(?:cet article|l'article|sur\s+" + _SHARE_TARGETS + r"))?\s*[:…]?$"),
    # Share bars: a line made only of share targets ("Facebook Twitter E-mail").
    _rule("ui", r"^(?:partager\s*:?\s*)?" + _SHARE_TARGETS + r"(?:[\s,|/·•-]+" + _SHARE_TARGETS + r"){1,}$"),
    # Links to other articles: "Lire aussi : ...", "À lire aussi", "Voir aussi", "Read also".
    _rule("ui", r"^(?:à\s+)?(?:lire|voir|écouter|regarder)\s+(?:aussi|également|notre|nos)\b.*$|^(?:read|see) also\b.*$"),
    # Photo credits.
    _rule("credit", r"^(?:crédits?|cr[ée]dit\s+photo|photo|photos|illustration|image|source\s+photo|"
                    r"photo credit|credit|image credit)\s*(?::|©)\s*\S.*$"),
    _rule("credit", r"^\(?(?:©|\(c\)|copyright)\s*\S.*$"),
    _rule("credit", r"^.{0,80}\s[/|]\s*(?:AFP|Reuters|AP|Getty Images|Shutterstock|Wikimedia(?: Commons)?|Hans Lucas|MaxPPP|Abaca|SIPA)\)?$"),
    # Appeals for money, subscriptions, newsletters.
    _rule("appeal", r"\bsoutenez\b|\babonnez[- ]vous\b|\bfaites un don\b|\bfaire un don\b|"
                    r"\bà partir de 1\s?€|\b(?:notre|nos|à la|à notre) newsletters?\b|\bcomment pouvez-vous nous aider\b|"
                    r"\binscrivez[- ]vous\b|\bdevenez (?:membre|abonné)|\bréservé aux abonnés\b|"
                    r"\bsubscribe\b|\bdonate\b|\bsupport (?:our|us)\b"),
    # Comment forms: everything from their header on is not the article.
    _rule("comment_form", r"^(?:leave a (?:reply|comment)|laisser un commentaire|laissez un commentaire|"
                          r"\d+\s+comments?|\d+\s+commentaires?|ajouter un commentaire|"
                          r"your email address will not be published.*|"
                          r"votre adresse (?:e-?mail|de messagerie) ne sera pas publiée.*)$"),
)


def strip_boilerplate(text: str) -> str:
    """Remove furniture from a normalised body.

    Works line by line, because scraped articles separate paragraphs by a blank line or by a
    single line break. The result is normalised again, so removals leave no run of blank lines.
    """
    lines = text.split("\n")
    total = sum(1 for line in lines if line.strip())
    drop: set[int] = set()
    position = 0  # index among non-blank lines, to tell the article's second half
    for index, line in enumerate(lines):
        stripped = line.strip()
        if not stripped:
            continue
        if _ends_article(stripped, position, total):
            drop.update(range(index, len(lines)))
            break
        position += 1
        if _is_appeal(stripped) or _is_ui(stripped):
            drop.add(index)
        elif _is_credit(stripped):
            drop.add(index)
            if index > 0 and 0 < len(lines[index - 1].strip()) <= MAX_CAPTION_CHARS:
                drop.add(index - 1)
    return normalise_text("\n".join(line for index, line in enumerate(lines) if index not in drop))


def _ends_article(line: str, position: int, total: int) -> bool:
    """A comment form anywhere, or an appeal in the second half, starts the page's tail."""
    return _matches("comment_form", line) or (_is_appeal(line) and position >= total / 2)


def _is_appeal(line: str) -> bool:
    return len(line) <= MAX_APPEAL_CHARS and _matches("appeal", line)


def _is_ui(line: str) -> bool:
    return len(line) <= MAX_UI_LINE_CHARS and _matches("ui", line)


def _is_credit(line: str) -> bool:
    return len(line) <= MAX_CREDIT_LINE_CHARS and _matches("credit", line)


def _matches(kind: str, text: str) -> bool:
    return any(rule.kind == kind and rule.pattern.search(text) for rule in RULES)
