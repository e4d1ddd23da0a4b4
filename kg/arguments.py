"""Who is who in an article, and the arguments of a predicate, from the dependency parse.

Names come from the entity recogniser and the resolver; descriptions that name actors
("regulators", "the appeals court") become actors of their own unless the phrase carries
a name ("Commerce Department officials"); a title names the person who holds it;
pronouns and definite descriptions ("the company") are linked by salience. Datelines with
an agency's credit and bylines are never actors, and a place adjective
("Luxembourg-based") is an origin, not an argument.
"""

from __future__ import annotations

from bisect import bisect_left
from functools import cached_property

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.tokens import Doc, Span, Token

from kg.lexicon import (
    ACT_FOR,
    COMMITMENT_NOUNS,
    DESCRIPTION_KINDS,
    ENACT_VERBS,
    EVENT_NOUNS,
    EVENT_VERBS,
    INSTRUMENT_NOUNS,
    INTRANSITIVE_VERBS,
    MEASURE_NOUNS,
    NAMED_DESCRIPTIONS,
    NOMINAL_TRIGGERS,
    STATE_VERBS,
    TARGETS_ACTORS,
    UNDERTAKE_VERBS,
    is_actor_noun,
)
from kg.patterns import ArgumentMatch, nominal_arguments
from kg.reading import (
    CREDIT,
    NAME_LABELS,
    PASS_SUBJ,
    PLACE_TYPES,
    SPEECH,
    SUBJ,
    Arg,
    in_headline,
    lemma_of,
    small_clause_participle,
)
from kg.resolve import NameMention, Resolver
from kg.types import Article, Entity, Mention

__all__ = ["ArticleReader", "actor_args", "doc_mentions", "find_mentions", "head_actor"]

_CLAUSE_DEPS = frozenset({"relcl", "advcl", "ccomp", "parataxis", "csubj", "punct", "mark"})
_PRONOUNS = {
    "it": "org",
    "its": "org",
    "itself": "org",
    "they": "any",
    "their": "any",
    "them": "any",
    "he": "person",
    "his": "person",
    "him": "person",
    "she": "person",
    "her": "person",
    "we": "speaker",
    "our": "speaker",
    "us": "speaker",
}
#: Kinds of described actors a place before them only says the origin of ("U.S.
#: companies"); "U.S. officials" are the country's own.
_ORIGIN_KINDS = frozenset({"Company", "Person"})
_GOVERNMENT_NOUNS = frozenset(
    "government authority authorities regime military leadership state official officials "
    "administration".split()
)
#: Where a common noun stands as an argument (not as a modifier, "court ruling").
_ARG_DEPS = frozenset(
    {"nsubj", "nsubjpass", "dobj", "obj", "pobj", "poss", "conj", "appos", "dative", "attr"}
)
#: Prepositions whose gerund shares the subject of the clause they modify.
_SHARED_SUBJECT_PREPS = frozenset({"after", "before", "by", "while", "since", "without", "upon"})
#: Determiners that make a noun no particular actor ("no company", "every user").
#: Prepositions that say where an actor is ("the court in Berlin").
_PLACE_PREPS = frozenset({"in", "at", "near"})
_QUANTIFIERS = frozenset({"no", "every", "each", "any", "all", "many", "most", "few", "some"})
_ORG_TYPES = {"Organization", "Company", "GovernmentAgency"}


#: Participles whose modifier says where an actor sits ("the Oslo-based court").
_BASED = frozenset({"base", "based", "headquarter", "headquartered"})


def _where_based(tok: Token) -> bool:
    """Tell whether a name modifies "-based" or "-headquartered" ("Oslo" in "Oslo-based")."""
    return tok.dep_ in ("npadvmod", "compound", "nmod") and tok.head.lemma_.lower() in _BASED


def find_mentions(doc: Doc) -> list[tuple[Span, NameMention]]:
    """Return the name mentions of a Doc (its entities of name-like labels), in order."""
    out = []
    for ent in doc.ents:
        if ent.label_ not in NAME_LABELS:
            continue
        if ent.label_ == "NORP" and not ent.id_:
            continue  # "Russian" modifies, it does not name an actor
        label = ent.label_
        if label == "ORG" and not ent.id_ and _where_based(ent.root):
            label = "GPE"  # "the Oslo-based court": a place, whatever the tagger said
        role = None
        if ent.label_ == "PERSON":
            before = [
                t
                for t in doc[ent.sent.start : ent.start]
                if t.head.i in range(ent.start, ent.end) and t.dep_ in ("compound", "nmod", "amod")
            ]
            if before:
                role = doc[before[0].i : ent.start].text
        out.append(
            (
                ent,
                NameMention(
                    text=ent.text,
                    label=label,
                    canonical=ent.id_ or None,
                    start=ent.start_char,
                    end=ent.end_char,
                    role=role,
                    actor=ent.root.dep_ in ("nsubj", "nsubjpass", "poss")
                    or (ent.root.dep_ == "pobj" and ent.root.head.lower_ in ("by", "from"))
                    or _targeted(ent.root),
                ),
            )
        )
    return out


