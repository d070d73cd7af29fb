"""The relations stage: replies, agreement cues, quotes and shared/opposed stances."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
import pytest

from discourse.argmap import compute_relations
from discourse.argmap.relations import match_cue
from discourse.config import PipelineConfig
from discourse.stages import TABLE_COLUMNS, build_analyser

from .conftest import make_thread, simple_tables


@pytest.fixture(scope="module")
def seed_relations(seed_thread, seed_tables):
    return compute_relations(seed_thread, seed_tables["segments"], seed_tables["stances"])


def _pairs(rel, relation):
    rows = rel[rel["relation"] == relation]
    return {(r.source, r.target, r.cue) for r in rows.itertuples()}


def test_seed_replies_and_explicit_cues(seed_relations):
    assert list(seed_relations.columns) == TABLE_COLUMNS["relations"]
    replies = _pairs(seed_relations, "replies_to")
    assert {(s, t) for s, t, _ in replies} == {
        (f"guatemala-post/{c}", "guatemala-post/article")
        for c in ("aaron-b", "matt-yankee", "derrick", "distiller")
    }
    agrees = _pairs(seed_relations, "agrees")
    # flat list: "Second all that" answers the comment above, "Great post" the article
    assert ("guatemala-post/distiller", "guatemala-post/derrick", "Second all that") in agrees
    assert ("guatemala-post/matt-yankee", "guatemala-post/article", "Great post") in agrees
    row = seed_relations[seed_relations["cue"] == "Second all that"].iloc[0]
    assert row["evidence"] == "guatemala-post/distiller/s01"


def test_seed_stance_agreement_with_the_article(seed_relations):
    stance = seed_relations[seed_relations["cue"].str.contains("stance on")]
    distiller = stance[stance["source"].str.startswith("guatemala-post/distiller/")]
    # Distiller attacks militarization, the article favours it
    assert set(distiller["relation"]) == {"disagrees"}
    assert all(t.startswith("guatemala-post/article/") for t in distiller["target"])
    assert all("guatemala-post/distiller/s02" in e.split() for e in distiller["evidence"])
    # Aaron B argues both sides of militarization ("closer relationships with the
    # militaries are key" and three sentences on the limits): no position, so he
    # neither agrees nor disagrees with the article by stance (he did both)
    assert not stance["source"].str.startswith("guatemala-post/aaron-b/").any()
    # one relation per pair of utterances and frame, never both
    sides = {
        (s.split("/s")[0], t.split("/s")[0], s.split("#")[1], r)
        for s, t, r in zip(stance["source"], stance["target"], stance["relation"], strict=True)
    }
    assert len({k[:3] for k in sides}) == len(sides)


def _scored(tables, scores):
    """``tables`` with the stance ``score`` of each ``{segment id: score}`` set."""
    st = tables["stances"].copy()
    for seg, score in scores.items():
        st.loc[st["segment_id"] == seg, "score"] = score
    return {**tables, "stances": st}


def _stance_edges(rel):
    rows = rel[rel["cue"].str.contains("stance on")]
    return {(r.source, r.target, r.relation) for r in rows.itertuples()}


def test_a_reply_answers_the_articles_position_not_each_of_its_sentences():
    """A long article argues one position: a reply disagreeing with it is one edge per
    claim of the reply, to the article's strongest claim, not one per pair of claims."""
    thread = make_thread(
        "long",
        [
            (
                "Editor",
                "Portugal decriminalized drug use. Prisons emptied. We should do the same. "
                "Treat users as patients. Legal cannabis works.",
                None,
            ),
            ("Rui", "Decriminalization sends the wrong message to kids.", None),
        ],
    )
    favor = {"legalization": "favor"}
    tables = simple_tables(
        thread, {(0, 1): favor, (0, 3): favor, (0, 5): favor, (1, 1): {"legalization": "against"}}
    )
    tables = _scored(tables, {"long/article/s03": 0.95, "long/article/s05": 0.6})
    rel = compute_relations(thread, tables["segments"], tables["stances"])
    assert _stance_edges(rel) == {
        ("long/rui/s01#legalization", "long/article/s03#legalization", "disagrees")
    }
    row = rel[rel["cue"] == "opposite stance on legalization"].iloc[0]
    assert row["evidence"] == "long/rui/s01 long/article/s03"


def test_a_reply_quoting_a_claim_answers_that_claim_not_the_strongest():
    """Rui quotes the article's weaker claim ("Legal cannabis works for everyone"): his
    disagreement points at the sentence he answers, not at the higher-scoring one."""
    thread = make_thread(
        "quoting",
        [
            (
                "Editor",
                "Portugal decriminalized drug use. Prisons emptied. We should do the same. "
                "Treat users as patients. Legal cannabis works for everyone.",
                None,
            ),
            (
                "Rui",
                '"Legal cannabis works for everyone." Tell that to the kids it hooks.',
                None,
            ),
        ],
    )
    favor = {"legalization": "favor"}
    tables = simple_tables(
        thread, {(0, 1): favor, (0, 3): favor, (0, 5): favor, (1, 2): {"legalization": "against"}}
    )
    tables = _scored(tables, {"quoting/article/s03": 0.95, "quoting/article/s05": 0.6})
    rel = compute_relations(thread, tables["segments"], tables["stances"])
    assert ("quoting/rui", "quoting/article") in set(
        zip(
            rel.loc[rel["relation"] == "quotes", "source"],
            rel.loc[rel["relation"] == "quotes", "target"],
            strict=True,
        )
    )
    assert _stance_edges(rel) == {
        ("quoting/rui/s02#legalization", "quoting/article/s05#legalization", "disagrees")
    }


def test_a_quote_across_two_sentences_answers_the_strongest_claim():
    """A quote the locator finds in no single sentence named the utterance's first
    sentence, which no one quoted, as the claim answered (code read): the
    position's strongest claim is answered instead."""
    thread = make_thread(
        "across",
        [
            (
                "Editor",
                "Portugal decriminalized drug use. Prisons emptied. We should do the same. "
                "Treat users as patients. Legal cannabis works for everyone.",
                None,
            ),
            (
                "Rui",
                '"users as patients. Legal cannabis works for everyone" Tell that to the kids.',
                None,
            ),
        ],
    )
    favor = {"legalization": "favor"}
    tables = simple_tables(
        thread,
        {(0, 1): favor, (0, 3): favor, (0, 5): favor, (1, 2): {"legalization": "against"}},
    )
    tables = _scored(tables, {"across/article/s03": 0.95, "across/article/s05": 0.6})
    rel = compute_relations(thread, tables["segments"], tables["stances"])
    assert "quotes" in set(rel["relation"])
    assert {(s, t) for s, t, _ in _stance_edges(rel)} == {
        ("across/rui/s02#legalization", "across/article/s03#legalization")
    }


