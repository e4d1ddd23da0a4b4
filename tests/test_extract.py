"""Event extraction on hand-written sentences, one construction each (real model)."""

from __future__ import annotations

from datetime import date

import pytest

from kg.types import LISTING_CONFIDENCE

pytestmark = pytest.mark.model


def one(events, action):
    found = [e for e in events if e.action == action]
    assert len(found) == 1, [(e.action, e.trigger) for e in events]
    return found[0]


def labels(entities):
    return [e.label for e in entities]


def test_active_voice_agent_patient_and_day_date(extract):
    events = extract(
        "On Tuesday the Federal Communications Commission banned Huawei equipment.",
        published=date(2022, 11, 25),
    )
    ban = one(events, "ban")
    assert ban.type == "Ban"
    assert labels(ban.agents) == ["Federal Communications Commission"]
    assert labels(ban.patients) == ["Huawei"]
    assert ban.date is not None and ban.date.value == "2022-11-22"
    assert ban.modality == "asserted"


def test_passive_with_by_phrase(extract):
    ban = one(extract("Huawei was banned by the Commerce Department in May 2019."), "ban")
    assert labels(ban.agents) == ["US Department of Commerce"]
    assert labels(ban.patients) == ["Huawei"]
    assert ban.date is not None and (ban.date.value, ban.date.granularity) == ("2019-05", "month")


def test_passive_without_agent_has_none(extract):
    fine = one(extract("ZTE was fined in 2017 for shipping equipment to Iran."), "fine")
    assert fine.agents == ()
    assert labels(fine.patients) == ["ZTE"]
    assert fine.date is not None and fine.date.value == "2017"  # a year, never a day


def test_nominal_trigger_with_possessor_and_on_phrase(extract):
    events = extract("The Commerce Department's ban on Huawei took effect in May 2019.")
    ban = one(events, "ban")
    assert ban.type == "Ban"
    assert labels(ban.agents) == ["US Department of Commerce"]
    assert labels(ban.patients) == ["Huawei"]
    assert ban.date is not None and ban.date.value == "2019-05"


def test_bare_reference_to_an_event_is_not_a_new_event(extract):
    events = extract("Kaspersky said it would challenge the ban.")
    assert [e.action for e in events if e.action == "ban"] == []


def test_conjunction_gives_two_events_sharing_the_subject(extract):
    events = extract("In 2020 the FCC banned Huawei and fined ZTE.")
    ban, fine = one(events, "ban"), one(events, "fine")
    assert labels(ban.agents) == labels(fine.agents) == ["Federal Communications Commission"]
    assert labels(ban.patients) == ["Huawei"] and labels(fine.patients) == ["ZTE"]
    assert ban.date is not None and fine.date is not None
    assert ban.date.value == fine.date.value == "2020"


def test_company_and_pronoun_resolve_to_the_organisation(extract):
    events = extract(
        "Kaspersky Lab rejected the accusations on Monday. The company said its products "
        "were safe and it would sue the government."
    )
    say = one(events, "say")
    assert labels(say.agents) == ["Kaspersky"]
    sue = one(events, "sue")
    assert labels(sue.agents) == ["Kaspersky"]


def test_negation(extract):
    ban = one(extract("The FCC did not ban TikTok in 2023."), "ban")
    assert ban.modality == "negated"


def test_future_is_planned_not_a_fact(extract):
    sanction = one(extract("The Treasury Department will sanction ZTE next week."), "sanction")
    assert sanction.modality == "planned"
    assert labels(sanction.agents) == ["US Department of the Treasury"]
    assert sanction.date is not None and sanction.date.value.startswith("2024-W")


def test_reported_speech_gives_a_statement_and_a_reported_event(extract):
    events = extract(
        "Senator Jeanne Shaheen said on Monday that the Pentagon had banned Kaspersky.",
        published=date(2017, 9, 20),
    )
    say = one(events, "say")
    assert say.type == "Statement"
    assert labels(say.agents) == ["Jeanne Shaheen"]
    assert say.date is not None and say.date.value == "2017-09-18"
    ban = one(events, "ban")
    assert ban.modality == "reported"
    assert labels(ban.patients) == ["Kaspersky"]


def test_deadline_relative_to_an_earlier_event(extract):
    events = extract(
        "The Commerce Department announced the rule on March 3, 2023. "
        "Sales of ZTE phones will be restricted within 60 days of the announcement."
    )
    restrict = one(events, "restrict")
    assert restrict.date is not None
    assert restrict.date.value == "2023-05-02"
    assert restrict.date.relation == "within" and restrict.date.inferred
    assert restrict.date.text == "within 60 days of the announcement"


def test_headline_case_invents_no_person(nlp):
    doc = nlp("US to Ban Sale of Huawei Phones Citing Security Concerns\n\nThe ban was announced.")
    assert not [e.text for e in doc.ents if e.label_ == "PERSON"]


