from __future__ import annotations

import pandas as pd
import pytest

from discourse.config import PipelineConfig
from discourse.ingest import read_path
from discourse.segment import parse_threads
from discourse.stages import TABLE_COLUMNS, build_analyser
from discourse.stance import FRAME_NAMES, StanceTagger, load_model
from discourse.stance.tagger import find_holder, holder_agreement

from ..conftest import SEED
from .conftest import with_reader


@pytest.fixture(scope="module")
def seed_parsed(nlp):
    return next(parse_threads(read_path(SEED), nlp))


@pytest.mark.parametrize(
    ("text", "holder"),
    [
        (
            "The county sheriff said he would not enforce the new magazine limit.",
            "the county sheriff",
        ),
        ("Gustavo Petro said the war on drugs has failed.", "Gustavo Petro"),
        ("I think we should legalize cannabis.", "Aaron B"),
        ("We need to reduce demand.", "Aaron B"),
        # a common noun is capitalised only for starting the sentence: one holder
        ("Critics say the deployment has done little except raise the body count.", "critics"),
        ("Mexican officials said the rifles came from Texas.", "Mexican officials"),
        # a position taken by acting, not by speaking
        ("The governor vetoed the decriminalisation bill last night.", "the governor"),
        ("Gun-rights activists rallied against the licensing bill.", "gun-rights activists"),
        # a statement's author holds its position; cited evidence stays the writer's
        ("The commission's report urges consumer countries to fund treatment.", "the commission"),
        ("According to the government's own study, the gun ban did nothing.", "Aaron B"),
        # a title before a name spaCy did not find is not part of the holder: one
        # person is one holder ("Who stands where" had two rows for him)
        (
            "Interior Minister Alejandro Poire said the army will stay in the streets.",
            "Alejandro Poire",
        ),
        ("The Interior Minister said the army will stay in the streets.", "the Interior Minister"),
        # ... only a title that opens the phrase: the governors hold it too
        (
            "The governors and Interior Minister Alejandro Poire said the army will stay.",
            "the governors and Interior Minister Alejandro Poire",
        ),
        ("Mexico's Defense Minister said the army must stay.", "Mexico's Defense Minister"),
        # a title spaCy kept in the PERSON entity is no part of the name:
        # "President Obama" and "Obama" are one holder, as "President Calderon" is
        ("President Obama said the troops would stay.", "Obama"),
        # a role-first apposition: the name is the holder
        ("The mayor of Juarez, Hector Murguia, said the troops would stay.", "Hector Murguia"),
        ("Calderon's spokesman, Alejandro Poire, said the troops would stay.", "Alejandro Poire"),
        # verbs of judging or hoping report the subject's position, not the newsroom's
        ("Raul Vera has denounced the militarization of the country.", "Raul Vera"),
        ("Raul Vera condemned the deployment of troops.", "Raul Vera"),
        ("Calderon hopes the troops will defeat the cartels.", "Calderon"),
        # the parser hangs "Calderon" on "is": still the subject of "convinced"
        ("Calderon is convinced that only the army can defeat the cartels.", "Calderon"),
        # the other parse: "convinced" complements "is", which holds the subject
        ("Calderon is convinced that the army must stay in the cities.", "Calderon"),
        # "want" names a holder too rarely to count: here the writer argues
        ("If Washington wants to help Mexico, it should close the gun-show loophole.", "Aaron B"),
        # ... but one office-holder's wish is theirs, as a named person's is
        ("The governor wants to send the army into Juarez.", "the governor"),
        ("Mexico's president wants the army back in the barracks.", "Mexico's president"),
        ("The President wants to send troops to the border.", "the President"),
        ("The average senator wants reelection, not drug reform.", "Aaron B"),
        ("Some senator wants to ban my rifle.", "Aaron B"),
        # what someone never says or did not say is the writer's point
        ("Funny, he never says that about the 60,000 Canadians arrested for pot.", "Aaron B"),
        ("Fox did not say he supports legalization.", "Aaron B"),
        # ... but what someone never denied is theirs
        ("Calderon never denied the army would stay in the streets.", "Calderon"),
        ("If the governor wants to help, he should fund rehab.", "Aaron B"),
        # verbs of answering report their subject's position
        ("Critics reply that the crackdown did nothing for public health.", "critics"),
        ("Activists retorted that the army had failed.", "activists"),
        # "push" takes a position only with "for", a clause or "back"
        ("The DEA pushed for more troops on the border.", "the DEA"),
        (
            "Forced eradication only pushes farmers deeper into the jungle and into the arms "
            "of the FARC dissidents.",
            "Aaron B",
        ),
        ("Interdiction only pushes the routes elsewhere.", "Aaron B"),
        # ... and verbs of answering only with what was said: acts are no positions
        ("The army responded by killing 22 people in Tlatlaya.", "Aaron B"),
        ("The government countered with more troops in the streets.", "Aaron B"),
        ("Mexico recalled its ambassador after the raid.", "Aaron B"),
        ("The army cautioned residents to stay indoors.", "Aaron B"),
        ('"The army must go," Fox retorted.', "Fox"),
        ('"Legalize it," Fox replied.', "Fox"),
        ("Critics respond: legalization has failed everywhere.", "critics"),
        ("Doctors caution against decriminalising fentanyl.", "doctors"),
    ],
)
def test_holder_of_reported_speech(nlp, text, holder):
    assert find_holder(nlp(text)[:], "Aaron B") == holder


@pytest.mark.parametrize(
    "text",
    [
        "Evidence suggests that this is best achieved by treating addiction as a disease.",
        "History suggests that sending the army only makes things worse.",
        "Studies show that legalization reduces violence.",
        "The data indicate that prohibition has failed.",
        # a name in it says what the evidence is about, not whose position it is
        "But the experience of Mexico and Colombia suggests that militarisation brings "
        "short-term drops in violence followed by human rights abuses.",
        "Mexico's experience suggests that militarisation fails.",
        "The history of Colombia suggests that the army only makes things worse.",
        "The evidence from Portugal suggests that decriminalisation works.",
        "Recent polls in Ecuador suggest that most people want the army out.",
        "Three decades of interdiction data say the same thing: it changes where drugs travel.",
    ],
)
def test_a_source_of_evidence_is_not_a_holder(nlp, text):
    span = nlp(text)[:]
    assert find_holder(span, "Aaron B") == "Aaron B"
    # nor does it resolve to the last person named before it
    assert find_holder(span, "Aaron B", ["Otto Perez Molina"]) == "Aaron B"


@pytest.mark.parametrize(
    ("text", "holder"),
    [
        # a source whose author is named is that author's position, reported
        (
            "A study by Human Rights Watch argues that the army must go.",
            "a study by Human Rights Watch",
        ),
        ("A Stanford study argues that the army must leave the streets.", "a Stanford study"),
        # the author after a participle's "by" (spaCy's agent), not the prep "by"
        ("A study published by RAND argues that the army must go.", "a study"),
        ("A report commissioned by the UN argues that decriminalisation works.", "a report"),
        ("The commission's report urges an end to the deployment.", "the commission"),
        # an organisation after "from" made the study (a place is what it is about)
        ("A study from Harvard argues that the army must go.", "a study from Harvard"),
    ],
)
def test_a_source_of_evidence_with_a_named_author_is_reported(nlp, text, holder):
    assert find_holder(nlp(text)[:], "Aaron B") == holder