def test_an_utterance_arguing_both_sides_of_a_frame_is_agreed_with_by_nobody():
    """The article argues both sides of militarization: a reply for the army no longer
    both agrees and disagrees with it, it does neither; and a reply arguing both
    sides takes no side to agree or disagree with either."""
    thread = make_thread(
        "mixed",
        [
            ("Editor", "Soldiers protect the villages. It rained. Troops made things worse.", None),
            ("Luis", "Send in the army now.", None),
            ("Eve", "The army is needed. Militarizing the war has failed.", None),
            ("Dan", "We must legalize cannabis.", None),
        ],
    )
    mil = {"militarization": "favor"}
    tables = simple_tables(
        thread,
        {
            (0, 1): mil,
            (0, 3): {"militarization": "against", "legalization": "favor"},
            (1, 1): mil,
            (2, 1): mil,
            (2, 2): {"militarization": "against"},
            (3, 1): {"legalization": "favor"},
        },
    )
    rel = compute_relations(thread, tables["segments"], tables["stances"])
    # legalization: the article's one side (s03 is against militarization, for
    # legalization), which Dan shares; militarization: nobody
    assert _stance_edges(rel) == {
        ("mixed/dan/s01#legalization", "mixed/article/s03#legalization", "agrees")
    }


def test_a_side_argued_at_least_twice_as_strongly_is_a_position():
    """Two sentences for and a weak one against: the article favours the army, and a
    reply against it disagrees — and does not also agree with the weak sentence."""
    thread = make_thread(
        "lean",
        [
            (
                "Editor",
                "Soldiers protect the villages. It rained. Troops made things worse. "
                "The army must stay.",
                None,
            ),
            ("Jen", "Sending soldiers has failed everywhere.", None),
        ],
    )
    mil = {"militarization": "favor"}
    tables = simple_tables(
        thread,
        {
            (0, 1): mil,
            (0, 3): {"militarization": "against"},
            (0, 4): mil,
            (1, 1): {"militarization": "against"},
        },
    )
    tables = _scored(tables, {"lean/article/s03": 0.4, "lean/article/s04": 0.7})
    rel = compute_relations(thread, tables["segments"], tables["stances"])
    assert _stance_edges(rel) == {
        ("lean/jen/s01#militarization", "lean/article/s01#militarization", "disagrees")
    }


@pytest.mark.parametrize(("score", "edges"), [(0.45, 0), (0.55, 1)])
def test_a_side_the_model_barely_prefers_is_no_position(score, edges):
    """A position needs a claim the stance model finds more likely right than wrong
    (MIN_POSITION_SCORE): a lone favor sentence at 0.45 is no side to agree with."""
    thread = make_thread(
        "weak",
        [
            ("Editor", "The drug trade brings cash into poor countries.", None),
            ("Matt", "We should legalize marijuana.", None),
        ],
    )
    favor = {"legalization": "favor"}
    tables = simple_tables(thread, {(0, 1): favor, (1, 1): favor})
    tables = _scored(tables, {"weak/article/s01": score})
    rel = compute_relations(thread, tables["segments"], tables["stances"])
    assert len(_stance_edges(rel)) == edges


@pytest.mark.parametrize(
    ("text", "relation", "target"),
    [
        ("Great post.", "agrees", "article"),
        ("Thanks for the article, very helpful.", "agrees", "article"),
        ("Second all that.", "agrees", "previous"),
        ("I second that", "agrees", "previous"),
        ("+1", "agrees", "previous"),
        ("Exactly, that is the point.", "agrees", "previous"),
        ("I agree with you.", "agrees", "previous"),
        ("You're wrong about Mexico.", "disagrees", "previous"),
        ("Nonsense.", "disagrees", "previous"),
        ("I strongly disagree.", "disagrees", "previous"),
    ],
)
def test_cues(text, relation, target):
    cue, _ = match_cue(text)
    assert (cue.relation, cue.target) == (relation, target)


@pytest.mark.parametrize(
    "text",
    [
        "I live close to the border and have seen all sides.",
        "The second wave came in 2008.",
        "Exactly 27 people died.",
        "Agreed targets were missed.",
    ],
)
def test_no_cue_in_plain_sentences(text):
    assert match_cue(text) is None


def test_threaded_cue_answers_the_parent_not_the_comment_above():
    thread = make_thread(
        "threaded",
        [
            ("Author", "We should send the army.", None),
            ("Ann", "Demand is the root cause.", None),
            ("Ben", "Troops never worked anywhere.", None),
            ("Cy", "+1, you are so right.", 1),  # replies to Ann, sits below Ben
        ],
    )
    rel = compute_relations(thread, simple_tables(thread, {})["segments"])
    agrees = _pairs(rel, "agrees")
    assert {(s, t) for s, t, _ in agrees} == {("threaded/cy", "threaded/ann")}


def test_quote_makes_the_quoted_comment_the_addressee():
    thread = make_thread(
        "quoting",
        [
            ("Author", "The army should take over the border.", None),
            ("Ann", "Legalize it and the cartels lose their income overnight.", None),
            ("Ben", "Troops are not the answer.", None),
            ("Cy", 'Nonsense. "the cartels lose their income overnight" is a fantasy.', None),
        ],
    )
    tables = simple_tables(
        thread,
        {(1, 1): {"legalization": "favor"}, (3, 2): {"legalization": "against"}},
    )
    rel = compute_relations(thread, tables["segments"], tables["stances"])
    quotes = rel[rel["relation"] == "quotes"]
    assert list(zip(quotes["source"], quotes["target"], strict=True)) == [
        ("quoting/cy", "quoting/ann")
    ]
    assert quotes.iloc[0]["cue"] == "the cartels lose their income overnight"
    assert quotes.iloc[0]["evidence"] == "quoting/cy/s02 quoting/ann/s01"
    # "Nonsense" addresses the quoted comment, not Ben just above
    assert ("quoting/cy", "quoting/ann", "Nonsense") in _pairs(rel, "disagrees")
    # and the opposite stance on legalization is recorded claim to claim
    assert ("quoting/cy/s02#legalization", "quoting/ann/s01#legalization") in {
        (s, t) for s, t, _ in _pairs(rel, "disagrees")
    }


