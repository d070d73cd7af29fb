"""Thread-level linking, noise filtering and long texts in ``tag_texts``/``mentions_of``."""

from __future__ import annotations

import logging

import pytest

from discourse.entities import mentions, mentions_of, tag_texts
from discourse.entities.mentions import resolve_thread
from discourse.model import Thread, Utterance, speaker_node
from discourse.segment import parse_threads


def _tag(nlp, records, **kwargs):
    """``{id: [(text, label, entity_id), …]}`` of ``records`` tagged with ``nlp``."""
    return {
        r["id"]: [(m["text"], m["label"], m["entity_id"]) for m in r["mentions"]]
        for r in tag_texts(records, nlp, **kwargs)
    }


@pytest.fixture(scope="module")
def bare_nlp():
    """The pipeline without the entity ruler and linker."""
    from discourse.nlp import load_nlp

    return load_nlp(entities=False)


def test_lines_of_one_thread_are_linked_when_other_threads_come_between(nlp):
    records = [
        {"id": "t/1", "text": "Karen Hooper wrote the post."},
        {"id": "u/1", "text": "Nice weather."},
        {"id": "t/2", "text": "Hooper says the Zetas are winning."},
        {"id": "a", "thread_id": "k", "text": "Karen Hooper wrote the post."},
        {"id": "b", "thread_id": "j", "text": "Nice weather."},
        {"id": "c", "thread_id": "k", "text": "Hooper says the Zetas are winning."},
    ]
    out = list(tag_texts(records, nlp))
    assert [r["id"] for r in out] == ["t/1", "u/1", "t/2", "a", "b", "c"]
    found = {r["id"]: {m["text"]: (m["label"], m["entity_id"]) for m in r["mentions"]} for r in out}
    assert found["t/2"]["Hooper"] == ("PERSON", "x:karen-hooper")
    assert found["c"]["Hooper"] == ("PERSON", "x:karen-hooper")


def test_a_surname_never_links_to_a_full_name_of_another_thread(nlp):
    found = _tag(
        nlp,
        [
            {"id": "t/1", "text": "Karen Hooper wrote the post."},
            {"id": "u/1", "text": "Hooper says the Zetas are winning."},
        ],
    )
    assert ("Hooper", "PERSON", "x:karen-hooper") not in found["u/1"]


def test_a_later_full_name_does_not_unlink_an_earlier_surname(nlp):
    first = "Joaquín Guzmán escaped again; Guzmán is still the boss."
    alone = _tag(nlp, [{"id": "t/1", "text": first}])
    later = _tag(
        nlp,
        [
            {"id": "t/1", "text": first},
            {"id": "t/2", "text": "Years later Ovidio Guzmán López was arrested."},
        ],
    )
    assert alone["t/1"][1] == ("Guzmán", "PERSON", "joaquin-guzman-loera")
    assert later["t/1"] == alone["t/1"]


def test_a_surname_takes_the_most_recent_full_name_before_it(nlp):
    found = _tag(
        nlp,
        [
            {"id": "t/1", "text": "Joaquín Guzmán escaped again."},
            {"id": "t/2", "text": "Years later Ovidio Guzmán López was arrested."},
            {"id": "t/3", "text": "Guzmán is still in prison."},
        ],
    )
    assert found["t/3"] == [("Guzmán", "PERSON", "ovidio-guzman-lopez")]


def test_a_surname_before_the_full_name_is_not_linked_to_it(nlp):
    found = _tag(
        nlp,
        [
            {"id": "t/1", "text": "Hooper says the Zetas are winning."},
            {"id": "t/2", "text": "Karen Hooper wrote the post."},
        ],
    )
    assert all(m[2] != "x:karen-hooper" for m in found["t/1"])


def test_a_bare_body_takes_the_country_of_its_thread(nlp):
    """ "The Senate" in a thread about Mexico is Mexico's, in one about the US the US's."""
    found = _tag(
        nlp,
        [
            {"id": "mx/1", "text": "Mexico's president sent troops to Sinaloa again."},
            {"id": "us/1", "text": "The United States cut its aid to Colombia."},
            {"id": "mx/2", "text": "The Senate voted to keep the National Guard on the streets."},
            {"id": "us/2", "text": "The Senate voted to keep the National Guard at the border."},
            {"id": "gt/1", "text": "Guatemalan prosecutors reopened the case."},
            {"id": "gt/2", "text": "Congress refused to lift his immunity."},
        ],
    )
    assert found["mx/2"] == [
        ("Senate", "ORG", "mexican-senate"),
        ("National Guard", "ORG", "guardia-nacional"),
    ]
    assert found["us/2"] == [
        ("Senate", "ORG", "us-senate"),
        ("National Guard", "ORG", "us-national-guard"),
    ]
    assert found["gt/2"] == [("Congress", "ORG", "guatemalan-congress")]


def test_without_any_country_a_bare_body_keeps_the_default(nlp):
    found = _tag(nlp, [{"id": "t/1", "text": "The Senate voted."}])
    assert found["t/1"] == [("Senate", "ORG", "us-senate")]


def test_in_a_thread_naming_two_countries_the_sentence_decides(nlp):
    found = _tag(
        nlp,
        [
            {"id": "t/1", "text": "Mexico and Mexican officials blame the gun trade."},
            {"id": "t/2", "text": "Mexico asked the US for help."},
            {"id": "t/3", "text": "In the US, the Senate said no."},
            {"id": "t/4", "text": "The Senate said no."},
            {"id": "t/5", "text": "The US Senate said no."},
        ],
    )
    assert ("Senate", "ORG", "us-senate") in found["t/3"]  # the sentence names the US
    assert found["t/4"] == [("Senate", "ORG", "mexican-senate")]  # the thread's country
    assert found["t/5"] == [("US Senate", "ORG", "us-senate")]  # named with its country


def test_in_a_thread_about_mexico_congress_giving_mexico_aid_is_the_us_congress(nlp):
    """A sentence naming Mexico only as the aid's recipient was decided from its
    sentence (the default), not by the thread's country."""
    found = _tag(
        nlp,
        [
            {"id": "t/1", "text": "Mexico's president blamed American guns for the violence."},
            {"id": "t/2", "text": "Mexican officials said the same."},
            {"id": "t/3", "text": "Congress cut the aid to Mexico."},
            {"id": "t/4", "text": "Congress then passed a new law."},
        ],
    )
    assert ("Congress", "ORG", "us-congress") in found["t/3"]
    assert found["t/4"] == [("Congress", "ORG", "mexican-congress")]  # the thread's country


def test_a_later_country_does_not_relink_an_earlier_body(nlp):
    found = _tag(
        nlp,
        [
            {"id": "t/1", "text": "The Senate voted."},
            {"id": "t/2", "text": "Mexico and Mexico again."},
        ],
    )
    assert found["t/1"] == [("Senate", "ORG", "us-senate")]


def test_mentions_of_links_a_bare_body_to_the_threads_country(nlp):
    article = Utterance(
        "t/a",
        "t",
        "article",
        "x",
        "Guatemala has a new president. Guatemala's courts are slow.\n\nCongress refused.",
    )
    parsed = next(parse_threads([Thread("t", (article,))], nlp))
    table = mentions_of(parsed)
    assert table.loc[table.text == "Congress", "entity_id"].tolist() == ["guatemalan-congress"]


@pytest.mark.parametrize(
    ("meta", "expected"),
    [
        ({}, "us-senate"),
        ({"tags": ["drug policy", "Mexico"]}, "mexican-senate"),  # an HTML page's tags
        ({"labels": "Elections, Mexico"}, "mexican-senate"),  # a page dump's "Labels:" line
        ({"categories": ["Mexico City"]}, "us-senate"),  # a city is no country
    ],
)
def test_the_threads_tags_give_a_bare_body_its_country(nlp, meta, expected):
    """A thread tagged "Mexico" whose first sentence is "The Senate voted …"."""
    article = Utterance("t/a", "t", "article", "x", "The Senate voted to extend the mandate.")
    parsed = next(parse_threads([Thread("t", (article,), meta=meta)], nlp))
    table = mentions_of(parsed)
    assert table.loc[table.text == "Senate", "entity_id"].tolist() == [expected]


def test_emoji_and_flags_are_not_mentions(nlp):
    found = _tag(
        nlp,
        [
            {"id": "e/1", "text": "😀 Los Zetas 🇲🇽 and the Gulf Cartel fight."},
            {"id": "e/2", "text": "I saw 🇺🇸 and 🇬🇹 flags."},
        ],
    )
    assert [m[2] for m in found["e/1"]] == ["los-zetas", "gulf-cartel"]
    assert found["e/2"] == []