@pytest.mark.parametrize(
    ("text", "holder"),
    [
        ("According to the UN, treatment works better than prison.", "the UN"),
        ("The army, according to Human Rights Watch, has committed abuses.", "Human Rights Watch"),
        ("According to him, the army must stay.", "Otto Perez Molina"),
        ("According to me, we should legalize it.", "Aaron B"),
        # a study is a source of evidence, not a holder: the writer argues
        ("According to the latest study, legalization reduced arrests.", "Aaron B"),
        # "in the words of X", "to quote X" and an opening "as X said" attribute
        # as "according to X" does
        ("In the words of Calderon, the army must stay.", "Calderon"),
        ("In Calderon's words, the army must stay.", "Calderon"),
        ("In his words, the army must stay.", "Otto Perez Molina"),
        ("To quote Calderon, the army must stay.", "Calderon"),
        ("As Fox put it, legalization is the only way out.", "Fox"),
        ("As the DEA puts it, legalization would be a disaster.", "the DEA"),
        ("As he put it, legalization is the only way out.", "Otto Perez Molina"),
        ("As Calderon said last week, the army must stay in the streets.", "Calderon"),
        ("As Calderon told reporters, the army must stay in the streets.", "Calderon"),
        ("As critics point out, the army has failed.", "critics"),
        # after the claim or inside it, a named person or organisation saying it
        ("Legalization is the only way out, as Fox put it.", "Fox"),
        ("Legalization is the only way out, as Fox said.", "Fox"),
        ("The army must stay in the streets, as Calderon argued.", "Calderon"),
        ("The army, as Calderon put it, must stay in the streets.", "Calderon"),
        ("Legalization is the only way out, as he put it.", "Otto Perez Molina"),
        # no attribution: the writer's
        ("In other words, the army must stay.", "Aaron B"),
        # an "as" clause of acting tells when ("pushed" reports a position elsewhere)
        ("As the army pushed north, the cartels moved south.", "Aaron B"),
        ("As the army pushed into the cities, violence rose.", "Aaron B"),
        # after the claim, an unnamed source backs the writer's claim
        ("The border wall, as the report notes, has diverted smugglers to tunnels.", "Aaron B"),
        ("Registration leads to confiscation, as history has shown.", "Aaron B"),
        ("As I said, legalization is the only way out.", "Aaron B"),
        ("As a mother, I think legalization is wrong.", "Aaron B"),
        ("As far as I know, the army is still there.", "Aaron B"),
    ],
)
def test_an_attribution_names_the_holder(nlp, text, holder):
    span = nlp(text)[:]
    assert find_holder(span, "Aaron B", ["Otto Perez Molina"]) == holder
    # a side whose cue is in the clause the attribution frames: "As Calderon
    # said last week, …" gave the writer the side, though the sentence was his
    assert find_holder(span, "Aaron B", ["Otto Perez Molina"], cue=span.root.i) == holder


@pytest.mark.parametrize(
    "text",
    [
        "The assault weapons ban of 1994 hardly changed the murder rate, "
        "as even its own evaluators conceded.",
        "Treating personal possession as an administrative offence, as Mexico's own "
        "supreme court has suggested, would bring the law into line with reality.",
        "The ban hardly changed the murder rate, as the ATF itself admitted.",
    ],
)
def test_an_as_clause_conceding_the_writers_claim_backs_it(nlp, text):
    """As the annotated corpus has it (hc-0213, th-0244): a concession is the
    writer's evidence, the position the writer's own, with or without a cue
    (the sentence's holder had been the evaluators and the court)."""
    span = nlp(text)[:]
    assert find_holder(span, "Aaron B") == "Aaron B"
    assert find_holder(span, "Aaron B", cue=span.root.i) == "Aaron B"


@pytest.mark.parametrize(
    ("text", "holder"),
    [
        ('Fox: "Legalize it and tax it."', "Fox"),
        ("Calderon: the army stays until the cartels are beaten.", "Calderon"),
        ("President Calderon: the army stays until the cartels are beaten.", "Calderon"),
        ("The DEA: legalization would be a disaster.", "the DEA"),
        # the quotation's "I" is the named speaker
        ('Fox: "I believe we should legalize it."', "Fox"),
        # a label before the colon, not a speaker: the writer's
        ("Bottom line: legalize it.", "Aaron B"),
        ("My view: legalize it.", "Aaron B"),
        ("Update: the army should leave.", "Aaron B"),
        ("EDIT: legalize it.", "Aaron B"),
        ("Mexico: the army must leave the streets.", "Aaron B"),
        # chat acronyms the entity recogniser tags ORG label the line too
        ("IMHO: we should legalize all drugs now.", "Aaron B"),
        ("FYI: prohibition has failed everywhere.", "Aaron B"),
        ("NB: we should legalize all drugs now.", "Aaron B"),
        ("PPS: we should legalize all drugs now.", "Aaron B"),
        ("LOL: we should legalize all drugs now.", "Aaron B"),
        # an organisation's acronym the gazetteer knows still speaks
        ("DEA: legalization would be a disaster.", "DEA"),
        ("PRI: the army must stay in the streets.", "PRI"),
        ("The NRA: no new gun laws.", "the NRA"),
        # a name before words to "you" is the person the writer answers
        ("Maria Lopez: you are wrong, we need to legalize drugs.", "Aaron B"),
    ],
)
def test_a_name_before_a_colon_is_the_speaker_of_the_quotation(nlp, text, holder):
    span = nlp(text)[:]
    assert find_holder(span, "Aaron B") == holder
    assert find_holder(span, "Aaron B", cue=span.root.i) == holder


@pytest.mark.parametrize(
    ("text", "holder"),
    [("The NRA: no new gun laws.", "the NRA"), ("Mexico: the army must leave.", "Aaron B")],
)
def test_an_organisation_the_gazetteer_knows_speaks_whatever_its_entity_label(text, holder):
    """Without the gazetteer's entity ruler spaCy tags NRA a place (GPE): the
    gazetteer still knows it as an organisation."""
    from discourse.nlp import load_nlp

    doc = load_nlp(entities=False)(text)
    assert doc.ents[0].label_ == "GPE"
    assert find_holder(doc[:], "Aaron B") == holder


def test_a_thread_speakers_name_before_a_colon_addresses_them(shipped):
    """ "Maria Lopez: …" in a thread Maria Lopez writes in answers her: the
    position after the colon is the writer's."""
    text = "Maria Lopez: we should legalize all drugs now."
    # no one of that name in the thread: she speaks
    (decisions,) = StanceTagger(shipped).tag_spans([text], ["Ana Ruiz"])
    assert [d.holder for d in decisions if d.label != "none"] == ["Maria Lopez"]
    tagged = StanceTagger(shipped).tag_spans(
        ["I think the army should stay.", text], ["Maria Lopez", "Ana Ruiz"], threads=["t", "t"]
    )
    assert [d.holder for d in tagged[1] if d.label != "none"] == ["Ana Ruiz"]


@pytest.mark.parametrize(
    ("text", "holder"),
    [
        # a group's reported position is the group's (ANNOTATION.md, rule 1)
        ("Most Mexicans believe the army should go back to the barracks.", "most Mexicans"),
        ("Many Mexicans believe the army should leave.", "many Mexicans"),
        ("Most Americans believe marijuana should be legal.", "most Americans"),
        ("Everyone in my village believes the army should leave.", "everyone in my village"),
        (
            "Everyone who lives in my village believes the army should leave.",
            "everyone who lives in my village",
        ),
        ("Everyone I know believes the army should leave.", "everyone I know"),
        ("Most people I know believe the army should leave.", "most people I know"),
        # the parser makes "people" the root and hangs "think" on "talk"
        ("Most people I talk to think legalization would help.", "most people I talk to"),
        (
            "Most of the farmers I talk to think legalization would help.",
            "most of the farmers I talk to",
        ),
        ("Half my family believes the army should leave.", "half my family"),
        ("Half the country believes the army should leave.", "half the country"),
        # a bare "everyone" is the writer's generalisation, as "nobody" is
        ("Everyone believes the army should leave.", "Aaron B"),
        # a group the writer is one of: the writer's
        ("I and everyone I know believe the army should leave.", "Aaron B"),
        ("My wife and I think the army should leave.", "Aaron B"),
        ("Most of us think the army should leave.", "Aaron B"),
        # some of the writer's readers: theirs, not the writer's
        ("Many of you think the army should leave.", "many of you"),
        ("Most of you believe the army should leave.", "most of you"),
    ],
)
def test_a_group_holds_the_position_it_is_reported_to_hold(nlp, text, holder):
    span = nlp(text)[:]
    assert find_holder(span, "Aaron B") == holder
    claim = next(t for t in span if t.dep_ == "ccomp")
    assert find_holder(span, "Aaron B", cue=claim.i) == holder


@pytest.mark.parametrize(
    ("text", "holder"),
    [
        # a group named by a quantifier wants what the sentence reports: the
        # writer was the holder, as "want" is no holder verb elsewhere
        ("Several Republican senators want the army on the border.", "several Republican senators"),
        ("Many Mexicans want the army back in the barracks.", "many Mexicans"),
        ("Most voters want legalization.", "most voters"),
        # so does a named person
        ("Obama wanted to legalize marijuana.", "Obama"),
        # a PERSON the tagger calls a common noun
        ("Trump wants to send the military into Mexico.", "Trump"),
        # what a group or body wants in a condition, a reason or a question is the writer's
        ("If Washington wants to help, it should close the gun-show loophole.", "Aaron B"),
        ("The left wants more rehab and neither side has evidence.", "Aaron B"),
        ("Nobody changes how many people in Madrid want cocaine.", "Aaron B"),
        ("Most of us want the army gone.", "Aaron B"),
        # the writer asks what a group or person wants
        ("Do most Mexicans want the army in the streets?", "Aaron B"),
        ("Why does Calderon want more troops?", "Aaron B"),
        ("Does Calderon really want more troops in Michoacan?", "Aaron B"),
        # a question or a "when" in another clause asks nothing of the want (final code read)
        ("When the army arrived, Calderon wanted more troops.", "Calderon"),
        ("When the army arrived in Juarez, most Mexicans wanted it to stay.", "most Mexicans"),
        ("Calderon wants more troops, but who will pay for them?", "Calderon"),
        # the writer joins the group: the position is the writer's own
        ("Most Mexicans want the army off the streets, and so do I.", "Aaron B"),
        ("Many people want legalization, including me.", "Aaron B"),
        ("Most voters want legalization, as do I.", "Aaron B"),
    ],
)
def test_a_group_or_person_holds_what_the_sentence_says_they_want(nlp, text, holder):
    assert find_holder(nlp(text)[:], "Aaron B") == holder


