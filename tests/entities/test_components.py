"""Ruler and linker inside the project's spaCy pipeline."""

from __future__ import annotations

import pytest
import spacy

from discourse.entities import tag_texts
from discourse.nlp import resolve_model


def _ents(nlp, text):
    doc = nlp(text)
    return {e.text: (e.label_, e._.entity_id) for e in doc.ents}


def _tag(nlp, *texts):
    records = [{"id": f"t/{i}", "text": t} for i, t in enumerate(texts)]
    return [
        {m["text"]: (m["label"], m["entity_id"]) for m in r["mentions"]}
        for r in tag_texts(records, nlp)
    ]


def test_components_sit_around_the_statistical_ner(nlp):
    names = nlp.pipe_names
    assert names.index("discourse_entity_ruler") < names.index("ner")
    assert names.index("ner") < names.index("discourse_entity_linker")


def test_ruler_beats_the_stock_labels(nlp):
    text = (
        "Guatemala's elite forces, Los Kaibiles, will fight the Los Zetas cartel "
        "with Guatemalan police."
    )
    stock = {e.text: e.label_ for e in spacy.load(resolve_model())(text).ents}
    # the stock model gets these wrong — that is why the ruler exists
    assert stock.get("Los Kaibiles") != "ORG" or stock.get("Guatemalan") != "NORP"
    ours = _ents(nlp, text)
    assert ours["Los Kaibiles"] == ("ORG", "kaibiles")
    assert ours["Guatemalan"] == ("NORP", "guatemala")
    assert next(v for k, v in ours.items() if k.startswith("Los Zetas")) == ("ORG", "los-zetas")


def test_aliases_acronyms_and_accents_link_to_one_id(nlp):
    found = _ents(
        nlp, "The US, the U.S. and the United States of America fund the Merida Initiative."
    )
    ids = {v[1] for k, v in found.items() if "Merida" not in k}
    assert ids == {"united-states"}
    assert _ents(nlp, "Plan Mérida and Plan Merida.") == {
        "Plan Mérida": ("ORG", "merida-initiative"),
        "Plan Merida": ("ORG", "merida-initiative"),
    }


def test_pronoun_us_is_not_the_united_states(nlp):
    assert "us" not in _ents(nlp, "The cartels will not leave us alone in Mexico.")


@pytest.mark.parametrize(
    "text",
    [
        "THEY WILL KILL US ALL IF WE LEGALIZE DRUGS!!!",
        "NONE OF US WANT THE ARMY IN OUR STREETS",
        "GIVE US A BREAK",
        "Let US be clear.",
        "They lied to US, the voters.",
    ],
)
def test_pronoun_us_in_capitals_is_not_the_united_states(nlp, text):
    """Shouted, or emphasised right after a verb or preposition, "US" is "us"."""
    assert "US" not in _ents(nlp, text)


@pytest.mark.parametrize(
    "text",
    [
        "The US sent troops.",
        "US troops and the US-Mexico border.",
        "THE US MUST STOP SENDING GUNS TO MEXICO",
        "US DRUG POLICY HAS FAILED",
        "WHY DOES THE US ARM THE CARTELS?",
        "Mexico blames the US for guns.",
        "US sends troops to the border.",
        "Aid from US agencies helped.",
    ],
)
def test_the_us_stays_the_united_states_in_any_case(nlp, text):
    """After "the", before a hyphen or as a modifier it is the country, shouted or not."""
    assert _ents(nlp, text)["US"] == ("GPE", "united-states")


def test_partial_names_link_to_the_full_person(nlp):
    found = _ents(nlp, "Perez Molina met Otto Pérez Molina's envoy and Joaquín Guzmán's lawyer.")
    assert found["Perez Molina"] == ("PERSON", "otto-perez-molina")
    assert found["Joaquín Guzmán"][1] == "joaquin-guzman-loera"


def test_surname_after_full_name_in_the_same_thread(nlp):
    first, second = _tag(nlp, "Karen Hooper wrote the report.", "Hooper says the aid is too small.")
    assert first["Karen Hooper"] == ("PERSON", "x:karen-hooper")
    assert second["Hooper"] == ("PERSON", "x:karen-hooper")


def test_unknown_names_get_the_same_slug_everywhere(nlp):
    a, b = _tag(nlp, "Douglas Fraser visited.", "Later, douglas fraser's staff left.")
    assert a["Douglas Fraser"][1] == "x:douglas-fraser"
    assert all(v[1] == "x:douglas-fraser" for v in b.values())