def test_a_nickname_bound_by_alias_is_linked_when_used_again(nlp):
    found = _tag(
        nlp,
        [
            {
                "id": "n/1",
                "text": "Juan Leon Ardon, alias “El Juancho,” died; El Juancho was feared.",
            },
            {"id": "m/1", "text": "Nobody cared."},
            {"id": "n/2", "text": "El Juancho was feared."},
        ],
    )
    person = ("PERSON", "x:juan-leon-ardon")
    assert [m[1:] for m in found["n/1"]] == [person, person, person]
    assert [m[1:] for m in found["n/2"]] == [person]
    # without the alias, the nickname is not that person
    alone = _tag(nlp, [{"id": "q/1", "text": "El Juancho was feared."}])
    assert all(m[2] != "x:juan-leon-ardon" for m in alone["q/1"])


def test_long_texts_are_tagged_in_pieces_with_offsets_into_the_whole_text(nlp, caplog):
    text = "  Los Zetas fought. " * 3 + "Karen Hooper wrote. " + "x " * 30 + "Hooper said Mexico."
    with caplog.at_level(logging.WARNING):
        (out,) = tag_texts([{"id": "b/1", "text": text}], nlp, max_chars=40)
    assert "[W302]" in caplog.text and "'b/1'" in caplog.text
    for m in out["mentions"]:
        assert text[m["start"] : m["end"]] == m["text"]
    ids = [m["entity_id"] for m in out["mentions"]]
    assert ids == ["los-zetas"] * 3 + ["x:karen-hooper"] * 2 + ["mexico"]


def test_texts_longer_than_the_model_limit_do_not_crash(nlp, monkeypatch):
    monkeypatch.setattr(nlp, "max_length", 300)
    text = "Nothing happened here. " * 30 + "Then Los Zetas came."
    (out,) = tag_texts([{"id": "big", "text": text}], nlp)
    (zetas,) = out["mentions"]
    assert text[zetas["start"] : zetas["end"]] == "Los Zetas"
    assert zetas["entity_id"] == "los-zetas"


def test_empty_text_gives_a_record_without_mentions(nlp):
    assert list(tag_texts([{"id": "a", "text": ""}, {"id": "b", "text": " "}], nlp)) == [
        {"id": "a", "mentions": []},
        {"id": "b", "mentions": []},
    ]


def test_tag_texts_takes_a_dataframe_of_records(nlp):
    # a DataFrame was iterated as its column names: 'str' object has no attribute 'get'
    import pandas as pd

    frame = pd.DataFrame(
        {
            "id": ["t/1", "u/1", "t/2"],
            "text": ["Karen Hooper met Los Zetas.", "Hooper spoke.", "Hooper spoke."],
        }
    )
    out = list(tag_texts(frame, nlp))
    assert [r["id"] for r in out] == ["t/1", "u/1", "t/2"]
    assert out == list(tag_texts(frame.to_dict("records"), nlp))
    assert {m["entity_id"] for m in out[0]["mentions"]} == {"x:karen-hooper", "los-zetas"}


@pytest.mark.parametrize(
    ("records", "code", "says"),
    [
        ("Los Zetas fought.", "E308", "wrap it: [{'id': 'a', 'text': 'Los Zetas fought.'}]"),
        ({"id": "a", "text": "Los Zetas."}, "E309", "got one dict"),
        (["Los Zetas fought."], "E309", "got str item 1: 'Los Zetas fought.'"),
        (42, "E309", "got int"),
    ],
)
def test_tag_texts_refuses_what_is_not_records_with_a_coded_error(nlp, records, code, says):
    # a bare string failed with AttributeError: 'str' object has no attribute 'get'
    with pytest.raises(TypeError, match=rf"\[{code}\]") as err:
        list(tag_texts(records, nlp))
    assert says in str(err.value)


def test_tag_texts_names_the_columns_a_dataframe_lacks(nlp):
    import pandas as pd

    with pytest.raises(TypeError, match=r"\[E309\].*without 'id' \(columns: text\)"):
        tag_texts(pd.DataFrame({"text": ["Los Zetas."]}), nlp)  # at the call, before next()


def test_tag_texts_links_with_a_pipeline_without_the_components(bare_nlp, caplog):
    with caplog.at_level(logging.WARNING):
        found = _tag(
            bare_nlp,
            [
                {"id": "a/1", "text": "Felipe Calderón sent the army to Michoacán."},
                {"id": "a/2", "text": "Calderón said so."},
            ],
        )
    assert ("Felipe Calderón", "PERSON", "felipe-calderon") in found["a/1"]
    assert ("Michoacán", "GPE", "michoacan") in found["a/1"]
    assert caplog.text.count("[W300]") == 1


def test_mentions_of_links_a_thread_parsed_without_the_components(bare_nlp, caplog):
    utt = Utterance("t/a", "t", "article", "x", "Felipe Calderón sent the army to Michoacán.")
    parsed = next(parse_threads([Thread("t", (utt,))], bare_nlp))
    with caplog.at_level(logging.WARNING):
        table = mentions_of(parsed)
    assert set(table.entity_id) == {"felipe-calderon", "michoacan"}
    assert set(table.kind) == {"person", "region"}
    assert "[W300]" in caplog.text


def test_offsets_skip_the_whitespace_a_sentence_span_starts_with(nlp):
    """Offsets index the trimmed sentence text, however much whitespace leads the span."""
    from discourse.entities import span_mentions

    doc = nlp("\n\n   Karen Hooper said the Zetas   were winning.\n ")
    rows = span_mentions(doc[:], "s1", "t")
    trimmed = doc[:].text.strip()
    assert {r["text"] for r in rows} >= {"Karen Hooper", "Zetas"}
    for r in rows:
        assert trimmed[r["start"] : r["end"]] == r["text"]
    inner = doc[1:6]  # "Karen Hooper said the Zetas": no leading whitespace
    found = [(r["start"], r["text"]) for r in span_mentions(inner, "s1", "t")]
    assert found == [(0, "Karen Hooper"), (22, "Zetas")]


def test_span_mentions_with_the_docs_entities_read_once(nlp):
    """Handing ``span_mentions`` the doc's entities gives the rows it finds by itself."""
    from discourse.entities import span_mentions

    doc = nlp("  Karen Hooper met the Zetas in Mexico. Los Zetas fought the Gulf cartel.")
    ents = tuple(doc.ents)
    for k, sent in enumerate(doc.sents):
        alone = span_mentions(sent, f"s{k}", "t")
        assert alone and span_mentions(sent, f"s{k}", "t", ents=ents) == alone


def test_an_acronym_in_another_case_is_not_the_entity(nlp):
    """ "US" and "DEA" match only as written: "Us" at a sentence start is the
    pronoun, "the Dea" is no agency, and neither becomes an unlinked mention."""
    found = _tag(
        nlp, [{"id": "a", "text": "Us and them. The Dea came. The US and the DEA agreed."}]
    )
    assert [(m[0], m[2]) for m in found["a"]] == [("US", "united-states"), ("DEA", "dea")]


def test_a_prefix_left_over_by_a_name_is_not_a_mention(nlp):
    found = _tag(
        nlp,
        [
            {
                "id": "a",
                "text": "anti-DEA protests, pro-Zetas songs, non-US citizens, post-Calderón era.",
            }
        ],
    )
    assert [m[2] for m in found["a"]] == ["dea", "los-zetas", "united-states", "felipe-calderon"]


def test_no_break_spaces_inside_names_and_numeric_ids(nlp):
    """Scraped text keeps U+00A0 between words; the mention text stays as written,
    and a numeric id is taken as `stance` takes it: written back as given."""
    text = "Mexico\u00a0City and Los\u00a0Zetas. \u200bMexico and the DEA."
    (record,) = tag_texts([{"id": 7, "text": text}], nlp)
    assert record["id"] == 7
    got = [(m["text"], m["entity_id"]) for m in record["mentions"]]
    assert got == [
        ("Mexico\u00a0City", "mexico-city"),
        ("Los\u00a0Zetas", "los-zetas"),
        ("Mexico", "mexico"),
        ("DEA", "dea"),
    ]
    assert all(text[m["start"] : m["end"]] == m["text"] for m in record["mentions"])