@pytest.mark.parametrize(
    ("text", "holder"),
    [
        # the writer's memory frames another's position: it was the writer's
        ("I recall that Fox called for legalization.", "Fox"),
        ("We all remember that Calderon promised to pull the army out.", "Calderon"),
        ("As I recall, Calderon wanted the army out.", "Calderon"),
        ("Fox, I recall, called for legalization.", "Fox"),
        # remembering no one else's position leaves the writer's own
        ("I recall that the army failed.", "Aaron B"),
        # someone else recalling holds what they recall
        ("Calderon recalled that the army was needed.", "Calderon"),
    ],
)
def test_the_writers_memory_leaves_the_position_to_whom_it_recalls(nlp, text, holder):
    assert find_holder(nlp(text)[:], "Aaron B") == holder


def test_holder_resolves_to_the_named_person_in_the_utterance(nlp):
    earlier = ["Otto Perez Molina", "Perez Molina"]
    span = nlp(
        "The former general has said he intends to use Guatemala’s elite military "
        "forces, Los Kaibiles, to challenge the threat of drug traffickers."
    )[:]
    assert find_holder(span, "Karen Hooper", earlier) == "Otto Perez Molina"
    # with nobody named before, the description itself is the holder
    assert find_holder(span, "Karen Hooper", []) == "the former general"


def _utterance_holders(shipped, nlp, texts: list[str]) -> list[str]:
    """The holders the tagger gives the sentences of one utterance of Maria Lopez."""
    tagger = StanceTagger(shipped)
    tagged = tagger.tag_spans(
        [nlp(t)[:] for t in texts], ["Maria Lopez"] * len(texts), ["a"] * len(texts)
    )
    return [next((d for d in ds if d.label != "none"), ds[0]).holder for ds in tagged]


def _paragraph_holders(shipped, nlp, text: str) -> list[str]:
    """The holder of each sentence of one paragraph of Laura Ibarra (one doc, as a run parses it)."""
    sents = list(nlp(text).sents)
    tagged = StanceTagger(shipped).tag_spans(
        sents, ["Laura Ibarra"] * len(sents), ["a"] * len(sents)
    )
    return [next((d for d in ds if d.label != "none"), ds[0]).holder for ds in tagged]


def test_a_quotation_that_goes_on_keeps_its_holder(shipped, nlp):
    """A review found the second sentence of a minister's quotation credited to the
    article's author: a sentence all in quotes, right after an attributed
    quotation and attributing nothing itself, goes on with the same speaker."""
    text = (
        '"The Guard is the only force that has not been bought by organised crime," '
        "Interior Minister Rosa Delgado told reporters. "
        '"We will keep it on the streets until the cartels are dismantled."'
    )
    assert _paragraph_holders(shipped, nlp, text) == ["Rosa Delgado", "Rosa Delgado"]
    # no quotation before, or a sentence of the writer's own after one: the writer's
    assert (
        _paragraph_holders(
            shipped, nlp, 'The minister said the army would stay. "We will keep it on the streets."'
        )[1]
        == "Laura Ibarra"
    )
    assert (
        _paragraph_holders(
            shipped, nlp, '"Legalize it," Fox said. I think we should keep the army on the streets.'
        )[1]
        == "Laura Ibarra"
    )
    # a quoted phrase inside the writer's own sentence is no continuation
    assert (
        _paragraph_holders(
            shipped,
            nlp,
            '"Prohibition failed," said Fox. "Prohibition failed" is a slogan, not a policy.',
        )[1]
        == "Laura Ibarra"
    )


def test_the_tagger_credits_attributions_and_groups(shipped, nlp):
    """Each side through the tagger, held as the sentence is."""
    texts = [
        "As Calderon said last week, the army must stay in the streets.",
        'Fox: "Legalize it and tax it."',
        "Everyone in my village believes the army should leave.",
        "Bottom line: legalize it.",
    ]
    assert _utterance_holders(shipped, nlp, texts) == [
        "Calderon",
        "Fox",
        "everyone in my village",
        "Maria Lopez",
    ]


def test_the_writers_conclusion_from_a_countrys_experience_stays_the_writers(shipped, nlp):
    """The reviewed article: its author's conclusion from Mexico's and Colombia's
    experience was credited to "the experience of Mexico and Colombia", which the
    report then listed as a reported holder with a row of its own."""
    texts = [
        "President Daniel Noboa says the army will crush the gangs.",
        "But the experience of Mexico and Colombia suggests that militarisation brings "
        "short-term drops in violence followed by human rights abuses and the "
        "fragmentation of gangs.",
    ]
    assert _utterance_holders(shipped, nlp, texts) == ["Daniel Noboa", "Maria Lopez"]


def test_only_pronouns_and_role_descriptions_resolve_to_a_person_named_before(shipped, nlp):
    texts = [
        "Senator Patrick Leahy argued that we must stop straw purchases at gun shows.",
        "Critics say the military deployment has only increased violence.",
        "Sending the army made things worse, officials said.",
        "Nobody believes the army can win this war.",
        "The commission's report urges Congress to fund treatment instead of prison.",
        "Human rights groups say the army should go back to the barracks.",
        "The government says legalization would be a disaster.",
        "According to my uncle, legalization would end the violence.",
        "Many experts believe treatment works better than prison.",
        "Some say the military should be sent in.",
        "The army should go home, say doctors.",
        "A senator from Texas argued that the border needs more troops.",
        "Anyone who thinks legalizing drugs will stop the violence is wrong.",
        "No one believes the army can win.",
        # a definite description of a person's role, and a pronoun, are the senator
        "The senator also said that gun shows must be regulated.",
        "He added that the army should stay in Juarez.",
    ]
    assert _utterance_holders(shipped, nlp, texts) == [
        "Patrick Leahy",
        "critics",
        "officials",
        "Maria Lopez",  # a negative quantifier reports nobody's position: the writer's
        "the commission",
        "human rights groups",
        "the government",
        "my uncle",
        "many experts",
        "some",
        "doctors",
        "a senator from Texas",
        "Maria Lopez",
        "Maria Lopez",
        "Patrick Leahy",
        "Patrick Leahy",
    ]


def test_a_pronoun_resolves_to_the_salient_subject_not_the_last_name(shipped, nlp):
    texts = [
        "Hillary Clinton met Felipe Calderon in Mexico City on Tuesday.",
        "She said the United States must do more to stop guns from flowing south.",
        # "she" was Clinton: "he" is someone else, the other person named
        "He added that the army would stay in Juarez.",
    ]
    assert _utterance_holders(shipped, nlp, texts)[1:] == ["Hillary Clinton", "Felipe Calderon"]
    texts = [
        "Senator Patrick Leahy met the president on Tuesday.",
        "He added that gun shows must be regulated.",
    ]
    assert _utterance_holders(shipped, nlp, texts)[1] == "Patrick Leahy"


@pytest.mark.parametrize(
    ("texts", "holder"),
    [
        # a possessed relation is a person a later "he"/"she" stands for: her
        # view is not the commenter's, who argues the opposite
        (
            [
                "My cousin in Peten says the soldiers are the only protection they have.",
                "She thinks the army should stay.",
            ],
            "my cousin in Peten",
        ),
        (
            ["My uncle is a cop in Tijuana.", "He says legalization would be a disaster."],
            "my uncle",
        ),
        (
            ["My wife works at a clinic.", "According to her, treatment works better than jail."],
            "my wife",
        ),
        # "it" and "they" stand for the organisation or group that was the subject
        (
            ["The DEA released a report on Monday.", "It says legalization would be a disaster."],
            "the DEA",
        ),
        (
            ["Human rights groups visited Juarez.", "They say the troops must leave the city."],
            "human rights groups",
        ),
        # nothing for them to stand for: the writer's, as before
        (
            ["I went to Juarez last year.", "They say the troops must leave the city."],
            "Maria Lopez",
        ),
        (
            ["My uncle is a cop in Tijuana.", "She says legalization would be a disaster."],
            "Maria Lopez",
        ),
        (
            ["The DEA agents raided a lab.", "It says legalization would be a disaster."],
            "Maria Lopez",
        ),
        (["We went to Juarez.", "We think the troops must leave the city."], "Maria Lopez"),
        # a plural subject that is no group of people stands for nobody
        (
            ["Overdose deaths have tripled since 2006.", "They say the army is winning the war."],
            "Maria Lopez",
        ),
        (["Prices have doubled.", "They say the army should leave the cities."], "Maria Lopez"),
    ],
)
def test_a_pronoun_resolves_to_the_described_person_or_actor_before_it(shipped, nlp, texts, holder):
    assert _utterance_holders(shipped, nlp, texts)[-1] == holder