def test_a_quote_closing_with_a_full_stop_of_its_own_is_found():
    # '"The army is the only institution."' quotes Jorge's longer sentence; the full
    # stop inside the quotation marks made it no quote of anyone
    thread = make_thread(
        "stop",
        [
            ("Ed", "Send the army.", None),
            ("Jorge", "The army is the only institution the cartels cant buy.", None),
            ("Ana", '"The army is the only institution." Soldiers take bribes.', 1),
        ],
    )
    rel = compute_relations(thread, simple_tables(thread, {})["segments"])
    quotes = rel[rel["relation"] == "quotes"]
    assert list(zip(quotes["source"], quotes["target"], strict=True)) == [
        ("stop/ana", "stop/jorge")
    ]


def test_quoting_the_article_does_not_redirect_a_cue_to_its_author():
    # the reviewer's thread: Zoe answers Oscar and quotes the article in agreement
    thread = make_thread(
        "addr",
        [
            ("Editor", "We must legalize marijuana now; prohibition has failed.", None),
            ("Oscar", "Legalization is a terrible idea and would only help the cartels.", None),
            ("Zoe", 'You\'re wrong. "We must legalize marijuana now" is exactly right.', 1),
            ("Pat", "You're wrong. Prohibition has failed everywhere it was tried.", 1),
        ],
    )
    tables = simple_tables(
        thread,
        {
            (0, 1): {"legalization": "favor"},
            (1, 1): {"legalization": "against"},
            (2, 2): {"legalization": "favor"},
            (3, 2): {"legalization": "favor"},
        },
    )
    rel = compute_relations(thread, tables["segments"], tables["stances"])
    assert ("addr/zoe", "addr/article") in {(s, t) for s, t, _ in _pairs(rel, "quotes")}
    cues = rel[(rel["relation"] == "disagrees") & ~rel["cue"].str.contains("stance on")]
    assert set(zip(cues["source"], cues["target"], cues["cue"], strict=True)) == {
        ("addr/zoe", "addr/oscar", "You're wrong"),
        ("addr/pat", "addr/oscar", "You're wrong"),
    }
    # nothing says Zoe disagrees with the Editor; her quote agrees with the article
    disagree = _pairs(rel, "disagrees")
    assert not any(
        s.startswith("addr/zoe") and t.startswith("addr/article") for s, t, _ in disagree
    )
    assert ("addr/zoe/s02#legalization", "addr/article/s01#legalization") in {
        (s, t) for s, t, _ in _pairs(rel, "agrees")
    }


def test_flat_list_quoting_the_article_cue_answers_the_comment_above():
    thread = make_thread(
        "flatart",
        [
            ("Editor", "We must legalize marijuana now; prohibition has failed.", None),
            ("Oscar", "Legalization would only help the cartels.", None),
            ("Zoe", 'You\'re wrong. "We must legalize marijuana now" is right.', None),
        ],
    )
    rel = compute_relations(thread, simple_tables(thread, {})["segments"])
    assert _pairs(rel, "disagrees") == {("flatart/zoe", "flatart/oscar", "You're wrong")}


def test_threaded_quote_in_another_sentence_does_not_redirect_the_cue():
    thread = make_thread(
        "cite",
        [
            ("Author", "The army should take over the border.", None),
            ("Ann", "Troops are the only answer to the cartels.", None),
            ("Ben", "Troops never solved anything anywhere in the region.", None),
            ("Cy", 'You\'re wrong. As someone said, "troops never solved anything anywhere".', 1),
            ("Di", '"never solved anything anywhere in the region" is nonsense.', 1),
        ],
    )
    rel = compute_relations(thread, simple_tables(thread, {})["segments"])
    assert {(s, t) for s, t, _ in _pairs(rel, "quotes")} == {
        ("cite/cy", "cite/ben"),
        ("cite/di", "cite/ben"),
    }
    # Cy's "You're wrong" answers Ann, the comment replied to; the quote of Ben is
    # in another sentence. Di's "nonsense" is about the words quoted in its sentence.
    assert _pairs(rel, "disagrees") == {
        ("cite/cy", "cite/ann", "You're wrong"),
        ("cite/di", "cite/ben", "is nonsense"),
    }


def test_relations_stage_runs_from_the_registry(seed_thread, nlp):
    from discourse.segment import parse_threads

    analyse = build_analyser(PipelineConfig(), ["test_gold_stance", "relations"])
    result = analyse(next(parse_threads([seed_thread], nlp)))
    rel = result.tables["relations"]
    assert list(rel.columns) == TABLE_COLUMNS["relations"]
    assert set(rel["relation"]) == {"replies_to", "agrees", "disagrees"}


def test_thread_without_article_praise_has_no_target_and_cues_answer_the_comment_above():
    thread = make_thread(
        "forum",
        [("Ann", "Troops at the border now.", None), ("Ben", "Great post. Exactly.", None)],
        article=False,
    )
    rel = compute_relations(thread, simple_tables(thread, {})["segments"])
    assert set(rel["relation"]) == {"agrees"}
    assert list(zip(rel["source"], rel["target"], rel["cue"], strict=True)) == [
        ("forum/ben", "forum/ann", "Exactly")
    ]


@pytest.mark.parametrize(
    ("text", "relation"),
    [
        ("I cannot agree with that.", "disagrees"),
        ("I do not agree.", "disagrees"),
        ("I can't agree.", "disagrees"),
        ("I never agree with him.", "disagrees"),
        ("You're not wrong.", "agrees"),
        ("You are not right about this.", "disagrees"),
        ("I don't think you're wrong.", "agrees"),
        ("I don't disagree.", "agrees"),
        ("I'm not sure I agree.", "disagrees"),
        ("I couldn't agree more.", "agrees"),
        ("No, you're right.", "agrees"),
        ("That's not true.", "disagrees"),
        ("Not a great post.", "disagrees"),
    ],
)
def test_negated_cues_count_the_other_way(text, relation):
    # "I cannot agree" was read as agreement and "you're not wrong" as disagreement
    cue, words = match_cue(text)
    assert cue.relation == relation
    assert words.lower() in text.lower()


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("Exactly this.", "Exactly this"),
        ("Exactly this!", "Exactly this"),
        ("This, exactly.", "This, exactly"),
        ("Exactly right.", "Exactly right"),
        ("Exactly my point.", "Exactly my point"),
        ("Exactly what I was going to say.", "Exactly what I was going to say"),
    ],
)
def test_exactly_this_agrees(text, words):
    # "Exactly this." was no cue: "exactly" counted only before punctuation
    cue, got = match_cue(text)
    assert (cue.relation, got) == ("agrees", words)
    assert match_cue("Exactly what the army did in 2008.") is None


