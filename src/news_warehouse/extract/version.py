"""The extractor's version, kept apart from the spaCy-heavy pipeline so planning can read it.

Bump it when a change to the rules, the gazetteer handling or the model changes what is
extracted: the next run re-extracts every article extracted by another version, the loader
replaces their raw rows, and the incremental facts drop the rows that version produced.
"""

EXTRACTOR_VERSION = "2.0.0"