def test_a_role_description_does_not_resolve_to_a_described_person(shipped, nlp):
    texts = ["My uncle is a cop in Tijuana.", "The senator says legalization would be a disaster."]
    assert _utterance_holders(shipped, nlp, texts)[-1] == "the senator"


def test_a_surname_tagged_as_an_organisation_joins_the_full_name(shipped, nlp):
    texts = [
        "Senator Patrick Leahy argued that we must stop straw purchases at gun shows.",
        "Leahy also said that legalization would be a mistake.",  # spaCy: ORG
    ]
    assert nlp(texts[1]).ents[0].label_ != "PERSON"
    assert _utterance_holders(shipped, nlp, texts) == ["Patrick Leahy", "Patrick Leahy"]


def test_a_first_name_joins_the_full_name_named_after_it(shipped, nlp):
    texts = [
        "Hillary says the guns come from the United States.",
        "Hillary Clinton also says the guns come from the United States.",
    ]
    assert _utterance_holders(shipped, nlp, texts) == ["Hillary Clinton", "Hillary Clinton"]


def test_a_surname_tagged_as_a_common_noun_is_the_person_named_before(shipped, nlp):
    texts = [
        "Alejandro Poire said the troops would stay.",
        "Poire also said legalization is not an option.",  # spaCy: NOUN, no entity
    ]
    assert nlp(texts[1])[0].pos_ == "NOUN"
    assert _utterance_holders(shipped, nlp, texts) == ["Alejandro Poire", "Alejandro Poire"]


def test_a_capitalised_word_is_lower_cased_only_when_it_starts_a_sentence_alone(nlp):
    doc = nlp("Poire said legalization is not an option. I agree with Poire.")
    assert find_holder(next(doc.sents), "Aaron B") == "Poire"
    doc = nlp("Critics say the army should go. I agree with the critics.")
    assert find_holder(next(doc.sents), "Aaron B") == "critics"


def test_a_surname_joins_the_nearest_full_name_not_the_threads_first(tmp_path, nlp):
    """The article named Hillary Clinton; the comment's own Bill Clinton is nearer."""
    path = tmp_path / "thread.txt"
    path.write_text(
        "Hillary Clinton met Felipe Calderon in Mexico City last week.\n\n"
        "  \u2022 Ana\n\n"
        "    Bill Clinton signed the crime bill in 1994. Clinton says marijuana should "
        "be legalized now.\n",
        encoding="utf-8",
    )
    parsed = next(parse_threads(read_path(path), nlp))
    stances = StanceTagger(load_model()).tag_parsed(parsed)
    holders = stances.drop_duplicates("segment_id").set_index("segment_id")["holder"]
    assert holders["thread/ana/s02"] == "Bill Clinton"


def test_a_surname_in_a_comment_joins_the_full_name_in_the_article(tmp_path, nlp):
    path = tmp_path / "thread.txt"
    path.write_text(
        "President Otto Perez Molina says the army will fight the cartels.\n\n"
        "  \u2022 Ana\n\n"
        "    Perez Molina says the army must stay in the streets.\n",
        encoding="utf-8",
    )
    parsed = next(parse_threads(read_path(path), nlp))
    stances = StanceTagger(load_model()).tag_parsed(parsed)
    holders = stances.drop_duplicates("segment_id").set_index("segment_id")["holder"]
    assert holders.to_dict() == {
        "thread/article/s01": "Otto Perez Molina",
        "thread/ana/s01": "Otto Perez Molina",
    }


def test_stage_table_for_the_seed_thread(seed_parsed, seed_gold):
    analyse = build_analyser(PipelineConfig(), ["stance"])
    stances = analyse(seed_parsed).tables["stances"]
    assert list(stances.columns) == TABLE_COLUMNS["stances"]
    assert len(stances) == len(seed_gold) * len(FRAME_NAMES)
    assert set(stances["segment_id"]) == {g["id"] for g in seed_gold}
    assert set(stances["label"]) <= {"favor", "against", "none"}
    assert stances["score"].between(0, 1).all()
    # every side taken names its evidence; "none" has none
    assert (stances.loc[stances["label"] != "none", "cue"] != "").all()
    assert (stances.loc[stances["label"] == "none", "cue"] == "").all()
    by_id = stances.drop_duplicates("segment_id").set_index("segment_id")["holder"]
    assert by_id["guatemala-post/article/s05"] == "Otto Perez Molina"
    # "Perez Molina has issued an invitation to the United States to help interdict …"
    assert by_id["guatemala-post/article/s30"] == "Otto Perez Molina"
    assert by_id["guatemala-post/aaron-b/s06"] == "Aaron B"
    mil = stances[(stances.frame == "militarization")].set_index("segment_id")
    assert mil.loc["guatemala-post/article/s05", "label"] == "favor"
    assert "military" in mil.loc["guatemala-post/article/s05", "cue"]


def test_stage_reuses_the_parsed_spans(seed_parsed, monkeypatch):
    import discourse.nlp

    def no_parse(*args, **kwargs):
        raise AssertionError("the stance stage must not parse again")

    monkeypatch.setattr(discourse.nlp, "load_nlp", no_parse)
    tagger = StanceTagger(load_model())
    assert len(tagger.tag_parsed(seed_parsed)) == len(seed_parsed.segments) * 4


def test_config_names_model_file_and_errors(tmp_path):
    from discourse.stance import load_tagger

    cfg = PipelineConfig.from_dict({"stance": {"model": str(tmp_path / "missing.skops")}})
    with pytest.raises(OSError, match="E207"):
        load_tagger(cfg)
    junk = tmp_path / "junk.skops"
    junk.write_bytes(b"not a model")
    cfg = PipelineConfig.from_dict({"stance": {"model": str(junk)}})
    with pytest.raises(OSError, match="E208"):
        load_tagger(cfg)


def test_untrusted_types_are_refused(tmp_path):
    import skops.io as sio

    from discourse.stance.tagger import load_model as load

    path = tmp_path / "odd.skops"
    sio.dump({"x": __import__("fractions").Fraction(1, 3)}, path)
    with pytest.raises(OSError, match=r"E208.*Untrusted types found.*fractions.Fraction"):
        load(path)


def test_cue_names_the_measure_when_no_polarity_cue_matched():
    tagger = StanceTagger(load_model())
    [rec] = tagger.tag_records(
        [{"id": "1", "text": "We should not legalize marijuana under any circumstances."}]
    )
    assert rec["legalization"] == "against"
    # the measure with its negator, not the learned word with the largest weight
    assert rec["cues"]["legalization"] == "not legalize marijuana"


@pytest.fixture(scope="module")
def shipped_tagger():
    """A tagger with the shipped default model, in the form ``discourse stance`` loads."""
    from discourse.stance.tagger import load_runtime

    return StanceTagger(load_runtime())


def _cue_for(tagger: StanceTagger, text: str, frame: str, label: str) -> str:
    """The cue ``tagger`` shows for ``label`` on ``frame`` (whatever label it would choose)."""
    from discourse.stance.analysis import as_spans

    [analysis] = tagger.model.features_._analyse(as_spans([text]), {})
    return tagger._cue(analysis, frame, label)[0]


def test_a_clause_spliced_on_a_negated_one_keeps_its_side(shipped_tagger):
    """spaCy parses "X, it just is not Y" as X a complement of the second clause,
    whose "not" negated X: "Treatment works, …" came out against treatment."""
    alone, spliced, own = shipped_tagger.tag_records(
        [
            {"id": "1", "text": "Treatment works."},
            {"id": "2", "text": "Treatment works, it just is not funded."},
            {"id": "3", "text": "Prohibition has not failed, it just has not been enforced."},
        ]
    )
    for rec in (alone, spliced):
        assert rec["demand_reduction"] == "favor", rec
        assert rec["cues"]["demand_reduction"] == "Treatment works"
    assert own["legalization"] == "against"
    assert own["cues"]["legalization"] == "Prohibition has not failed"