def test_exactly_this_as_a_reply_agrees_with_the_parent():
    thread = make_thread(
        "exactly",
        [
            ("Ed", "Send the army.", None),
            ("Tiago", "Portugal decriminalized all drugs and it worked.", None),
            ("Ben", "Prisons are full.", None),
            ("Ana", "Exactly this.", 1),
        ],
    )
    rel = compute_relations(thread, simple_tables(thread, {})["segments"])
    assert _pairs(rel, "agrees") == {("exactly/ana", "exactly/tiago", "Exactly this")}


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("Disagree.", "Disagree"),
        ("Disagreed.", "Disagreed"),
        ("Strongly disagree.", "Strongly disagree"),
        ("Nope, disagree.", "Nope, disagree"),
        ("Respectfully disagree with you there.", "Respectfully disagree"),
    ],
)
def test_a_bare_disagree_disagrees(text, words):
    # "Disagree." opening a reply was no cue: only "I disagree" was
    cue, got = match_cue(text)
    assert (cue.relation, got) == ("disagrees", words)
    assert match_cue("Disagreements over the budget remain.") is None


def test_a_reply_opening_with_disagree_disagrees_with_the_parent():
    thread = make_thread(
        "bare",
        [
            ("Ed", "Send the army.", None),
            ("Tiago", "Portugal decriminalized all drugs and it worked.", None),
            ("Ben", "Prisons are full.", None),
            ("Ana", "Nope, disagree. Portugal is tiny.", 1),
            ("Cy", "Strongly disagree with Ben.", 1),
        ],
    )
    rel = compute_relations(thread, simple_tables(thread, {})["segments"])
    assert _pairs(rel, "disagrees") == {
        ("bare/ana", "bare/tiago", "Nope, disagree"),
        ("bare/cy", "bare/ben", "Strongly disagree"),
    }
    assert _pairs(rel, "agrees") == set()


def test_a_past_disagreed_with_but_or_before_still_disagrees():
    """Only a concession's time words ("at first", "initially") make a past
    "Disagreed" no verdict: "but" and "before" took it away (code read)."""
    for text in (
        "Disagreed, but you make a fair point.",
        "Disagreed with it before reading the study, and still do.",
    ):
        assert match_cue(text)[0].relation == "disagrees", text
    assert match_cue("Disagreed with it at first, but now I agree with you.")[0].relation == (
        "agrees"
    )


@pytest.mark.parametrize(
    "text",
    [
        "With all respect Tiago, a small country of 3 million is not a model.",
        "With all due respect, Portugal is tiny.",
        "With respect, Portugal is tiny.",
        "With the greatest respect, no.",
    ],
)
def test_with_all_respect_disagrees(text):
    cue, _ = match_cue(text)
    assert cue.relation == "disagrees"
    # "with respect to" is "regarding"; a cue of its own later in the sentence says which way
    assert match_cue("With respect to the budget, we spend too much.") is None
    assert match_cue("With all due respect, you are right.")[0].relation == "agrees"


def test_with_all_respect_disagrees_with_the_named_commenter_or_the_parent():
    # the review's thread: "With all respect Tiago, …" agreed with Tiago (by stance alone)
    thread = make_thread(
        "respect",
        [
            ("Ed", "Send the army.", None),
            ("Tiago", "Portugal decriminalized all drugs and it worked.", None),
            ("Ben", "Prisons are full.", None),
            ("Ana", "With all respect Tiago, a small country of 3 million is not a model.", 2),
            ("Cy", "With all due respect, Portugal is tiny.", 1),
            ("Di", "With all due respect to the president, troops failed.", 1),
        ],
    )
    rel = compute_relations(thread, simple_tables(thread, {})["segments"])
    assert _pairs(rel, "disagrees") == {
        ("respect/ana", "respect/tiago", "With all respect"),  # named, though replying to Ben
        ("respect/cy", "respect/tiago", "With all due respect"),
    }
    assert _pairs(rel, "agrees") == set()


def test_plus_one_under_ones_own_comment_answers_the_comment_before():
    # flat list: the comment just above is the speaker's own; nobody agrees with themselves
    thread = make_thread(
        "self",
        [
            ("Author", "We should send the army.", None),
            ("Ann", "Demand is the root cause.", None),
            ("Ben", "Troops never worked anywhere.", None),
            ("Ben", "+1 to that.", None),
        ],
    )
    rel = compute_relations(thread, simple_tables(thread, {})["segments"])
    assert {(s, t) for s, t, _ in _pairs(rel, "agrees")} == {("self/ben-2", "self/ann")}


def test_threaded_plus_one_under_ones_own_reply_answers_the_nearest_other_ancestor():
    # the reviewer's thread: Bob's "+1" under his own reply to Carla was dropped
    thread = make_thread(
        "selfthread",
        [
            ("Wes", "Drug courts send addicts to treatment.", None),
            ("Carla", "Treatment programs cut reoffending by half.", None),
            ("Bob", "Rehab beds are always full.", 1),
            ("Bob", "+1", 2),  # under his own c2: answers Carla, c2's parent
            ("Dan", "Courts are slow.", 3),
            ("Dan", "Exactly.", 4),  # Dan, Bob, Bob, Carla: the first other is Bob
            ("Wes", "+1", 0),  # under his own article: nobody else up the chain
        ],
    )
    rel = compute_relations(thread, simple_tables(thread, {})["segments"])
    assert {(s, t) for s, t, _ in _pairs(rel, "agrees")} == {
        ("selfthread/bob-2", "selfthread/carla"),
        ("selfthread/dan-2", "selfthread/bob-2"),
    }


def test_replying_to_or_quoting_oneself_makes_no_self_agreement():
    thread = make_thread(
        "selfreply",
        [
            ("Author", "We should send the army.", None),
            ("Ann", "We must legalise cannabis for adults now.", None),
            ("Ann", 'I disagree. "legalise cannabis for adults now" is what I said.', 1),
        ],
    )
    tables = simple_tables(
        thread, {(1, 1): {"legalization": "favor"}, (2, 1): {"legalization": "against"}}
    )
    rel = compute_relations(thread, tables["segments"], tables["stances"])
    assert _pairs(rel, "agrees") == set()
    # the cue goes up the reply chain past Ann's own comment, to the article
    assert _pairs(rel, "disagrees") == {("selfreply/ann-2", "selfreply/article", "I disagree")}
    assert _pairs(rel, "quotes")  # the quotation itself is still recorded


