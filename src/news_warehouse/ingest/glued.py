"""Sentence boundaries that scraping glued together: "novembre.Fondée" becomes "novembre. Fondée".

Pages often lose the space after a full stop where a paragraph or an inline element ended
("...le 3 novembre.Fondée en 2004", `Trump").Le`, "AFP.En"). Left glued, the two sentences read as
one token to the tokenizer and the sentence splitter, and the words on both sides are lost to
extraction. A space is inserted only where the full stop is plainly the end of a sentence:

- before it: a word of at least two letters or digits ("novembre", "AFP", "2019"), or a closing
  quote or bracket; a single letter is an initial or an abbreviation ("J.R.R.Tolkien",
  "U.S.A.", "M.Macron" stay as they are: we cannot tell "M." for Monsieur from an initial);
- that word is not itself after a dot, "@", "/" or ":" (domain names, e-mail addresses, paths);
- after it: a capitalised word (capital then lower-case letter or apostrophe: "Le", "En", "L'Élysée"),
  a title initial ("M. Bruns"), or "À" alone, possibly behind an opening quote;
- never inside a URL, an e-mail address or a host name ("www.Example.Com", "Le.Monde.fr" stay).

Decimals ("3.5"), lower-case domains ("Boursorama.com", "20minutes.fr") and ellipses never match.
The rule is idempotent (a repaired boundary has its space), as text normalisation requires.
"""

from __future__ import annotations

import re

_PROTECTED = re.compile(r"(?:https?://|www\.)\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.IGNORECASE)
_CLOSERS = "\"'»”’)\\]"
_GLUED = re.compile(
    rf"(?:(?<![\w.@/:])[^\W_]{{2,}}|[{_CLOSERS}])"  # a word of 2+ letters/digits, or a closing quote/bracket
    r"(\.)"  # the full stop
    r"(?=[«\"“(]?(?:[A-ZÀ-ÖØ-ÞŒ](?:[a-zà-öø-ÿœ]|['’]|\.\s)|À\s))"  # a capitalised word, "M. X" or "À"
    r"(?![^\s.]*\.[a-z]{2,}\b)"  # ... that is not the start of a host name ("Le.Monde.fr")
)


def repair_glued_sentences(text: str) -> str:
    """Insert the space missing after a sentence-ending full stop, outside URLs and e-mail addresses."""
    protected = [match.span() for match in _PROTECTED.finditer(text)]
    pieces: list[str] = []
    last = 0
    for match in _GLUED.finditer(text):
        stop = match.end(1)
        if any(start <= stop - 1 < end for start, end in protected):
            continue
        pieces.append(text[last:stop])
        pieces.append(" ")
        last = stop
    pieces.append(text[last:])
    return "".join(pieces)