@pytest.mark.parametrize(
    ("text", "frame", "label", "cue"),
    [
        # the negator, however far before or after the cue, with the word it negates
        (
            "We should not, under any circumstances, legalize heroin.",
            "legalization",
            "against",
            "not, under any circumstances, legalize heroin",
        ),
        (
            "We should never, ever, under any circumstances legalize cocaine.",
            "legalization",
            "against",
            "never, ever, under any circumstances legalize",
        ),
        (
            "The army is no longer the solution to the cartel problem.",
            "militarization",
            "against",
            "army is no longer",
        ),
        ("Legalization won't work, he said.", "legalization", "against", "Legalization won't work"),
        ("Prohibition has not failed.", "legalization", "against", "Prohibition has not failed"),
        # a contraction typed without its apostrophe is spaCy's "do" + "nt": whole words
        (
            "I dont think legalizing drugs would help anyone.",
            "legalization",
            "against",
            "dont think legalizing drugs",
        ),
        ("We shouldnt send troops.", "militarization", "against", "shouldnt send troops"),
        ("I dont support legalization.", "legalization", "against", "dont support legalization"),
        (
            "I wont support sending troops.",
            "militarization",
            "against",
            "wont support sending troops",
        ),
        ("We didnt legalize heroin.", "legalization", "against", "didnt legalize heroin"),
        (
            "I don't think we need troops.",
            "militarization",
            "against",
            "don't think we need troops",
        ),
        # a clause's negation does not leak into the clause spliced before it
        ("Treatment works, it just is not funded.", "demand_reduction", "favor", "Treatment works"),
    ],
)
def test_a_negated_cue_is_shown_with_its_negator(shipped_tagger, text, frame, label, cue):
    assert _cue_for(shipped_tagger, text, frame, label) == cue


@pytest.mark.parametrize(
    ("text", "frame", "label", "cue"),
    [
        # the against cue alone says the opposite; a learned word ("minister") was shown
        (
            "The minister rejected calls to withdraw the military.",
            "militarization",
            "favor",
            "rejected calls to withdraw the military",
        ),
        ("I am not against legalization.", "legalization", "favor", "not against legalization"),
        (
            "The senator voted against the assault weapons ban.",
            "arms_control",
            "against",
            "voted against the assault weapons ban",
        ),
        (
            "The president dismissed demands to legalize marijuana.",
            "legalization",
            "against",
            "dismissed demands to legalize marijuana",
        ),
    ],
)
def test_an_attitude_governing_a_cue_is_shown_from_its_word(
    shipped_tagger, text, frame, label, cue
):
    assert _cue_for(shipped_tagger, text, frame, label) == cue
    # for the other side the attitude is no evidence
    other = "against" if label == "favor" else "favor"
    assert _cue_for(shipped_tagger, text, frame, other) != cue


@pytest.mark.parametrize(
    ("text", "frame", "label", "shown"),
    [
        # a match negated against the label, or a word of it, is not the label's
        # evidence while anything else is there
        (
            "The army is no longer the solution to the cartel problem.",
            "militarization",
            "favor",
            "cartel",
        ),
        ("The drug war hasn't failed, it was never tried.", "militarization", "against", "never"),
        # nothing else: the match with its negator, never its bare topic word
        ("Prohibition has not failed.", "legalization", "favor", "Prohibition has not failed"),
        (
            "I wont support sending troops.",
            "militarization",
            "favor",
            "wont support sending troops",
        ),
    ],
)
def test_a_cue_negated_against_the_label_is_the_last_resort(
    shipped_tagger, text, frame, label, shown
):
    assert _cue_for(shipped_tagger, text, frame, label) == shown


@pytest.mark.parametrize(
    "text",
    [
        "Protesters demanded the army leave Juarez.",
        "The governors demand more federal money.",
        "Washington's demands on Mexico are unreasonable.",
        "Mexico demands that the US stop the flow of guns.",
        "The opposition's demand for a recount was rejected.",
        "Washington's demand that Mexico extradite him was refused.",
        "Moms Demand Action rallied in Austin.",
    ],
)
@pytest.mark.parametrize("label", ["favor", "against"])
def test_demand_as_a_verb_or_a_request_is_no_demand_reduction_cue(shipped_tagger, text, label):
    """The verb "demand", "demands" (requests) and a demand for anything but drugs
    are not the drug market: never the demand-reduction evidence, nor a learned
    word inside them."""
    cue = _cue_for(shipped_tagger, text, "demand_reduction", label)
    assert "demand" not in cue.lower(), cue


@pytest.mark.parametrize(
    "text",
    [
        "Protesters demanded the army leave Juarez.",
        "The governors demand more federal money.",
        "Mexico demands that the US stop the flow of guns.",
        "Washington's demands on Mexico are unreasonable.",
    ],
)
def test_a_demand_reduction_side_is_not_shown_on_a_request(shipped_tagger, text):
    """The model reads "demanded" as it was trained to (here it takes a side); the
    reader is not shown it as the evidence."""
    [rec] = shipped_tagger.tag_records([{"id": "1", "text": text}])
    assert rec["demand_reduction"] != "none"
    assert "demand" not in rec["cues"]["demand_reduction"].lower()


@pytest.mark.parametrize(
    ("text", "label", "cue"),
    [
        ("We need to reduce demand.", "favor", "reduce demand"),
        ("US demand for drugs fuels the violence.", "favor", "demand for drugs"),
        ("Demand for heroin is rising.", "against", "Demand"),
        ("Drug demand in the United States is the problem.", "favor", "Drug demand"),
        ("Consumer demand drives the trade.", "favor", "demand drives"),
        ("US demand is the problem.", "favor", "demand"),
        ("The demand side has been ignored.", "against", "demand side"),
        ("Demand reduction works.", "favor", "Demand reduction"),
        ("Demand Reduction Works", "favor", "Demand Reduction"),
        ("Reduce the demand that fuels the violence.", "favor", "demand that fuels"),
    ],
)
def test_demand_for_drugs_is_still_the_demand_reduction_cue(shipped_tagger, text, label, cue):
    assert _cue_for(shipped_tagger, text, "demand_reduction", label) == cue


def test_a_far_negator_is_shown_with_its_verb_group(nlp):
    """Beyond MAX_CUE_TOKENS the span from the negator to the cue is too long to read
    as a cue: the negator is shown with its auxiliaries, a verbatim substring."""
    import dataclasses

    from discourse.stance.analysis import CueMatch
    from discourse.stance.tagger import MAX_CUE_TOKENS, _cue_text

    text = (
        "I do not, after everything that the last twenty years of this failed policy "
        "have taught us, support legalizing heroin."
    )
    span = nlp(text)[:]
    start = next(t.i for t in span if t.text == "legalizing")
    negator = next(t.i for t in span if t.text == "not")
    assert start - negator > MAX_CUE_TOKENS
    match = CueMatch("legalization", "topic", start, start + 2, "legalizing heroin", False)
    assert _cue_text(span, match) == "legalizing heroin"
    negated = dataclasses.replace(match, negated=True, negator=negator)
    assert _cue_text(span, negated) == "do not"


def test_cues_are_whole_words_of_the_text(shipped_tagger):
    """Every cue shown is a verbatim substring of its text that neither starts nor
    ends inside a word (dev sentences, and contractions typed without apostrophes)."""
    import re

    from discourse.stance.corpus import load_corpus

    from ..conftest import CORPUS

    dev = load_corpus("dev", root=CORPUS.parent)["text"].head(300).tolist()
    texts = [
        *dev,
        "I dont think legalizing drugs would help anyone.",
        "We shouldnt send troops, and I wont support it.",
        "They didnt legalize it and dont want to.",
        "Gun-free zones dont work.",
        "(Legalize heroin) is what they want.",
    ]
    records = shipped_tagger.tag_records([{"id": str(i), "text": t} for i, t in enumerate(texts)])
    shown = 0
    for text, rec in zip(texts, records, strict=True):
        for frame, cue in rec["cues"].items():
            if not cue:
                continue
            shown += 1
            assert cue in text, (text, frame, cue)
            for at in (m.start() for m in re.finditer(re.escape(cue), text)):
                before, after = text[at - 1 : at], text[at + len(cue) : at + len(cue) + 1]
                if not (before.isalnum() and cue[0].isalnum()) and not (
                    after.isalnum() and cue[-1].isalnum()
                ):
                    break
            else:
                raise AssertionError(f"{cue!r} starts or ends inside a word of {text!r}")
    assert shown > 100