def test_us_agencies_places_and_people_give_a_thread_its_country(nlp):
    """A thread about US policy that names Mexico once is still about the US."""
    found = _tag(
        nlp,
        [
            {"id": "m/1", "text": "The DEA, the ATF and the State Department briefed the Senate."},
            {"id": "m/2", "text": "Fast and Furious let guns walk into Mexico."},
            {"id": "m/4", "text": "Congress held Holder in contempt."},
            {
                "id": "k/1",
                "text": "Mexico's president sent the Guardia Nacional to Sinaloa "
                "and Mexico's army to Michoacán.",
            },
            {"id": "k/2", "text": "The Senate in Washington wants to designate the cartels."},
            {"id": "k/3", "text": "Congress in Washington wants the same."},
            {"id": "k/4", "text": "The Senate agreed."},
        ],
    )
    assert ("Senate", "ORG", "us-senate") in found["m/1"]
    assert ("Congress", "ORG", "us-congress") in found["m/4"]
    assert ("Senate", "ORG", "us-senate") in found["k/2"]  # Washington, same sentence
    assert ("Congress", "ORG", "us-congress") in found["k/3"]
    assert found["k/4"] == [("Senate", "ORG", "mexican-senate")]  # the thread is Mexico's


def test_a_country_name_outweighs_one_agency(nlp):
    found = _tag(
        nlp,
        [
            {"id": "t/1", "text": "Mexico wants the DEA out."},
            {"id": "t/2", "text": "The Senate agreed."},
        ],
    )
    assert found["t/2"] == [("Senate", "ORG", "mexican-senate")]


def test_a_short_form_links_to_the_organisation_the_thread_named(nlp):
    found = _tag(
        nlp,
        [
            {"id": "t/1", "text": "Mexico's National Guard took over from the police."},
            {"id": "t/2", "text": "Critics say the Guard is the army under another name."},
            {"id": "t/3", "text": "The Guard has 130,000 members."},
            {"id": "t/4", "text": "They fought the Sinaloa Cartel in Culiacán."},
            {"id": "t/5", "text": "Even so the Cartel still runs the city."},
            {"id": "t/6", "text": "the guardia nacional is everywhere"},
        ],
    )
    assert ("Guard", "ORG", "guardia-nacional") in found["t/2"]
    assert ("Guard", "ORG", "guardia-nacional") in found["t/3"]
    assert ("Cartel", "ORG", "sinaloa-cartel") in found["t/5"]
    assert ("guardia nacional", "ORG", "guardia-nacional") in found["t/6"]


def test_a_short_form_without_an_earlier_name_stays_unknown(nlp):
    found = _tag(nlp, [{"id": "t/1", "text": "Critics say the Guard is too big."}])
    assert found["t/1"] == [("Guard", "ORG", "x:guard")]


_JOH = [
    {"id": "t/1", "text": "A federal jury convicted Juan Orlando Hernández of importing cocaine."},
    {"id": "t/2", "text": "Prosecutors said Hernández took bribes."},
    {"id": "t/3", "text": "Hernández was extradited in April 2022."},
    {"id": "t/4", "text": "His brother Tony Hernández is already serving a life sentence."},
    {"id": "t/5", "text": "Washington praised Hernández as a partner."},
    {"id": "t/6", "text": "Without US pressure Hernández would never have been extradited."},
    {"id": "t/7", "text": "The MACCIH was shut down by Hernández's government in 2020."},
]


def test_a_surname_two_persons_share_means_the_one_the_thread_names_most(nlp):
    """After "his brother Tony Hernández", "Hernández" is still Juan Orlando, the
    thread's protagonist: every "Hernández" linked to Tony before."""
    found = _tag(nlp, _JOH)
    assert found["t/4"] == [("Tony Hernández", "PERSON", "tony-hernandez")]
    assert ("Hernández", "PERSON", "juan-orlando-hernandez") in found["t/5"]


def test_a_surname_the_model_missed_or_called_a_place_is_the_person(nlp):
    """ "Hernández was extradited" was no mention at all, "… pressure Hernández
    would …" a GPE x:hernandez, and his government x:hernandez-government."""
    found = _tag(nlp, _JOH)
    assert found["t/3"] == [("Hernández", "PERSON", "juan-orlando-hernandez")]
    assert ("Hernández", "PERSON", "juan-orlando-hernandez") in found["t/6"]
    assert ("Hernández's government", "ORG", "x:juan-orlando-hernandez-government") in found["t/7"]


def test_a_full_name_known_as_a_person_stays_a_person(nlp):
    """The model called "Rodrigo Dutertes's" an ORG the second time round."""
    found = _tag(
        nlp,
        [
            {"id": "t/1", "text": "Rodrigo Dutertes won the election in 2016."},
            {
                "id": "t/2",
                "text": "The court reopened its investigation into the killings of "
                "Rodrigo Dutertes's anti-drug campaign in the Philippines.",
            },
        ],
    )
    assert ("Rodrigo Dutertes", "PERSON", "x:rodrigo-dutertes") in found["t/2"]


def test_a_capitalised_common_word_the_thread_writes_in_lower_case_is_no_name(nlp):
    found = _tag(
        nlp,
        [
            {"id": "t/1", "text": "Cartels make fentanyl in Sinaloa."},
            {"id": "t/2", "text": "Fentanyl is a product of prohibition."},
        ],
    )
    assert found["t/2"] == []  # was PERSON x:fentanyl
    # a person acting is no common word: "Brown" was dropped after "brown heroin"
    brown = _tag(
        nlp,
        [
            {"id": "b/1", "text": "Mexican brown heroin flooded California in the nineties."},
            {"id": "b/2", "text": "Brown signed the bill into law in 2016."},
        ],
    )
    assert brown["b/2"] == [("Brown", "PERSON", "x:brown")]
    # ... nor after the colour said of something ("is brown": no noun use)
    said = _tag(
        nlp,
        [
            {"id": "c/1", "text": "The heroin here is brown and cheap."},
            {"id": "c/2", "text": "Brown signed the bill in 2019."},
        ],
    )
    assert said["c/2"] == [("Brown", "PERSON", "x:brown")]
    # a person already counted counts again when a common word spells them: the
    # last "Brown" is the Brown the thread named most (it went to Gordon Brown)
    two = _tag(
        nlp,
        [
            {"id": "d/1", "text": "The brown heroin here is cheap."},
            {"id": "d/2", "text": "Gordon Brown visited Bogota."},
            {"id": "d/3", "text": "Jerry Brown visited Tijuana."},
            {"id": "d/4", "text": "Brown said the war failed."},
            {"id": "d/5", "text": "Brown said it again in 2019."},
            {"id": "d/6", "text": "Gordon Brown replied."},
            {"id": "d/7", "text": "I agree with Brown on this."},
        ],
    )
    assert [m[2] for m in two["d/7"] if m[0] == "Brown"] == ["x:jerry-brown"]
    # a drug the model calls a PERSON acting is still the drug where the thread
    # uses the word as a noun, and kept nowhere it does not count towards a
    # person: all three were PERSON after the escape for "Brown" (second code review)
    drugs = _tag(
        nlp,
        [
            {"id": "f/1", "text": "The heroin here is cut with fentanyl now."},
            {"id": "f/2", "text": "Heroin killed my brother in 2019."},
            {"id": "f/3", "text": "Fentanyl kills more Americans than guns."},
            {"id": "f/4", "text": "Fentanyl is everywhere."},
        ],
    )
    assert [m for rid in ("f/2", "f/3", "f/4") for m in drugs[rid] if m[1] == "PERSON"] == []
    # a name written in lower case is no evidence against itself
    alone = _tag(nlp, [{"id": "j/1", "text": "japan also has no 2nd amendment."}])
    assert alone["j/1"] == [("japan", "GPE", "x:japan")]


def test_a_programme_named_by_its_place_is_the_programme_where_it_acts(nlp):
    """With the Mérida Initiative named, "Mérida paid for Black Hawks" is the
    Initiative; "in Mérida" stays the city, and without the Initiative named so does
    the subject."""
    found = _tag(
        nlp,
        [
            {"id": "t/1", "text": "The Mérida Initiative funded helicopters."},
            {"id": "t/2", "text": "Mérida paid for Black Hawks, and what did we get?"},
            {"id": "t/3", "text": "I spent the weekend in Mérida."},
            {"id": "u/1", "text": "Mérida paid for Black Hawks, and what did we get?"},
        ],
    )
    assert ("Mérida", "ORG", "merida-initiative") in found["t/2"]
    assert found["t/3"] == [("Mérida", "GPE", "merida")]
    assert ("Mérida", "GPE", "merida") in found["u/1"]


