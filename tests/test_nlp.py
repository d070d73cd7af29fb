"""The project's spaCy pipeline: the stock model's annotations, faster."""

from __future__ import annotations

import json

import numpy as np
import pytest
import spacy
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc
from threadpoolctl import threadpool_info, threadpool_limits

from discourse.nlp import (
    OneThreadBlasOps,
    load_model,
    load_nlp,
    resolve_model,
    speaker_short_names,
)

from .conftest import CORPUS, SEED

BLAS_BEFORE = [lib for lib in threadpool_info() if lib["user_api"] == "blas"]
EDGE_CASES = [
    "gon na do it , y' all",  # attribute rules setting the first and the second token
    "let 's go , c'm on",
    "It ai n't nothin' but trouble and I do n't care .",
    "There is a man and there were cartels .",  # a rule keyed on the previous token's DEP
    "I told you it works , but it was n't me .",
    "  \n\n  ",
    "",
]


def annotations(doc: Doc) -> list[tuple[object, ...]]:
    """Everything the models and rules set on a token."""
    return [
        (
            t.text,
            t.tag_,
            t.pos_,
            str(t.morph),
            t.lemma_,
            t.dep_,
            t.head.i,
            t.is_sent_start,
            t.ent_iob_,
            t.ent_type_,
        )
        for t in doc
    ]


@pytest.fixture(scope="module")
def stock_and_ours() -> tuple[spacy.Language, spacy.Language]:
    return spacy.load(resolve_model()), load_model(resolve_model())


def assert_same(stock: spacy.Language, ours: spacy.Language, texts: list[str]) -> int:
    tokens = 0
    for a, b in zip(stock.pipe(texts), ours.pipe(texts), strict=True):
        assert annotations(a) == annotations(b), a.text
        tokens += len(a)
    return tokens


def test_fast_set_up_keeps_the_stock_pipeline(stock_and_ours, nlp) -> None:
    stock, ours = stock_and_ours
    assert ours.pipe_names == stock.pipe_names
    for pipeline in (ours, nlp):
        assert not isinstance(pipeline.get_pipe("attribute_ruler"), AttributeRuler)
        for name in ("tok2vec", "parser", "ner"):
            ops = pipeline.get_pipe(name).model.ops
            assert isinstance(ops, OneThreadBlasOps) and not ops.use_blis


def test_same_annotations_as_the_stock_model_on_the_seed(stock_and_ours) -> None:
    texts = SEED.read_text(encoding="utf-8").split("\n\n") + EDGE_CASES
    assert assert_same(*stock_and_ours, texts) > 1500


@pytest.mark.slow
def test_same_annotations_as_the_stock_model_on_the_dev_split(stock_and_ours) -> None:
    path = CORPUS / "annotated" / "dev.jsonl"
    texts = [json.loads(line)["text"] for line in path.open(encoding="utf-8")]
    assert assert_same(*stock_and_ours, texts) > 15000


def test_vectors_do_not_depend_on_the_blas_thread_count(stock_and_ours) -> None:
    """A multi-threaded product rounds differently; the models' products run on
    one thread whatever the process allows, so a text gets the same vectors
    (and stance scores) on a 2-core laptop and a 32-core server."""
    _, ours = stock_and_ours
    texts = SEED.read_text(encoding="utf-8").split("\n\n")[:12]
    free = [doc.tensor.copy() for doc in ours.pipe(texts)]
    with threadpool_limits(limits=1, user_api="blas"):
        one = [doc.tensor.copy() for doc in ours.pipe(texts)]
    assert all(np.array_equal(a, b) for a, b in zip(free, one, strict=True))
    # and the limit is only around the products: the process keeps its threads
    assert [lib["num_threads"] for lib in threadpool_info() if lib["user_api"] == "blas"] == [
        lib["num_threads"] for lib in BLAS_BEFORE
    ]


# --- the sentence guard: abbreviations, initials and letters at a sentence end


def sentences(nlp, text: str) -> list[str]:
    return [s.text.strip() for s in nlp(text).sents if s.text.strip()]