def test_surname_acronym_and_country_variants_are_one_entity(extract):
    events = extract(
        "Commerce Secretary Gina Raimondo said on Thursday that the US would act. "
        "Raimondo explained that the Department of Homeland Security agreed. "
        "DHS said the United States and the U.S. military were ready."
    )
    agents = {e.action: e.agents for e in events}
    assert labels(agents["say"])[0] in ("Gina Raimondo", "US Department of Homeland Security")
    assert labels(agents["explain"]) == ["Gina Raimondo"]
    raimondo = [a for e in events for a in e.agents if a.label == "Gina Raimondo"]
    assert len({a.id for a in raimondo}) == 1
    dhs = [a for e in events for a in e.agents if "Homeland" in a.label]
    assert len({a.id for a in dhs}) == 1


def test_metonym_links_to_the_country_with_lower_confidence(extract):
    events = extract("The Kremlin denied the report on Friday.")
    deny = one(events, "deny")
    assert labels(deny.agents) == ["Russia"]
    direct = one(extract("Russia denied the report on Friday."), "deny")
    assert deny.confidence < direct.confidence


@pytest.mark.parametrize(
    "text",
    [
        "Kaspersky remains a popular brand and has offices in 31 countries.",
        "Qatar Airways owns a large fleet and wants new jets.",
    ],
)
def test_states_are_stored_as_reports_below_any_listing(extract, text):
    events = extract(text)
    assert events, "a state with a participant is a report the store keeps"
    assert all(e.type == "Other" and e.confidence < LISTING_CONFIDENCE for e in events)


def test_we_in_a_quote_is_the_speaker_and_would_is_planned(extract):
    events = extract('"We will appeal the ruling," Huawei said on Monday. ZTE said it would sue.')
    appeal = one(events, "appeal")
    assert labels(appeal.agents) == ["Huawei"]
    assert appeal.modality == "planned"
    sue = one(events, "sue")
    assert labels(sue.agents) == ["ZTE"] and sue.modality == "planned"


def test_government_of_a_country_is_the_country(extract):
    events = extract("The Chinese government sanctioned Lockheed Martin in 2020.")
    sanction = one(events, "sanction")
    assert labels(sanction.agents) == ["China"]


def test_object_pronoun_never_refers_to_its_own_subject(extract):
    events = extract("TikTok criticized the law. TikTok will challenge it in court.")
    challenge = one(events, "challenge")
    assert labels(challenge.agents) == ["TikTok"]
    assert challenge.patients == ()


def test_document_titles_are_not_people(nlp):
    doc = nlp("The order, Binding Operational Directive 17-01, was issued by Elaine Duke.")
    assert [e.text for e in doc.ents if e.label_ == "PERSON"] == ["Elaine Duke"]


def test_when_clause_takes_the_time_it_modifies(extract):
    events = extract("The dispute began in 2017, when the FCC banned Huawei equipment.")
    ban = one(events, "ban")
    assert ban.date is not None and ban.date.value == "2017"


def test_time_before_a_reported_clause_dates_the_saying(extract):
    events = extract("Meta said on Tuesday it would appeal the fine.", published=date(2025, 4, 3))
    say, appeal = one(events, "say"), one(events, "appeal")
    assert say.date is not None and say.date.value == "2025-04-01"
    # Tuesday dates the saying; the planned appeal only follows the article.
    assert appeal.modality == "planned"
    assert appeal.date is not None
    assert (appeal.date.value, appeal.date.relation, appeal.date.source) == (
        "2025-04-03",
        "after",
        "publication",
    )


def test_coordinated_subjects_are_all_agents(extract):
    sign = one(
        extract("Ukraine and Turkey signed the agreement in Istanbul on July 22, 2022."), "sign"
    )
    assert sorted(labels(sign.agents)) == ["Turkey", "Ukraine"]


def test_untyped_verb_with_an_actor_and_a_time_is_kept(extract):
    events = extract("Amazon fired 300 workers on Tuesday.", published=date(2023, 1, 20))
    fire = one(events, "fire")
    assert labels(fire.agents) == ["Amazon"] and fire.date.value == "2023-01-17"


def test_an_agreement_to_act_is_an_event_and_the_act_is_planned(extract):
    events = extract(
        "Google agreed on Friday to pay a fine to the European Commission.",
        published=date(2024, 3, 4),
    )
    agree = one(events, "agree")
    assert labels(agree.agents) == ["Google"] and agree.date.value == "2024-03-01"


def test_possessives_in_reports_and_with_own(extract):
    events = extract(
        "Google was fined on Tuesday. The Federal Trade Commission closed its own "
        "investigation in 2013. Dutch union FNV said its members would strike on Monday."
    )
    investigation = one(events, "investigate")
    assert labels(investigation.agents) == ["Federal Trade Commission"]
    assert labels(one(events, "strike").agents) == ["FNV"]


def test_acronym_companies_the_model_misses_are_actors(extract):
    events = extract(
        "SMIC said on Monday it had no ties to the military.", published=date(2020, 12, 22)
    )
    assert labels(one(events, "say").agents) == ["SMIC"]


def test_lifting_a_ban_is_an_easing_event(extract):
    events = extract(
        "The Commerce Department lifted its ban on ZTE on Friday.", published=date(2018, 7, 14)
    )
    lift = one(events, "lift")
    assert lift.type == "Easing" and lift.cameo == "081"
    assert labels(lift.agents) == ["US Department of Commerce"]
    assert labels(lift.patients) == ["ZTE"]
    assert lift.date is not None and lift.date.value == "2018-07-13"