def test_a_programmes_place_word_doing_what_no_programme_does_stays_the_place(nlp):
    """Any subject of a verb was the programme: "Mérida remains one of the safest
    cities" and "Mérida hosted the 2007 summit" were the Mérida Initiative."""
    found = _tag(
        nlp,
        [
            {"id": "t/1", "text": "The Mérida Initiative paid for Black Hawks and training."},
            {
                "id": "t/2",
                "text": "Mérida remains one of the safest cities in Mexico, and tourists keep coming.",
            },
            {"id": "t/3", "text": "Mérida hosted the 2007 summit where Bush and Calderon met."},
            {"id": "t/4", "text": "Mérida trained thousands of Mexican police officers."},
        ],
    )
    assert ("Mérida", "GPE", "merida") in found["t/2"]
    assert ("Mérida", "GPE", "merida") in found["t/3"]
    assert ("Mérida", "ORG", "merida-initiative") in found["t/4"]


def test_a_programmes_place_word_gives_as_the_programme_only_money_or_equipment(nlp):
    """ "Mérida provides a model of how safe a Mexican city can be" was the
    Initiative by the verb "provide" alone (second code review)."""
    found = _tag(
        nlp,
        [
            {"id": "t/1", "text": "The Mérida Initiative paid for Black Hawks and training."},
            {"id": "t/2", "text": "Mérida provides a model of how safe a Mexican city can be."},
            {"id": "t/3", "text": "Mérida provided helicopters and training."},
            {"id": "t/4", "text": "Mérida supplied the army with scanners."},
        ],
    )
    assert ("Mérida", "GPE", "merida") in found["t/2"]
    assert ("Mérida", "ORG", "merida-initiative") in found["t/3"]
    assert ("Mérida", "ORG", "merida-initiative") in found["t/4"]


def test_the_threads_speakers_named_are_linked_to_the_speaker(nlp):
    """Commenters addressed by first name ("Dana, …", "I agree with Tom") are
    the speakers (their argument-map id), not persons of their own; the persons
    the debate is about stay."""
    utterances = (
        Utterance("t/a", "t", "article", "Ana Villanueva", "Eric Holder lied to Congress."),
        Utterance("t/c1", "t", "comment", "Dana Whitcomb", "Great post."),
        Utterance("t/c2", "t", "comment", "Tom Becker", "Dana, the aid was not the problem."),
        Utterance("t/c3", "t", "comment", "Liza Ramos", "I agree with Tom about Holder."),
    )
    parsed = next(parse_threads([Thread("t", utterances)], nlp))
    table = mentions_of(parsed)
    named = table[table.text.isin(["Dana", "Tom"])]
    assert named[["text", "label", "entity_id", "canonical"]].values.tolist() == [
        ["Dana", "PERSON", "speaker:dana-whitcomb", "Dana Whitcomb"],
        ["Tom", "PERSON", "speaker:tom-becker", "Tom Becker"],
    ]
    assert table.loc[table.text == "Holder", "entity_id"].tolist() == ["eric-holder"]


def test_a_place_spelled_like_a_speakers_first_word_stays_a_mention(nlp):
    """A speaker "Kensington Resident" removed every "Kensington" of the thread."""
    utterances = (
        Utterance(
            "t/a",
            "t",
            "article",
            "Ana",
            "The open-air market in Kensington is what decriminalisation looks like.",
        ),
        Utterance(
            "t/c1", "t", "comment", "Kensington Resident", "Kensington has needles on every block."
        ),
    )
    parsed = next(parse_threads([Thread("t", utterances)], nlp))
    assert mentions_of(parsed).text.tolist() == ["Kensington", "Kensington"]


def _row(segment_id, start, text, label):
    return {
        "segment_id": segment_id,
        "thread_id": "t",
        "start": start,
        "end": start + len(text),
        "text": text,
        "label": label,
        "kind": "person" if label == "PERSON" else "",
        "entity_id": "x:" + text.lower().lstrip("@"),
        "canonical": text,
    }


def test_a_speakers_name_is_the_speaker_as_a_person_or_where_it_is_addressed():
    texts = {
        "a": "Dana, the aid was not the problem.",
        "b": "I agree with Dana.",
        "c": "@Dana read the report.",
        "d": "The market in Dana has needles.",
        "e": "Dana wrote the report.",
        "f": "The market in Dana, they say, has needles.",
    }
    rows = [
        _row("a", 0, "Dana", "PERSON"),
        _row("b", 13, "Dana", "PERSON"),
        _row("c", 0, "@Dana", "ORG"),
        _row("d", 14, "Dana", "GPE"),
        _row("e", 0, "Dana", "PERSON"),
        _row("f", 14, "Dana", "GPE"),
    ]
    found = resolve_thread(rows, texts=texts, speakers=["Dana Whitcomb"])
    linked = [r["segment_id"] for r in found if r["entity_id"] == "speaker:dana-whitcomb"]
    assert linked == ["a", "b", "c", "e"]
    assert {r["label"] for r in found if r["segment_id"] in linked} == {"PERSON"}
    # "The market in Dana": the place, no one's name
    assert [(r["segment_id"], r["label"]) for r in found if r["segment_id"] not in linked] == [
        ("d", "GPE"),
        ("f", "GPE"),
    ]


def test_a_place_named_like_a_speaker_is_no_one_addressed():
    """A GPE "Kensington" opening a sentence before an appositive's comma, and
    "Portland" after "with", were dropped as vocatives of the speakers
    "Kensington Resident" and "Portland Mom" (second code review)."""
    texts = {
        "a": "Kensington, once a mill town, is now the largest open-air drug market.",
        "b": "Compare Seattle with Portland.",
        "c": "Dana, the aid was not the problem.",
    }
    rows = [
        _row("a", 0, "Kensington", "GPE"),
        _row("b", 8, "Seattle", "GPE"),
        _row("b", 21, "Portland", "GPE"),
        _row("c", 0, "Dana", "PERSON"),
    ]
    speakers = ["Kensington Resident", "Portland Mom", "Dana Whitcomb"]
    found = resolve_thread(rows, texts=texts, speakers=speakers)
    assert [(r["text"], r["label"]) for r in found] == [
        ("Kensington", "GPE"),
        ("Seattle", "GPE"),
        ("Portland", "GPE"),
        ("Dana", "PERSON"),
    ]


def test_a_surname_no_person_of_the_thread_has_is_the_gazetteer_person_of_its_country(nlp):
    """In a thread about Bukele that never gave Juan Orlando Hernández's full
    name, "under Hernández" in a sentence on Honduras was x:hernandez."""
    found = _tag(
        nlp,
        [
            {"id": "b/1", "text": "Honduras had a militarised police under Hernández."},
            {"id": "c/1", "text": "Karen Hernández wrote about Honduras."},
            {"id": "c/2", "text": "Honduras had a militarised police under Hernández."},
            {"id": "d/1", "text": "The police were trained under Hernández."},
        ],
    )
    assert ("Hernández", "PERSON", "juan-orlando-hernandez") in found["b/1"]
    # a person of the thread comes first; with no country, no guess
    assert ("Hernández", "PERSON", "x:karen-hernandez") in found["c/2"]
    assert found["d/1"] == [("Hernández", "PERSON", "x:hernandez")]


def test_a_verb_form_name_before_a_colon_stays_a_speakers_name(nlp):
    # "Fox" (WordNet has the verb "to fox") opening 'Fox: "Legalize it."' was dropped
    # as an imperative, so the stance holder fell back to the writer
    doc = nlp('Fox: "Legalize it and tax it."')
    assert [e.text for e in doc.ents] == ["Fox"]


_GUZMAN = {
    "segment_id": "s1",
    "thread_id": "t",
    "start": 0,
    "end": 14,
    "text": "Joaquín Guzmán",
    "label": "PERSON",
    "kind": "person",
    "entity_id": "joaquin-guzman-loera",
    "canonical": "Joaquín Guzmán",
}


@pytest.mark.parametrize(
    "text",
    [
        "Soldiers arrested Ovidio\u00a0Guzmán in 2023.",
        "Soldiers arrested Ovidio\nGuzmán in 2023.",
        "Soldiers arrested Ovidio \u200bGuzmán in 2023.",
        "Soldiers arrested Ovidio Guzmán in 2023.",
    ],
)
def test_a_surname_after_another_name_across_any_space_is_not_found_alone(text):
    """Only a space or tab separated the words: "Ovidio\u00a0Guzmán" and a name
    broken over two lines gave a "Guzmán" of his father."""
    texts = {"s1": "Joaquín Guzmán ran it.", "s2": text}
    found = resolve_thread([dict(_GUZMAN)], texts=texts)
    assert [r["segment_id"] for r in found] == ["s1"]