def test_a_position_a_comment_only_reports_agrees_with_nobody():
    """Sofia reports Calderon's view and rejects it: she does not agree with the
    article's pro-army author; only her own positions count for agreement."""
    thread = make_thread(
        "reported",
        [
            ("Miguel Torres", "Deploying soldiers against the cartels is right.", None),
            (
                "Sofia Alvarez",
                "Calderon has said the military will win. I think soldiers make it worse.",
                0,
            ),
            ("Peter Wills", "The minister said the army will stay in the streets.", 1),
        ],
    )
    calderon = {"militarization": "favor", "holder": "Felipe Calderon"}
    tables = simple_tables(
        thread,
        {
            (0, 1): {"militarization": "favor"},
            (1, 1): calderon,
            (1, 2): {"militarization": "against"},
            (2, 1): {"militarization": "favor", "holder": "the minister"},
        },
    )
    rel = compute_relations(thread, tables["segments"], tables["stances"])
    stance = rel[rel["cue"].str.contains("stance on")]
    assert {(r.source, r.target, r.relation) for r in stance.itertuples()} == {
        (
            "reported/sofia-alvarez/s02#militarization",
            "reported/article/s01#militarization",
            "disagrees",
        )
    }


def test_a_cue_naming_another_speaker_answers_that_speaker():
    # the reviewer's thread: Dan answers Bob but agrees with Ana, the article's author
    thread = make_thread(
        "named",
        [
            ("Ana Ruiz", "Cannabis should be legalized.", None),
            ("Bob", "Legalizing drugs would be a disaster.", None),
            ("Carla Diaz", "A legal market takes profits from the cartels.", 1),
            ("Dan", "I agree with Ana. Regulation beats prohibition.", 1),
            ("Eve", "+1 @Carla Diaz", 1),  # full name after the cue
            ("Fay", "Diaz, you're wrong.", 1),  # surname opening the sentence
            ("Gus", "I think Ruiz is not right about this.", 2),  # a verdict after a name
            ("Hal", "That is right.", 1),  # a verdict without a name: no cue
            ("Ivy", "That's nonsense, as Bob wrote.", 2),  # name not next to the cue
            ("Dan", "Dan is right.", 1),  # naming oneself answers nobody
        ],
    )
    rel = compute_relations(thread, simple_tables(thread, {})["segments"])
    assert _pairs(rel, "agrees") == {
        ("named/dan", "named/article", "I agree"),
        ("named/eve", "named/carla-diaz", "+1"),
    }
    assert _pairs(rel, "disagrees") == {
        ("named/fay", "named/carla-diaz", "you're wrong"),
        ("named/gus", "named/article", "Ruiz is not right"),
        ("named/ivy", "named/carla-diaz", "That's nonsense"),
    }


def test_a_name_two_speakers_share_or_no_speaker_has_is_not_guessed():
    thread = make_thread(
        "ambiguous",
        [
            ("Ana Ruiz", "Cannabis should be legalized.", None),
            ("Ana Lopez", "Prohibition works.", None),
            ("Zed", "Treatment works.", None),
            ("Bob", "I agree with Ana.", 2),  # which Ana? the parent, as before
            ("Cy", "I agree with ana lopez.", 2),  # not the name as written
            ("Dee", "I agree with Anabel.", 2),  # no such speaker: someone else
        ],
    )
    rel = compute_relations(thread, simple_tables(thread, {})["segments"])
    # Dee agrees with an Anabel the thread does not have, not with Zed she answers
    assert {s: t for s, t, _ in _pairs(rel, "agrees")} == {
        f"ambiguous/{name}": "ambiguous/zed" for name in ("bob", "cy")
    }


@pytest.mark.parametrize("reply", [None, 1])
def test_a_reply_to_a_deleted_comment_addresses_nobody(reply):
    # the reviewer's threads: the reader reads such a reply as a comment on the
    # article, and its "You're wrong" went to the comment above (flat) or to the
    # article's author (threaded), neither of whom it answered
    thread = make_thread(
        "deleted",
        [
            ("Ana", "Needle exchanges save lives.", None),
            ("Carla", "Needle exchanges work.", reply),
            ("Gina", "You're wrong, that is a myth.", None),
            ("Hal", "Great post. I agree with Carla.", None),  # explicit: still counts
        ],
    )
    gina, hal = thread.utterances[2], thread.utterances[3]
    gone = {"reply_to_missing": "c9"}
    thread = replace(
        thread,
        utterances=(*thread.utterances[:2], replace(gina, meta=gone), replace(hal, meta=gone)),
    )
    rel = compute_relations(thread, simple_tables(thread, {})["segments"])
    assert _pairs(rel, "disagrees") == set()
    assert _pairs(rel, "agrees") == {
        ("deleted/hal", "deleted/article", "Great post"),
        ("deleted/hal", "deleted/carla", "I agree"),
    }


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("Nonsense.", "Nonsense"),
        ("Utter rubbish!", "Utter rubbish"),
        ("Nonsense, the army never helped anyone.", "Nonsense"),
        ("That's nonsense.", "That's nonsense"),
        ("This is complete and utter rubbish.", "This is complete and utter rubbish"),
        ("What you say is rubbish.", "What you say is rubbish"),
        ("You're talking nonsense.", "You're talking nonsense"),
        ("Your argument is nonsense.", "Your argument is nonsense"),
        # the commonest dismissals of the post answered
        ("This article is nonsense.", "This article is nonsense"),
        ("This post is rubbish.", "This post is rubbish"),
        ("The article is complete rubbish.", "The article is complete rubbish"),
        ("Complete nonsense from start to finish.", "Complete nonsense"),
        ("Total nonsense, the army never helped anyone.", "Total nonsense"),
    ],
)
def test_nonsense_said_of_what_the_addressee_said_disagrees(text, words):
    cue, got = match_cue(text)
    assert (cue.relation, got) == ("disagrees", words)