class ArticleReader:
    """Holds one article's Doc, resolved mentions and drafts while events are read."""

    def __init__(self, doc: Doc, article: Article, resolver: Resolver) -> None:
        self.doc = doc
        self.article = article
        self.resolver = resolver
        self.token_entity: dict[int, Arg] = {}
        self.mention_heads: set[int] = set()
        credits = _credit_spans(doc.text)
        # "LUXEMBOURG (AP) -": who reports is no actor, and no name of one either, so it
        # never gives "Luxembourg" later in the text a type of its own.
        pairs = [
            (span, mention)
            for span, mention in find_mentions(doc)
            if not any(a <= span.start_char < b for a, b in credits)
        ]
        resolved = resolver.resolve([m for _, m in pairs])
        self.order: list[tuple[int, Entity]] = []
        self.roles: list[tuple[int, str, Entity]] = []
        #: Tokens of datelines, credits and bylines: never an actor or a subject.
        self.credit_tokens = (
            {t.i for t in doc if any(a <= t.idx < b for a, b in credits)} if credits else set()
        )
        for (span, mention), (entity, conf) in zip(pairs, resolved, strict=True):
            for tok in span:
                self.token_entity[tok.i] = Arg(entity, conf)
            self.mention_heads.add(span.root.i)
            self.order.append((span.start, entity))
            if mention.role:
                self.roles.append((span.start, mention.role, entity))
        self._repeated_names()
        # Where each entity is named, for counting and windowing without full scans.
        self._starts = [i for i, _ in self.order]
        self._positions: dict[str, list[int]] = {}
        for i, e in self.order:
            self._positions.setdefault(e.id, []).append(i)
        self.sents = list(doc.sents)
        self._sent_of = [0] * len(doc)
        for n, sent in enumerate(self.sents):
            for i in range(sent.start, sent.end):
                self._sent_of[i] = n
        self._governments()
        self._resolve_anaphora()
        self.described: set[int] = set()
        self._describe_actors()
        self._described_speakers()
        self._described_topics()

    @cached_property
    def nominal_args(self) -> dict[int, list[ArgumentMatch]]:
        """The argument matches of the Doc's event nouns, by noun index (one pass)."""
        return nominal_arguments(self.doc)

    def _repeated_names(self) -> None:
        """Link a name the model left untagged to the entity it names elsewhere in the text.

        "Autel denied the allegations" after "sanctions on Autel": a capitalised run of
        proper nouns that spells a name or alias of an entity of this article is that
        entity, not an unknown thing of its own.
        """
        names: dict[str, Entity | None] = {}
        for _, entity in self.order:
            for text in {entity.label, *entity.aliases}:
                known = names.get(text, entity)
                names[text] = entity if known is not None and known.id == entity.id else None
        short: dict[str, Entity | None] = {}
        for _, entity in self.order:
            for text in _short_forms(entity) - names.keys():
                known = short.get(text, entity)
                short[text] = entity if known is not None and known.id == entity.id else None
        names.update(short)
        if not names:
            return
        run: list[Token] = []
        for tok in [*self.doc, None]:
            if tok is not None and tok.pos_ == "PROPN" and tok.i not in self.token_entity:
                if not tok.ent_type_:
                    run.append(tok)
                    continue
            if run:
                named = names.get(self.doc[run[0].i : run[-1].i + 1].text)
                if named is not None:
                    for t in run:
                        self.token_entity[t.i] = Arg(named, 0.95)
                    self.mention_heads.add(run[-1].i)
                    self.order.append((run[0].i, named))
            run = []
        for tok in self.doc:
            # "Stone later said": a surname that opens a sentence is often tagged a noun.
            named = names.get(tok.text) if tok.is_sent_start and tok.is_title else None
            if (
                named is not None
                and named.type == "Person"
                and tok.pos_ == "NOUN"
                and tok.dep_ in ("nsubj", "nsubjpass")
                and tok.i not in self.token_entity
            ):
                self.token_entity[tok.i] = Arg(named, 0.9)
                self.mention_heads.add(tok.i)
                self.order.append((tok.i, named))
        self.order.sort(key=lambda pair: pair[0])

    def _governments(self) -> None:
        """Let "the Chinese government" and "Japanese authorities" stand for the country.

        The modifier is a name of the country ("Russian") or a demonym the gazetteer lists.
        """
        for tok in self.doc:
            if tok.lemma_.lower() not in _GOVERNMENT_NOUNS or tok.i in self.token_entity:
                continue
            for child in tok.children:
                if child.dep_ not in ("amod", "compound", "poss"):
                    continue
                arg = self.token_entity.get(child.i)
                if arg is None and child.ent_type_ == "NORP":
                    # "the Japanese government": the demonym's country.
                    country = self.resolver.demonym(child.text)
                    arg = Arg(country, 0.9) if country is not None else None
                if arg is not None and arg.entity.type == "Country":
                    self.token_entity[tok.i] = Arg(arg.entity, min(arg.confidence, 0.9))
                    break

    def _describe_actors(self) -> None:
        """Let common nouns that name actors stand for one ("regulators", "the court").

        A description whose own modifiers name the actor ("Commerce Department
        officials", "officials of the agency") is left to that name.
        """
        for tok in self.doc:
            if (
                tok.pos_ not in ("NOUN", "PROPN")
                or tok.i in self.token_entity
                or tok.dep_ not in _ARG_DEPS
                or tok.i in self.credit_tokens
            ):
                continue
            # A lower-case "proper noun" ("China's foreign ministry") is a tagging slip.
            common = tok.pos_ == "NOUN" or (tok.pos_ == "PROPN" and tok.is_lower)
            kind = is_actor_noun(tok.lemma_) if common else None
            if tok.ent_type_ == "NORP" and tok.tag_ == "NNPS":
                kind = "Group"  # "Americans are barred from ...": people of a nation
            confidence = 0.7
            if kind is None and tok.dep_ == "nsubj" and tok.lemma_.lower() not in NOMINAL_TRIGGERS:
                # "The new aircraft made its first flight": a thing can act in its clause.
                kind, confidence = "Other", 0.6
            if kind is None or any(c.lower_ in _QUANTIFIERS for c in tok.children):
                continue
            named_inside = any(
                t.i in self.token_entity
                for c in tok.children
                if c.dep_ in ("compound", "poss", "nmod", "amod", "prep", "appos")
                and not (c.dep_ == "amod" and self._origin(c))
                # "U.S. companies", "German carmakers": where they come from
                and not (c.dep_ == "compound" and kind in _ORIGIN_KINDS and self._origin(c))
                # "the club's striker" is a person of the club; "its spokesman" speaks for it
                and not (
                    c.dep_ == "poss"
                    and kind in ("Person", "Group")
                    and tok.lemma_.lower() not in ACT_FOR
                )
                # "the 'American Pie' actress", "an Oscar-winning actor": a name that
                # says which person, not whose
                and not (
                    c.dep_ in ("compound", "nmod", "amod")
                    and kind == "Person"
                    and tok.lemma_.lower() not in ACT_FOR
                )
                # "a US court", "the EU's top court": a court rules on its own; its
                # country or union says whose court it is, not who rules
                and not (
                    c.dep_ in ("compound", "poss", "nmod")
                    and DESCRIPTION_KINDS.get(tok.lemma_.lower()) == "court"
                )
                # "Britain's competition regulator", "China's foreign ministry": an
                # agency of a country acts on its own, as a court does
                and not (
                    c.dep_ == "poss"
                    and DESCRIPTION_KINDS.get(tok.lemma_.lower()) == "agency"
                    and self._origin(c)
                )
                # "the court in Berlin": where the actor sits, not its name
                and not (c.dep_ == "prep" and c.lower_ in _PLACE_PREPS and self._origin(c))
                # "lawmakers from Ohio"; "officials from China" are the country's own
                and not (c.dep_ == "prep" and c.lower_ == "from" and self._origin(c, "Place"))
                # "firms including Huawei": examples of the kind, not its name
                and not (c.dep_ == "prep" and c.lower_ in ("including", "like"))
                for t in c.subtree
            )
            titled = self._titled_person(tok) if kind == "Person" else None
            if titled is not None:
                # "The chairwoman added ...": the person the text gave that title.
                self.token_entity[tok.i] = Arg(titled, 0.8)
                continue
            if named_inside:
                continue
            self.token_entity[tok.i] = self.describe(tok, kind, confidence)
            self.described.add(tok.i)

    def _described_speakers(self) -> None:
        """Let "it" in what a described actor says stand for it ("the court said it ruled").

        Names are linked before descriptions exist; a subject pronoun of a reported
        clause is the speaker's when the speaker is a description, whatever name an
        earlier sentence offered.
        """
        for tok in self.doc:
            kind = _PRONOUNS.get(tok.lower_) if tok.pos_ == "PRON" else None
            # "The company said it would appeal": the speaker, even where a name earlier
            # in the text would also fit the pronoun.
            if kind is None or tok.dep_ not in SUBJ | PASS_SUBJ:
                continue
            clause = tok.head
            if clause.dep_ != "ccomp" or EVENT_VERBS.get(lemma_of(clause.head)) not in SPEECH:
                continue
            subject = next((c for c in clause.head.children if c.dep_ in SUBJ), None)
            if subject is None or subject.i not in self.described:
                continue
            speaker = self.token_entity[subject.i]
            if _compatible(speaker.entity, kind) and speaker.entity.type != "Other":
                self.token_entity[tok.i] = Arg(speaker.entity, min(speaker.confidence, 0.7))

    def _described_topics(self) -> None:
        """Let "they" or "it" that opens a clause stand for the previous sentence's topic.

        "Protesters gathered outside parliament. They demanded ...": no name fits, and
        the described plural subject of the sentence before is who "they" are; a passive
        "they" is its described plural object. "The company said ... It must pay": a
        singular described subject is "it", unless "it" found a name of that sentence.
        """
        for tok in self.doc:
            if tok.lower_ not in ("they", "it") or tok.pos_ != "PRON":
                continue
            if tok.dep_ not in SUBJ | PASS_SUBJ or tok.head.dep_ not in ("ROOT", "conj"):
                continue
            prev = self.previous_sentences(tok, 1)
            if not prev:
                continue
            if tok.lower_ == "they" and tok.i in self.token_entity:
                continue
            # An active "they" continues the subject; a passive one ("They were charged")
            # is what was done to the object ("Police arrested two men").
            deps = SUBJ | PASS_SUBJ if tok.dep_ in SUBJ else frozenset({"dobj", "obj"})
            number = "NNS" if tok.lower_ == "they" else "NN"
            linked = self.token_entity.get(tok.i)
            subject = next((c for c in prev[-1].root.children if c.dep_ in deps), None)
            if (
                tok.lower_ == "it"
                and linked is None
                and tok.dep_ in SUBJ
                and (subject is None or subject.tag_ != number)
            ):
                # "Regulators fined the company. In May it replaced its board": with no
                # singular subject before, the singular object is "it"
                subject = next(
                    (c for c in prev[-1].root.children if c.dep_ in ("dobj", "obj")), None
                )
            if subject is None or subject.i not in self.described:
                continue
            if subject.tag_ != number:
                continue
            topic = self.token_entity[subject.i]
            if topic.entity.type == "Other":
                continue
            if linked is not None and self._named_in(linked.entity, prev[-1]):
                continue  # "it" took a name of the sentence before: keep it
            # "The company said it was disappointed. It must pay the fine": the company
            self.token_entity[tok.i] = Arg(topic.entity, min(topic.confidence, 0.6))

    def _named_in(self, entity: Entity, sent: Span) -> bool:
        """Tell whether an entity is named within a sentence."""
        return any(sent.start <= i < sent.end for i in self._positions.get(entity.id, ()))

    def _titled_person(self, tok: Token) -> Entity | None:
        """Return the latest person named earlier with this title ("Chairwoman Lina Khan").

        "A judge" or "another judge" is someone new, and "judges" are several.
        """
        if tok.tag_ != "NN" or any(c.lower_ in ("a", "an", "another") for c in tok.children):
            return None
        word = tok.lower_
        found = [e for i, role, e in self.roles if i < tok.i and word in role.lower().split()]
        return found[-1] if found else None

    def describe(self, tok: Token, kind: str, confidence: float) -> Arg:
        """Return the entity a common-noun phrase describes, labelled by its head and modifiers."""
        words = [
            self.doc[t.left_edge.i : t.right_edge.i + 1].text
            for t in tok.lefts
            if t.dep_ in ("compound", "amod") and t.pos_ != "PRON"
        ]
        label = " ".join([*words, tok.text])
        if tok.pos_ != "PROPN":
            label = label.lower()
        return Arg(self.resolver.describe(label, kind, self.article.id), confidence)

    def thing(self, tok: Token) -> Arg | None:
        """Return the thing an object phrase names ("a $40 billion contract"), if a noun."""
        measured = _of_object(tok)
        if measured is not None and (
            tok.like_num
            or tok.lemma_.lower() in MEASURE_NOUNS
            or tok.ent_type_ in ("QUANTITY", "CARDINAL", "PERCENT")
        ):
            # "released 1.3 million tons of water", "spilled thousands of barrels of oil":
            # the amount's of-phrase names the thing.
            return self.thing(measured)
        if tok.pos_ not in ("NOUN", "PROPN") or tok.lemma_.lower() in NOMINAL_TRIGGERS:
            return None
        if tok.like_num or tok.ent_type_ in ("DATE", "TIME", "MONEY", "PERCENT", "CARDINAL"):
            return None
        if tok.lemma_.lower() in EVENT_NOUNS:
            # "banned the sale of Russian-based software": what is sold is the patient.
            return self.thing(measured) if measured is not None else None
        return self.describe(tok, "Other", 0.6)

    # -- coreference ---------------------------------------------------------------------
    def sentence_distance(self, a: Token, b: Token) -> int:
        """Return how many sentences lie between two tokens (0 in the same sentence)."""
        return self._sent_of[b.i] - self._sent_of[a.i]

    def previous_sentences(self, tok: Token, n: int) -> list[Span]:
        """Return up to ``n`` sentences before the token's own, nearest last."""
        here = self._sent_of[tok.i]
        return self.sents[max(0, here - n) : here]

    def _candidates(self, before: int, kind: str) -> list[tuple[int, Entity]]:
        """Return the compatible entities named before a token, within its reach.

        Pronouns look three sentences back. A bare definite description ("the
        department", no modifier of its own) names its referent afresh: the actor whose
        name has the description's word ("US Department of Commerce"), named anywhere
        before; else one named in the last three sentences; else the one compatible actor
        of the article so far. "The Irish government" looks only three sentences back, as
        its modifier may name a referent the article never named.
        """
        tok = self.doc[before]
        found = self._compatible_since(tok, 3, kind)
        if tok.pos_ != "NOUN" or any(c.dep_ != "det" for c in tok.children):
            return found
        # A description names the actor whose name has its word, wherever it was named;
        # else a near one; else, from afar, the one such actor.
        head = tok.lemma_.lower()
        anywhere = self._compatible_since(tok, len(self.sents), kind)
        named = [(i, e) for i, e in anywhere if head in e.label.lower().split()]
        if named:
            return named
        if found:
            return found
        return anywhere if len({e.id for _, e in anywhere}) == 1 else []

    def _compatible_since(self, tok: Token, n: int, kind: str) -> list[tuple[int, Entity]]:
        window = self.previous_sentences(tok, n)
        lo = window[0].start if window else self.sents[self._sent_of[tok.i]].start
        found = self.order[bisect_left(self._starts, lo) : bisect_left(self._starts, tok.i)]
        return [(i, e) for i, e in found if _compatible(e, kind)]

    def _anaphor_kind(self, tok: Token) -> str | None:
        if tok.lower_ in _PRONOUNS and tok.pos_ == "PRON":
            return _PRONOUNS[tok.lower_]
        if (
            tok.pos_ == "NOUN"
            and tok.lemma_.lower() in DESCRIPTION_KINDS
            and any(c.lower_ in ("the", "this", "that") for c in tok.children)
            and not any(c.dep_ in ("prep", "poss") for c in tok.children)
            # "the electronics retailer Best Buy": the name is right there
            and not any(
                c.dep_ in ("compound", "appos") and c.i in self.token_entity for c in tok.children
            )
            and tok.tag_ == "NN"
            and tok.i not in self.token_entity
        ):
            word = tok.lemma_.lower()
            if word in NAMED_DESCRIPTIONS:
                return f"{DESCRIPTION_KINDS[word]}:{word}"  # "the ministry": a named ministry
            return DESCRIPTION_KINDS[word]
        return None

    def _resolve_anaphora(self) -> None:
        """Link descriptions and pronouns: subjects first, then speakers, then objects."""
        pending = [(tok, kind) for tok in self.doc if (kind := self._anaphor_kind(tok))]

        def is_object(tok: Token) -> bool:
            return tok.lower_ in ("it", "them") and tok.dep_ in ("dobj", "pobj", "obj")

        for stage in ("subject", "speaker", "object"):
            for tok, kind in pending:
                if kind == "speaker":
                    if stage != "speaker":
                        continue
                    entity = self._speaker(tok)
                elif is_object(tok):
                    if stage != "object":
                        continue
                    # An object "it" mostly names a thing ("challenge it in court"): link it
                    # only to the previous sentence's topic, and never to its own subject.
                    prev = self.previous_sentences(tok, 1)
                    topic = self._subject_entity(prev[-1]) if prev else None
                    own = _clause_subject(_verb_of(tok), self.token_entity)
                    entity = (
                        topic
                        if topic is not None
                        and _compatible(topic, kind)
                        and (own is None or own.id != topic.id)
                        else None
                    )
                else:
                    if stage != "subject":
                        continue
                    entity = self._antecedent(tok, kind)
                if entity is None:
                    continue
                conf = 0.8 if tok.pos_ == "NOUN" else 0.75
                self.token_entity[tok.i] = Arg(entity, conf)
                for child in tok.children:
                    if child.dep_ in ("amod", "compound"):
                        for t in child.subtree:
                            self.token_entity.pop(t.i, None)

    def _subject_entity(self, sent: Span) -> Entity | None:
        """Return the entity the main subject of a sentence names (its topic)."""
        for c in sent.root.children:
            if c.dep_ in SUBJ or c.dep_ in PASS_SUBJ:
                found = self.entities_in(c, allow_acl=False, max_rank=1)
                return found[0].entity if found else None
        return None

    def _speaker(self, tok: Token) -> Entity | None:
        """Return who speaks a quote ("we will appeal," the company said)."""
        root = tok.sent.root
        if EVENT_VERBS.get(lemma_of(root)) not in SPEECH:
            return None
        return _clause_subject(root, self.token_entity)

    def _plural_subject_before(self, tok: Token) -> int | None:
        """Return the index of the last plural common-noun subject before a token.

        Only the token's sentence and the one before it are read.
        """
        sent = self._sent_of[tok.i]
        start = self.sents[sent - 1].start if sent > 0 else self.sents[sent].start
        for i in range(tok.i - 1, start - 1, -1):
            t = self.doc[i]
            if (
                t.tag_ == "NNS"
                and t.dep_ in ("nsubj", "nsubjpass")
                and i not in self.token_entity
                and t.lower_ not in _PRONOUNS
            ):
                return i
        return None

    def _antecedent(self, tok: Token, kind: str) -> Entity | None:
        """Pick the most salient compatible entity for an anaphor.

        Salience adds the previous sentence's topic, frequency so far and recency; an
        entity that is another argument of the pronoun's own verb is never chosen.
        """
        verb = _verb_of(tok)
        if (
            kind == "org"
            and verb.dep_ == "ccomp"
            and verb.pos_ == "VERB"
            and lemma_of(verb) not in STATE_VERBS
            and EVENT_VERBS.get(lemma_of(verb.head)) in SPEECH
        ):
            speaker = _clause_subject(verb.head, self.token_entity)
            if speaker is not None and _one_word_person(speaker):
                # "Vexora said it would appeal": a one-word name the model took for a
                # person is, spoken of as "it" doing something, an organisation.
                return speaker
        speaker = None
        clause = verb
        if clause.dep_ == "ccomp" and EVENT_VERBS.get(lemma_of(clause.head)) in SPEECH:
            # "DHS said it would ...", "FNV said its members ...": usually the speaker.
            speaker = _clause_subject(clause.head, self.token_entity)
            said_by = next((c for c in clause.head.children if c.dep_ in SUBJ), None)
            if (
                speaker is None
                and said_by is not None
                and said_by.pos_ == "NOUN"
                and is_actor_noun(said_by.lemma_)
                and self._anaphor_kind(said_by) is None
            ):
                return None  # "the court said it ...": the court, once it is described
            if (
                kind == "any"
                and speaker is not None
                and said_by is not None
                and said_by.tag_ in ("NNS", "NNPS")
            ):
                return speaker  # "U.S. officials said they had fined the bank": the officials
        cands = self._candidates(tok.i, kind)
        if (
            speaker is not None
            and _compatible(speaker, kind)
            and all(e.id != speaker.id for _, e in cands)
        ):
            # "The company said it would ...": the speaker, however far back it was
            # first named (the candidates are the recent names only).
            cands.append((tok.i - 1, speaker))
        if not cands:
            return None
        if kind == "any" and speaker is None:
            # "Many customers found that their software had been replaced by a program
            # they had never heard of": a plural noun subject nearer than any name is who
            # "they" are, a described group the names do not resolve.
            group = self._plural_subject_before(tok)
            if group is not None and group > max(i for i, _ in cands):
                return None
        own = _clause_entities(tok, self.token_entity)
        prev_sents = self.previous_sentences(tok, 1)
        topic = self._subject_entity(prev_sents[-1]) if prev_sents else None
        if (
            tok.lower_ in ("its", "their")
            and tok.head.i + 1 < len(self.doc)
            and any(c.lower_ == "own" for c in tok.head.children)
        ):
            # "closed its own investigation": the owner is the clause's subject.
            own_subject = _clause_subject(verb, self.token_entity)
            if own_subject is not None and _compatible(own_subject, kind):
                return own_subject
        if (
            tok.lower_ in ("its", "their")
            and tok.dep_ == "poss"
            and EVENT_VERBS.get(lemma_of(verb)) in (None, "Other")
        ):
            # "Google abused its dominance", "insurers raised their rates": an object's
            # owner is the clause's subject, unless the verb is done to others ("DHS
            # banned its product").
            subject = next((c for c in verb.children if c.dep_ in SUBJ), None)
            own_subject = _clause_subject(verb, self.token_entity)
            if subject is not None and not subject.is_ancestor(tok):
                if (
                    tok.lower_ == "its"
                    and subject.pos_ == "PROPN"
                    and own_subject is not None
                    and _compatible(own_subject, kind)
                ):
                    return own_subject
                if (
                    subject.pos_ in ("NOUN", "PROPN")
                    and subject.i not in self.token_entity
                    and is_actor_noun(subject.lemma_.lower())
                    and (subject.tag_ in ("NNS", "NNPS")) == (tok.lower_ == "their")
                ):
                    # A described actor owns it, not a name from an earlier sentence.
                    return own_subject if own_subject is not None else None
        # How often each candidate was named before the anaphor (bisect: no full scan).
        counts = {e.id: bisect_left(self._positions.get(e.id, []), tok.i) for _, e in cands}
        scores: dict[str, tuple[float, Entity]] = {}
        n = len(cands)
        for rank, (i, e) in enumerate(cands):
            if e.id in own:
                continue
            score = min(counts.get(e.id, 0), 5) * 0.5 + (rank + 1) / n
            if topic is not None and topic.id == e.id:
                score += 2.0
            if speaker is not None and speaker.id == e.id:
                score += 3.0
            if i >= tok.sent.start:
                score += 0.5
            scores[e.id] = (score, e)
        if not scores:
            return None
        return max(scores.values(), key=lambda x: x[0])[1]

    # -- arguments -----------------------------------------------------------------------
    def entities_in(
        self,
        head: Token,
        *,
        allow_acl: bool = True,
        max_rank: int = 99,
        exclude: frozenset[str] = frozenset(),
    ) -> list[Arg]:
        """Entities a phrase is about: its head, else the closest named one inside it."""
        best: list[tuple[int, int, int, Arg]] = []
        seen: set[str] = set()
        stack: list[tuple[Token, int, int]] = [(head, 0, 0)]
        while stack:
            tok, depth, rank = stack.pop()
            arg = self.token_entity.get(tok.i)
            named = arg is not None
            if arg is not None and arg.entity.id not in seen and arg.entity.id not in exclude:
                seen.add(arg.entity.id)
                best.append((rank, depth, tok.i, arg))
            for child in tok.children:
                dep = child.dep_
                if dep == "prep" and child.lower_ == "including" and head.dep_ not in SUBJ:
                    # "added 14 firms, including Orion Micro": the named examples stand
                    # beside the kind, as conjuncts do
                    stack.extend((c, depth, rank) for c in child.children if c.dep_ == "pobj")
                    continue
                if named and dep != "conj":
                    continue  # the name's own tokens belong to it; only its conjuncts count
                if dep in _CLAUSE_DEPS or (dep == "acl" and not allow_acl):
                    continue
                if dep in ("prep",) and child.lower_ not in (
                    "of",
                    "on",
                    "against",
                    "for",
                    "from",
                    "with",
                    "in",
                    "over",
                    "at",
                    "including",
                ):
                    continue
                if dep == "det" or dep == "cc":
                    continue
                if dep == "amod" and self._origin(child):
                    continue  # "Russian-based software", "American companies": not Russia
                if dep == "prep" and child.lower_ in _PLACE_PREPS and self._origin(child):
                    continue  # "its factory in Ohio": where the thing is, not what it is
                if (
                    dep == "prep"
                    and child.lower_ == "on"
                    and tok.lemma_.lower() not in NOMINAL_TRIGGERS
                    and tok.lemma_.lower() not in EVENT_NOUNS
                    and self._origin(child, "Place")
                ):
                    continue  # "a truck on Main Street": a site; "sanctions on Iran" a target
                child_rank = rank
                if dep in ("amod", "npadvmod", "nummod", "acl", "advmod"):
                    child_rank = rank + 2
                elif dep in ("compound", "poss", "nmod"):
                    child_rank = rank + 1
                elif dep == "prep" and child.lower_ not in ("of", "including"):
                    child_rank = rank + 1  # "troubles in the United States" are not the US
                if child_rank > max_rank:
                    continue
                # Coordinated names ("Ukraine and Turkey") stand at the same level.
                stack.append((child, depth if dep == "conj" else depth + 1, child_rank))
        if not best:
            return []
        best.sort(key=lambda x: (x[0], x[1], x[2]))
        top_rank, top_depth = best[0][0], best[0][1]
        chosen = [b[3] for b in best if (b[0], b[1]) == (top_rank, top_depth)]
        return chosen

    def _origin(self, tok: Token, *types: str) -> bool:
        """Tell whether a modifier names only a place of origin ("Luxembourg-based").

        ``types``: the entity types that count as places (default :data:`PLACE_TYPES`).
        """
        found = [self.token_entity[t.i] for t in tok.subtree if t.i in self.token_entity]
        if found and tok.lemma_.lower() in _BASED:
            return True  # "X-based", "X-headquartered": X is where, whatever its type
        return bool(found) and all(a.entity.type in (types or PLACE_TYPES) for a in found)

    def subject_of(self, verb: Token) -> tuple[Token | None, bool]:
        """Return the verb's subject phrase head and whether the verb is passive."""
        passive = any(c.dep_ in PASS_SUBJ or c.dep_ == "auxpass" for c in verb.children)
        passive = passive or _headline_passive(verb) or small_clause_participle(verb)
        subjects = [
            c
            for c in verb.children
            if (c.dep_ in SUBJ or c.dep_ in PASS_SUBJ) and c.i not in self.credit_tokens
        ]
        if len(subjects) > 1:
            # "The regulator Ofcom fined ...", parsed as two subjects: the name is the one.
            # Else the nearer one: "A magnitude 6.8 earthquake struck", two subjects.
            subjects.sort(key=lambda c: (c.i not in self.mention_heads, -c.i))
        for c in subjects:
            if c.dep_ in SUBJ or c.dep_ in PASS_SUBJ:
                if c.dep_ in PASS_SUBJ:
                    passive = True
                if verb.dep_ == "relcl" and c.tag_ in ("WDT", "WP"):
                    if c.dep_ in SUBJ:
                        author = self._author_of(verb.head)
                        if author is not None:
                            return author, passive  # "signed an order that bars X"
                    return verb.head, passive  # "AirTanker, who retains the rights"
                return c, passive
        if verb.dep_ == "conj" and verb.head.pos_ in ("VERB", "AUX"):
            subj, head_passive = self.subject_of(verb.head)
            if head_passive and _bare_past(verb):
                # "were selected and purchased", "was detained and deported to France":
                # one auxiliary for both, unless the verb takes no object ("returned").
                passive = True
            return subj, passive
        if verb.dep_ in ("xcomp", "ccomp") and verb.head.pos_ == "VERB":
            controller = next(
                (c for c in verb.head.children if c.dep_ in ("dobj", "obj") and c.i < verb.i),
                None,
            )
            if controller is not None:
                return controller, passive  # "ordered agencies to remove": agencies remove
        if verb.dep_ in ("xcomp", "advcl") and verb.head.pos_ in ("VERB", "AUX", "ADJ"):
            head = verb.head
            if head.pos_ == "ADJ" and head.head.pos_ in ("VERB", "AUX"):
                head = head.head
            if (
                verb.dep_ == "advcl"
                and (verb.tag_ == "VBN" or any(c.dep_ == "agent" for c in verb.children))
                and not _has_aux(verb)
            ):
                # "The index fell, dragged down by bank stocks", "Founded in 1990, the
                # firm ...": a participle adjunct tells what befell the clause's subject.
                passive = True
            # "was hired to direct", "is expected to lead": the passive's subject acts.
            return self.subject_of(head)[0], passive
        if verb.dep_ == "relcl":
            if any(c.dep_ in SUBJ and c.tag_ in ("WDT", "WP") for c in verb.children):
                return verb.head, passive
        if (
            verb.dep_ == "pcomp"
            and verb.tag_ == "VBG"
            and verb.head.lower_ in _SHARED_SUBJECT_PREPS
            and verb.head.head.pos_ in ("VERB", "AUX")
        ):
            # "was suspended after violating the law", "replied by saying": the clause's
            # subject does the gerund; "listed for cooperating" names someone else's deed.
            return self.subject_of(verb.head.head)[0], passive
        if verb.dep_ == "acl" and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children):
            # "Boeing's plan to build", "signed a contract to supply": the owner, else
            # whoever took up the plan or contract.
            noun = verb.head
            owner = next((c for c in noun.children if c.dep_ == "poss"), None)
            if owner is None and noun.lemma_.lower() in COMMITMENT_NOUNS:
                # "the decision of the European Union to add ...": the decider.
                of = next((c for c in noun.children if c.dep_ == "prep" and c.lower_ == "of"), None)
                owner = next((p for p in of.children if p.dep_ == "pobj"), None) if of else None
            if owner is not None:
                return owner, passive
            if (
                noun.dep_ in ("dobj", "obj")
                and noun.head.pos_ in ("VERB", "AUX")
                and lemma_of(noun.head) in UNDERTAKE_VERBS
            ):
                return self.subject_of(noun.head)[0], passive
            prep = noun.head
            if (
                noun.dep_ == "pobj"
                and prep.lower_ == "in"
                and prep.head.pos_ in ("VERB", "AUX")
                and prep.dep_ == "prep"
            ):
                # "is in talks to buy", "cut prices in a bid to win": the clause's subject.
                return self.subject_of(prep.head)[0], passive
            return None, passive
        if verb.dep_ == "acl" and verb.tag_ == "VBN":
            return verb.head, True
        if verb.dep_ == "acl" and verb.tag_ == "VBG":
            prev = verb.doc[verb.i - 1] if verb.i > 0 else None
            if prev is not None and prev.text == ",":
                # ", denying any involvement": an adjunct of the clause, not of the noun.
                clause = verb.head
                while clause.pos_ not in ("VERB", "AUX") and clause.dep_ != "ROOT":
                    clause = clause.head
                if clause.pos_ in ("VERB", "AUX"):
                    return self.subject_of(clause)[0], passive
            author = self._author_of(verb.head)
            return (author if author is not None else verb.head), passive
        return None, passive

    def _author_of(self, noun: Token) -> Token | None:
        """Return who made the rule a noun names, when the clause says ("passed a bill").

        What a rule, order or decision does ("a bill banning the app", "an order that
        bars agencies from ..."), its author does: the owner ("Commerce's rule"), else the
        subject of the verb that enacts it ("Lawmakers passed", "The governor signed").
        """
        if noun.lemma_.lower() not in INSTRUMENT_NOUNS:
            return None
        owner = next((c for c in noun.children if c.dep_ == "poss"), None)
        if owner is not None:
            return owner
        verb = noun.head
        if noun.dep_ not in ("dobj", "obj") or lemma_of(verb) not in ENACT_VERBS:
            return None
        subj, passive = self.subject_of(verb)
        return None if passive else subj

    def by_agent(self, verb: Token) -> Token | None:
        """Return the object of a passive's "by" phrase."""
        for c in verb.children:
            if c.dep_ == "agent" or (c.dep_ == "prep" and c.lower_ == "by"):
                for p in c.children:
                    if p.dep_ == "pobj":
                        return p
        for c in verb.children:
            if c.dep_ == "conj" and c.tag_ == "VBN" and not _has_aux(c):
                if not any(s.dep_ in SUBJ or s.dep_ in PASS_SUBJ for s in c.children):
                    return self.by_agent(c)  # "selected and purchased by the ministry"
        return None