def test_demonyms_and_regions(nlp):
    found = _ents(nlp, "Mexican and Central American officials met in South Texas.")
    assert found["Mexican"] == ("NORP", "mexico")
    assert found["Central American"] == ("NORP", "central-america")
    assert found["South Texas"][0] == "LOC"


def test_bare_place_name_means_the_cartel_in_cartel_context(nlp):
    found = _ents(nlp, "Both Sinaloa and Los Zetas bribe officials, but life in Sinaloa goes on.")
    doc = nlp("Both Sinaloa and Los Zetas bribe officials, but life in Sinaloa goes on.")
    sinaloas = [(e.label_, e._.entity_id) for e in doc.ents if e.text == "Sinaloa"]
    assert sinaloas == [("ORG", "sinaloa-cartel"), ("GPE", "sinaloa")]
    assert found["Los Zetas"][0] == "ORG"


def test_alias_nickname_and_administration_rules(nlp):
    found = _ents(
        nlp,
        "Leon crime family boss Juan Leon Ardon, alias “El Juancho,” died. "
        "The Obama administration asked for more aid.",
    )
    assert found["Leon crime family"][0] == "ORG"
    assert found["El Juancho"] == ("PERSON", found["Juan Leon Ardon"][1])
    assert found["Obama administration"] == ("ORG", "x:barack-obama-administration")


def test_possessive_government_is_an_organisation(nlp):
    found = _ents(nlp, "Peña Nieto's government sent troops to Michoacán.")
    assert found["Peña Nieto's government"] == ("ORG", "x:enrique-pena-nieto-government")
    assert "Peña Nieto" not in found


def test_legislatures_and_forces_are_linked_by_country(nlp):
    text = "Congress cut the aid, Mexico's Congress did not, and the US Navy patrolled."
    doc = nlp(text)
    ids = {e.text: e._.entity_id for e in doc.ents}
    assert ids["Congress"] == "us-congress"
    assert "mexican-congress" in ids.values()
    assert ids["US Navy"] == "us-navy"


@pytest.mark.parametrize(
    ("text", "name", "expected"),
    [
        # a country anywhere in the sentence, not only right before the name
        ("In Guatemala, the Congress voted against the law.", "Congress", "guatemalan-congress"),
        (
            "The Senate approved the reform that Mexico had debated for years.",
            "Senate",
            "mexican-senate",
        ),
        (
            "After the vote in Mexico, the National Guard took over.",
            "National Guard",
            "guardia-nacional",
        ),
        # the nearest country decides where the sentence names two
        ("The US pressed Mexico, and the Senate gave in.", "Senate", "mexican-senate"),
        ("Mexico pressed the US, and the Senate gave in.", "Senate", "us-senate"),
        ("In Honduras, the Congress voted against the law.", "Congress", "honduran-congress"),
        # a city or state tells its country too
        ("The Senate in Washington wants the cartels designated.", "Senate", "us-senate"),
        ("Congress in Mexico City debated the reform.", "Congress", "mexican-congress"),
        ("The Senate in Bogota will block him.", "Senate", "colombian-senate"),
    ],
)
def test_a_bare_body_takes_the_country_of_its_sentence(nlp, text, name, expected):
    assert _ents(nlp, text)[name] == ("ORG", expected)


@pytest.mark.parametrize(
    "text",
    [
        "Congress cut the aid to Mexico.",
        "Congress sent troops to Colombia.",
        "The guns flow into Mexico while Congress does nothing.",
        "Congress approved the weapons sent to Guatemala.",
        "Congress cut aid to the Mexican army.",
        "Congress cut the aid to Mexico and Guatemala.",
        # what the body itself acts on: the object of a verb whose subject is the
        # body or a pronoun (the capital stands for the country)
        "Congress should stop the flow of weapons to the region before it lectures Bogotá.",
        "Congress sanctioned Colombia.",
    ],
)
def test_a_country_that_only_receives_does_not_place_the_body(nlp, text):
    """A country the aid, troops or guns go to is not where the body sits: "Congress"
    stays the default, the US Congress."""
    assert _ents(nlp, text)["Congress"] == ("ORG", "us-congress")