@pytest.mark.parametrize(
    "text",
    [
        "The whole war on drugs is nonsense.",
        "What the DEA publishes is rubbish.",
        "Nonsense laws like these should go.",
        "Bob wrote that, which is nonsense.",
        "More nonsense from the DEA.",
    ],
)
def test_nonsense_about_something_else_is_no_cue(text):
    # "nonsense" anywhere in a sentence was read as disagreeing with the parent
    assert match_cue(text) is None


def test_cue_thread_nonsense_and_a_third_party_answer_nobody():
    # the reviewer's thread: Ben and Cara call other things nonsense and agree with Ana
    # by stance; Eve agrees with the president, who is not in the thread
    thread = make_thread(
        "cue-tests",
        [
            ("Editor Ed", "The army should leave the streets.", None),
            ("Ana", "We should legalize marijuana.", None),
            ("Ben", "The whole war on drugs is nonsense. Legalize it all.", 1),
            ("Cara", "What the DEA publishes is rubbish. Prohibition has failed.", 1),
            ("Eve", "I agree with the president. We must send more troops.", 1),
            ("Gil", "That's rubbish. Legalization would be a disaster.", 1),
        ],
    )
    tables = simple_tables(
        thread,
        {
            (1, 1): {"legalization": "favor"},
            (2, 2): {"legalization": "favor"},
            (3, 2): {"legalization": "favor"},
            (4, 2): {"militarization": "favor"},
            (5, 2): {"legalization": "against"},
        },
    )
    rel = compute_relations(thread, tables["segments"], tables["stances"])
    cues = rel[rel["relation"].isin(["agrees", "disagrees"]) & (rel["cue"].str.find("stance") < 0)]
    assert set(zip(cues["source"], cues["target"], cues["relation"], cues["cue"], strict=True)) == {
        ("cue-tests/gil", "cue-tests/ana", "disagrees", "That's rubbish")
    }
    stance = {(s, t) for s, t, _ in _pairs(rel, "agrees")}
    assert ("cue-tests/ben/s02#legalization", "cue-tests/ana/s01#legalization") in stance


@pytest.mark.parametrize(
    "text",
    [
        "I agree with the president.",
        "I agree with Obama.",
        "I disagree with the DEA.",
        "+1 with experts",
        # a title before a name no speaker has
        "I agree with Dr. Oz.",
        "I agree with President Obama.",
    ],
)
def test_a_cue_about_someone_outside_the_thread_answers_nobody(text):
    thread = make_thread(
        "outside", [("Ed", "Send troops.", None), ("Ana", "No.", None), ("Bo", text, 1)]
    )
    rel = compute_relations(thread, simple_tables(thread, {})["segments"])
    assert set(rel["relation"]) == {"replies_to"}


@pytest.mark.parametrize(
    "text",
    [
        "I agree with you.",
        "I agree with that.",
        "I agree with the author.",
        "I agree with the OP.",
        "I agree with the poster.",
    ],
)
def test_a_cue_about_the_addressee_still_answers_them(text):
    thread = make_thread(
        "inside", [("Ed", "Send troops.", None), ("Ana", "No.", None), ("Bo", text, 1)]
    )
    rel = compute_relations(thread, simple_tables(thread, {})["segments"])
    assert _pairs(rel, "agrees") == {("inside/bo", "inside/ana", "I agree")}


@pytest.mark.parametrize(
    "text", ["I couldn't agree more.", "Couldn't agree more!", "I could not agree more with you."]
)
def test_i_couldnt_agree_more_is_shown_whole(text):
    # the cue was stored and drawn as "I couldn't agree", which reads as a refusal
    cue, words = match_cue(text)
    assert cue.relation == "agrees"
    assert words.lower().endswith("agree more")
    assert words in text


def test_a_handles_first_word_names_its_speaker():
    # the reviewer's thread: "Bob is wrong" answers Bob_the_builder
    thread = make_thread(
        "handles",
        [
            ("Ana Ruiz", "We must close the gun show loophole.", None),
            ("Bob_the_builder", "Gun control doesn't work.", 0),
            ("the_real_bob", "Guns are fine.", 0),
            ("Ana Ruiz", "Bob is wrong. Background checks work.", 1),
            ("dave123", "I agree with the_real_bob.", 1),
            ("Cy", "I agree with the president.", 2),  # "the" is no one's name
        ],
    )
    rel = compute_relations(thread, simple_tables(thread, {})["segments"])
    assert _pairs(rel, "disagrees") == {
        ("handles/ana-ruiz", "handles/bob-the-builder", "Bob is wrong")
    }
    assert _pairs(rel, "agrees") == {("handles/dave123", "handles/the-real-bob", "I agree")}


@pytest.mark.parametrize(
    ("text", "target"),
    [
        ("I agree with Mr. Smith.", "titles/john-smith"),
        ("I agree with Mr Smith.", "titles/john-smith"),
        ("I agree with Ms Hooper.", "titles/article"),
        ("I agree with Dr. Hooper.", "titles/article"),
    ],
)
def test_a_title_before_a_speakers_name_names_that_speaker(text, target):
    # the title was read as the name: a speaker counted as someone outside
    thread = make_thread(
        "titles",
        [
            ("Karen Hooper", "Legalization would help Mexico.", None),
            ("John Smith", "The army must stay.", 0),
            ("Ana Ruiz", text, 1),
        ],
    )
    # one segment per comment: the helper's split at "." would cut "Mr." off
    segments = pd.DataFrame(
        [
            {
                "id": f"{u.id}#0",
                "utterance_id": u.id,
                "kind": u.kind,
                "text": u.text,
                "thread_id": u.thread_id,
                "start": 0,
                "end": len(u.text),
                "speaker": u.speaker,
            }
            for u in thread.utterances
        ]
    )
    rel = compute_relations(thread, segments)
    assert _pairs(rel, "agrees") == {("titles/ana-ruiz", target, "I agree")}


def test_a_handles_lower_case_word_is_no_name():
    # "legalize" of legalize_now took the cue from the comment answered
    thread = make_thread(
        "lower",
        [
            ("Karen Hooper", "Legalization would help Mexico.", None),
            ("legalize_now", "Prohibition has failed.", 0),
            ("John Smith", "The army must stay.", 0),
            ("Ana Ruiz", "I agree to legalize drugs.", 2),
        ],
    )
    rel = compute_relations(thread, simple_tables(thread, {})["segments"])
    assert _pairs(rel, "agrees") == {("lower/ana-ruiz", "lower/john-smith", "I agree")}