#: Entity labels of objects that say how much, not who ("fined 4 billion euros").
_AMOUNTS = frozenset({"MONEY", "QUANTITY", "CARDINAL", "PERCENT"})


def _short_forms(entity: Entity) -> set[str]:
    """Return the short forms news uses for a name once given in full.

    A person goes by the surname ("Musk" after "Elon Musk"), an organisation by its
    first word ("Colonial" after "Colonial Pipeline", "Activision" after "Activision
    Blizzard"). The model often leaves these untagged; a form two entities share
    links neither.
    """
    words = entity.label.split()
    if len(words) < 2:
        return set()
    if entity.type == "Person":
        return {words[-1]} if words[-1][:1].isupper() else set()
    if entity.type in _ORG_TYPES and words[0][:1].isupper() and words[0].lower() not in STOP_WORDS:
        return {words[0]}
    return set()


def _headline_passive(verb: Token) -> bool:
    """Tell whether a headline's participle is a passive without its auxiliary.

    Headlines drop "was": "Striker banned for six matches", "Man arrested after crash".
    A typed event's verb with a subject but no object, no auxiliary and no clause of
    its own, in a first line without a final stop, is what was done to the subject.
    """
    if verb.dep_ != "ROOT" or verb.tag_ not in ("VBN", "VBD"):
        return False
    if EVENT_VERBS.get(lemma_of(verb)) in (None, "Other", *SPEECH):
        return False
    if not in_headline(verb.sent) or verb.sent.text.rstrip().endswith('"'):
        return False  # a sentence of the body, or a headline with a stop
    return not any(
        c.dep_ in ("dobj", "obj", "ccomp", "xcomp", "aux", "auxpass", "prt")
        and c.ent_type_ not in _AMOUNTS  # "Google fined 4 billion euros": how much, not whom
        for c in verb.children
    )