@pytest.mark.parametrize(
    ("text", "name", "expected"),
    [
        ("Mexico's Congress cut the aid to Guatemala.", "Mexico's Congress", "mexican-congress"),
        ("The Mexican Congress passed the reform.", "Mexican Congress", "mexican-congress"),
        ("In Mexico, Congress passed the reform.", "Congress", "mexican-congress"),
        ("Guatemala's Congress approved the extradition.", "Congress", "guatemalan-congress"),
        # the subject's country places it; the one sent to does not
        (
            "Mexico's president asked Congress to send troops to Guatemala.",
            "Congress",
            "mexican-congress",
        ),
        (
            "In Mexico, Congress voted to send troops to Guatemala.",
            "Congress",
            "mexican-congress",
        ),
        # a state sent to is inside the body's own country
        ("Congress sent troops to Sinaloa.", "Congress", "mexican-congress"),
        # "according to", "due to" name a source or a cause, not a recipient
        (
            "According to Mexico's constitution, Congress must approve any deployment.",
            "Congress",
            "mexican-congress",
        ),
        ("According to Mexico, Congress never approved it.", "Congress", "mexican-congress"),
    ],
)
def test_a_country_that_acts_still_places_the_body(nlp, text, name, expected):
    assert _ents(nlp, text)[name] == ("ORG", expected)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # no country in its sentence: the nearest one of its paragraph
        ("Guatemala's courts are slow. Congress refused.", "guatemalan-congress"),
        ("The vote was in Mexico City. Then Congress refused.", "mexican-congress"),
        # a blank line ends the paragraph: without a thread, the default
        ("Guatemala's courts are slow.\n\nCongress refused.", "us-congress"),
        # its own sentence's country beats the paragraph's
        ("Guatemala's courts are slow. In Mexico, Congress refused.", "mexican-congress"),
    ],
)
def test_a_bare_body_takes_the_country_of_its_paragraph(nlp, text, expected):
    assert _ents(nlp, text)["Congress"] == ("ORG", expected)


def test_a_body_that_names_its_country_keeps_it(nlp):
    found = _ents(nlp, "In Mexico, the US Senate and the U.S. Congress were criticised.")
    assert found["US Senate"] == ("ORG", "us-senate")
    assert found["U.S. Congress"] == ("ORG", "us-congress")


def test_a_country_bound_to_one_body_is_no_context_for_another(nlp):
    doc = nlp("Guatemala's Congress and Mexico's Senate met; the Senate in Washington did not.")
    assert [e._.entity_id for e in doc.ents if e.label_ == "ORG"] == [
        "guatemalan-congress",
        "mexican-senate",
        "us-senate",
    ]


def test_unknown_organisations_get_their_kind_from_the_head_noun(nlp):
    doc = nlp("In Honduras the Navy and the Honduran Air Force answer to the Ministry of Security.")
    kinds = {e._.canonical: e._.kind for e in doc.ents if e.label_ == "ORG"}
    assert kinds.get("Navy") == "armed_force"
    assert "government_body" in kinds.values()


def test_national_guard_depends_on_the_country(nlp):
    found = _ents(nlp, "Mexico's National Guard and the National Guard in Texas.")
    ids = [
        e._.entity_id for e in nlp("Mexico's National Guard and the National Guard in Texas.").ents
    ]
    assert "guardia-nacional" in ids and "us-national-guard" in ids
    assert found["Texas"] == ("GPE", "texas")


def test_abbreviation_hyphen_compounds_are_split(nlp):
    found = _ents(nlp, "Trade across the U.S.-Mexico border and U.N.-backed CICIG.")
    assert found["U.S."] == ("GPE", "united-states")
    assert found["Mexico"] == ("GPE", "mexico")
    assert found["CICIG"][1] == "cicig"


def test_lowercase_common_words_are_not_names(nlp):
    found = _ents(nlp, "The holder of the chile pepper farm will trump the national guard plan.")
    assert not any(v[1] in {"eric-holder", "chile", "donald-trump"} for v in found.values())


@pytest.mark.parametrize(
    "text",
    [
        "Colombia's Senate rejected the reform.",
        "The Colombian Senate rejected the reform.",
        "The Senate in Colombia rejected the reform.",
    ],
)
def test_a_senate_named_with_colombia_is_colombias(nlp, text):
    ids = [e._.entity_id for e in nlp(text).ents if e.label_ == "ORG"]
    assert ids == ["colombian-senate"]


