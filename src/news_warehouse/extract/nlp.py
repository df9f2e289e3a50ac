"""The spaCy pipeline, loaded once, with only the components extraction reads.

Kept: `tok2vec`, `morphologizer` (tense and mood decide whether a trigger is hypothetical or
current), the `senter` (sentences), the dependency `parser` (who does what: the subject of a verb is its
agent, so a place named as the subject of "a intenté une procédure" is an actor), `attribute_ruler`,
the gazetteer's `entity_ruler` and `ner`. The parser costs about 15 % of spaCy's throughput on two
cores (STACK_NOTES: 6.9k against 8.1k words/s); structure is what real news needs to tell an agent
from a place. Dropped: the lemmatizer, since triggers are matched on surface forms with regexes
that cover inflections.
"""

from __future__ import annotations

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from news_warehouse.extract.gazetteer import Gazetteer, ruler_patterns

MODEL_NAME = "fr_core_news_md"
# The model's own components, with its sentence recogniser run before the parser: the parser
# keeps the boundaries it is given, and alone it cuts "Coca-Cola, l'une des marques ..., a annoncé"
# after the first comma, which loses the subject of the sentence.
_PIPELINE = ["tok2vec", "morphologizer", "senter", "parser", "attribute_ruler", "lemmatizer", "ner"]
_TEXT_KEY = "news_warehouse.text"


def load_pipeline(gazetteer: Gazetteer) -> Language:
    """The French model with the gazetteer's EntityRuler placed before the NER.

    Placed first, the ruler's spans are kept and the statistical NER labels around them, so a
    known name is never split or absorbed ("Congrès américain des informations").
    """
    nlp = spacy.load(MODEL_NAME, exclude=["lemmatizer"], config={"nlp": {"pipeline": _PIPELINE, "disabled": []}})
    ruler = nlp.add_pipe("entity_ruler", before="ner", config={"validate": True})
    ruler.add_patterns(ruler_patterns(gazetteer, nlp.tokenizer))
    return nlp


def doc_text(doc: Doc) -> str:
    """`doc.text`, built at most once per doc.

    spaCy rebuilds `Doc.text` from every token on each access, which costs about as much as a
    finder's own rules; the finders of one article share one copy through `user_data`.
    """
    text = doc.user_data.get(_TEXT_KEY)
    if text is None:
        text = doc.user_data[_TEXT_KEY] = doc.text
    return text


def remember_text(doc: Doc, text: str) -> None:
    """Give `doc_text` the text the doc was made from, so it never has to rebuild it.

    The tokenizer is non-destructive (`doc.text` is always its input), so the body handed to
    `nlp.pipe` is the doc's text.
    """
    doc.user_data[_TEXT_KEY] = text