@pytest.mark.parametrize(
    "expected",
    [
        ["I asked if the army helped and he said no.", "Nobody thinks so."],
        ["Legalize heroin?", "My answer is no.", "Treat addicts instead."],
        ["The answer from Washington was no.", "Mexico went ahead anyway."],
        ["i said no.", "they didnt listen.", "now look at juarez"],
        ["Blame the Obama admin.", "They did nothing."],
        ["I asked my Dr.", "He told me to quit."],
        ["Ask the next gen.", "They will pay for it."],
        # "no." after a verb is an answer: a lower-case clause after it is a sentence
        ["Nancy Reagan told kids to just say no.", "that worked great."],
        ["The answer is no.", "that is final."],
        ["Mexico said no.", "that was the end of it."],
        ["just say no.", "this is what we got."],
        ["Calderon said no.", "they sent the army anyway."],
        ["i voted no.", "it passed anyway."],
        ["Obama said no.", "we will see what happens."],
        ["The DEA says no.", "there is no evidence."],
        ["My answer is no.", "nobody should go to jail for a plant."],
        ["Guatemala said no.", "what else could it do?"],
    ],
)
def test_no_and_abbreviations_end_a_sentence_before_an_opener(nlp, expected):
    """ "no." is an abbreviation only before a number; an abbreviation that can end a
    sentence does so before a word that opens sentences ("They", "Nobody")."""
    assert sentences(nlp, " ".join(expected)) == expected


@pytest.mark.parametrize(
    "text",
    [
        "See No. 2 on the list for the details.",
        "Read no. 14 before you vote.",
        "there is no. 1 answer",
        "He is the no. 2 man in the cartel.",
        "Is this no. 5 or no. 6?",
        "I dialed no. 911 and waited.",
        "the no. of deaths rose again.",
        "the total no. of arrests fell.",
        "Check the no. that they gave you.",
        "They said no. to the plan.",
        "Vote no. on Prop 19.",
        "Dr. Alan Reyes testified before Congress.",
        "Gen. Fraser visited Guatemala.",
        "Our govt. has utterly failed with cartels.",
        "Blame the admin. of Calderón for that.",
    ],
)
def test_numbered_items_titles_and_abbreviations_before_lower_case_stay_whole(nlp, text):
    assert sentences(nlp, text) == [text]


@pytest.mark.parametrize(
    "expected",
    [
        ["Marijuana is still classed under Schedule I.", "That blocks research."],
        ["Heroin is in Schedule I.", "So is LSD."],
        ["What is Plan B.", "Nobody in Washington has one."],
        ["The report gave Mexico a grade of C.", "The army got an F."],
        ["We need a plan B.", "I think legalization is it."],
        ["Cannabis is still Schedule I.", "Congress never changed that."],
        ["Most of us lack Vitamin D.", "Doctors recommend it."],
        ["Crack is Class A.", "Possession means prison."],
        ["She got an A.", "Her brother got a C.", "Nobody cared."],
        ["I got a B.", "My sister got an F.", "Mom was upset."],
    ],
)
def test_a_sentence_ending_in_a_letter_ends(nlp, expected):
    """A capital letter named by a noun ("Schedule I", "Plan B") or before a
    sentence opener is no initial: the sentence ends there."""
    assert sentences(nlp, " ".join(expected)) == expected


@pytest.mark.parametrize(
    "text",
    [
        "J. R. Smith wrote the report.",
        "George W. Bush started the Merida Initiative.",
        "Harry S. Truman signed it.",
        "John F. Kennedy spoke about it.",
        "The trade runs through C. America now.",
        "Ask A. Lopez about it.",
    ],
)
def test_initials_before_a_name_stay_in_the_sentence(nlp, text):
    assert sentences(nlp, text) == [text]


@pytest.mark.parametrize(
    "text",
    [
        "Sra. Gómez lost two sons.",
        "Srta. Lucía Ortiz filed the complaint.",
        "Gral. Salvador Cienfuegos was arrested in Los Angeles.",
        "Lic. Pérez defended the cartel boss.",
        "Mons. Romero was killed in 1980.",
        "Pbro. Alejandro Solalinde runs a shelter.",
        "Ing. Carlos Slim owns the network.",
        "Dra. Ruiz treats addicts in Tijuana.",
        "Sr. Fuentes spoke next.",
    ],
)
def test_spanish_titles_before_a_name_stay_in_the_sentence(nlp, text):
    assert sentences(nlp, text) == [text]