@pytest.mark.parametrize(
    ("text", "name", "expected"),
    [
        ("Peru's Senate rejected the reform.", "Senate", "x:peru-senate"),
        ("In Honduras, the Senate rejected the reform.", "Senate", "x:honduras-senate"),
        ("In Peru, the Congress voted against the law.", "Congress", "x:peru-congress"),
        (
            "The National Guard of Guatemala does not exist.",
            "National Guard",
            "x:guatemala-national-guard",
        ),
    ],
)
def test_a_body_of_a_country_the_gazetteer_lacks_is_unknown_not_the_us_one(
    nlp, text, name, expected
):
    """Peru has no Senate in the gazetteer (Honduras none at all): not the US Senate,
    and an unknown body of its own country, not one ``x:senate`` for every country's."""
    span = next(e for e in nlp(text).ents if e.text == name)
    assert span._.entity_id == expected
    assert span._.kind in {"government_body", "armed_force"}
    assert span.label_ == "ORG"


def test_two_countries_unknown_senates_are_two_bodies(nlp):
    doc = nlp("Peru's Senate passed the bill, and Chile's Senate rejected it.")
    ids = [e._.entity_id for e in doc.ents if e.text == "Senate"]
    assert ids == ["x:peru-senate", "x:chile-senate"]


@pytest.mark.parametrize(
    ("text", "name", "canonical"),
    [
        ("Sinaloa's Congress passed the law.", "Congress", "Sinaloa Congress"),
        ("New Mexico's Senate voted on the bill.", "Senate", "New Mexico Senate"),
        ("The Texas Senate voted on the bill.", "Senate", "Texas Senate"),
        (
            "California's National Guard was deployed.",
            "National Guard",
            "California National Guard",
        ),
    ],
)
def test_a_states_own_body_is_not_the_countrys(nlp, text, name, canonical):
    """A state's legislature or guard is its own body, not the federal one of its country."""
    span = next(e for e in nlp(text).ents if e.text == name)
    assert span._.entity_id == "x:" + canonical.lower().replace(" ", "-")
    assert span._.canonical == canonical


@pytest.mark.parametrize(
    ("text", "name", "expected"),
    [
        ("The Mexican Army patrols the border.", "Mexican Army", "mexican-army"),
        ("Mexico's Army is deployed in Sinaloa.", "Mexico's Army", "mexican-army"),
        ("Guatemala's Army is deployed in Petén.", "Guatemala's Army", "guatemalan-army"),
    ],
)
def test_armed_forces_named_in_title_case_are_linked(nlp, text, name, expected):
    assert _ents(nlp, text)[name] == ("ORG", expected)


@pytest.mark.parametrize(
    ("text", "word", "label", "expected"),
    [
        ("It is better funded than the Guatemalan army.", "Guatemalan", "NORP", "guatemala"),
        ("Mexican marines captured him in Mazatlán.", "Mexican", "NORP", "mexico"),
        ("Mexico's army is deployed in Sinaloa.", "Mexico", "GPE", "mexico"),
    ],
)
def test_a_demonym_before_a_lower_case_noun_stays_a_nationality(nlp, text, word, label, expected):
    """As OntoNotes and the seed thread's entity gold: "the Guatemalan army" is a
    NORP and a common noun, not the name of an armed force."""
    found = _ents(nlp, text)
    assert found[word] == (label, expected)
    assert not any(v[1].endswith(("army", "semar")) for v in found.values())


def test_an_armed_force_all_in_lower_case_stays_a_description(nlp):
    found = _ents(nlp, "the mexican army and the national guard patrol the border.")
    assert not any(v[1] in {"mexican-army", "us-national-guard"} for v in found.values())


@pytest.mark.parametrize(
    ("text", "name", "expected"),
    [
        ("Both Sinaloa and the Zetas fight for the plaza.", "Sinaloa", "sinaloa-cartel"),
        ("Sinaloa and the CJNG are at war.", "Sinaloa", "sinaloa-cartel"),
        ("Sinaloa and the Gulf cartel fought.", "Sinaloa", "sinaloa-cartel"),
        ("The Zetas and the Gulf fought over Tamaulipas.", "Gulf", "gulf-cartel"),
        # a "the" with no "and" before it joins nothing: the state stays the state
        ("In Sinaloa the cartel is king.", "Sinaloa", "sinaloa"),
    ],
)
def test_cartel_context_reads_through_the_article(nlp, text, name, expected):
    assert _ents(nlp, text)[name][1] == expected