def test_shipped_model_stores_vocabularies_as_json_not_one_file_per_word(shipped):
    """skops writes each NumPy scalar as its own archive member; a vocabulary of
    NumPy ints made the shipped model thousands of files and slow to load."""
    import zipfile

    from discourse.stance.tagger import default_model_path

    words = len(shipped.features_.vectorizer_.vocabulary_)
    assert words > 1000
    assert all(type(c) is int for c in shipped.features_.vectorizer_.vocabulary_.values())
    with zipfile.ZipFile(default_model_path()) as archive:
        assert len(archive.namelist()) < 100 < words


def test_tag_records_tags_sentence_by_sentence(shipped):
    tagger = StanceTagger(shipped)
    once = "Send in the army to crush the cartels."
    out = tagger.tag_records(
        [
            {"id": "one", "text": once},
            {"id": "twenty", "text": " ".join([once] * 20)},
            {"id": "two", "text": "We must legalize marijuana. " + once, "speaker": "Ann"},
        ]
    )
    one, twenty, two = out
    # repeating a sentence says nothing new: same labels, scores and cues
    assert {k: v for k, v in twenty.items() if k not in ("id", "text")} == {
        k: v for k, v in one.items() if k not in ("id", "text")
    }
    # the text comes back with its labels
    assert (one["id"], one["text"]) == ("one", once)
    assert one["militarization"] == "favor" and one["legalization"] == "none"
    # each frame takes the side of the sentence that argues it
    assert two["legalization"] == "favor" and two["militarization"] == "favor"
    assert two["cues"]["legalization"] == "legalize marijuana"
    assert two["holder"] == "Ann"


def test_each_frame_of_a_record_gets_the_holder_of_the_sentence_that_decided_it(shipped):
    (row,) = StanceTagger(shipped).tag_records(
        [
            {
                "id": "m1",
                "speaker": "Ana",
                "text": "President Calderon said he will send ten thousand more troops to "
                "Juarez. I think we should legalize marijuana instead.",
            }
        ]
    )
    assert row["militarization"] == "favor" and row["legalization"] == "favor"
    assert row["holders"]["militarization"] == "Calderon"
    assert row["holders"]["legalization"] == "Ana"
    assert set(row["holders"]) == set(row["scores"])
    # nobody holds a side of a frame the text takes none on (it read "Calderon")
    assert all(row["holders"][f] == "" for f in row["holders"] if row[f] == "none")
    # the record's one holder stays, for readers of the older format
    assert row["holder"] in {"Calderon", "Ana"}


@pytest.mark.parametrize(
    ("text", "holders"),
    [
        # the reporting verb that governs each cue holds that side
        (
            "Critics say the army should go back to the barracks, but I think we "
            "should legalize marijuana.",
            {"militarization": "critics", "legalization": "Dr. K"},
        ),
        (
            "We should legalize marijuana, but the senator argued that the army must "
            "stay in Juarez.",
            {"militarization": "the senator", "legalization": "Dr. K"},
        ),
        # a clause spliced on with a comma is not under the verb after it
        (
            "The White House claims gun control will stop trafficking, I say it wont.",
            {"arms_control": "the White House"},
        ),
        # ... but a quotation before "X told reporters" is X's
        (
            '"The army must stay in the streets," Calderon told reporters.',
            {"militarization": "Calderon"},
        ),
        # an adverbial clause with its own reporting verb and subject is not under
        # the main clause's
        (
            "Although Calderon insists the army must stay, Fox argues drugs should be legalized.",
            {"militarization": "Calderon", "legalization": "Fox"},
        ),
        # a condition under a reporting verb is the reporter's, not the writer's
        (
            "Human Rights Watch says that if we legalize marijuana, the cartels will lose "
            "their income.",
            {"legalization": "Human Rights Watch"},
        ),
        # an inserted reporting verb governs the clause around it
        (
            "Sending the army, human rights groups warn, has only increased the violence.",
            {"militarization": "human rights groups"},
        ),
    ],
)
def test_two_voices_in_one_sentence_each_hold_their_own_side(shipped, text, holders):
    (row,) = StanceTagger(shipped).tag_records([{"id": "x", "speaker": "Dr. K", "text": text}])
    assert {f: row["holders"][f] for f in holders} == holders
    assert all(row[f] != "none" for f in holders)


def test_a_text_longer_than_a_parse_is_tagged_in_pieces(shipped, nlp, monkeypatch, caplog):
    import discourse.stance.tagger as tagger_module

    monkeypatch.setattr(tagger_module, "DEFAULT_MAX_CHARS", 400)
    monkeypatch.setattr(nlp, "max_length", 1000)  # spaCy's E088 beyond this
    text = "We must legalize marijuana and regulate it. " * 60  # 2,640 characters
    with caplog.at_level("WARNING", logger="discourse.stance.tagger"):
        (row,) = StanceTagger(shipped).tag_records([{"id": "big/1", "text": text}], path="in.jsonl")
    assert row["legalization"] == "favor"
    assert any("[W004] in.jsonl: utterance 'big/1'" in r.getMessage() for r in caplog.records)


def test_a_model_with_a_frame_named_like_an_output_field_is_refused():
    from types import SimpleNamespace

    with pytest.raises(OSError, match=r"\[E208\].*'id'"):
        StanceTagger(SimpleNamespace(frames_=["legalization", "id"]))


@pytest.fixture(scope="module")
def three_frame_model(small_train, tmp_path_factory):
    """A model trained without legalization, saved as a user would."""
    from discourse.stance import StanceClassifier, save_model

    three = list(FRAME_NAMES[:3])
    clf = StanceClassifier(frames=three, min_df=1).fit(small_train["text"], small_train[three])
    return save_model(clf, tmp_path_factory.mktemp("three") / "three.skops")


def test_a_model_without_a_shipped_frame_is_named_when_the_pipeline_loads_it(
    three_frame_model, caplog
):
    from discourse.stance import load_tagger

    cfg = PipelineConfig.from_dict({"stance": {"model": str(three_frame_model)}})
    with caplog.at_level("WARNING"):
        tagger = load_tagger(cfg)
    assert tagger.frames == list(FRAME_NAMES[:3])
    assert any(
        "[W232]" in r.getMessage()
        and "three.skops" in r.getMessage()
        and "legalization" in r.getMessage()
        for r in caplog.records
    )
    caplog.clear()
    with caplog.at_level("WARNING"):
        load_tagger()  # the shipped model tags every shipped frame
    assert not any("[W232]" in r.getMessage() for r in caplog.records)


def test_eval_names_labelled_frames_the_model_does_not_predict(three_frame_model, tmp_path, caplog):
    import json

    from discourse.stance import evaluate_gold

    gold = tmp_path / "gold.jsonl"
    rows = [
        {
            "id": "a",
            "text": "We should legalize cannabis.",
            "legalization": "favor",
            "militarization": "none",
            "alternative_development": "none",
        },
        {
            "id": "b",
            "text": "Pay growers to plant cacao.",
            "legalization": "none",
            "militarization": "against",
            "alternative_development": "favor",
        },
    ]
    gold.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    with caplog.at_level("WARNING"):
        report = evaluate_gold(gold, model=three_frame_model)
    assert report.frames == ["militarization"]
    warned = [r.getMessage() for r in caplog.records if "[W231]" in r.getMessage()]
    assert warned and "gold.jsonl" in warned[0]
    assert "legalization, alternative_development" in warned[0]


def test_eval_warns_when_gold_sentences_were_trained_on(
    three_frame_model, small_train, tmp_path, caplog
):
    """Scores on a model's own training sentences read too high: eval says so."""
    import json

    from discourse.stance import evaluate_gold

    seen = small_train.iloc[0]
    gold = tmp_path / "gold.jsonl"
    rows = [
        # the same sentence with its spacing changed is still the trained one
        {"id": "a", "text": "  " + seen["text"].replace(" ", "  ") + " ", "militarization": "none"},
        {"id": "b", "text": "Send the army into the slums.", "militarization": "favor"},
        {"id": "c", "text": "Troops solve nothing here.", "militarization": "against"},
    ]
    gold.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    with caplog.at_level("WARNING"):
        evaluate_gold(gold, model=three_frame_model)
    warned = [r.getMessage() for r in caplog.records if "[W243]" in r.getMessage()]
    assert len(warned) == 1 and "gold.jsonl: 1 of its 3 sentence(s)" in warned[0]
    caplog.clear()
    gold.write_text("".join(json.dumps(r) + "\n" for r in rows[1:]), encoding="utf-8")
    with caplog.at_level("WARNING"):
        evaluate_gold(gold, model=three_frame_model)
    assert not any("[W243]" in r.getMessage() for r in caplog.records)