@pytest.mark.parametrize(
    ("text", "following", "relation", "words"),
    [
        (
            "Great post, if you like fairy tales.",
            "",
            "disagrees",
            "Great post, if you like fairy tales.",
        ),
        (
            "Nice piece, if you enjoy government propaganda.",
            "",
            "disagrees",
            "Nice piece, if you enjoy government propaganda.",
        ),
        (
            "Well said... if you're a cartel lobbyist.",
            "",
            "disagrees",
            "Well said... if you're a cartel lobbyist.",
        ),
        ("Great post /s", "", "disagrees", "Great post /s"),
        ("Great post... NOT!", "", "disagrees", "Great post... NOT!"),
        # the mockery in the comment's next sentence
        ("Great article.", "NOT.", "disagrees", "Great article. NOT."),
        # praise with a condition that does not deride stays praise
        ("Great read if you love history.", "", "agrees", "Great read"),
        ("Great post, if you ask me.", "", "agrees", "Great post"),
        ("I agree, if you want my opinion.", "", "agrees", "I agree"),
        ("Great article.", "Not sure about the ending though.", "agrees", "Great article"),
    ],
)
def test_mocked_praise_disagrees(text, following, relation, words):
    # "Great post, if you like fairy tales" agreed with the article it mocks
    cue, got = match_cue(text, following)
    assert (cue.relation, got) == (relation, words)


def test_mocking_sentence_after_praise_makes_the_comment_disagree():
    thread = make_thread(
        "mock",
        [("Ann", "We must send troops to the border.", None), ("Ben", "Great post. NOT.", None)],
    )
    rel = compute_relations(thread, simple_tables(thread, {})["segments"])
    assert {(r.relation, r.cue) for r in rel.itertuples() if r.relation != "replies_to"} == {
        ("disagrees", "Great post. NOT.")
    }


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("Sam, nonsense.", "Sam, nonsense"),
        ("Sam: nonsense!", "Sam: nonsense"),
        ("Oh please, nonsense.", "Oh please, nonsense"),
        ("Mr. Lopez, utter nonsense!", "Mr. Lopez, utter nonsense"),
        # handles, lower-case names, "what nonsense", a verdict going on after a colon
        ("@sam_k, nonsense.", "@sam_k, nonsense"),
        ("sam, nonsense.", "sam, nonsense"),
        ("Dude, what nonsense.", "Dude, what nonsense"),
        ("Sam, nonsense: the murder rate fell after 2012.", "Sam, nonsense"),
    ],
)
def test_nonsense_after_a_name_or_an_interjection_disagrees(text, words):
    # "Sam, nonsense." was no cue: "nonsense" counted only opening the sentence
    cue, got = match_cue(text)
    assert (cue.relation, got) == ("disagrees", words)
    assert match_cue("the war on drugs, nonsense.") is None
    # a list opening a sentence names no one ("Needles, rubbish" disagreed)
    assert match_cue("Needles, rubbish, tents and human waste fill every park in Portland.") is None
    assert match_cue("Drug war, nonsense.") is None


def test_nonsense_after_a_speakers_name_answers_that_speaker():
    thread = make_thread(
        "named",
        [
            ("Ed", "The army should leave the streets.", None),
            ("Sam", "Send the army back in.", None),
            ("Ana", "Prisons are full.", None),
            ("Bo", "Sam, nonsense.", 2),
        ],
    )
    rel = compute_relations(thread, simple_tables(thread, {})["segments"])
    ids = {u.speaker: u.id for u in thread.utterances}
    assert _pairs(rel, "disagrees") == {(ids["Bo"], ids["Sam"], "Sam, nonsense")}


def test_a_capitalised_word_before_nonsense_that_names_no_speaker_is_no_cue():
    # "Legalization: nonsense." dismisses legalization, not the comment above
    thread = make_thread(
        "unnamed",
        [
            ("Ed", "The army should leave.", None),
            ("Sam", "Legalize it.", None),
            ("Bo", "Legalization: nonsense.", 1),
            ("Cy", "Oh please, nonsense.", 1),
        ],
    )
    rel = compute_relations(thread, simple_tables(thread, {})["segments"])
    ids = {u.speaker: u.id for u in thread.utterances}
    assert _pairs(rel, "disagrees") == {(ids["Cy"], ids["Sam"], "Oh please, nonsense")}


def _quote_thread(*sandra: str):
    """Jorge argues for the army; Sandra K answers him with each of ``sandra``."""
    return make_thread(
        "scorn",
        [
            ("Ed", "Mexico is sending the army into the streets again.", None),
            ("Jorge", "The army is the only institution the cartels cant buy.", None),
            *((f"Sandra K{k or ''}", text, 1) for k, text in enumerate(sandra)),
        ],
    )


@pytest.mark.parametrize(
    ("text", "quoting"),
    [
        ('"the only institution the cartels cant buy" lol.', True),
        ('"the only institution the cartels cant buy"', True),
        ('"the only institution the cartels cant buy." lmao 😂', True),
        ('"The army is the only institution." Right.', True),
        ('"the only institution the cartels cant buy" haha', True),
        # the writer's own words about the quote, or words nobody in the thread wrote
        ('"the only institution the cartels cant buy" is a fantasy.', False),
        ('"Send in the marines tomorrow morning" lol.', False),
    ],
)
def test_a_sentence_only_quoting_a_comment_is_not_the_quoters_own(nlp, text, quoting):
    from discourse.segment import parse_threads, quotation_positions

    parsed = next(parse_threads([_quote_thread(text)], nlp))
    sandra = [k for k, s in enumerate(parsed.segments) if s.speaker == "Sandra K"]
    assert (sandra[0] in quotation_positions(parsed)) is quoting


def test_quoting_a_comment_with_scorn_is_no_position_and_disagrees(nlp):
    # the review's thread: Sandra K's '"the only institution the cartels cant buy" lol.'
    # favoured militarization as her own position (her positions "+1/−1 (mixed)", the
    # key point "also Sandra K" beside Jorge's claim)
    from discourse.argmap import extract_claims
    from discourse.segment import parse_threads

    thread = _quote_thread(
        '"the only institution the cartels cant buy" lol. Soldiers take bribes like anyone.'
    )
    analyse = build_analyser(PipelineConfig(), ["stance", "relations"])
    tables = analyse(next(parse_threads([thread], nlp))).tables
    quoting = "scorn/sandra-k/s01"
    assert tables["segments"]["id"].tolist()[2] == quoting
    st = tables["stances"]
    assert (st.loc[st["segment_id"] == quoting, "label"] == "none").all()
    claims = extract_claims(tables["segments"], tables["stances"])
    assert not [c for c in claims if quoting in c.segment_ids]
    rel = tables["relations"]
    assert ("scorn/sandra-k", "scorn/jorge", "quotes") in set(
        zip(rel["source"], rel["target"], rel["relation"], strict=True)
    )
    # scorn right after the quotation answers the comment quoted, as '"…" is nonsense' does
    assert ("scorn/sandra-k", "scorn/jorge", "lol") in _pairs(rel, "disagrees")
    assert not [s for s, t, _ in _pairs(rel, "agrees") if s.startswith("scorn/sandra-k")]