@pytest.mark.parametrize(
    ("text", "name", "expected"),
    [
        (
            "The Cartel de Jalisco Nueva Generación is growing.",
            "Cartel de Jalisco Nueva Generación",
            "cjng",
        ),
        (
            "Andrés Manuel Lopez Obrador won.",
            "Andrés Manuel Lopez Obrador",
            "andres-manuel-lopez-obrador",
        ),
        ("Álvaro Uribe Velez spoke.", "Álvaro Uribe Velez", "alvaro-uribe"),
        ("Mexico’s Army is deployed.", "Mexico’s Army", "mexican-army"),
    ],
)
def test_partly_accented_names_are_one_mention_with_exact_offsets(nlp, text, name, expected):
    (record,) = tag_texts([{"id": "t", "text": text}], nlp)
    mention = next(m for m in record["mentions"] if m["entity_id"] == expected)
    assert mention["text"] == name == text[mention["start"] : mention["end"]]
    assert sum(m["entity_id"] == expected for m in record["mentions"]) == 1


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("the cjng and the dea and atf are there", {"cjng", "dea", "atf"}),
        ("the farc and the eln signed", {"farc", "eln"}),
        ("ice and cbp raided the town", {"cbp"}),
        ("ms-13 and barrio 18 are gangs", {"ms-13", "barrio-18"}),
        ("amlo lied and sheinbaum agreed", {"andres-manuel-lopez-obrador", "claudia-sheinbaum"}),
        # English words never are the acronym in lower case
        ("let us go, the ice is thin, who cares and who leaps", set()),
    ],
)
def test_acronyms_that_are_no_english_words_match_in_lower_case(nlp, text, expected):
    found = {v[1] for v in _ents(nlp, text).values()}
    assert found & {"united-states", "ice", "who", "leap", "un"} == set()
    assert expected <= found


@pytest.mark.parametrize(
    ("text", "name", "expected"),
    [
        ("Santos signed the deal.", "Santos", "juan-manuel-santos"),
        ("President Santos was praised.", "Santos", "juan-manuel-santos"),
        ("Obrador and Sheinbaum met.", "Obrador", "andres-manuel-lopez-obrador"),
    ],
)
def test_unambiguous_surnames_are_aliases(nlp, text, name, expected):
    assert _ents(nlp, text)[name] == ("PERSON", expected)


def test_a_capitalised_common_noun_is_no_person(nlp):
    doc = nlp("The Cartel runs Sinaloa now.")
    cartel = next(e for e in doc.ents if e.text == "Cartel")
    assert (cartel.label_, cartel._.kind) == ("ORG", "criminal_group")


@pytest.mark.parametrize(
    ("text", "name", "expected"),
    [
        # the stock model split her name at "de" and sent "Lima" to Peru
        ("Senator Leila de Lima was jailed.", "Leila de Lima", ("PERSON", "leila-de-lima")),
        ("De Lima was jailed for asking questions.", "De Lima", ("PERSON", "leila-de-lima")),
        ("Duterte promised to kill drug dealers.", "Duterte", ("PERSON", "rodrigo-duterte")),
        # "British" alone was a NORP of the United Kingdom
        (
            "Canada's British Columbia copied part of the model.",
            "British Columbia",
            ("GPE", "british-columbia"),
        ),
        ("Lisbon has more crack on the streets.", "Lisbon", ("GPE", "lisbon")),
        ("The streets of Davao are safer.", "Davao", ("GPE", "davao")),
        # with "Manila" in the gazetteer, the model could no longer find the bay
        ("They dumped the bodies in Manila Bay.", "Manila Bay", ("LOC", "manila-bay")),
        (
            "The UNODC says the drug market in Southeast Asia grew.",
            "Southeast Asia",
            ("LOC", "southeast-asia"),
        ),
        ("A federal jury in Manhattan convicted him.", "Manhattan", ("GPE", "manhattan")),
        ("The SICAD numbers say otherwise.", "SICAD", ("ORG", "sicad")),
        (
            "Precursors keep arriving at Manzanillo.",
            "Manzanillo",
            ("GPE", "manzanillo"),
        ),
        (
            "The Philippines will not cooperate with the ICC.",
            "ICC",
            ("ORG", "international-criminal-court"),
        ),
        (
            "The International Criminal Court reopened the case.",
            "International Criminal Court",
            ("ORG", "international-criminal-court"),
        ),
        ("Goulão is a hero.", "Goulão", ("PERSON", "joao-goulao")),
    ],
)
def test_figures_and_places_of_the_drug_policy_debate_are_in_the_gazetteer(
    nlp, text, name, expected
):
    assert _ents(nlp, text)[name] == expected