def test_eval_reads_the_model_frames_so_a_misspelt_label_there_is_an_error(tmp_path, monkeypatch):
    import json
    from types import SimpleNamespace

    import discourse.stance.tagger as tagger_module
    from discourse.errors import IngestError
    from discourse.stance import evaluate_gold

    gold = tmp_path / "gold.jsonl"
    gold.write_text(
        json.dumps({"id": "a", "text": "Pay growers.", "alternative_development": "favour"}) + "\n",
        encoding="utf-8",
    )
    model = SimpleNamespace(frames_=["alternative_development"])  # a five-frame model's
    monkeypatch.setattr(tagger_module, "_as_model", lambda m: m)
    with pytest.raises(
        IngestError, match=r"\[E232\].*gold\.jsonl.*'favour'.*alternative_development"
    ):
        evaluate_gold(gold, model=model)


def test_a_model_saved_before_fit_is_refused_on_load(tmp_path):
    import skops.io as sio

    from discourse.stance import StanceClassifier, load_model

    path = tmp_path / "unfitted.skops"  # written past save_model, which refuses it
    sio.dump(StanceClassifier(), path)
    with pytest.raises(OSError, match=r"\[E208\].*unfitted\.skops.*never fitted"):
        load_model(path)


def test_an_unfitted_model_is_neither_saved_nor_tagged_with(tmp_path):
    from sklearn.exceptions import NotFittedError

    from discourse.stance import StanceClassifier, evaluate_gold, save_model

    target = tmp_path / "new" / "u.skops"
    with pytest.raises(NotFittedError, match=r"\[E250\] save_model .*StanceClassifier"):
        save_model(StanceClassifier(), target)
    assert not target.parent.exists()  # nothing written, no folder made
    with pytest.raises(NotFittedError, match=r"\[E250\] StanceTagger .*fit\(texts, labels\)"):
        StanceTagger(StanceClassifier())
    with pytest.raises(NotFittedError, match=r"\[E250\] evaluate_gold"):
        evaluate_gold(SEED.parent / "annotated" / "guatemala-post.gold.jsonl", StanceClassifier())


def test_load_tagger_takes_a_model_file_or_a_shipped_model_name(three_frame_model):
    from discourse.stance import load_tagger
    from discourse.stance.tagger import default_model_path

    for given in (str(three_frame_model), three_frame_model):
        tagger = load_tagger(given)
        assert tagger.frames == list(FRAME_NAMES[:3])
        assert tagger.source == str(three_frame_model)
    builtin = load_tagger("builtin")
    assert builtin.frames == list(FRAME_NAMES) and builtin.source == str(default_model_path())
    with pytest.raises(OSError, match=r"\[E207\]"):
        load_tagger("no-such-model.skops")


def test_a_tagger_says_which_model_it_applies():
    from discourse.stance import load_tagger

    text = repr(load_tagger())
    assert text.startswith("StanceTagger('") and "stance_model.skops" in text
    assert "compiled" in text and "legalization" in text and " at 0x" not in text
    assert (
        repr(StanceTagger(load_model()))
        == f"StanceTagger(StanceClassifier, frames={list(FRAME_NAMES)})"
    )


def test_entities_read_once_per_doc_are_the_spans_entities(nlp):
    """``span_ents`` over ``doc_ents`` selects what ``Span.ents`` does, also for a
    span that ends inside an entity; ``find_holder`` gives the same holder with
    them and the doc's TokenTable as without."""
    from discourse.stance.analysis import TokenTable
    from discourse.stance.tagger import doc_ents, span_ents

    doc = nlp(
        "Karen Hooper wrote that Otto Perez Molina won. According to the UN, "
        "treatment works. Perez Molina said he intends to use the army in Guatemala City."
    )
    ents = doc_ents(doc)
    assert len(ents) >= 3
    spans = [*doc.sents, doc[:], doc[1:3], doc[: ents[1][0] + 1]]  # the last cuts an entity
    table = TokenTable(doc)
    for span in spans:
        want = [(e.start, e.end, e.label_, e.text) for e in span.ents]
        assert span_ents(span, ents) == want
        for persons in ([], ["Otto Perez Molina"]):
            assert find_holder(span, "Aaron B", persons, span_ents(span, ents), table) == (
                find_holder(span, "Aaron B", persons)
            )


def test_holder_agreement_counts_own_and_reported_positions(nlp):
    rows = [
        # the writer's own position, given the writer
        ("We should legalize cannabis.", None, "favor"),
        # a reported position, given exactly the annotated phrase
        ("The county sheriff said he backs the magazine limit.", "the county sheriff", "favor"),
        # the annotated phrase is longer than the subject: right only up to containment
        ("The ambassador said the guns come from Texas.", "the US ambassador", "favor"),
        # a reported position given to the writer: wrong either way
        ("Troops will fix nothing, the colonel's critics believe.", "the colonel", "against"),
        # takes no side: not counted
        ("The senator said the hearing starts at noon.", "the senator", "none"),
    ]
    gold = pd.DataFrame(
        {
            "text": [r[0] for r in rows],
            "holder": [r[1] for r in rows],
            "arms_control": [r[2] for r in rows],
        }
    )
    counts = holder_agreement(gold, [nlp(t) for t in gold["text"]], ["arms_control"])
    assert counts == {
        "own": 1,
        "own_right": 1,
        "reported": 3,
        "reported_exact": 1,
        "reported_loose": 2,
    }


def test_load_model_gives_each_caller_its_own_model():
    """A notebook's set_params on one loaded model used to change every later load."""
    from discourse.stance import load_model

    first = load_model()
    first.set_params(threshold=0.99)
    again = load_model()
    assert again is not first and again.threshold is None
    assert again.predict(["We should legalize marijuana."]).at[0, "legalization"] == "favor"


class _OwnClassifier:
    """A classifier of the user's own: skops cannot vouch for its code."""

    def __init__(self) -> None:
        from sklearn.linear_model import LogisticRegression

        self.inner = LogisticRegression(max_iter=200)

    def get_params(self, deep: bool = True) -> dict:
        return {}

    def set_params(self, **params: object) -> _OwnClassifier:
        return self

    def fit(self, X, y) -> _OwnClassifier:  # noqa: N803
        self.inner.fit(X, y)
        self.classes_ = self.inner.classes_
        return self

    def predict_proba(self, X):  # noqa: N803
        return self.inner.predict_proba(X)


@pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")
@pytest.mark.parametrize("kind", ["tree", "mlp", "knn", "voting"])
def test_a_model_with_any_scikit_learn_estimator_loads_again(small_train, tmp_path, kind):
    """README: the estimator may be any scikit-learn classifier with predict_proba;
    a decision tree's Tree, an MLP's optimiser, k-NN's sparse matrix were refused
    on loading ([E208]) although saving had worked."""
    from sklearn.ensemble import VotingClassifier
    from sklearn.linear_model import LogisticRegression
    from sklearn.neighbors import KNeighborsClassifier
    from sklearn.neural_network import MLPClassifier
    from sklearn.tree import DecisionTreeClassifier

    from discourse.stance import StanceClassifier, save_model

    estimator = {
        "tree": DecisionTreeClassifier(random_state=0),
        "mlp": MLPClassifier(hidden_layer_sizes=(8,), max_iter=300, random_state=0),
        "knn": KNeighborsClassifier(n_neighbors=3),
        "voting": VotingClassifier(
            [("lr", LogisticRegression()), ("tree", DecisionTreeClassifier(random_state=0))],
            voting="soft",
        ),
    }[kind]
    texts, labels = small_train["text"], small_train[list(FRAME_NAMES)]
    model = StanceClassifier(min_df=1, estimator=estimator).fit(texts, labels)
    loaded = load_model(save_model(model, tmp_path / "m.skops"))
    pd.testing.assert_frame_equal(loaded.predict(texts), model.predict(texts))


def test_a_model_load_model_would_refuse_is_not_saved(small_train, tmp_path):
    from discourse.stance import StanceClassifier, save_model

    texts, labels = small_train["text"], small_train[list(FRAME_NAMES)]
    model = StanceClassifier(min_df=1, estimator=_OwnClassifier()).fit(texts, labels)
    with pytest.raises(ValueError, match=r"E259.*_OwnClassifier"):
        save_model(model, tmp_path / "m.skops")
    assert not (tmp_path / "m.skops").exists()