def _targeted(tok: Token) -> bool:
    """Tell whether a name is the direct object of a deed done to an actor."""
    return (
        tok.dep_ in ("dobj", "obj")
        and tok.head.pos_ == "VERB"
        and EVENT_VERBS.get(lemma_of(tok.head)) in TARGETS_ACTORS
    )


def _has_aux(verb: Token) -> bool:
    """Tell whether a verb has an auxiliary of its own ("has sold", "was sold")."""
    return any(c.dep_ in ("aux", "auxpass") for c in verb.children)


def _of_object(tok: Token) -> Token | None:
    """Return the object of a noun's of-phrase ("tons of water": water), if it has one."""
    of = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    return next((p for p in of.children if p.dep_ == "pobj"), None) if of is not None else None


def _bare_past(verb: Token) -> bool:
    """Tell whether a conjunct is a bare past form that shares a passive's auxiliary.

    The parser tags such conjuncts VBN or VBD alike; one with an auxiliary, subject,
    object or particle of its own, or whose verb takes no object, is a clause of its own.
    """
    if verb.tag_ not in ("VBN", "VBD") or _has_aux(verb):
        return False
    if lemma_of(verb) in INTRANSITIVE_VERBS:
        return False
    own = SUBJ | PASS_SUBJ | {"dobj", "obj", "prt", "dative"}
    return not any(c.dep_ in own for c in verb.children)