def test_scorn_as_its_own_sentence_after_a_quotation_disagrees_with_the_comment_quoted():
    # the segmenter makes '"…" yeah right.' two sentences; the scorn answers the quote
    thread = make_thread(
        "alone",
        [
            ("Ed", "Mexico is sending the army into the streets again.", None),
            ("Jorge", "The army is the only institution the cartels cant buy.", None),
            ("Ben", "Prisons are full.", None),
            ("Sandra K", '"the only institution the cartels cant buy". Yeah right.', 2),
            ("Cy", "The army is corrupt. Yeah right.", 1),  # no quotation: no cue
        ],
    )
    rel = compute_relations(thread, simple_tables(thread, {})["segments"])
    assert _pairs(rel, "disagrees") == {("alone/sandra-k", "alone/jorge", "Yeah right")}


_JORGE = '"the only institution the cartels cant buy"'


@pytest.mark.parametrize(
    ("text", "disagrees", "agrees"),
    [
        # any quotation marks made scorn, against the parent: "sure" is an adverb here,
        # Nixon is no one of the thread, and "Sure, and I agree" agrees
        ('The "war on drugs" sure is expensive.', set(), set()),
        ('Nixon called it "public enemy number one" lol.', set(), set()),
        ('Nixon called it "public enemy number one". Yeah right.', set(), set()),
        (f"{_JORGE} Sure, and I agree.", set(), {("jorge", "I agree")}),
        (f"{_JORGE} Sure. That is what the data show.", set(), set()),
        (f"Nixon said {_JORGE} as if that settles it.", set(), set()),
        # the article quoted is the one scorned, not the parent
        ('"sending the army into the streets" lol.', {("article", "lol")}, set()),
        # scorn of a quotation of the thread, "sure" / "as if" ending the comment
        (f"{_JORGE} lol.", {("jorge", "lol")}, set()),
        (f"{_JORGE} sure.", {("jorge", "sure")}, set()),
        (f"{_JORGE}. As if.", {("jorge", "As if")}, set()),
    ],
)
def test_scorn_after_a_quotation_needs_a_quotation_of_the_thread_and_answers_it(
    text, disagrees, agrees
):
    thread = make_thread(
        "sneer",
        [
            ("Ed", "Mexico is sending the army into the streets again.", None),
            ("Jorge", "The army is the only institution the cartels cant buy.", None),
            ("Ben", "Prisons are full.", None),
            ("Ana", text, 2),
        ],
    )
    rel = compute_relations(thread, simple_tables(thread, {})["segments"])
    assert _pairs(rel, "disagrees") == {("sneer/ana", f"sneer/{t}", c) for t, c in disagrees}
    assert _pairs(rel, "agrees") == {("sneer/ana", f"sneer/{t}", c) for t, c in agrees}


@pytest.mark.parametrize(
    ("text", "relation", "words"),
    [
        # a past "disagreed" opening a concession is no verdict; the later "I agree" is
        ("Disagreed with it at first, but now I agree with you.", "agrees", "I agree"),
        ("Disagreed at first.", None, None),
        ("Disagreed.", "disagrees", "Disagreed"),
        ("Disagreed with you there.", "disagrees", "Disagreed"),
        # a present verdict stands: it disagrees with one and agrees with another
        ("Disagree with Tiago, but I agree with you.", "disagrees", "Disagree"),
        # respect *for* something is no cue
        ("With the utmost respect for the troops, they must leave.", None, None),
        ("With all respect for Tiago, the troops must leave.", None, None),
        # a later agreement in the same sentence says which way
        ("With all respect to Tiago, he is right.", "agrees", "he is right"),
        (
            "With all due respect, they are absolutely right about that.",
            "agrees",
            "they are absolutely right",
        ),
        ("With all respect to Tiago, he is not right.", "disagrees", "With all respect"),
    ],
)
def test_new_disagreement_cues_give_way_to_what_the_sentence_says(text, relation, words):
    found = match_cue(text)
    assert (found and (found[0].relation, found[1])) == (relation and (relation, words))


def test_a_later_agreement_wins_over_respect_and_a_past_disagreed():
    # "Disagreed with it at first, but now I agree with you." disagreed only; "With all
    # respect to Tiago, he is right." disagreed with Tiago; respect *for* the troops
    # disagreed with the parent
    thread = make_thread(
        "yield",
        [
            ("Ed", "Send the army.", None),
            ("Tiago", "Portugal decriminalized all drugs and it worked.", None),
            ("Ben", "Prisons are full.", None),
            ("Ana", "Disagreed with it at first, but now I agree with you.", 2),
            ("Cy", "With the utmost respect for the troops, they must leave.", 2),
            ("Di", "With all respect to Tiago, he is right.", 2),
            ("Fay", "With all respect to Tiago, Ben is right.", 2),
        ],
    )
    rel = compute_relations(thread, simple_tables(thread, {})["segments"])
    assert _pairs(rel, "disagrees") == set()
    assert _pairs(rel, "agrees") == {
        ("yield/ana", "yield/ben", "I agree"),
        ("yield/di", "yield/tiago", "he is right"),
        ("yield/fay", "yield/ben", "Ben is right"),
    }


def test_a_titled_speakers_first_name_names_them():
    # the names the entity mentions know a speaker by (speaker_short_names):
    # "Helen" of "Dr. Helen Brooks" was no name here, the title "Dr." was one
    thread = make_thread(
        "titled",
        [
            ("Dr. Helen Brooks", "Treatment works.", None),
            ("Ana Ruiz", "Prisons work.", 0),
            ("Cy", "Helen is right.", 1),
        ],
    )
    rel = compute_relations(thread, simple_tables(thread, {})["segments"])
    assert _pairs(rel, "agrees") == {("titled/cy", "titled/article", "Helen is right")}