@pytest.mark.parametrize(
    ("text", "name", "expected"),
    [
        ("Purdue Pharma made OxyContin.", "Purdue Pharma", ("ORG", "purdue-pharma")),
        ("Purdue Pharma L.P. pleaded guilty.", "Purdue Pharma L.P.", ("ORG", "purdue-pharma")),
        (
            "The Marijuana Policy Project backed the ballot measure.",
            "Marijuana Policy Project",
            ("ORG", "marijuana-policy-project"),
        ),
    ],
)
def test_the_oxycontin_maker_and_a_cannabis_lobby_are_in_the_gazetteer(nlp, text, name, expected):
    assert _ents(nlp, text)[name] == expected


def test_purdue_university_is_not_the_oxycontin_maker(nlp):
    found = _tag(nlp, "Purdue Pharma made OxyContin.", "He studied at Purdue University.")
    assert found[0]["Purdue Pharma"] == ("ORG", "purdue-pharma")
    assert found[1].get("Purdue University", ("ORG", ""))[1] != "purdue-pharma"
    assert "purdue-pharma" not in {eid for _, eid in found[1].values()}


def test_a_possessive_is_no_part_of_a_name(nlp):
    """The model took the "'s" into "Ramon Mendoza's" (and an ORG "Rodrigo Duterte's")."""
    found = _ents(nlp, "The court reopened its inquiry into Ramon Mendoza's anti-drug campaign.")
    assert found["Ramon Mendoza"] == ("PERSON", "x:ramon-mendoza")
    assert not [name for name in found if name.endswith("'s")]


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("Legalise it and the Cachiros lose their business overnight.", "Legalise"),
        ("Decriminalising drug use would empty half of CECOT.", "Decriminalising"),
        ("Decriminalising small farmers is the right call.", "Decriminalising"),
        ("Legalise it.", "Legalise"),
        ("Legalise everything now.", "Legalise"),
        # the tagger's verb, the root of its sentence, before a clause
        ("Limit how many rifles one buyer can purchase.", "Limit"),
        # a list of orders: the next word after the comma, semicolon or
        # conjunction is another verb in its base form
        ("Legalise, tax and regulate.", "Legalise"),
        ("Legalise; tax; regulate.", "Legalise"),
        ("Legalise and regulate everything.", "Legalise"),
    ],
)
def test_a_verb_opening_a_sentence_is_no_name(nlp, text, word):
    """Reports listed "Legalise" as a PERSON and "Decriminalising" as an ORG."""
    assert word not in _ents(nlp, text)


@pytest.mark.parametrize(
    ("text", "name", "expected"),
    [
        # names that are also English verbs, opening a sentence before a word
        # that cannot be a verb's object: all were dropped as imperatives
        ("Bush and Calderon signed the Mérida Initiative in 2007.", "Bush", ("PERSON", "x:bush")),
        ("Rice, then Secretary of State, praised Plan Colombia.", "Rice", ("PERSON", "x:rice")),
        ("Bush, not Obama, militarized the border.", "Bush", ("PERSON", "x:bush")),
        ("Amnesty, to its credit, documented the killings.", "Amnesty", ("ORG", "x:amnesty")),
        ("Bush (the elder) started it.", "Bush", ("PERSON", "x:bush")),
        # a subject, or a person's name without an object pronoun after it
        ("Rice in 2005 praised it.", "Rice", ("PERSON", "x:rice")),
        ("Rice herself admitted it.", "Rice", ("PERSON", "x:rice")),
        # a name before "and"/"," and a noun that is also a verb: no list of orders
        ("Brown and staff agreed to the plan.", "Brown", ("PERSON", "x:brown")),
        ("Mark and team flew to Bogota.", "Mark", ("PERSON", "x:mark")),
        ("Rice, staff and aides flew to Bogota.", "Rice", ("PERSON", "x:rice")),
        ("Rice and police chiefs met in Mexico City.", "Rice", ("PERSON", "x:rice")),
        ("Frank and police officers disagreed.", "Frank", ("PERSON", "x:frank")),
    ],
)
def test_a_name_that_is_also_a_verb_stays_a_name_before_what_no_verb_takes(
    nlp, text, name, expected
):
    assert _ents(nlp, text)[name] == expected