def test_a_missed_surname_is_found_after_a_title_line_break_or_long_token():
    texts = {
        "s1": "Joaquín Guzmán ran it.",
        "s2": "Soldiers arrested President\nGuzmán.",
        "s3": "See https://example.com/" + "A" * 200 + " Guzmán was convicted.",
    }
    found = resolve_thread([dict(_GUZMAN)], texts=texts)
    assert [(r["segment_id"], r["entity_id"]) for r in found[1:]] == [
        ("s2", "joaquin-guzman-loera"),
        ("s3", "joaquin-guzman-loera"),
    ]


def test_the_word_before_a_surname_is_looked_for_near_it_not_in_the_whole_text(monkeypatch):
    """Searched from offset 0 for every candidate, a 50,000-character URL before
    "(Hernández" took 22 s; the search is bounded whatever the text's size."""
    windows: list[int] = []
    real = mentions._TOKEN_BEFORE

    class Counting:
        def search(self, text, pos, endpos):
            windows.append(endpos - pos)
            return real.search(text, pos, endpos)

    monkeypatch.setattr(mentions, "_TOKEN_BEFORE", Counting())
    row = dict(
        _GUZMAN,
        end=22,
        text="Juan Orlando Hernández",
        entity_id="juan-orlando-hernandez",
        canonical="Juan Orlando Hernández",
    )
    texts = {
        "s1": "Juan Orlando Hernández was extradited.",
        "s2": "https://example.com/" + "a" * 50_000 + "\n(Hernández was convicted.)",
        "s3": "(Hernández) said so. " * 3000,
    }
    found = resolve_thread([row], texts=texts)
    assert len(found) == 3002 and {r["entity_id"] for r in found} == {"juan-orlando-hernandez"}
    assert len(windows) == 3001 and max(windows) <= 100


def test_a_full_name_broken_over_two_lines_is_the_person_the_thread_named(nlp):
    """The model reads no name in "Ovidio\\nGuzmán"; with a line break no longer
    joining words, the lone "Guzmán" went too: the two words are found together."""
    found = _tag(
        nlp,
        [
            {"id": "t/1", "text": "Joaquín Guzmán ran the Sinaloa cartel for decades."},
            {"id": "t/2", "text": "In 2019 the army let Ovidio\u00a0Guzmán go in Culiacán."},
            {"id": "t/3", "text": "Soldiers arrested Ovidio\nGuzmán in 2023."},
        ],
    )
    assert found["t/3"] == [("Ovidio\nGuzmán", "PERSON", "ovidio-guzman-lopez")]


def test_a_surname_the_model_called_an_organisation_before_the_full_name_is_the_person(nlp):
    """ "Molina" (an ORG to the model) and, later, "Otto Perez Molina" were two
    ids, so the thread counted two entities for one man; a surname linked
    already keeps its link and a surname two persons share stays unknown."""
    utterances = (
        Utterance("t/a", "t", "article", "Ana", "Molina promised a crackdown on the cartels."),
        Utterance("t/c1", "t", "comment", "Bob", "Otto Perez Molina resigned in 2015."),
        Utterance("t/c2", "t", "comment", "Cy", "Hooper says the Zetas are winning."),
        Utterance("t/c3", "t", "comment", "Di", "Karen Hooper wrote the post."),
    )
    table = mentions_of(next(parse_threads([Thread("t", utterances)], nlp)))
    people = table[table.label == "PERSON"]
    assert people.entity_id.tolist() == ["otto-perez-molina"] * 2 + ["x:karen-hooper"] * 2
    rows = [_row("a", 0, "Reyes", "ORG"), _row("b", 0, "Ana Reyes", "PERSON")]
    rows += [_row("c", 0, "Luis Reyes", "PERSON")]
    assert [r["entity_id"] for r in resolve_thread(rows)] == [
        "x:reyes",
        "x:ana reyes",
        "x:luis reyes",
    ]


def test_a_place_named_like_a_commenter_stays_the_place_unless_addressed(nlp):
    """A commenter "Guatemala": the country stays a mention where the
    sentence names the place, and is the commenter where it addresses them."""
    for name, place in (("Guatemala", "guatemala"),):
        texts = [
            f"{name} hangs drug smugglers.",
            f"Cocaine flows through {name} to the north.",
            f"{name}, you are wrong about this.",
            f"I agree with {name}.",
            f"Thanks, {name}. Good point.",
            f"Well said {name}!",
            f"Good point, {name}.",
            f"{name} is right about the army.",
        ]
        replies = [Utterance(f"t/c{i}", "t", "comment", "Bob", t) for i, t in enumerate(texts, 2)]
        utterances = (Utterance("t/c1", "t", "comment", name, "Great post."), *replies)
        table = mentions_of(next(parse_threads([Thread("t", utterances)], nlp)))
        places = table[table.entity_id == place]
        assert places.segment_id.tolist() == ["t/c2/s01", "t/c3/s01"], name
        addressed = table[table.entity_id == f"speaker:{place}"]
        assert addressed.segment_id.tolist() == [f"t/c{i}/s01" for i in range(4, 10)]
        assert set(addressed.label) == {"PERSON"}
        assert len(table) == 8


def test_a_place_named_like_a_commenter_is_kept_where_you_is_no_address(nlp):
    """Speaker "Mexico Mike": "Mexico, as you know, …" names the country ("you"
    does not start the clause after the comma), and so does "Mexico is right to
    …"; "Mexico, you …" addresses him."""
    texts = [
        "Mexico, as you know, extradited El Chapo.",
        "Mexico, you are wrong.",
        "Mexico is right to extradite him.",
    ]
    replies = [Utterance(f"t/c{i}", "t", "comment", "Bob", t) for i, t in enumerate(texts, 2)]
    utterances = (Utterance("t/c1", "t", "comment", "Mexico Mike", "Legalize it."), *replies)
    table = mentions_of(next(parse_threads([Thread("t", utterances)], nlp)))
    places = table[table.entity_id == "mexico"]
    assert places.segment_id.tolist() == ["t/c2/s01", "t/c4/s01"]


def test_a_country_after_its_city_is_no_vocative(nlp):
    """Speaker "Mexico Mike": "in Ciudad Juarez, Mexico." lost the country as if
    Mike were addressed at the sentence's end (final code read); "Good point,
    Mexico." and "Thanks, Mexico." address him."""
    texts = [
        "Three police officers were shot in Ciudad Juarez, Mexico.",
        "The tunnel ran from Tijuana, Mexico.",
        "Good point, Mexico.",
        "Thanks, Mexico.",
    ]
    replies = [Utterance(f"t/c{i}", "t", "comment", "Bob", t) for i, t in enumerate(texts, 2)]
    utterances = (Utterance("t/c1", "t", "comment", "Mexico Mike", "Legalize it."), *replies)
    table = mentions_of(next(parse_threads([Thread("t", utterances)], nlp)))
    places = table[table.entity_id == "mexico"]
    assert places.segment_id.tolist() == ["t/c2/s01", "t/c3/s01"]


def test_a_speakers_name_after_in_is_no_place():
    """A speaker-named PERSON after "in" was made a GPE ("The flaw in Tom's
    argument", "I believe in Tom"): it is the speaker; a speaker's first name
    used as a place ("The market in Dana") is no one."""
    texts = {
        "a": "The flaw in Tom's argument is obvious.",
        "b": "I believe in Tom.",
        "c": "The market in Dana has needles.",
    }
    rows = [_row("a", 12, "Tom", "PERSON"), _row("b", 12, "Tom", "PERSON")]
    rows += [_row("c", 14, "Dana", "PERSON")]
    found = resolve_thread(rows, texts=texts, speakers=["Tom", "Dana Whitcomb"])
    assert [(r["segment_id"], r["label"], r["entity_id"]) for r in found] == [
        ("a", "PERSON", "speaker:tom"),
        ("b", "PERSON", "speaker:tom"),
    ]