def test_configured_abbreviations_do_not_end_a_sentence_before_a_name():
    """``[segment] abbreviations`` "never end a sentence": before a name, like a title;
    before a sentence opener the sentence still ends."""
    nlp = load_nlp(abbreviations=["cmte."])
    assert sentences(nlp, "Cmte. Ramírez ordered the raid.") == ["Cmte. Ramírez ordered the raid."]
    assert sentences(nlp, "The raid was led by the cmte. They found nothing.") == [
        "The raid was led by the cmte.",
        "They found nothing.",
    ]


@pytest.mark.parametrize(
    "text",
    ["Great article... but you forgot Honduras!", "I dunno.... maybe legalize it."],
)
def test_an_ellipsis_before_a_lower_case_word_does_not_end_the_sentence(nlp, text):
    assert sentences(nlp, text) == [text]


def test_an_ellipsis_before_a_sentence_still_ends_one(nlp):
    """A capitalised word, or a lower-case one that opens a clause ("how"), after
    an ellipsis starts a sentence as before."""
    assert sentences(nlp, "Wait... Nobody said that.") == ["Wait...", "Nobody said that."]
    text = "legalise it, regulate it, tax it... how many more dead before anyone listens"
    assert sentences(nlp, text) == [
        "legalise it, regulate it, tax it...",
        "how many more dead before anyone listens",
    ]


# --- "U.S.", "D.C.", "a.m." ending a clause before a capitalised subject and its verb


@pytest.mark.parametrize(
    "expected",
    [
        ["Most of the cocaine ends up in the U.S.", "Mexico pays the price."],
        ["The guns come from the U.S.", "Mexicans die from them."],
        ["Demand comes from the U.S.", "Colombia gets the violence."],
        ["The heroin is sold in the U.K.", "Afghanistan grows the poppies."],
        ["The money is laundered in the U.K.", "Nobody cares."],
        ["The money goes to the U.S.", "The cartels win."],
        ["The bill died in Washington, D.C.", "Congress never voted on it."],
        ["A man was shot in Washington, D.C.", "Police said he was unarmed."],
        ["Calderon flew to the U.S.", "Obama promised more aid."],
        ["The weapons were bought legally in the U.S.", "Guatemala has no such laws."],
        ["Cannabis is legal in parts of the U.S.", "Mexico still jails growers."],
        ["The treaty was signed at the U.N.", "Bolivia refused to sign it."],
        ["The sanctions came from the E.U.", "Russia ignored them."],
        ["Most meth is now sold in the U.S.", "Sinaloa controls the trade."],
        ["They smuggle it into the U.S.", "Honduras is just a stop on the way."],
        ["Cocaine use is falling in the U.S.", "Europe is the growth market."],
        ["He was extradited to the U.S.", "Guzman will die in prison."],
        ["Prices are lower in the U.K.", "Dealers there cut the product more."],
        ["The DEA has offices all over the U.S.", "Agents work with Mexican police."],
        ["The war on drugs was invented in the U.S.", "Latin America pays for it."],
        [
            "Most of the cocaine that Colombia grows ends up in the U.S.",
            "Mexico's farmers pay the price.",
        ],
        ["We sent the money to the U.N.", "It vanished."],
        ["I lived for ten years in L.A.", "Crack was everywhere."],
        ["The raid began at 5 a.m.", "Police found nothing."],
        # a subject with a prepositional phrase
        ["They come from the U.S.", "Gun shops in Texas sell them."],
        ["The money flows to the U.S.", "Banks in Miami launder it."],
        ["Most of the guns are bought in the U.S.", "Gun dealers in Arizona sell them legally."],
        # the object of a verb
        ["Mexico trusts the U.S.", "Calderon knows that."],
        ["Calderon visited the U.S.", "Obama promised more aid."],
        ["Colombia supplies the U.S.", "Mexico carries the product."],
        ["The cartels love the U.S.", "Americans pay cash."],
        ["Bolivia ignored the U.N.", "Morales kept growing coca."],
        ["Guatemala needs the U.S.", "Perez Molina said so himself."],
        ["The smugglers reached the U.S.", "Border agents caught none of them."],
        ["Stop blaming the U.S.", "Mexico has its own problems."],
        ["Blame the U.S.", "Mexico grows none of the guns."],
    ],
)
def test_an_abbreviation_ending_a_clause_ends_the_sentence_before_a_subject(nlp, expected):
    """An abbreviation closing a prepositional phrase or a verb's object in a clause
    that has its verb, before a capitalised subject and its verb ("Mexico pays",
    "Gun shops in Texas sell"), ends the sentence ("Mexico trusts the U.S.
    Calderon knows that." had been one)."""
    assert sentences(nlp, " ".join(expected)) == expected


