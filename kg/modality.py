"""Modality of an event from its clause: asserted, planned, reported, negated, conditional.

"Will" and the complement of "plan" or "seek" are planned, and so is what one is ordered,
hired or allowed to do ("was told to remove"); "would", "could" and "if" are
conditional, and so is one of two alternatives ("comply or face penalties"); negation
makes it negated, and so do a denial ("denied selling the data") and a refusal or a
failure ("declined to renew the licence"); what a statement
reports is reported. Habits and generic statements ("resellers who violate the rules",
"serves 400 million users") are told apart from episodes, since a timeline wants the
latter.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from spacy.tokens import Token

from kg.lexicon import DIRECTIVE_VERBS, EVENT_VERBS, NEGATIVE_IMPLICATIVE_VERBS, PLAN_VERBS
from kg.reading import SPEECH, in_headline, lemma_of, small_clause_participle

if TYPE_CHECKING:
    from kg.arguments import ArticleReader

__all__ = [
    "is_generic",
    "is_habitual",
    "is_past",
    "is_progressive_present",
    "is_refused",
    "is_reported",
    "modality_of",
]

_CONDITIONAL_AUX = frozenset({"would", "could", "might", "may", "should", "must", "can"})
_FUTURE_AUX = frozenset({"will", "shall", "'ll", "wo"})
#: Pronouns that deny their clause when they are its subject or object ("said nothing").
_NEGATED_ARGS = frozenset({"nothing", "none", "nobody", "noone"})
#: Dependencies of the arguments that do ("imposed no penalty", "no one was hurt").
_CORE_ARGS = frozenset({"nsubj", "nsubjpass", "dobj", "obj", "attr"})
#: Dependents that give a conjunct a subject of its own.
_OWN_SUBJECT = frozenset({"nsubj", "nsubjpass", "expl", "csubj"})


def modality_of(verb: Token, reported: bool) -> str:
    """Return the modality of a verb's event (one of :data:`kg.types.MODALITIES`)."""
    children = list(verb.children)
    lowers = {c.lower_ for c in children}
    if any(c.dep_ == "neg" for c in children) or (
        "longer" in lowers and any(c.lower_ == "no" for c in verb.subtree)
    ):
        return "negated"
    if any(_none_of(c) for c in children if c.dep_ in _CORE_ARGS):
        return "negated"  # "imposed no penalty", "no evidence was presented", "said nothing"
    if verb.dep_ in ("ccomp", "xcomp") and EVENT_VERBS.get(lemma_of(verb.head)) == "Denial":
        return "negated"  # "denied selling the data", "denies that it paid": said not to be
    head = verb
    # "will be able to sell": modality words sit on the adjective or matrix verb.
    chain = [verb]
    while (
        (head.dep_ in ("xcomp", "conj", "acomp") or small_clause_participle(head))
        and head.head.i != head.i
        # "It is not a holiday, but the firm has released a fix": a conjunct with a
        # subject of its own is a clause of its own.
        and not (head.dep_ == "conj" and any(c.dep_ in _OWN_SUBJECT for c in head.children))
    ):
        head = head.head
        chain.append(head)
    for tok in chain:
        for c in tok.children:
            if c.dep_ == "neg" or (
                c.lower_ == "longer" and any(x.lower_ == "no" for x in c.children)
            ):
                return "negated"
    if any(is_refused(tok) for tok in chain[:-1]):
        return "negated"  # "declined to renew the licence", "failed to stop the sale"
    auxes = {c.lower_ for tok in chain for c in tok.children if c.dep_ in ("aux", "auxpass")}
    marks = {c.lower_ for c in children if c.dep_ == "mark"}
    if reported and "would" in auxes and not marks & {"if", "unless"}:
        auxes = auxes - {"would"} | {"will"}  # "said it would appeal": future in the past
    # "comply or face penalties", "sell the app or see it banned": only if not.
    alternative = any(
        tok.dep_ == "conj" and any(c.dep_ == "cc" and c.lower_ == "or" for c in tok.head.children)
        for tok in chain
    )
    if marks & {"if", "unless"} or auxes & _CONDITIONAL_AUX or alternative:
        return "conditional"  # "comply by March or face penalties": only if not
    if auxes & _FUTURE_AUX or any(t.lemma_ in PLAN_VERBS and t.i != verb.i for t in chain):
        return "planned"
    if any(_directed(low, high) for low, high in zip(chain, chain[1:], strict=False)):
        return "planned"  # "was ordered to remove", "hired to direct": asked, not done
    if "to" in auxes and verb.dep_ == "ROOT":
        return "planned"  # headline "US to ban ..."
    if reported:
        return "reported"
    return "asserted"