def test_a_later_full_name_relinks_no_earlier_place_or_channel(nlp):
    """ "on Fox" (an ORG, the channel) became Vicente Fox once he was named
    later; "Fox promised …", the subject of a verb, is the man."""
    utterances = (
        Utterance("t/a", "t", "article", "Ana", "Fox promised legalization."),
        Utterance("t/c1", "t", "comment", "Bob", "I watched it on Fox last night."),
        Utterance("t/c2", "t", "comment", "Cy", "Vicente Fox was president from 2000."),
    )
    table = mentions_of(next(parse_threads([Thread("t", utterances)], nlp)))
    on_fox = table[table.segment_id == "t/c1/s01"]
    assert on_fox.entity_id.tolist() == ["x:fox"]
    assert table[table.segment_id == "t/a/s01"].entity_id.tolist() == ["vicente-fox"]


def test_a_surname_used_as_a_place_is_not_the_person_of_the_thread(nlp):
    """ "Jackson" after "Jesse Jackson" was the man also where it was the town
    ("he moved to Jackson", "Jackson is where the clinic opened")."""
    found = _tag(
        nlp,
        [
            {"id": "t/1", "text": "Jesse Jackson spoke at the rally in Chicago."},
            {"id": "t/2", "text": "Jackson is where the clinic opened."},
            {"id": "t/3", "text": "Later he moved to Jackson to run it."},
            {"id": "t/4", "text": "She came from Jackson, Mississippi, last year."},
            {"id": "t/5", "text": "The clinic in Jackson is busy."},
            {"id": "t/6", "text": "Jackson said the war on drugs failed."},
            {"id": "t/7", "text": "I wrote to Jackson about it."},
            {"id": "t/8", "text": "In Jackson's view the clinic works."},
        ],
    )
    for sid in ("t/2", "t/3", "t/4", "t/5"):
        town = next(m for m in found[sid] if m[0] == "Jackson")
        assert town[2] != "x:jesse-jackson", sid
        assert town[1] != "PERSON", sid
    for sid in ("t/6", "t/7", "t/8"):
        assert ("Jackson", "PERSON", "x:jesse-jackson") in found[sid], sid


#: "Jackson" after "Jesse Jackson" where it is the town, though a word the
#: attitude rule once read ("found", "saw", "invest…") stands earlier in the
#: clause, or a purpose ("to talk") follows (code read).
_THE_TOWN = [
    "Police found fentanyl in Jackson last week.",
    "I saw three overdoses in Jackson",
    "Investors built a rehab center in Jackson",
    "He moved to Jackson to talk to his family",
]


@pytest.mark.parametrize("text", _THE_TOWN)
def test_a_surname_in_a_plain_place_sentence_is_the_town(nlp, text):
    records = [{"id": "t/0", "text": "Jesse Jackson spoke at the rally in Chicago."}]
    found = _tag(nlp, [*records, {"id": "t/1", "text": text}])
    town = [m for m in found["t/1"] if m[0] == "Jackson"]
    assert town and town[0][1] != "PERSON" and town[0][2] != "x:jesse-jackson", town


def test_a_missed_surname_in_a_plain_place_sentence_is_not_found_as_the_person():
    texts = {"a": "Jesse Jackson spoke at the rally."} | {
        str(i): text for i, text in enumerate(_THE_TOWN)
    }
    found = resolve_thread([_row("a", 0, "Jesse Jackson", "PERSON")], texts=texts)
    assert [r["segment_id"] for r in found] == ["a"]


def test_a_missed_surname_used_as_a_place_is_not_found_as_the_person():
    """The thread's text scan for surnames the model missed skips a place use too."""
    texts = {
        "a": "Jesse Jackson spoke at the rally.",
        "b": "He moved to Jackson in 1990.",
        "c": "Nurses from Jackson, Mississippi came.",
        "d": "Jackson is where the clinic opened.",
        "e": "Months later Jackson spoke again.",
    }
    rows = [_row("a", 0, "Jesse Jackson", "PERSON"), _row("c", 21, "Mississippi", "GPE")]
    found = resolve_thread(rows, texts=texts)
    people = [(r["segment_id"], r["text"]) for r in found if r["entity_id"] == "x:jesse jackson"]
    assert people == [("a", "Jesse Jackson"), ("e", "Jackson")]


def test_a_bare_congress_takes_the_nearest_evidence_sentence_paragraph_then_thread(nlp):
    """Whose "Congress": a country of its sentence, else of its paragraph, else
    the thread's; the thread's country no longer overrides its paragraph's."""
    found = _tag(
        nlp,
        [
            {"id": "t/1", "text": "Colombia is the topic. Colombia, again and again."},
            {"id": "t/2", "text": "Guatemala's courts are slow. Congress refused."},
            {"id": "t/3", "text": "Congress refused once more."},
            {"id": "t/4", "text": "The talks were slow.\n\nCongress refused."},
            {"id": "t/5", "text": "In Mexico, Congress refused."},
        ],
    )
    assert ("Congress", "ORG", "guatemalan-congress") in found["t/2"]  # its paragraph
    assert found["t/3"] == [("Congress", "ORG", "colombian-congress")]  # the thread
    assert found["t/4"] == [("Congress", "ORG", "colombian-congress")]  # past a blank line
    assert ("Congress", "ORG", "mexican-congress") in found["t/5"]  # its sentence


def test_a_paragraph_about_the_us_keeps_its_congress_in_a_thread_about_mexico(nlp):
    article = Utterance(
        "t/a",
        "t",
        "article",
        "x",
        "Mexico has a new president. Mexican officials said so.\n\n"
        "The DEA met in Texas. Agents met. Congress refused.\n\nCongress voted again.",
    )
    table = mentions_of(next(parse_threads([Thread("t", (article,))], nlp)))
    assert table.loc[table.text == "Congress", "entity_id"].tolist() == [
        "us-congress",  # its paragraph names the DEA and Texas
        "mexican-congress",  # none: the thread's country (Mexico 4, the US 2)
    ]


def test_on_a_tie_of_the_threads_countries_the_us_wins(nlp):
    """The thread's country was the first to reach the highest count; a bare
    "Congress" in a thread that names Guatemala and the US alike is the US's."""
    found = _tag(
        nlp,
        [
            {"id": "t/1", "text": "Guatemala signed a deal."},
            {"id": "t/2", "text": "The US signed it too."},
            {"id": "t/3", "text": "Congress approved it."},
            {"id": "t/4", "text": "Guatemala will pay."},
            {"id": "t/5", "text": "Congress approved it."},
        ],
    )
    assert found["t/3"] == [("Congress", "ORG", "us-congress")]
    assert found["t/5"] == [("Congress", "ORG", "guatemalan-congress")]


_REVIEW_SPEAKERS = [
    "Ernesto",
    "Ines R.",
    "Tiago",
    "Sandra K",
    "Concerned Mom",
    "Dr. Helen Brooks",
    "doc",
    "Bill Carter",
    "Mexico Mike",
]


def _speaker_thread(nlp, texts):
    """A thread whose first comments are by the review's speakers, then ``texts`` by Bob."""
    utterances = [
        Utterance(f"t/s{i}", "t", "comment", name, "Legalize it.")
        for i, name in enumerate(_REVIEW_SPEAKERS)
    ]
    utterances += [Utterance(f"t/c{i}", "t", "comment", "Bob", t) for i, t in enumerate(texts)]
    table = mentions_of(next(parse_threads([Thread("t", tuple(utterances))], nlp)))
    table = table[table.segment_id.str.startswith("t/c")]
    return [tuple(row) for row in table[["text", "label", "entity_id", "canonical"]].values]


def test_commenters_named_in_comments_are_the_speakers(nlp):
    """User review: "Ernesto" was a GPE, "Ines" and "Tiago" ORGs, "Dr Brooks
    100%" the ORG "Brooks 100%" (x:brooks-100), "Sandra" and "@Concerned Mom"
    were not found, and none was linked to the speaker of that name."""
    found = _speaker_thread(
        nlp,
        [
            "I agree with Ernesto.",
            "Ines is wrong about the cartels.",
            "Tiago makes a good point.",
            "I agree with Dr Brooks 100%.",
            "I agree with Sandra.",
            "@Concerned Mom, the kids will be fine.",
            "Helen Brooks wrote a great piece.",
            "Thanks, Ines.",
        ],
    )
    ines = ("Ines", "PERSON", speaker_node("Ines R."), "Ines R.")
    brooks = speaker_node("Dr. Helen Brooks")
    assert found == [
        ("Ernesto", "PERSON", "speaker:ernesto", "Ernesto"),
        ines,
        ("Tiago", "PERSON", "speaker:tiago", "Tiago"),
        ("Brooks", "PERSON", brooks, "Dr. Helen Brooks"),
        ("Sandra", "PERSON", "speaker:sandra-k", "Sandra K"),
        ("@Concerned Mom", "PERSON", "speaker:concerned-mom", "Concerned Mom"),
        ("Helen Brooks", "PERSON", brooks, "Dr. Helen Brooks"),
        ines,
    ]


