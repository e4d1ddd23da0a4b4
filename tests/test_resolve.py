"""Entity resolution over hand-built name mentions (no spaCy)."""

from __future__ import annotations

from kg.components.entities import GazetteerEntry
from kg.resolve import NameMention, Resolver

GAZ = [
    GazetteerEntry(
        "United States",
        "Country",
        ("US", "U.S.", "United States", "America"),
        metonyms=("Washington",),
        wikidata="Q30",
    ),
    GazetteerEntry("Russia", "Country", ("Russia",), metonyms=("Moscow", "the Kremlin", "Kremlin")),
    GazetteerEntry("Moscow", "Place", ("Moscow",)),
]


def resolver() -> Resolver:
    return Resolver(GAZ, lambda label, kind: f"urn:e:{label.lower().replace(' ', '-')}")


def ids(pairs):
    return [e.id for e, _ in pairs]


def test_country_variants_are_one_entity() -> None:
    out = resolver().resolve(
        [
            NameMention("US", "GPE"),
            NameMention("U.S.", "GPE"),
            NameMention("the United States", "GPE"),
        ]
    )
    assert set(ids(out)) == {"urn:e:united-states"}
    assert out[0][0].wikidata == "Q30"


def test_surname_joins_full_name_seen_later_or_earlier() -> None:
    out = resolver().resolve(
        [
            NameMention("Raimondo", "PERSON"),
            NameMention("Gina Raimondo", "PERSON"),
            NameMention("Raimondo", "PERSON"),
        ]
    )
    assert len(set(ids(out))) == 1
    assert out[0][0].label == "Gina Raimondo"


def test_surname_joins_a_person_from_an_earlier_article() -> None:
    r = resolver()
    first = r.resolve([NameMention("Elaine Duke", "PERSON")])
    later = r.resolve([NameMention("Duke", "PERSON")])
    assert ids(first) == ids(later)


def test_a_known_surname_after_another_full_name_is_that_other_person() -> None:
    known = [GazetteerEntry("Pat Lindqvist", "Person", ("Pat Lindqvist", "Lindqvist"))]
    r = Resolver(known, lambda label, kind: f"urn:e:{label.lower().replace(' ', '-')}")
    other = r.resolve(
        [
            NameMention("Jo Lindqvist", "PERSON"),
            NameMention("Lindqvist", "PERSON", canonical="Pat Lindqvist"),
        ]
    )
    assert [e.label for e, _ in other] == ["Jo Lindqvist", "Jo Lindqvist"]
    same = r.resolve(
        [
            NameMention("Pat Lindqvist", "PERSON", canonical="Pat Lindqvist"),
            NameMention("Lindqvist", "PERSON", canonical="Pat Lindqvist"),
        ]
    )
    assert [e.label for e, _ in same] == ["Pat Lindqvist", "Pat Lindqvist"]


def test_acronym_and_department_forms() -> None:
    out = resolver().resolve(
        [
            NameMention("the Department of Homeland Security", "ORG"),
            NameMention("Homeland Security", "ORG"),
            NameMention("Homeland Security Department", "ORG"),
            NameMention("Bureau of Industry and Security", "ORG"),
            NameMention("BIS", "ORG"),
        ]
    )
    assert len(set(ids(out[:3]))) == 1
    assert out[0][0].type == "GovernmentAgency"
    assert ids(out)[3] == ids(out)[4] != ids(out)[0]


def test_metonym_links_with_lower_confidence_only_when_it_acts() -> None:
    out = resolver().resolve(
        [
            NameMention("Moscow", "GPE", canonical="Moscow", actor=True),
            NameMention("Moscow", "GPE", canonical="Moscow", actor=False),
            NameMention("the Kremlin", "ORG", canonical="Russia#metonym"),
        ]
    )
    (acting, c1), (place, c2), (kremlin, c3) = out
    assert acting.label == "Russia" and c1 < 1.0
    assert place.label == "Moscow" and c2 == 1.0
    assert kremlin.label == "Russia" and c3 < 1.0


def test_same_label_gives_same_iri_across_articles_and_aliases_accumulate() -> None:
    r = resolver()
    a = r.resolve([NameMention("Kaspersky Lab", "ORG")])[0][0]
    b = r.resolve([NameMention("Kaspersky Lab", "ORG"), NameMention("the Kaspersky Lab", "ORG")])
    assert b[0][0].id == a.id
    assert a.type == "Company"