def _none_of(arg: Token) -> bool:
    """Tell whether an argument names none of its kind ("no penalty", "nothing")."""
    if arg.lower_ in _NEGATED_ARGS:
        return True
    return any(c.dep_ == "det" and c.lower_ == "no" for c in arg.children)


def is_refused(verb: Token) -> bool:
    """Tell whether a verb is what someone declined, refused or failed to do."""
    return verb.dep_ == "xcomp" and lemma_of(verb.head) in NEGATIVE_IMPLICATIVE_VERBS


def _directed(verb: Token, head: Token) -> bool:
    """Tell whether a to-infinitive is what its head verb tells, hires or allows one to do."""
    lemma = head.lemma_.lower()
    return (
        verb.dep_ in ("xcomp", "ccomp")
        and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)
        and (lemma in DIRECTIVE_VERBS or EVENT_VERBS.get(lemma) == "Order")
    )


def is_reported(verb: Token) -> bool:
    """Tell whether a clause is what a statement reports ("X said it would appeal")."""
    tok = verb
    while tok.head.i != tok.i:
        if tok.dep_ == "ccomp" and EVENT_VERBS.get(tok.head.lemma_.lower()) in SPEECH:
            return True
        tok = tok.head
    return False


def is_past(verb: Token) -> bool:
    """Tell whether a verb is in a past tense ("banned", "has banned", "was issued")."""
    if verb.tag_ == "VBD":
        return True
    if verb.tag_ == "VBN" and any(
        c.lower_ in ("has", "have", "had", "was", "were") for c in verb.children
    ):
        return True  # "has banned", "was issued"
    if verb.tag_ == "VBG" and any(
        c.dep_ == "aux" and c.lower_ in ("was", "were") for c in verb.children
    ):
        return True  # "was negotiating"
    return False


def is_progressive_present(verb: Token) -> bool:
    """Tell whether a verb is in the present progressive ("users are buzzing")."""
    present = ("is", "are", "am", "'s", "'re", "'m")
    return verb.tag_ == "VBG" and any(
        c.dep_ == "aux" and c.lower_ in present for c in verb.children
    )


def is_habitual(verb: Token) -> bool:
    """Tell whether a verb is in the simple present outside a headline (a habit or state)."""
    if verb.pos_ != "VERB" or verb.tag_ not in ("VBZ", "VBP"):
        return False
    if verb.sent.start == 0 or in_headline(verb.sent):
        return False  # "Briton dies in climbing accident": a headline's present is news
    return not any(c.dep_ in ("aux", "auxpass") for c in verb.children)


def is_generic(reader: ArticleReader, verb: Token, subj: Token | None) -> bool:
    """Tell whether a clause states what a kind of actor does, not what one actor did.

    A bare plural description in the present ("resellers who violate the rules",
    "airlines demand lower costs") is a generic statement; a past or perfect verb, a
    determiner or a name makes it an episode.
    """
    if subj is None or subj.i not in reader.described or subj.tag_ != "NNS":
        return False
    if any(c.dep_ in ("det", "poss", "nummod") for c in subj.children):
        return False
    if verb.tag_ not in ("VBP", "VBZ"):
        return False
    return not any(c.dep_ == "aux" and c.lemma_ == "have" for c in verb.children)