def test_a_speakers_name_that_is_a_place_or_common_word_is_no_speaker(nlp):
    """ "Mexico" of "Mexico Mike" stays the country; "doc" and "Bill" are the
    speakers only capitalised and without a determiner."""
    found = _speaker_thread(
        nlp,
        [
            "Mexico is right to extradite him.",
            "Mexico said it would extradite him.",
            "I asked the doc about methadone.",
            "Doc is right, the clinic works.",
            "The Bill was vetoed.",
            "Bill Carter said treatment works.",
        ],
    )
    people = [(text, eid) for text, label, eid, _ in found if label == "PERSON"]
    assert people == [("Doc", speaker_node("doc")), ("Bill Carter", "speaker:bill-carter")]
    assert [eid for text, _, eid, _ in found if text == "Mexico"] == ["mexico", "mexico"]


def test_a_speaker_named_by_a_common_word_is_the_speaker_only_addressed_or_quoted(nlp):
    """Speakers Hope, Mark, Grace and Bill (code review): "Hope is not a
    strategy.", "Mark my words", "Grace under pressure", "Bill C-45" and "Hope
    Street clinic" were the speakers; their names are common words, so only an
    address or a "said" names them, and a name a capitalised word or a figure
    goes on from is a longer name."""
    utterances = [
        Utterance(f"t/s{i}", "t", "comment", name, "Legalize it.")
        for i, name in enumerate(["Hope", "Mark", "Grace", "Bill"])
    ]
    texts = [
        "Hope is not a strategy.",
        "Mark my words, this will fail.",
        "Grace under pressure is rare in politics.",
        "Bill C-45 legalized cannabis in Canada.",
        "Hope Street clinic opened.",
        "I agree with Hope.",
        "Mark, you are wrong.",
        "Bill said the law works.",
        "Thanks, Grace.",
        "@Hope read the report.",
    ]
    utterances += [Utterance(f"t/c{i}", "t", "comment", "Bob", t) for i, t in enumerate(texts)]
    table = mentions_of(next(parse_threads([Thread("t", tuple(utterances))], nlp)))
    speakers = table[table.entity_id.str.startswith("speaker:")]
    linked = [(sid.split("/")[1], text) for sid, text in speakers[["segment_id", "text"]].values]
    assert linked == [
        ("c5", "Hope"),
        ("c6", "Mark"),
        ("c7", "Bill"),
        ("c8", "Grace"),
        ("c9", "@Hope"),
    ]


def test_a_speaker_named_like_a_verb_is_the_speaker_where_the_model_finds_a_person(nlp):
    """Rob, Sue and Frank are verbs too (code read): "Rob's point …" and "Sue
    posted …" lost their links when every verb-like name needed an address;
    the model's PERSON is enough. A non-ASCII capital goes on a name too:
    "Zoë Ávila clinic" is no speaker Zoë."""
    utterances = [
        Utterance(f"t/s{i}", "t", "comment", name, "Legalize it.")
        for i, name in enumerate(["Rob", "Sue", "Zoë"])
    ]
    texts = [
        "Rob's point about prisons is good.",
        "Sue posted the link earlier.",
        "Zoë Ávila clinic opened downtown.",
    ]
    utterances += [Utterance(f"t/c{i}", "t", "comment", "Bob", t) for i, t in enumerate(texts)]
    table = mentions_of(next(parse_threads([Thread("t", tuple(utterances))], nlp)))
    got = [tuple(r) for r in table[["segment_id", "text", "label", "entity_id"]].values]
    assert got == [
        ("t/c0/s01", "Rob", "PERSON", speaker_node("Rob")),
        ("t/c1/s01", "Sue", "PERSON", speaker_node("Sue")),
        ("t/c2/s01", "Zoë Ávila", "PERSON", "x:zoe-avila"),
    ]


def test_a_speakers_name_the_thread_writes_in_lower_case_later_is_a_common_word():
    """The common-word test read only the lower-case words written before the
    name, so a thread's first "Sterling" was the speaker and later ones not."""
    texts = {
        "a": "Sterling fell again today.",
        "b": "We paid in sterling.",
        "c": "Sterling said the report was wrong.",
    }
    rows = [_row("a", 0, "Sterling", "ORG"), _row("c", 0, "Sterling", "ORG")]
    found = resolve_thread(rows, texts=texts, speakers=["Sterling"])
    linked = [r["segment_id"] for r in found if r["entity_id"] == "speaker:sterling"]
    assert linked == ["c"]


def test_a_place_named_exactly_like_a_speaker_is_the_speaker_only_when_addressed():
    """A speaker "Kensington": "Kensington has needles" is the place, "I agree
    with Kensington", "Kensington, you …", "@Kensington" and "Kensington is
    right" the speaker; a PERSON the model made of it in "the market in
    Kensington" is no speaker."""
    texts = {
        "a": "Kensington has needles on every block.",
        "b": "I agree with Kensington.",
        "c": "Kensington, you are wrong.",
        "d": "@Kensington read the report.",
        "e": "Kensington is right.",
        "f": "Kensington said the clinic works.",
    }
    rows = [
        _row("a", 0, "Kensington", "GPE"),
        _row("b", 13, "Kensington", "GPE"),
        _row("c", 0, "Kensington", "GPE"),
        _row("d", 0, "@Kensington", "ORG"),
        _row("e", 0, "Kensington", "GPE"),
        _row("f", 0, "Kensington", "GPE"),
    ]
    found = resolve_thread(rows, texts=texts, speakers=["Kensington"])
    assert [(r["segment_id"], r["label"], r["entity_id"]) for r in found] == [
        ("a", "GPE", "x:kensington"),
        ("b", "PERSON", "speaker:kensington"),
        ("c", "PERSON", "speaker:kensington"),
        ("d", "PERSON", "speaker:kensington"),
        ("e", "PERSON", "speaker:kensington"),
        ("f", "PERSON", "speaker:kensington"),
    ]


def test_a_handle_in_lower_case_or_with_digits_is_the_speaker():
    """ "@doc you are wrong." and "@weedguy420 you are wrong." linked no one
    while "@Doc" did (code read); an e-mail address is no handle."""
    texts = {
        "a": "@doc you are wrong.",
        "b": "@weedguy420 you are wrong.",
        "c": "@Doc you are wrong.",
        "d": "@sam_b thanks.",
        "e": "Write to help@doc for info.",
    }
    found = resolve_thread([], texts=texts, speakers=["doc", "weedguy420", "Sam_B"])
    assert [(r["segment_id"], r["text"], r["entity_id"]) for r in found] == [
        ("a", "@doc", speaker_node("doc")),
        ("b", "@weedguy420", speaker_node("weedguy420")),
        ("c", "@Doc", speaker_node("doc")),
        ("d", "@sam_b", speaker_node("Sam_B")),
    ]


def test_figures_after_a_speakers_name_are_cut_off():
    texts = {"a": "I agree with Dr Brooks 100%."}
    rows = [_row("a", 16, "Brooks 100%", "ORG")]
    found = resolve_thread(rows, texts=texts, speakers=["Dr. Helen Brooks"])
    assert [(r["text"], r["start"], r["end"], r["label"]) for r in found] == [
        ("Brooks", 16, 22, "PERSON")
    ]


def test_a_speakers_surname_alone_is_the_speaker_only_titled_addressed_or_a_person():
    """ "Brooks" of speaker "Helen Brooks" is the speaker after a title, when
    addressed or said to speak, or where the model calls it a PERSON; the ORG
    "Brooks Pharmacy" (and an ORG "Brooks" the model cut from it) and a missed
    "Brooks" in passing are not."""
    texts = {
        "0": "We talked about Brooks yesterday.",  # before the thread links any Brooks
        "a": "Brooks Pharmacy sells naloxone.",
        "b": "Brooks Pharmacy closed early.",
        "c": "Mrs. Brooks knows the clinic.",
        "d": "Brooks is right about the clinic.",
        "e": "Brooks said the clinic works.",
        "f": "Brooks runs the clinic now.",
        "h": "The Brooks report was flawed.",
    }
    rows = [
        _row("a", 0, "Brooks Pharmacy", "ORG"),
        _row("b", 0, "Brooks", "ORG"),
        _row("f", 0, "Brooks", "PERSON"),
    ]
    found = resolve_thread(rows, texts=texts, speakers=["Helen Brooks"])
    assert [(r["segment_id"], r["text"], r["label"], r["entity_id"]) for r in found] == [
        ("a", "Brooks Pharmacy", "ORG", "x:brooks pharmacy"),
        ("b", "Brooks", "ORG", "x:brooks"),
        ("c", "Brooks", "PERSON", "speaker:helen-brooks"),
        ("d", "Brooks", "PERSON", "speaker:helen-brooks"),
        ("e", "Brooks", "PERSON", "speaker:helen-brooks"),
        ("f", "Brooks", "PERSON", "speaker:helen-brooks"),
    ]