def test_corporate_suffixes_and_titles_are_not_part_of_the_name() -> None:
    r = resolver()
    out = r.resolve(
        [
            NameMention("ZTE Corp", "ORG"),
            NameMention("ZTE", "ORG"),
            NameMention("Huawei Technologies Co., Ltd.", "ORG"),
            NameMention("President Donald Trump", "PERSON"),
            NameMention("then-President Donald Trump", "PERSON"),
        ]
    )
    assert out[0][0].id == out[1][0].id and out[0][0].label == "ZTE"
    assert out[2][0].label == "Huawei"
    assert out[3][0].id == out[4][0].id and out[3][0].label == "Donald Trump"


def test_acronym_learned_in_one_article_serves_the_next() -> None:
    r = resolver()
    first = r.resolve(
        [NameMention("Committee on Foreign Investment", "ORG"), NameMention("CFI", "ORG")]
    )
    later = r.resolve([NameMention("CFI", "ORG")])
    assert later[0][0].id == first[0][0].id


def test_an_articles_entities_carry_its_own_names_whatever_came_before() -> None:
    alone = resolver().resolve([NameMention("Kaspersky Lab", "ORG")])[0][0]
    r = resolver()
    r.resolve([NameMention("Kaspersky Lab", "ORG"), NameMention("the Kaspersky Lab", "ORG")])
    r.remember([alone])
    again = r.resolve([NameMention("Kaspersky Lab", "ORG")])[0][0]
    assert again == alone and again.aliases == ("Kaspersky Lab",)


# Invented companies: the gazetteer knows "Orion" and "Delta Freight"; the recogniser
# extends a tagged head to the name it heads, so longer names arrive tagged.
COMPANIES = [
    *GAZ,
    GazetteerEntry("Orion", "Company", ("Orion", "Orion Inc.")),
    GazetteerEntry("Delta Freight", "Company", ("Delta Freight", "Delta")),
    GazetteerEntry("Vandoria", "Country", ("Vandoria", "Vandorian")),
]


def company_resolver() -> Resolver:
    return Resolver(COMPANIES, lambda label, kind: f"urn:e:{label.lower().replace(' ', '-')}")


def test_two_longer_names_around_one_head_are_two_companies() -> None:
    # "Orion Corps sued Orion Software, saying Orion had broken a 1990 accord. Orion
    # Software denied it; Orion Software and Orion Corps meet in court next week."
    out = company_resolver().resolve(
        [
            NameMention("Orion Corps", "ORG", canonical="Orion"),
            NameMention("Orion Software", "ORG", canonical="Orion"),
            NameMention("Orion", "ORG", canonical="Orion"),
            NameMention("Orion Software", "ORG", canonical="Orion"),
            NameMention("Orion Software", "ORG", canonical="Orion"),
            NameMention("Orion Corps", "ORG", canonical="Orion"),
        ]
    )
    corps, software, short = out[0][0], out[1][0], out[2][0]
    assert corps.id != software.id
    assert corps.label == "Orion Corps" and "Orion Software" not in corps.aliases
    # The bare short form lands on one of them, the one named most often, never both.
    assert short.id == software.id and software.label == "Orion"
    assert set(software.aliases) == {"Orion", "Orion Software"}
    assert ids(out)[3:] == [software.id, software.id, corps.id]


def test_a_longer_name_beside_the_gazetteers_full_name_is_another_company() -> None:
    # "Delta Records and Delta Freight settled; Delta keeps its name, Delta Records
    # will license it."
    out = company_resolver().resolve(
        [
            NameMention("Delta Records", "ORG", canonical="Delta Freight"),
            NameMention("Delta Freight", "ORG", canonical="Delta Freight"),
            NameMention("Delta", "ORG", canonical="Delta Freight"),
            NameMention("Delta Records", "ORG", canonical="Delta Freight"),
        ]
    )
    records, freight, short, again = (e for e, _ in out)
    assert records.id == again.id != freight.id
    assert records.label == "Delta Records" and freight.label == "Delta Freight"
    assert short.id == freight.id