@pytest.mark.parametrize(
    ("text", "frame"),
    [
        ("Sending the army into the cities was a mistake.", "militarization"),
        ("It's not that I oppose legalization, I just think it needs rules.", "legalization"),
        # "2006 and", "2000s than" were shown: a date and a function word
        (
            "Calderón sent the army into the streets in 2006 and the killing only got worse.",
            "militarization",
        ),
        (
            "Prevention programmes in schools did more in the 2000s than any mano dura plan.",
            "militarization",
        ),
    ],
)
def test_a_learned_cue_is_never_only_function_words_or_figures(shipped, text, frame):
    """A reader learns nothing from "into", "just" or "2006 and" shown as the evidence."""
    import re

    from discourse.tfidf import english_stop_words

    (row,) = StanceTagger(shipped).tag_records([{"id": "x", "text": text}])
    assert row[frame] != "none"
    cue = row["cues"][frame]
    assert cue and cue in text
    assert any(
        w.lower() not in english_stop_words() and not re.fullmatch(r"[\d,.]+s?", w)
        for w in cue.split()
    )


def test_a_model_file_cannot_make_loading_import_a_module(tmp_path):
    """A type a file names under numpy./sklearn. is not imported to check it:
    importing numpy.f2py.__main__ ran f2py, and `discourse stance` exited 0."""
    import sys

    import skops.io as sio

    from discourse.stance.tagger import load_model as load

    class X:
        pass

    X.__module__ = "numpy.f2py.__main__"
    path = tmp_path / "odd.skops"
    sio.dump({"x": X()}, path)
    sys.modules.pop("numpy.f2py.__main__", None)
    with pytest.raises(OSError, match=r"E208.*numpy.f2py.__main__.X"):
        load(path)
    assert "numpy.f2py.__main__" not in sys.modules


def test_a_refused_model_leaves_the_earlier_file_in_place(small_train, tmp_path):
    from discourse.stance import StanceClassifier, save_model

    texts, labels = small_train["text"], small_train[list(FRAME_NAMES)]
    good = save_model(StanceClassifier(min_df=1).fit(texts, labels), tmp_path / "m.skops")
    before = good.read_bytes()
    bad = StanceClassifier(min_df=1, estimator=_OwnClassifier()).fit(texts, labels)
    with pytest.raises(ValueError, match="E259"):
        save_model(bad, good)
    assert good.read_bytes() == before
    assert not list(tmp_path.glob(".*.tmp"))  # nor is the refused file left beside it


def test_a_quoted_line_takes_no_side_neither_the_quoters_nor_again_the_quoted(nlp):
    # the reviewer's thread: Eli quotes Carla and rebuts her; the quote gave Eli
    # legalization "mixed" in positions.csv, and then counted Carla's sentence
    # a second time (held by her, reported by Eli): it is counted where she said it
    from discourse.model import Thread, Utterance

    thread = Thread(
        "q",
        (
            Utterance("q/c1", "q", "comment", "Carla", "Legalization would be a disaster."),
            Utterance(
                "q/c2",
                "q",
                "comment",
                "Eli",
                "> Legalization would be a disaster.\n\nThat's not true.\n\n"
                "> Prohibition has failed in every country.\n\nIndeed.",
                "q/c1",
            ),
        ),
    )
    parsed = next(parse_threads([thread], nlp))
    stances = StanceTagger(load_model()).tag_parsed(parsed)
    leg = stances[stances.frame == "legalization"].set_index("segment_id")
    assert leg.loc["q/c1/s01", "label"] == "against"
    assert leg.loc["q/c1/s01", "holder"] == "Carla"
    assert (stances.loc[stances.segment_id == "q/c2/s01", "label"] == "none").all()
    # a quote of words nobody in the thread wrote takes no side for the quoter
    assert (stances.loc[stances.segment_id == "q/c2/s03", "label"] == "none").all()


def test_tag_parsed_given_a_thread_says_how_to_parse_it(shipped_tagger):
    """tag_parsed(Thread) was an AttributeError on 'spans'."""
    with pytest.raises(TypeError, match=r"\[E043\].*got Thread; parse a Thread first"):
        shipped_tagger.tag_parsed(read_path(SEED)[0])


def test_a_role_resolves_only_to_a_salient_or_recent_name_and_an_office_to_no_one(shipped, nlp):
    texts = [
        "A senator from Ohio praised the crackdown under Rodrigo Duterte.",
        "Thousands of people were killed in those police operations.",
        "Others point to Honduras and Costa Rica.",
        # Duterte was named in passing three sentences before: not this office-holder
        "The surgeon general said that naloxone in every school keeps people alive.",
    ]
    assert _utterance_holders(shipped, nlp, texts)[-1] == "the surgeon general"
    texts = [
        "President Daniel Noboa declared an internal armed conflict in January.",
        # an office of its own is not the president under another title, and
        # is the person "he" stands for next
        "The interior minister said the army will stay in the streets.",
        "He also asked Washington for more helicopters and patrol boats.",
    ]
    assert _utterance_holders(shipped, nlp, texts)[1:] == [
        "the interior minister",
        "the interior minister",
    ]
    # a place before the role says where, not which office: the senator named before
    texts = [
        "Senator John Cornyn met border sheriffs on Monday.",
        "The Texas senator said the Guard should stay at the border.",
    ]
    assert _utterance_holders(shipped, nlp, texts)[1] == "John Cornyn"
    # an organisation's office is one of its own
    texts = [
        "Senator John Cornyn met border sheriffs on Monday.",
        "The DEA administrator said the Guard should stay at the border.",
    ]
    assert _utterance_holders(shipped, nlp, texts)[1] == "the DEA administrator"


def test_a_context_reader_fills_sides_with_its_score_the_context_and_the_holder(shipped, nlp):
    """A model carrying a context reader reads a parsed thread in it: a side the
    reader gives where the model saw none scores the reader's probability, shows
    the sentence of the thread it came from as its cue and is held by the
    sentence's holder; the model's own sides and the frames without a reader are
    as without one, and sentences tagged without their thread are not read again."""
    import numpy as np

    from discourse.model import Thread, Utterance

    thread = Thread(
        "t",
        (
            Utterance(
                "t/a",
                "t",
                "article",
                "Ana Ruiz",
                "The government will send the army into the cities. "
                "Officials announced it on Monday.",
            ),
            Utterance("t/c1", "t", "comment", "Ben", "Exactly.", "t/a"),
            Utterance("t/c2", "t", "comment", "Cy", "Nice weather today."),  # answers the article
        ),
    )
    parsed = next(parse_threads([thread], nlp))
    reading = with_reader(shipped)  # a reader that fills every militarization none: favor
    frames = list(shipped.frames_)
    plain = StanceTagger(shipped).tag_parsed(parsed).set_index(["segment_id", "frame"])
    read = StanceTagger(reading).tag_parsed(parsed).set_index(["segment_id", "frame"])
    mil = read.xs("militarization", level="frame")
    own = plain.xs("militarization", level="frame")
    assert (mil.label != "none").all()
    kept = own.label != "none"
    pd.testing.assert_frame_equal(mil[kept], own[kept])
    filled = mil[~kept]
    assert len(filled) >= 2
    assert (filled.score == round(float(np.exp(5) / (np.exp(5) + 2)), 4)).all()
    assert (
        filled.loc["t/c1/s01", "cue"]
        == 'context: "The government will send the army into the cities."'
    )
    assert filled.loc["t/c1/s01", "holder"] == "Ben"
    assert filled.loc["t/c2/s01", "holder"] == "Cy"
    others = [f for f in frames if f != "militarization"]
    pd.testing.assert_frame_equal(
        read[read.index.get_level_values("frame").isin(others)],
        plain[plain.index.get_level_values("frame").isin(others)],
    )
    texts = [s.text for s in parsed.spans]  # no thread given: each sentence on its own
    assert StanceTagger(reading).tag_spans(texts) == StanceTagger(shipped).tag_spans(texts)


def test_records_naming_their_post_and_parent_are_read_in_their_threads(shipped):
    """Lines of a thread-labelled file (``thread``, ``post``, ``parent``) are read in
    their threads by ``tag_records`` (``discourse stance``), as ``discourse eval``
    reads them; lines without them each on their own."""
    reading = with_reader(shipped)  # a reader that fills every militarization none: favor
    lines = [
        ("t/a/s01", "t/a", None, "The army will patrol the streets."),
        ("t/c1/s01", "t/c1", "t/a", "Exactly."),
    ]
    records = [
        {"id": i, "thread": "t", "post": post, "parent": parent, "text": text}
        for i, post, parent, text in lines
    ]
    read = StanceTagger(reading).tag_records(records)
    assert [r["militarization"] for r in read] == ["favor", "favor"]
    assert read[1]["cues"]["militarization"] == 'context: "The army will patrol the streets."'
    alone = [{"id": i, "text": text} for i, _, _, text in lines]
    assert StanceTagger(reading).tag_records(alone) == StanceTagger(shipped).tag_records(alone)