@pytest.mark.parametrize(
    "text",
    [
        "The U.S. Congress passed the Merida Initiative in 2008.",
        "The U.S. Army trained the Guatemalan special forces.",
        "U.S. Mexico policy is a failure.",
        "The U.S. Drug Enforcement Administration says seizures are up.",
        "Officials at the U.S. Drug Enforcement Administration say seizures are up.",
        "He said the U.S. Army is training Mexican soldiers.",
        "I think the U.S. Congress should legalize it.",
        "Everyone knows the U.S. Government lied about it.",
        "She said that the U.S. Senate will vote on it.",
        "Soldiers who served in the U.S. Army say the war is lost.",
        "The bill that passed in the U.S. Senate gives Mexico more money.",
        "Because most cocaine ends up in the U.S. Mexico pays the price.",
        "If it is legal in the U.S. Mexico should legalize it too.",
        "The drugs we found in the U.S. Army base were fake.",
        "Aid from the U.S. State Department funds the program.",
        "The D.C. Police Department said the man was armed.",
        "We spoke to the U.K. Home Office about it.",
        "The cocaine seized by the U.S. Coast Guard was worth millions.",
        "In Washington, D.C. Police Chief Cathy Lanier said crime fell.",
        "Much of the funding comes from the U.S. Agency for International Development.",
        "Cocaine is cheaper in the U.S. Virgin Islands than in Florida.",
        "The report was written by the U.N. Office on Drugs and Crime.",
        "Police in the U.S. Capitol say they are ready.",
        "The helicopters came from the U.S. Army surplus program.",
        "Mexico asked the U.S. Treasury Department to freeze the accounts.",
        "The U.K. Parliament debated it and the E.U. Commission agreed.",
        "The meeting at 10 a.m. Monday was cancelled.",
        "It was approved by the U.S. Senate Judiciary Committee last week.",
        # the object of a verb whose object may be a clause, or of "be"
        "He told the U.S. Senate the war was lost.",
        "I doubt the U.S. Congress will act.",
        "The problem is the U.S. Congress never acts.",
        "She said the U.S. Border Patrol in Arizona is overwhelmed.",
        # an object going on in a name, with no verb of its own after it
        "Mexico trusts the U.S. Army more than its own police.",
        "Calderon thanked the U.S. Army for its help.",
        "Mexico buys U.S. Army surplus every year.",
        "Mexico owes the U.S. Treasury billions.",
        "Mexico fears the U.S. Marines in Texas.",
        "We watched the U.S. Army destroy the fields.",
        "Stop blaming the U.S. Army for everything.",
        "Because Mexico trusts the U.S. Calderon stays quiet.",
        # a verb taking a clause that CLAUSE_VERB_FORMS does not list, before a body's
        # name: "alleges the U.S." was a sentence of its own
        "The report alleges the U.S. DEA knew about the shipments.",
        "The documents reveal the U.S. Army trained the Zetas.",
        "Critics contend the U.S. Government armed the cartels.",
    ],
)
def test_an_abbreviation_going_on_in_a_name_stays_in_the_sentence(nlp, text):
    """No verb before it ("The U.S. Congress passed"), a verb whose object may be
    a clause or "that" before its phrase ("said the U.S. Army is", "knows the
    U.S. Government lied"), a subordinate clause still open ("who served in",
    "Because …"), or no verb after the name ("U.S. Mexico policy", "trusts the
    U.S. Army more"): the abbreviation goes on with the capitalised words after it."""
    assert sentences(nlp, text) == [text]


@pytest.mark.parametrize(
    ("name", "short"),
    [
        ("Brent_Kowalski", ["Brent", "Kowalski"]),
        ("dave123", ["dave"]),
        ("the_real_bob", ["bob"]),  # a function word is nobody's name
        ("Bob_the_builder", ["Bob", "builder"]),
        ("Dr. Helen Brooks", ["Helen", "Brooks"]),  # not the title
        ("Ines R.", ["Ines"]),  # not the initial
        ("Mexico Mike", ["Mexico", "Mike"]),
        ("Ana", []),  # one word: the whole name is all there is
        ("_", []),
    ],
)
def test_speaker_short_names_are_the_names_both_stages_call_a_speaker_by(name, short):
    assert speaker_short_names(name) == short