@pytest.mark.parametrize(
    ("text", "name", "expected"),
    [
        ("Ray is right about the DEA.", "Ray", ("PERSON", "x:ray")),
        # "japan" is a verb in WordNet: a place or a possessive is still the name
        ("Japan's health ministry warned travelers.", "Japan", ("GPE", "x:japan")),
        ("Japan, with strict gun laws, has few shootings.", "Japan", ("GPE", "x:japan")),
    ],
)
def test_a_name_opening_a_sentence_stays_a_name(nlp, text, name, expected):
    assert _ents(nlp, text)[name] == expected


def test_another_person_with_a_gazetteer_surname_is_not_that_person(nlp):
    """The ruler's "Duterte" cut "Sara Duterte" down to her father."""
    assert _ents(nlp, "Sara Duterte is the daughter of the former president.") == {
        "Sara Duterte": ("PERSON", "x:sara-duterte")
    }
    assert _ents(nlp, "President Duterte promised to kill.")["Duterte"] == (
        "PERSON",
        "rodrigo-duterte",
    )


@pytest.mark.parametrize(
    ("text", "name", "expected"),
    [
        ("Ambassador Duterte spoke.", "Duterte", ("PERSON", "rodrigo-duterte")),
        ("Justice Duterte ruled.", "Duterte", ("PERSON", "rodrigo-duterte")),
        ("Attorney Duterte spoke.", "Duterte", ("PERSON", "rodrigo-duterte")),
        ("Professor Goulão is a hero.", "Goulão", ("PERSON", "joao-goulao")),
        ("Father Duterte spoke.", "Duterte", ("PERSON", "rodrigo-duterte")),
    ],
)
def test_every_title_of_the_pipeline_is_no_first_name(nlp, text, name, expected):
    """The linker had a title list of its own without "Ambassador", "Justice",
    "Attorney", "Professor": "Ambassador Duterte" was a person x:ambassador-duterte."""
    assert _ents(nlp, text) == {name: expected}


@pytest.mark.parametrize(
    "text",
    [
        "The Mérida aid should continue, but Congress must match it with money at home.",
        "Congress appropriated the first Mérida funds in mid-2008.",
    ],
)
def test_a_programmes_place_word_before_its_money_is_the_programme(nlp, text):
    """With Mérida, the city, in the gazetteer, "the Mérida aid" made Congress Mexico's."""
    found = _ents(nlp, text)
    assert found["Mérida"] == ("ORG", "merida-initiative")
    assert found["Congress"] == ("ORG", "us-congress")


def test_dare_is_the_drug_education_programme_not_a_person(nlp):
    """ "DARE never worked" was a PERSON x:dare; "D.A.R.E." no mention at all."""
    found = _tag(
        nlp,
        "DARE never worked.",
        "D.A.R.E. taught us nothing.",
        "I DARE YOU TO FIND ONE STUDY THAT SAYS DARE WORKED",
        "I dare you to find one study.",
    )
    assert found[0] == {"DARE": ("ORG", "dare")}
    assert found[1] == {"D.A.R.E.": ("ORG", "dare")}
    # the verb in capitals is no programme; the programme after it is
    assert found[2] == {"DARE": ("ORG", "dare")}
    assert found[3] == {}


def test_dare_after_had_is_the_programme_and_dare_not_is_the_verb(nlp):
    """The acronym filter was backwards: "We had DARE in fifth grade" lost the
    programme (the pronoun is the subject of "had", not of DARE) and "They DARE
    not touch the cartels" was the programme."""
    found = _tag(
        nlp,
        "We had DARE in fifth grade.",
        "I had DARE in fifth grade and still tried everything.",
        "They DARE not touch the cartels.",
        "Nobody would DARE to cut it.",
        "We DARE to hope.",
        "My school had DARE every year.",
        # the parser hangs DARE and the modal on the next verb (final code read)
        "Nobody would DARE cut it.",
        "No politician would DARE cut DARE funding.",
        "DARE would never work.",
    )
    assert found[0] == {"DARE": ("ORG", "dare")}
    assert found[1] == {"DARE": ("ORG", "dare")}
    assert found[2] == {}
    assert found[3] == {}
    assert found[4] == {}
    assert found[5] == {"DARE": ("ORG", "dare")}
    assert found[6] == {}
    assert found[7] == {"DARE": ("ORG", "dare")}  # the programme's funding, once
    assert found[8] == {"DARE": ("ORG", "dare")}


