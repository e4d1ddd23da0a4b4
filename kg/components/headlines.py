"""spaCy component that parses headline-case lines as the sentences they are.

The statistical tagger reads a capitalised word as a proper noun, so a headline such as
"Film Star Dies At 91" or "Driver Charged In Fatal Crash" has no verb, and its events are
lost. ``kg_headline_case`` writes a sentence-case copy of each headline-case line (a word
keeps its capital where the article's body spells it so, or where it is an acronym),
parses the copy with the pipeline's own tagger, parser and lemmatizer, and puts the
copy's tags, lemmas and parse on the line's tokens. The text stays as written, and so
do the named entities, which the recogniser finds afterwards on the original line.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from spacy.attrs import DEP, HEAD, LEMMA, MORPH, POS, TAG
from spacy.language import Language
from spacy.tokens import Doc, Span

from kg.components.entities import is_headline_case

__all__ = ["headline_lines", "sentence_case"]

#: Endings stripped to find a word's dictionary form ("Dies" -> die, "Charged" -> charge).
_ENDINGS = ("ies", "es", "s", "ed", "d", "ing")
#: Function words, lowered wherever they stand after a line's first word.
_FUNCTION_WORDS = frozenset(
    "a an the of to in on at by for from with into over after before as and or but "
    "is are was were be has have had will".split()
)
#: The longest all-capitals word kept as an acronym in a line that is not all capitals.
_ACRONYM = 5


def headline_lines(doc: Doc) -> Iterator[Span]:
    """Yield the lines of a Doc written in headline case ("Star Dies At 91")."""
    start = 0
    for tok in doc:
        if "\n" in tok.text or "\n" in tok.whitespace_:
            end = tok.i if "\n" in tok.text else tok.i + 1
            if end > start and is_headline_case(doc[start:end]):
                yield doc[start:end]
            start = tok.i + 1
    if start < len(doc) and is_headline_case(doc[start:]):
        yield doc[start:]


def _known_words(nlp: Language) -> frozenset[str]:
    """Return the dictionary forms the lemmatizer knows (its index of common words)."""
    if "lemmatizer" not in nlp.pipe_names:
        return frozenset()
    lookups = getattr(nlp.get_pipe("lemmatizer"), "lookups", None)
    if lookups is None or not lookups.has_table("lemma_index"):
        return frozenset()
    index = lookups.get_table("lemma_index")
    return frozenset(word for key in index for word in index[key])


def _common(word: str, body_lower: set[str], known: frozenset[str]) -> bool:
    """Tell whether a capitalised word is a common word, not a name."""
    low = word.lower()
    if low in _FUNCTION_WORDS or low in body_lower or low in known:
        return True
    return any(
        low.endswith(end) and (low[: -len(end)] in known or low[: -len(end)] + "e" in known)
        for end in _ENDINGS
        if len(low) > len(end) + 2
    )


def sentence_case(
    line: Span, body_caps: set[str], body_lower: set[str], known: frozenset[str]
) -> str:
    """Return a headline line's text with its common words in lower case.

    A word keeps its capital where the body writes it capitalised inside a sentence (a
    name), where it is a short acronym in a line not all in capitals, or where it is not
    a common word (in the body in lower case, or in the lemmatizer's index).

    Args:
        line: The headline-case line.
        body_caps: Capitalised words the body writes inside its sentences.
        body_lower: Lower-case words of the body.
        known: Dictionary forms the lemmatizer knows.

    Returns:
        The line's text, as long as the original, with some letters lowered.
    """
    shouting = all(not t.is_alpha or t.is_upper for t in line)
    chars = list(line.text)
    for tok in line:
        word = tok.text
        if not word[:1].isupper() or not word.isalpha():
            continue  # "iPhone", "76ERS", punctuation: as written
        if word.isupper() and len(word) > 1 and not shouting and len(word) <= _ACRONYM:
            continue  # "FCC", "US" in a line that is not all in capitals
        if word in body_caps or not _common(word, body_lower, known):
            continue
        lowered = word.lower() if tok.i > line.start else word[0] + word[1:].lower()
        if len(lowered) != len(word):
            continue
        at = tok.idx - line.start_char
        chars[at : at + len(word)] = lowered
    return "".join(chars)


def _body_words(doc: Doc, lines: list[Span]) -> tuple[set[str], set[str]]:
    """Return the body's capitalised words inside sentences, and its lower-case words."""
    in_lines = {i for line in lines for i in range(line.start, line.end)}
    caps: set[str] = set()
    lower: set[str] = set()
    for tok in doc:
        if tok.i in in_lines or not tok.is_alpha:
            continue
        if tok.text.islower():
            lower.add(tok.text)
        elif not tok.is_sent_start and tok.text[:1].isupper():
            caps.add(tok.text)
    return caps, lower


class HeadlineCase:
    """Re-tag and re-parse headline-case lines from a sentence-case copy."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.nlp = nlp
        self.name = name
        self._known: frozenset[str] | None = None

    def _before(self) -> list[Callable[[Doc], Doc]]:
        """Return the pipeline's components that run before this one."""
        procs = []
        for name, proc in self.nlp.pipeline:
            if name == self.name:
                break
            procs.append(proc)
        return procs

    def __call__(self, doc: Doc) -> Doc:
        lines = list(headline_lines(doc))
        if not lines:
            return doc
        if self._known is None:
            self._known = _known_words(self.nlp)
        caps, lower = _body_words(doc, lines)
        procs = self._before()
        attrs = [TAG, POS, MORPH, DEP, HEAD]
        rows: Any = None
        lemmas: Any = None
        for line in lines:
            text = sentence_case(line, caps, lower, self._known)
            if text == line.text:
                continue
            copy = self.nlp.make_doc(text)
            if len(copy) != len(line) or any(
                a.idx != b.idx - line.start_char or len(a) != len(b)
                for a, b in zip(copy, line, strict=True)
            ):
                continue  # tokenised otherwise: leave the line as the model read it
            for proc in procs:
                copy = proc(copy)
            if rows is None:
                rows = doc.to_array(attrs)
                lemmas = doc.to_array([LEMMA])
            rows[line.start : line.end] = copy.to_array(attrs)
            lemmas[line.start : line.end] = copy.to_array([LEMMA])
        if rows is not None:
            doc.from_array(attrs, rows)
            doc.from_array([LEMMA], lemmas)  # lemmas after the tags, which reset them
        return doc


@Language.factory(
    "kg_headline_case",
    assigns=["token.tag", "token.pos", "token.morph", "token.dep", "token.head", "token.lemma"],
)
def make_headline_case(nlp: Language, name: str) -> HeadlineCase:
    """Create the component that parses headline-case lines from a sentence-case copy."""
    return HeadlineCase(nlp, name)