def _credit_spans(text: str) -> list[tuple[int, int]]:
    """Return the character spans of datelines with credits and of bylines."""
    return [(m.start(), m.end()) for m in CREDIT.finditer(text)]


def _one_word_person(entity: Entity) -> bool:
    """Tell whether a person entity is a single unknown word (often a mistyped company)."""
    return entity.type == "Person" and " " not in entity.label and entity.wikidata is None


def _compatible(entity: Entity, kind: str) -> bool:
    kind, _, word = kind.partition(":")
    if word and not any(word in name.lower().split() for name in (entity.label, *entity.aliases)):
        return False  # "the ministry" names no commission
    if kind == "person":
        return entity.type == "Person"
    if kind == "org":
        return entity.type in _ORG_TYPES or entity.type == "Country"
    if kind == "company":
        # An organisation known for certain (the EU, NATO) and not typed a company is none.
        return entity.type == "Company" or (
            entity.type == "Organization" and entity.wikidata is None
        )
    if kind == "agency":
        return entity.type == "GovernmentAgency"
    if kind == "country":
        return entity.type == "Country"
    if kind == "court":
        # "the court": a court the article named, whatever its type.
        return any(w in entity.label.lower().split() for w in ("court", "tribunal"))
    # "they", "their": people or organisations, not a place or a country ("Greece ... they
    # chanted" are the protesters; a country is "it").
    return entity.type not in ("Place", "Country")