def test_two_speakers_of_one_first_name_make_it_no_ones():
    texts = {"a": "I agree with Dana."}
    rows = [_row("a", 13, "Dana", "PERSON")]
    found = resolve_thread(rows, texts=texts, speakers=["Dana Whitcomb", "Dana Ortiz"])
    assert found == []  # as before: a speaker's name, but which one is not known


def test_a_speakers_whole_name_wins_over_parts_in_any_order():
    """``['Dana Ortiz', 'Dana Whitcomb', 'Dana']`` gave "dana" to no one, the
    reversed order to Dana (code read): the whole name wins either way."""
    speakers = ["Dana", "Dana Whitcomb", "Dana Ortiz"]
    for order in (speakers, speakers[::-1], speakers[1:] + speakers[:1]):
        assert mentions._speaker_forms(order)["dana"] == ("Dana", True), order
    texts = {"a": "I agree with Dana."}
    for order in (speakers, speakers[::-1]):
        found = resolve_thread([_row("a", 13, "Dana", "PERSON")], texts=texts, speakers=order)
        assert [r["entity_id"] for r in found] == ["speaker:dana"], order


#: "Jackson" after "Jesse Jackson" where it is still the man: a word of attitude
#: before "in", a clause opening with "in Jackson" and no comma, a person's doing
#: after "went to", "back to", a description after the comma, "is where he …".
_STILL_THE_MAN = [
    "I believe in Jackson more than any politician.",
    "Our confidence in Jackson was misplaced.",
    "I have faith in Jackson.",
    "Compared with Bush, in Jackson we had a real ally.",
    "I went to Jackson and asked him about it.",
    "So I went to Jackson for advice.",
    "Coming back to Jackson, he never backed legalization.",
    "Jackson, Mexico's harshest critic, spoke again.",
    "Jackson, Chicago's best-known activist, spoke.",
    "Jackson is where he always is: on the wrong side.",
    "I believe strongly in Jackson.",
    "We had a real ally in Jackson.",
]


def test_a_surname_is_a_place_only_with_clear_evidence(nlp):
    """The place reading of a surname took the man's "Jackson" for the town (a
    GPE "x:jackson") after any "in", "went to" or "back to", before any comma
    and a place, and before any "is where"."""
    records = [{"id": "t/0", "text": "Jesse Jackson spoke at the rally in Chicago."}]
    records += [{"id": f"t/{i}", "text": text} for i, text in enumerate(_STILL_THE_MAN, 1)]
    found = _tag(nlp, records)
    for i, text in enumerate(_STILL_THE_MAN, 1):
        assert ("Jackson", "PERSON", "x:jesse-jackson") in found[f"t/{i}"], text


def test_a_missed_surname_is_found_as_the_person_without_clear_evidence_of_a_place():
    texts = {"a": "Jesse Jackson spoke at the rally."} | {
        str(i): text for i, text in enumerate(_STILL_THE_MAN)
    }
    rows = [_row("a", 0, "Jesse Jackson", "PERSON"), _row("7", 9, "Mexico", "GPE")]
    rows.append(_row("8", 9, "Chicago", "GPE"))
    found = resolve_thread(rows, texts=texts)
    people = {r["segment_id"] for r in found if r["entity_id"] == "x:jesse jackson"}
    assert people == {"a"} | {str(i) for i in range(len(_STILL_THE_MAN))}


@pytest.mark.parametrize(
    "text",
    [
        "We sent aid to Colombia. Congress refused more.",
        "Troops went to Honduras. Congress refused more.",
        "Congress sent aid to Colombia. Congress refused more.",
    ],
)
def test_a_paragraph_naming_only_a_country_that_receives_keeps_the_us_congress(nlp, text):
    """The paragraph step skipped a country that only receives, so the body was
    not placed and the thread's count of that country took it."""
    found = _tag(nlp, [{"id": "t/1", "text": text}])
    congress = [m[2] for m in found["t/1"] if m[0] == "Congress"]
    assert congress and set(congress) == {"us-congress"}


def test_a_handles_name_addressed_is_the_speaker_not_an_outside_entity(nlp):
    """User review: "You're wrong, Brent." and "You're right, Dave." to the
    speakers Brent_Kowalski and dave123 gave the new entities PERSON and ORG
    x:brent and PERSON x:dave, though the argument map's cues answered them."""
    utterances = (
        Utterance("t/a", "t", "article", "Staff", "Canada ended its pilot."),
        Utterance("t/c1", "t", "comment", "Brent_Kowalski", "Possession should be a crime again."),
        Utterance(
            "t/c2",
            "t",
            "comment",
            "Sandra Moore",
            "You're wrong, Brent. I agree with Brent on one thing only.",
        ),
        Utterance("t/c3", "t", "comment", "dave123", "Legalise everything."),
        Utterance("t/c4", "t", "comment", "Sandra Moore", "Thanks, Dave. You're right, Dave."),
    )
    table = mentions_of(next(parse_threads([Thread("t", utterances)], nlp)))
    named = table[table.text.isin(["Brent", "Dave"])]
    brent = ["Brent", "PERSON", speaker_node("Brent_Kowalski"), "Brent_Kowalski"]
    dave = ["Dave", "PERSON", speaker_node("dave123"), "dave123"]
    assert named[["text", "label", "entity_id", "canonical"]].values.tolist() == [
        brent,
        brent,
        dave,
        dave,
    ]
    assert not table.entity_id.str.startswith("x:").any()


def test_a_handles_words_name_its_speaker_only_as_the_other_speaker_rules_allow():
    """The short names of a handle keep the guards of every speaker's name: a
    function word of it is no name ("The" of the_real_bob), a name two speakers
    share names neither ("Bob", no mention: a commenter named), one in lower
    case is no speaker ("brent")."""
    texts = {
        "a": "Thanks, Brent.",
        "b": "The law failed.",
        "c": "I agree with Bob.",
        "d": "Kowalski said it first.",
        "e": "Sorry, brent.",
    }
    rows = [
        _row("a", 8, "Brent", "ORG"),
        _row("b", 0, "The", "ORG"),
        _row("c", 13, "Bob", "PERSON"),
        _row("d", 0, "Kowalski", "ORG"),
        _row("e", 7, "brent", "ORG"),
    ]
    speakers = ["Brent_Kowalski", "the_real_bob", "Bob_the_builder"]
    found = resolve_thread(rows, texts=texts, speakers=speakers)
    brent = speaker_node("Brent_Kowalski")
    linked = [(r["segment_id"], r["label"]) for r in found if r["entity_id"] == brent]
    assert linked == [("a", "PERSON"), ("d", "PERSON")]
    assert [(r["segment_id"], r["entity_id"]) for r in found if r["segment_id"] in "bc"] == [
        ("b", "x:the")
    ]


def test_a_hyphenated_first_names_first_word_is_still_the_speaker():
    """speaker_short_names keeps "Jean-Luc" whole (the argument map matches names as
    written), but the mentions read names folded and split at hyphens: "Thanks,
    Jean." to Jean-Luc Picard was the speaker before and was then dropped as no
    mention at all (neither the speaker nor an entity)."""
    texts = {"a": "Thanks, Jean.", "b": "I agree with Mary."}
    rows = [_row("a", 8, "Jean", "PERSON"), _row("b", 13, "Mary", "PERSON")]
    speakers = ["Jean-Luc Picard", "Mary-Ann Smith"]
    found = resolve_thread(rows, texts=texts, speakers=speakers)
    assert [(r["segment_id"], r["entity_id"]) for r in found] == [
        ("a", speaker_node("Jean-Luc Picard")),
        ("b", speaker_node("Mary-Ann Smith")),
    ]
