"""Words that tell a heading from a sentence, shared by the readers
(:mod:`discourse.ingest`) and the pipeline's line rules (:mod:`discourse.nlp`).

A module of its own, free of spaCy, so that reading a file stays light.
"""

from __future__ import annotations

#: Lower-case words a title-case heading keeps small ("The War on Drugs").
TITLE_SMALL_WORDS: frozenset[str] = frozenset(
    "a an the and but or nor for so yet of on in at to by up as with from into onto per via vs"
    " over under off out than".split()
)
#: First words of a heading that is not title-case: "What would help", "Why it matters".
HEADING_OPENERS: frozenset[str] = frozenset("what why how where when who which".split())