def _verb_of(tok: Token) -> Token:
    head = tok
    while head.pos_ not in ("VERB", "AUX") and head.dep_ != "ROOT":
        head = head.head
    return head


def _clause_subject(verb: Token, token_entity: dict[int, Arg]) -> Entity | None:
    """Return the entity named by a verb's subject: its head first, then its modifiers."""
    for c in verb.children:
        if c.dep_ in SUBJ or c.dep_ in PASS_SUBJ:
            ordered = [c, *(t for t in c.children if t.dep_ in ("appos", "compound", "poss"))]
            ordered += list(c.subtree)
            for t in ordered:
                if t.i in token_entity:
                    return token_entity[t.i].entity
    if any(c.dep_ in SUBJ or c.dep_ in PASS_SUBJ for c in verb.children):
        return None
    if verb.dep_ == "conj" and verb.head.pos_ in ("VERB", "AUX"):
        return _clause_subject(verb.head, token_entity)  # "denied it and said ...": shared
    return None


def _clause_entities(tok: Token, token_entity: dict[int, Arg]) -> set[str]:
    """Entities named as other arguments of the pronoun's own verb (binding: not "it")."""
    head = tok
    while head.pos_ not in ("VERB", "AUX") and head.dep_ != "ROOT":
        head = head.head
    out: set[str] = set()
    if tok.lower_ in ("its", "their", "his", "her"):
        return out  # a possessive may refer to its own clause's subject
    for c in head.children:
        if c.dep_ in ("dobj", "dative", "nsubj", "nsubjpass", "attr") and tok.i not in {
            t.i for t in c.subtree
        }:
            for t in c.subtree:
                if t.i in token_entity:
                    out.add(token_entity[t.i].entity.id)
    return out


