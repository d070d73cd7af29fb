"""The scikit-learn-free side of the stance features: TextBlob's scorer loaded on its own."""

from __future__ import annotations

import random
import subprocess
import sys

import pytest


def test_pattern_sentiment_scores_like_textblob():
    """Same polarity, subjectivity and assessments as ``textblob.en.sentiment`` on
    lexicon words, their -ly adverbs, negations, intensifiers and punctuation."""
    from textblob.en import sentiment

    from discourse.stance.analysis import pattern_sentiment

    ours = pattern_sentiment()
    words = sorted(sentiment.keys())
    extra = ["not", "no", "never", "n't", "very", "!", "?", "terribly", "happily", "drugs", ":)"]
    rng = random.Random(0)
    for _ in range(3000):
        sample = [rng.choice(words + extra) for _ in range(rng.randint(0, 12))]
        got, want = ours(sample), sentiment(sample)
        assert got[:2] == want[:2] and got.assessments == want.assessments, sample


@pytest.mark.slow
def test_sentence_sentiment_does_not_import_textblob_or_nltk():
    """``import textblob`` imports NLTK, which imports scikit-learn and scipy.stats."""
    code = (
        "import sys\n"
        "from discourse.stance.analysis import _blob_sentiment\n"
        "print(_blob_sentiment(('a', 'terrible', 'idea')))\n"
        "print(sorted(m for m in ('textblob', 'nltk', 'sklearn') if m in sys.modules))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.splitlines()
    assert out[0] == "(-1.0, 1.0)"
    assert out[1] == "[]"


@pytest.fixture(scope="module")
def lexicon():
    from discourse.stance.analysis import compile_lexicon
    from discourse.stance.frames import load_frames

    return compile_lexicon(load_frames())


def _match(nlp, lexicon, text: str, cue: str):
    from discourse.stance.analysis import match_cues

    [found] = [m for m in match_cues(nlp(text)[:], lexicon) if m.text == cue]
    return found


@pytest.mark.parametrize(
    ("text", "cue", "negated"),
    [
        # a comma splice: spaCy makes the first clause a ccomp of the second,
        # whose "not" / "never" must not reach the first
        ("Treatment works, it just is not funded.", "Treatment works", False),
        ("Treatment works, they just stopped funding it.", "Treatment works", False),
        ("Prohibition has not failed, it just has not been enforced.", "Prohibition", True),
        (
            "Prohibition has not failed, it just has not been enforced.",
            "Prohibition has not failed",
            True,
        ),
        ("The drug war hasn't failed, it was never tried.", "drug war hasn't failed", True),
        # a clause a verb of thinking or saying governs keeps its negation
        ("I don't think we need troops.", "troops", True),
        ("Nobody believes treatment works.", "treatment works", True),
        ("I do not think prohibition has failed.", "prohibition has failed", True),
        ("I don't think that treatment works.", "treatment works", True),
        ("Treatment works, I don't think.", "Treatment works", True),
    ],
)
def test_negation_scope_stops_at_a_spliced_clause(nlp, lexicon, text, cue, negated):
    match = _match(nlp, lexicon, text, cue)
    assert match.negated is negated
    assert (match.negator is not None) is negated


@pytest.mark.parametrize(
    ("text", "cue", "negated"),
    [
        # "X, not Y" affirms X and rejects Y, though spaCy hangs "not" on X
        ("Rehab, not prison.", "Rehab", False),
        ("Treatment works, not prohibition.", "Treatment", False),
        ("Treatment works, not prohibition.", "prohibition", True),
        ("The answer is treatment, not the military.", "treatment", False),
        ("The answer is treatment, not the military.", "military", True),
        ("The army, not the police, should patrol Juarez.", "army", False),
        ("We want fewer guns, not more gun laws.", "gun laws", True),
        # a "not" / "no" on a word of the cue or a modifier before it
        ("We need treatment, not more troops.", "more troops", True),
        ("We need treatment, not more troops.", "troops", True),
        ("No more troops!", "more troops", True),
        ("We need prevention and not more soldiers.", "more soldiers", True),
        # unchanged: a "not" on the cue itself, and a suggestion
        ("Jobs, not soldiers.", "soldiers", True),
        ("More troops, not fewer.", "More troops", False),
        ("Why not just legalise it?", "legalise", False),
    ],
)
def test_a_contrast_negates_what_it_rejects(nlp, lexicon, text, cue, negated):
    assert _match(nlp, lexicon, text, cue).negated is negated


def test_a_spliced_clause_argues_its_own_side(nlp, lexicon):
    """The cue's own "not" negates it: "Prohibition has not failed" argues against
    legalization, whatever the next clause says."""
    for text in (
        "Prohibition has not failed.",
        "Prohibition has not failed, it was never enforced.",
    ):
        assert _match(nlp, lexicon, text, "Prohibition has not failed").polarity == -1, text
    assert (
        _match(nlp, lexicon, "Treatment works, it is not funded.", "Treatment works").polarity == 1
    )


def test_the_negator_is_the_word_the_parse_finds_however_far(nlp, lexicon):
    text = "We should never, ever, under any circumstances legalize cocaine."
    match = _match(nlp, lexicon, text, "legalize")
    assert match.negated and nlp(text)[match.negator].text == "never"


def _attitude(nlp, lexicon, text: str, frame: str) -> float:
    """The ``attitude`` scope column of ``frame`` for ``text``."""
    from discourse.stance.analysis import SCOPE_NAMES, match_cues, scope_features
    from discourse.stance.frames import FRAME_NAMES

    span = nlp(text)[:]
    _, dense = scope_features(span, match_cues(span, lexicon), FRAME_NAMES)
    n = len(SCOPE_NAMES)
    return dense[FRAME_NAMES.index(frame) * n + SCOPE_NAMES.index("attitude")]


@pytest.mark.parametrize(
    ("text", "frame", "attitude"),
    [
        # an attitude word governing the cue, flipped by its own negation
        ("I support legalization.", "legalization", 1.0),
        ("We are in favor of legalizing cannabis.", "legalization", 1.0),
        ("I am not against legalization.", "legalization", 1.0),
        ("I'm not opposed to decriminalising drugs.", "legalization", 1.0),
        ("I wouldn't say no to legal weed.", "legalization", 1.0),
        ("Say no to legal pot in Mexico.", "legalization", -1.0),
        ("We reject legalization.", "legalization", -1.0),
        ("Nobody should reject legalization.", "legalization", 1.0),
        ("Nobody here opposes treatment for addicts.", "demand_reduction", 1.0),
        ("They failed to support the assault weapons ban.", "arms_control", -1.0),
        ("The senator voted against the assault weapons ban.", "arms_control", -1.0),
        ("Activists called for an assault weapons ban.", "arms_control", 1.0),
        # calls, demands and plans pass the attitude on to what they ask for
        ("The minister rejected calls to withdraw the military.", "militarization", 1.0),
        ("The president dismissed demands to legalize marijuana.", "legalization", -1.0),
        ("Critics denounced the plan to send more soldiers.", "militarization", -1.0),
        ("He criticised calls for legalization.", "legalization", -1.0),
        # an against cue turns the attitude round
        ("The governor opposes pulling the troops out.", "militarization", 1.0),
        ("I welcome the decision to withdraw troops.", "militarization", -1.0),
        ("I support not sending troops.", "militarization", -1.0),
        # what the measure restricts or replaces turns the attitude round
        ("I support prohibition.", "legalization", -1.0),
        ("We oppose prohibition.", "legalization", 1.0),
        ("I oppose guns.", "arms_control", 1.0),
        # so does stopping or banning the measure on the way to the attitude word
        ("I back efforts to stop legalization.", "legalization", -1.0),
        ("I support a ban on legalization.", "legalization", -1.0),
        # above the attitude word it negates the attitude, once
        ("They stopped supporting legalization.", "legalization", -1.0),
        # no attitude word, or one that takes no side on the measure
        ("Critics denounced the cartels.", "militarization", 0.0),
        ("We should legalize marijuana.", "legalization", 0.0),
        ("We must protect kids against drug use.", "demand_reduction", 0.0),
        ("Legalization advocates talk about freedom.", "legalization", 0.0),
    ],
)
def test_an_attitude_word_composes_with_negation_and_the_cue(nlp, lexicon, text, frame, attitude):
    assert _attitude(nlp, lexicon, text, frame) == attitude


def test_a_request_states_no_attitude_toward_demand_reduction(nlp, lexicon):
    """ "demands" in "dismissed demands to legalize" are requests: the demand_reduction
    cue it matches gets no attitude from "dismissed"."""
    text = "The president dismissed demands to legalize marijuana."
    assert _attitude(nlp, lexicon, text, "demand_reduction") == 0.0


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        # drug-policy threads use the gun debate's words without a gun in sight
        ("Police confiscated two tons of cocaine in the port.", False),
        ("The self-defense groups in Michoacán fought the Knights Templar.", False),
        ("The government suspended constitutional rights in gang areas.", False),
        ("Bukele's state of exception looks like tyranny to me.", False),
        # next to another arms-control cue they argue about guns, as before
        ("They want to confiscate our guns.", True),
        ("Self defense is why I own a gun.", True),
    ],
)
def test_a_needs_topic_cue_counts_only_next_to_another_cue_of_its_frame(nlp, lexicon, text, kept):
    from discourse.stance.analysis import match_cues

    found = [m for m in match_cues(nlp(text)[:], lexicon) if m.frame == "arms_control"]
    assert any(m.kind == "against" for m in found) is kept, found


def test_a_lexicon_compiled_before_needs_topic_still_matches(nlp, lexicon):
    from discourse.stance.analysis import match_cues

    old = {w: [e[:3] for e in entries] for w, entries in lexicon.items()}
    found = match_cues(nlp("Police confiscated two tons of cocaine.")[:], old)
    assert [(m.frame, m.kind) for m in found] == [("arms_control", "against")]


@pytest.mark.parametrize(
    ("text", "cue", "negated"),
    [
        # a negated "enough" complains of too little of the measure: it argues for it
        ("There aren't enough treatment beds in this county.", "treatment beds", False),
        ("The state never built enough treatment beds.", "treatment", False),
        ("We don't have enough soldiers on the border.", "soldiers", False),
        # a verb's match is negated as before, and so is a measure said not to suffice
        ("We should not legalize enough drugs to matter.", "legalize enough drugs", True),
        ("Treatment is not enough.", "Treatment", True),
    ],
)
def test_a_negated_enough_asks_for_more_of_the_measure(nlp, lexicon, text, cue, negated):
    assert _match(nlp, lexicon, text, cue).negated is negated