def test_a_legal_suffix_makes_the_gazetteer_name_a_full_name() -> None:
    # "Orion Inc. and Orion Corps resolved their dispute; Orion will own the marks."
    out = company_resolver().resolve(
        [
            NameMention("Orion Inc.", "ORG", canonical="Orion"),
            NameMention("Orion Corps", "ORG", canonical="Orion"),
            NameMention("Orion", "ORG", canonical="Orion"),
        ]
    )
    inc, corps, short = (e for e, _ in out)
    assert inc.label == "Orion" and corps.label == "Orion Corps"
    assert short.id == inc.id != corps.id


def test_on_a_tie_the_short_form_follows_the_name_last_named_before_it() -> None:
    # "Orion Corps sued Orion Software. Orion Software said Orion had kept the accord."
    out = company_resolver().resolve(
        [
            NameMention("Orion Corps", "ORG", canonical="Orion"),
            NameMention("Orion Software", "ORG", canonical="Orion"),
            NameMention("Orion", "ORG", canonical="Orion"),
        ]
    )
    corps, software, short = (e for e, _ in out)
    assert corps.id != software.id and short.id == software.id


def test_one_longer_name_beside_its_short_form_stays_the_actor() -> None:
    # "Orion Software shipped an update; Orion said more would follow."
    out = company_resolver().resolve(
        [
            NameMention("Orion Software", "ORG", canonical="Orion"),
            NameMention("Orion", "ORG", canonical="Orion"),
        ]
    )
    assert len(set(ids(out))) == 1 and out[0][0].label == "Orion"


def test_an_organisation_named_around_a_country_is_not_the_country() -> None:
    # "Vandorian Airways cut flights to Vandoria."
    out = company_resolver().resolve(
        [
            NameMention("Vandorian Airways", "ORG", canonical="Vandoria"),
            NameMention("Vandoria", "GPE", canonical="Vandoria"),
        ]
    )
    airline, country = (e for e, _ in out)
    assert airline.label == "Vandorian Airways" and airline.type != "Country"
    assert country.label == "Vandoria" and airline.id != country.id


def test_an_untagged_short_form_never_takes_a_split_names_gazetteer_tag() -> None:
    # "Orion Corps and Orion Inc. ... Corps said": the last word stands for its own name.
    out = company_resolver().resolve(
        [
            NameMention("Orion Corps", "ORG", canonical="Orion"),
            NameMention("Orion Inc.", "ORG", canonical="Orion"),
            NameMention("Corps", "ORG"),
        ]
    )
    corps, inc, short = (e for e, _ in out)
    assert short.id == corps.id != inc.id


def test_a_bare_description_is_the_longer_one_of_its_article() -> None:
    r = resolver()
    longer = r.describe("social media company", "Company", "a1")
    assert r.describe("company", "Company", "a1") == longer
    assert r.describe("company", "Organization", "a1") != longer  # another kind
    assert r.describe("company", "Company", "a2") != longer  # another article
    r.describe("regional airline", "Company", "b1")
    assert r.describe("airline", "Company", "b1").label == "regional airline"
    assert r.describe("carrier", "Company", "b1").label == "carrier"


def test_surname_tagged_as_a_firm_is_the_person_named_in_full() -> None:
    out = resolver().resolve(
        [
            NameMention("Maria Okafor", "PERSON"),
            NameMention("Okafor", "ORG"),
            NameMention("Tomas Lindqvist", "PERSON"),
            NameMention("Lindqvist", "ORG"),
        ]
    )
    assert ids(out)[0] == ids(out)[1]
    assert out[1][0].type == "Person"
    assert ids(out)[2] == ids(out)[3]


def test_a_surname_that_opens_a_firm_name_stays_the_firm() -> None:
    out = resolver().resolve(
        [
            NameMention("Vance Logistics", "ORG"),
            NameMention("John Vance", "PERSON"),
            NameMention("Vance", "ORG"),
        ]
    )
    assert ids(out)[2] != ids(out)[1]
    assert out[2][0].type != "Person"


def test_a_demonym_stands_for_its_country_only_when_asked() -> None:
    gaz = [*GAZ, GazetteerEntry("Japan", "Country", ("Japan",), demonyms=("Japanese",))]
    r = Resolver(gaz, lambda label, kind: f"urn:e:{label.lower().replace(' ', '-')}")
    japan = r.demonym("Japanese")
    assert japan is not None and japan.id == "urn:e:japan"
    assert r.demonym("Martian") is None
    # Not a name of its own: resolving the word as a mention makes no country of it.
    assert ids(r.resolve([NameMention("Japanese", "NORP")])) != ["urn:e:japan"]