def test_a_country_beside_a_name_is_neither_merged_into_a_person(nlp):
    """A country's name was merged with a capitalised word before or after it
    into a PERSON ("Honduras Hernandez", "Obama Mexico", "Mexico Evalua") and the
    country was lost; "Michael Jordan" stays the model's person."""
    found = _tag(
        nlp,
        "In Honduras Hernandez took cartel money.",
        "Mexico Evalua says homicides rose last year.",
        "Under Obama Mexico got Merida money.",
        "Peña Nieto Mexico was no safer.",
        "Health Canada updated its labelling rules.",
        "Colombia Reports covered the strike.",
        "Michael Jordan never did drugs.",
        "Rep. Jim Jordan said the border is open.",
    )
    assert found[0] == {"Honduras": ("GPE", "honduras")}
    assert found[1] == {"Mexico": ("GPE", "mexico")}
    assert found[2]["Obama"] == ("PERSON", "barack-obama")
    assert found[2]["Mexico"] == ("GPE", "mexico")
    assert found[3]["Mexico"] == ("GPE", "mexico")
    assert found[4] == {"Canada": ("GPE", "canada")}
    assert found[5] == {"Colombia": ("GPE", "colombia")}
    assert found[6] == {"Michael Jordan": ("PERSON", "x:michael-jordan")}
    assert found[7] == {"Jim Jordan": ("PERSON", "x:jim-jordan")}


def test_a_country_after_of_stays_a_mention_of_its_own(nlp):
    """ "The Government of" + "Mexico" was joined into one ORG and the country lost."""
    found = _tag(
        nlp,
        "The Government of Mexico said the army would stay.",
        "Gun Owners of America opposes it.",
    )
    assert found[0]["Mexico"] == ("GPE", "mexico")
    assert found[1]["America"] == ("GPE", "united-states")


def test_lower_case_words_round_a_verb_are_no_name(nlp):
    """ "heroin clinics cut crime" was an ORG."""
    found = _tag(nlp, "Switzerland's heroin clinics cut crime, the Swiss voted for them twice.")
    assert found[0] == {"Switzerland": ("GPE", "switzerland"), "Swiss": ("NORP", "switzerland")}


def test_a_drugs_name_is_no_actor(nlp):
    """The statistical ner took drugs for actors: "Fentanyl" PERSON, "Meth" GPE,
    "Cocaine" ORG, which then stood in the reports' entity tables beside cartels."""
    found = _tag(
        nlp,
        "Fentanyl kills more Americans than car crashes.",
        "Meth labs in Sinaloa supply the US market.",
        "Cocaine seizures rose in Ecuador.",
        "Opioids killed 80,000 people last year.",
        "ICE agents raided the house.",
    )
    assert found[0] == {"Americans": ("NORP", "united-states")}
    assert found[1] == {"Sinaloa": ("GPE", "sinaloa"), "US": ("GPE", "united-states")}
    assert found[2] == {"Ecuador": ("GPE", "ecuador")}
    assert "Opioids" not in found[3]
    # an agency spelled like a street name of a drug is left alone
    assert found[4] == {"ICE": ("ORG", "ice")}


def test_a_paragraph_naming_only_a_country_that_receives_places_the_default(nlp):
    """Like its sentence: "We sent aid to Colombia. Congress refused more." keeps
    the US Congress, marked placed for the thread to leave alone."""
    doc = nlp("We sent aid to Colombia. Congress refused more.")
    (congress,) = [e for e in doc.ents if e.text == "Congress"]
    assert (congress._.entity_id, congress._.placed) == ("us-congress", True)


def test_paragraphs_of_a_long_text_place_its_bodies(nlp):
    """Paragraph ends are found once per doc (a walk per bare body was
    quadratic): each "Congress" still takes the nearest country of its own
    paragraph, before or after it, and none across a blank line."""
    text = (
        "Mexico has a plan."
        + 300 * " The vote was slow and Congress refused it again."
        + "\n\nThe talks failed. Congress refused.\n\nCongress refused. Then Honduras voted."
        + "\n\nGuatemala waited. The vote was slow. Congress refused."
    )
    ids = [e._.entity_id for e in nlp(text).ents if e.text == "Congress"]
    assert ids == 300 * ["mexican-congress"] + [
        "us-congress",
        "honduran-congress",
        "guatemalan-congress",
    ]