def doc_mentions(doc: Doc, resolver: Resolver) -> list[Mention]:
    """Return every mention of an entity in a Doc: names, pronouns and descriptions.

    Args:
        doc: The parsed article.
        resolver: Entity resolver shared by the articles of a build.

    Returns:
        Mentions in text order, each linked to its entity's IRI.
    """
    reader = ArticleReader(doc, Article(id="", text=doc.text), resolver)
    out: list[Mention] = []
    seen: set[int] = set()
    for i in sorted(reader.token_entity):
        if i in seen:
            continue
        arg = reader.token_entity[i]
        span = next((e for e in doc.ents if e.start <= i < e.end), None)
        if span is None or span.label_ not in NAME_LABELS:
            span = doc[i : i + 1]
        seen.update(range(span.start, span.end))
        out.append(
            Mention(
                span.start_char, span.end_char, span.text, arg.entity.id, round(arg.confidence, 3)
            )
        )
    return out


def head_actor(reader: ArticleReader, tok: Token | None) -> bool:
    """Tell whether a phrase's head names an actor (or its modifier does: "FCC officials")."""
    if tok is None:
        return False
    if tok.i in reader.token_entity:
        return True
    if is_actor_noun(tok.lemma_) and any(
        (c.dep_ in ("compound", "poss") and c.i in reader.token_entity)
        or (  # "judges at the Court", "officials of the ministry"
            c.dep_ == "prep"
            and c.lower_ in ("at", "of", "from")
            and any(p.dep_ == "pobj" and p.i in reader.token_entity for p in c.children)
        )
        for c in tok.children
    ):
        return True
    return any(c.dep_ in ("conj", "appos") and head_actor(reader, c) for c in tok.children)


def actor_args(args: list[Arg]) -> list[Arg]:
    """Return the arguments that are actors, not things ("the contract", "new jets")."""
    return [a for a in args if a.entity.type != "Other"]
