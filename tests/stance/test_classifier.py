from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone
from sklearn.model_selection import GridSearchCV, KFold, cross_val_score
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import FunctionTransformer

from discourse.stance import FRAME_NAMES, Frame, StanceClassifier
from tests.conftest import FIXTURES

from .conftest import with_reader


@pytest.fixture(scope="module")
def fitted(small_train) -> StanceClassifier:
    return StanceClassifier(min_df=1).fit(small_train["text"], small_train[list(FRAME_NAMES)])


def test_init_only_stores_params_and_clone_gives_unfitted_copy(fitted):
    params = fitted.get_params()
    assert params["C"] == 1.0 and params["frames"] is None
    copy = clone(fitted)
    assert copy.get_params() == params
    assert not hasattr(copy, "estimators_")
    assert hasattr(fitted, "estimators_") and hasattr(fitted, "features_")


def test_predict_and_proba_shapes_index_and_normalisation(fitted, small_train):
    texts = small_train["text"].iloc[:7]
    texts.index = [f"row{i}" for i in range(7)]
    pred = fitted.predict(texts)
    assert list(pred.columns) == list(FRAME_NAMES)
    assert list(pred.index) == list(texts.index)
    assert set(np.unique(pred.to_numpy())) <= {"favor", "against", "none"}
    proba = fitted.predict_proba(texts)
    assert proba.columns.nlevels == 2
    for frame in FRAME_NAMES:
        np.testing.assert_allclose(proba[frame].sum(axis=1), 1.0)
        # the predicted label is the most probable one
        assert (proba[frame].idxmax(axis=1) == pred[frame]).all()


def test_one_string_is_refused_and_no_texts_give_empty_tables(fitted):
    # list("Legalize it.") would be twelve one-character "sentences"
    with pytest.raises(TypeError, match=r"E212.*\['Legalize it.'\]"):
        fitted.predict("Legalize it.")
    with pytest.raises(TypeError, match="E212"):
        fitted.predict_proba("Legalize it.")
    pred, proba = fitted.predict([]), fitted.predict_proba([])
    assert pred.shape == (0, len(FRAME_NAMES)) and list(pred.columns) == list(FRAME_NAMES)
    assert proba.shape == (0, 3 * len(FRAME_NAMES))


def test_deterministic_given_random_state(small_train):
    texts, labels = small_train["text"], small_train[list(FRAME_NAMES)]
    a = StanceClassifier(min_df=1, random_state=3).fit(texts, labels).predict_proba(texts)
    b = StanceClassifier(min_df=1, random_state=3).fit(texts, labels).predict_proba(texts)
    pd.testing.assert_frame_equal(a, b)


def test_score_is_f_avg_and_drives_cross_val_score(small_train):
    texts, labels = small_train["text"], small_train[list(FRAME_NAMES)]
    scores = cross_val_score(
        StanceClassifier(min_df=1), texts, labels, cv=KFold(3, shuffle=True, random_state=0)
    )
    assert scores.shape == (3,)
    assert ((scores >= 0) & (scores <= 1)).all()


@pytest.mark.slow
def test_grid_search_picks_a_setting(small_train):
    texts, labels = small_train["text"], small_train[list(FRAME_NAMES)]
    search = GridSearchCV(
        StanceClassifier(min_df=1, tensor=False),
        {"C": [0.1, 10.0]},
        cv=KFold(2, shuffle=True, random_state=0),
    ).fit(texts, labels)
    assert search.best_params_["C"] in {0.1, 10.0}
    assert isinstance(search.best_estimator_, StanceClassifier)
    assert search.best_estimator_.predict(texts[:2]).shape == (2, 4)


def test_works_as_the_last_step_of_a_pipeline(small_train):
    texts, labels = small_train["text"], small_train[list(FRAME_NAMES)]
    pipe = Pipeline(
        [
            ("clean", FunctionTransformer(lambda xs: [x.strip() for x in xs])),
            ("stance", StanceClassifier(min_df=1, tensor=False)),
        ]
    ).fit(list(texts), labels)
    assert pipe.predict(["  We must legalize cannabis.  "]).shape == (1, 4)
    assert 0.0 <= pipe.score(list(texts), labels) <= 1.0


def test_unlabelled_rows_are_ignored_per_frame(small_train):
    labels = small_train[list(FRAME_NAMES)].copy()
    labels.loc[labels.index[:30], "arms_control"] = None
    clf = StanceClassifier(min_df=1, tensor=False).fit(small_train["text"], labels)
    assert clf.predict(["Ban assault weapons now."]).shape == (1, 4)


def test_fifth_frame_from_a_frame_object(small_train):
    from discourse.stance import load_frames

    extra = Frame(
        name="alternative_development",
        definition="Crop substitution and rural development for coca and poppy growers.",
        proposition="Support alternative livelihoods for drug crop farmers",
        topic_cues=("crop substitution", "coca grower", "alternative crop"),
        favor_cues=("crop substitution", "alternative livelihood"),
        against_cues=("crop substitution fail",),
    )
    texts = [
        *small_train["text"],
        "Crop substitution gives coca growers a way out.",
        "Paying farmers to grow cacao instead of coca works.",
        "Crop substitution programmes failed everywhere they were tried.",
        "Alternative crops never paid as well as coca.",
    ]
    labels = small_train[list(FRAME_NAMES)].copy()
    labels["alternative_development"] = "none"
    extra_rows = pd.DataFrame(
        [
            dict.fromkeys(FRAME_NAMES, "none") | {"alternative_development": lab}
            for lab in ("favor", "favor", "against", "against")
        ]
    )
    labels = pd.concat([labels, extra_rows], ignore_index=True)
    clf = StanceClassifier(frames=[*load_frames(), extra], min_df=1).fit(texts, labels)
    assert clf.frames_ == [*FRAME_NAMES, "alternative_development"]
    pred = clf.predict(["Crop substitution gives coca growers a way out."])
    assert pred.loc[0, "alternative_development"] == "favor"
    assert "cue:alternative_development:favor" in set(clf.features_.get_feature_names_out())


def test_frames_by_name_and_label_errors(small_train):
    texts = small_train["text"]
    clf = StanceClassifier(frames=["legalization"], min_df=1, tensor=False)
    clf.fit(texts, small_train[list(FRAME_NAMES)])
    assert clf.frames_ == ["legalization"]
    with pytest.raises(ValueError, match="E205"):
        StanceClassifier().fit(texts[:3], small_train[list(FRAME_NAMES)])
    bad = small_train[list(FRAME_NAMES)].copy()
    bad.loc[bad.index[0], "legalization"] = "pro"
    with pytest.raises(ValueError, match="E206"):
        StanceClassifier(min_df=1).fit(texts, bad)
    with pytest.raises(ValueError, match="E204"):
        StanceClassifier(frames=["legalization"]).fit(texts, small_train[["arms_control"]])


CLEAR = [
    ("We must legalize marijuana and regulate it like alcohol.", "legalization", "favor"),
    ("Legalizing marijuana would be a disaster for our kids.", "legalization", "against"),
    ("We need stricter gun control.", "arms_control", "favor"),
    ("Gun control laws only disarm law-abiding citizens.", "arms_control", "against"),
    (
        "We need to reduce the demand for drugs through prevention and treatment.",
        "demand_reduction",
        "favor",
    ),
    ("The military should be sent to the border to stop the cartels.", "militarization", "favor"),
    (
        "The war on drugs has failed and the army has only made the violence worse.",
        "militarization",
        "against",
    ),
]


def test_shipped_model_on_clear_sentences(shipped):
    pred = shipped.predict([t for t, _, _ in CLEAR])
    for i, (text, frame, label) in enumerate(CLEAR):
        assert pred.loc[i, frame] == label, text
    neutral = shipped.predict(["The weather was nice on Sunday."])
    assert (neutral.iloc[0] == "none").all()


#: The examples ANNOTATION.md gives for each label, with the labels it gives them.
GUIDELINE_EXAMPLES = [
    ("We need to reduce demand", "demand_reduction", "favor"),
    ("The root cause is demand", "demand_reduction", "favor"),
    (
        "Perez Molina has invited the US to help interdict the flow of narcotics",
        "militarization",
        "favor",
    ),
    ("A military solution is simply perverse", "militarization", "against"),
    ("The Mexican military has shown no real progress", "militarization", "against"),
    ("the right to keep and bear arms shall not be infringed", "arms_control", "against"),
    ("The president said he will use the army against the traffickers", "militarization", "favor"),
]


def test_shipped_model_follows_the_annotation_guideline_examples(shipped):
    pred = shipped.predict(
        [t for t, _, _ in GUIDELINE_EXAMPLES] + ["The summit will discuss security aid"]
    )
    for i, (text, frame, label) in enumerate(GUIDELINE_EXAMPLES):
        assert pred.loc[i, frame] == label, text
        others = [f for f in pred.columns if f != frame]
        assert (pred.loc[i, others] == "none").all(), text
    assert (pred.iloc[-1] == "none").all()  # "only mentioned without any position"


def test_shipped_model_is_not_driven_to_certainty_by_repetition(shipped):
    # cue counts are capped: one unit holding a sentence twenty times (a paste,
    # a chant) gets the single sentence's labels, not a confident side elsewhere
    once = "Send in the army to crush the cartels."
    proba = shipped.predict_proba([once, " ".join([once] * 20)])
    labels = shipped.predict([once, " ".join([once] * 20)])
    assert labels.iloc[0].tolist() == labels.iloc[1].tolist()
    np.testing.assert_allclose(proba.iloc[0], proba.iloc[1], atol=0.05)


def test_shipped_model_negation_lowers_favor(shipped):
    proba = shipped.predict_proba(
        ["We should legalize cannabis.", "We should not legalize cannabis."]
    )
    favor = proba[("legalization", "favor")]
    assert favor[0] > 0.5 > favor[1]


#: "X, not Y": the sentence takes X's side and rejects Y, though the parser hangs
#: "not" on X (analysis.TokenTable.negates). Written after the retraining that
#: read them right (docs/stance-experiments.md, "A contrast's not"), never trained on.
#: "Rehab, not prison." was one until the retraining with written/comments2 (against
#: 0.54; the README's known limits list it).
CONTRASTS = [
    ("We need treatment, not more troops.", {"militarization": "against"}),
    ("Education, not handcuffs.", {"demand_reduction": "favor"}),
    ("The answer is treatment, not the military.", {"militarization": "against"}),
    ("Regulation, not prohibition, is the answer.", {"legalization": "favor"}),
    ("We need prevention and not more soldiers.", {"militarization": "against"}),
    ("More troops, not fewer.", {"militarization": "favor"}),
]


def test_shipped_model_reads_a_contrast_as_rejecting_its_second_part(shipped):
    pred = shipped.predict([t for t, _ in CONTRASTS])
    for i, (text, labels) in enumerate(CONTRASTS):
        for frame, label in labels.items():
            assert pred.loc[i, frame] == label, text


#: Calls to pull the military back, read as calls for it before the withdrawal cues
#: (a user review, 2026-12-01); never trained on. Since the modal column is signed
#: by the cue it governs (2026-12-02) "The military should be withdrawn from the
#: streets." is against too, but "It is time to withdraw the troops." came out
#: favor (0.52 to 0.43) and "We need fewer soldiers on the streets." is still
#: favor: the README's known limits say so, as they do "Keep the soldiers on the
#: streets." ("Keep the army on the streets." is favor).
WITHDRAWALS = [
    ("Bring the troops home.", "against"),
    ("The military should be withdrawn from the streets.", "against"),
    ("The army must leave the streets.", "against"),
    ("We need to send more soldiers out to patrol Juarez.", "favor"),
]


#: A user review's sentences (2026-12-01) the model read the wrong way round or not at
#: all: a sarcasm cue ("legalize heroin" was an against cue, which "don't" turned to
#: favor) and a command after "I agree,". Never trained on.
REVIEWED = [
    ("I don't think we should legalize heroin, that's insane.", "against"),
    ("I dont think we should legalize heroin, thats insane.", "against"),
    ("I agree, legalize it all.", "favor"),
]


def test_shipped_model_reads_the_reviewed_legalization_sentences(shipped):
    pred = shipped.predict([t for t, _ in REVIEWED])
    for i, (text, label) in enumerate(REVIEWED):
        assert pred.loc[i, "legalization"] == label, text


def test_shipped_model_reads_a_withdrawal_as_against_militarization(shipped):
    pred = shipped.predict([t for t, _ in WITHDRAWALS])
    for i, (text, label) in enumerate(WITHDRAWALS):
        assert pred.loc[i, "militarization"] == label, text


def test_saved_model_loads_without_pickle_and_predicts_the_same(tmp_path, small_train):
    from discourse.stance import load_frames, load_model
    from discourse.stance.tagger import save_model

    labels = small_train[list(FRAME_NAMES)]
    frames = load_frames()  # Frame objects are persisted too (a user's fifth frame)
    clf = StanceClassifier(frames=frames, min_df=1).fit(small_train["text"], labels)
    path = save_model(clf, tmp_path / "m.skops")
    assert path.read_bytes()[:2] == b"PK"  # a skops zip, not a pickle
    again = load_model(path)
    texts = list(small_train["text"][:5])
    pd.testing.assert_frame_equal(again.predict_proba(texts), clf.predict_proba(texts))


def test_fit_warns_about_shipped_frames_without_labels_and_misspelt_columns(small_train, caplog):
    labels = small_train[list(FRAME_NAMES)].rename(columns={"militarization": "militarisation"})
    with caplog.at_level("WARNING", logger="discourse.stance.classifier"):
        clf = StanceClassifier(min_df=1, tensor=False).fit(small_train["text"], labels)
    assert clf.frames_ == ["demand_reduction", "arms_control", "legalization"]
    warned = [r.getMessage() for r in caplog.records if "[W213]" in r.getMessage()]
    assert len(warned) == 1
    assert "militarization" in warned[0] and "militarisation" in warned[0]


def test_fit_with_every_shipped_frame_labelled_does_not_warn(small_train, caplog):
    with caplog.at_level("WARNING", logger="discourse.stance.classifier"):
        StanceClassifier(frames=["legalization"], min_df=1, tensor=False).fit(
            small_train["text"], small_train[list(FRAME_NAMES)]
        )
    assert not [r for r in caplog.records if "[W213]" in r.getMessage()]


def test_shipped_model_on_short_plain_positions_written_outside_the_corpus(shipped):
    """24 short statements of a position ("Keep marijuana illegal.", "Rehab saved my
    brother's life.") and neutral mentions, written after the model was trained and
    never trained on: a regression check for the plain calls the README discusses.
    The shipped model gets 93 of the 96 labels (97 %); below 90 % it has regressed."""
    from discourse.stance import read_gold

    gold = read_gold(FIXTURES / "stance" / "plain_positions.jsonl")
    pred = shipped.predict(gold["text"].tolist())
    right = (pred[list(FRAME_NAMES)] == gold[list(FRAME_NAMES)]).to_numpy()
    wrong = [
        (gold["text"][i], f, pred.loc[i, f])
        for i in range(len(gold))
        for k, f in enumerate(FRAME_NAMES)
        if not right[i, k]
    ]
    assert right.mean() >= 0.9, wrong


def test_a_dataframe_of_texts_is_read_by_its_text_column_not_its_column_names(fitted):
    table = pd.DataFrame(
        {"id": ["a", "b", "c"], "text": ["We should legalize cannabis.", "Hello.", "Send troops."]}
    )
    pred = fitted.predict(table)
    assert len(pred) == 3 and list(pred.index) == [0, 1, 2]
    assert fitted.predict_proba(table).shape == (3, 12)
    one_column = fitted.predict(table[["text"]].set_axis([7, 8, 9]))
    assert list(one_column.index) == [7, 8, 9]
    with pytest.raises(TypeError, match=r"\[E242\].*'text' column.*id"):
        fitted.predict(table.rename(columns={"text": "sentence"}))
    # one column that is not 'text' may hold ids as well as sentences: not guessed
    with pytest.raises(TypeError, match=r"\[E242\].*'text' column.*\(id\)"):
        fitted.predict(table[["id"]])


def test_numpy_string_arrays_are_texts(fitted):
    texts = np.array(["We should legalize cannabis.", "Send troops."])
    pd.testing.assert_frame_equal(fitted.predict(texts), fitted.predict(list(map(str, texts))))
    assert fitted.predict_proba([np.str_("Hello.")]).shape == (1, 12)


@pytest.mark.parametrize("bad", [None, 123, b"bytes", {"text": "x"}])
def test_inputs_that_are_no_texts_get_a_coded_error(fitted, bad):
    with pytest.raises(TypeError, match=r"\[E242\]"):
        fitted.predict(bad)


def test_fitting_on_no_sentences_is_a_coded_error():
    with pytest.raises(ValueError, match=r"\[E243\]"):
        StanceClassifier().fit([], pd.DataFrame(columns=list(FRAME_NAMES)))


def test_labels_with_the_texts_index_in_another_order_are_matched_by_index(fitted, small_train):
    texts = small_train["text"].iloc[:20]
    gold = fitted.predict(texts)  # the model agrees with itself: F-avg 1 when aligned
    shuffled = gold.sample(frac=1, random_state=1)
    assert not shuffled.index.equals(texts.index)
    assert fitted.score(texts, shuffled) == pytest.approx(fitted.score(texts, gold))
    # fit reads them the same way: the labels follow their sentence, not their position
    labels = small_train[list(FRAME_NAMES)]
    a = StanceClassifier(min_df=1).fit(small_train["text"], labels)
    b = StanceClassifier(min_df=1).fit(small_train["text"], labels.iloc[::-1])
    pd.testing.assert_frame_equal(a.predict(texts), b.predict(texts))


@pytest.mark.parametrize(
    "relabel",
    [
        lambda idx: idx.astype(str),  # the index came back as text from a CSV
        lambda idx: [*idx[:-2], 10**6, 10**6 + 1],  # partly shared labels
        lambda idx: [f"b{k}" for k in range(len(idx))],  # disjoint
    ],
)
def test_texts_and_labels_with_other_index_labels_are_refused(fitted, small_train, relabel):
    """Pairing them by position trained and scored sentences on other sentences' labels."""
    texts = small_train["text"].iloc[:20]
    gold = fitted.predict(texts).sample(frac=1, random_state=2)
    gold.index = relabel(gold.index)
    with pytest.raises(ValueError, match=r"\[E258\].*20 texts.*20 label rows"):
        fitted.score(texts, gold)
    with pytest.raises(ValueError, match=r"\[E258\]"):
        StanceClassifier().fit(texts, gold)
    # both counting positions: matched by position, as before
    assert fitted.score(texts.reset_index(drop=True), gold.reset_index(drop=True)) >= 0


def test_labels_on_an_offset_range_index_are_refused_not_paired_by_position(fitted, small_train):
    """Texts on 0..19 and labels on range(500, 520) were both read as positions
    and paired row by row, though README says disjoint indexes are refused."""
    texts = small_train["text"].iloc[:20].reset_index(drop=True)
    gold = fitted.predict(texts)
    gold.index = pd.RangeIndex(500, 520)
    with pytest.raises(ValueError, match=r"\[E258\].*label rows \(index 500, 501, 502, …\)"):
        fitted.score(texts, gold)
    with pytest.raises(ValueError, match=r"\[E258\]"):
        StanceClassifier().fit(texts, gold)


def test_e258_shows_where_a_filtered_side_parts_from_reset_labels(fitted, small_train):
    """A mask-filtered text Series beside reset labels read "index 0, 1, 2, …" on
    both sides, so nothing told the user which rows differ."""
    texts = small_train["text"].iloc[:20].reset_index(drop=True).drop(index=3)
    gold = fitted.predict(texts).reset_index(drop=True)
    with pytest.raises(ValueError) as e:
        fitted.score(texts, gold)
    assert "texts (index …, 4, 5, 6, …) and the 19 label rows (index …, 3, 4, 5, …)" in str(e.value)
    assert "different index labels from position 3 on" in str(e.value)


def test_labels_as_a_list_of_dicts_with_a_missing_key_count_as_unlabelled(small_train):
    records = small_train[list(FRAME_NAMES)].to_dict("records")
    del records[0]["legalization"]
    clf = StanceClassifier(min_df=1).fit(small_train["text"].tolist(), records)
    assert clf.frames_ == list(FRAME_NAMES)
    assert 0 <= clf.score(small_train["text"].tolist(), records) <= 1


def test_score_on_labels_without_any_frame_of_the_model_names_the_columns(fitted):
    with pytest.raises(ValueError, match=r"\[E204\].*columns: alternative_development"):
        fitted.score(["Pay the farmers."], [{"alternative_development": "favor"}])


def test_frames_as_one_string_is_one_frame_name_or_a_frames_file(small_train, tmp_path):
    from discourse.stance import load_frames
    from discourse.stance.frames import save_frames

    clf = StanceClassifier(frames="legalization", min_df=1)
    clf.fit(small_train["text"], small_train[list(FRAME_NAMES)])
    assert clf.frames_ == ["legalization"]
    path = save_frames(load_frames()[:2], tmp_path / "two.json")
    clf = StanceClassifier(frames=str(path), min_df=1)
    assert clf.fit(small_train["text"], small_train[list(FRAME_NAMES)]).frames_ == list(
        FRAME_NAMES[:2]
    )


@pytest.mark.parametrize(
    ("frames", "pattern"),
    [([], r"\[E244\].*no frame"), (["legalization", "legalization"], r"\[E244\].*twice")],
)
def test_empty_or_repeated_frames_are_refused(small_train, frames, pattern):
    with pytest.raises(ValueError, match=pattern):
        StanceClassifier(frames=frames).fit(small_train["text"], small_train[list(FRAME_NAMES)])


def test_top_terms_of_an_unknown_frame_names_the_model_frames(fitted):
    with pytest.raises(ValueError, match=r"\[E237\].*'legalisation'.*legalization"):
        fitted.top_terms("legalisation", "favor")


def test_a_missing_text_among_the_texts_is_named_by_its_position(fitted):
    """NaN/None read "[E200] … got float at position 3": say the text is missing,
    how to drop it, and the Series' index label beside the position."""
    with pytest.raises(TypeError, match=r"\[E218\] The text at position 1 is missing \(None\)"):
        fitted.predict(["We should legalize cannabis.", None])
    with pytest.raises(TypeError) as e:
        fitted.predict(pd.Series(["Send troops.", "Ban guns.", float("nan")], index=[5, 6, 7]))
    assert str(e.value) == (
        "[E218] The text at position 2 (index label 7) is missing (nan); drop sentences "
        "without text first, e.g. df = df.dropna(subset=['text'])."
    )
    with pytest.raises(TypeError, match=r"\[E200\].*got int at position 0"):
        fitted.predict([3])


def test_fit_without_labels_says_the_labels_are_missing(small_train):
    """fit(X, None) read "[E205] Got 200 texts but 0 label rows"."""
    with pytest.raises(ValueError, match=r"\[E219\] Got 20 texts but no labels \(y is None\)"):
        StanceClassifier().fit(small_train["text"].iloc[:20], None)


def test_a_frame_with_one_label_names_the_remedy(small_train):
    """A cross-validation fold of a rare frame holding only 'none' gave no way out."""
    labels = small_train[list(FRAME_NAMES)].iloc[:20].copy()
    labels["legalization"] = "none"
    with pytest.raises(ValueError, match=r"\[E210\].*only one label: \['none'\].*StratifiedKFold"):
        StanceClassifier(min_df=1).fit(small_train["text"].iloc[:20], labels)


def test_fit_warns_about_a_label_column_of_a_new_frame_it_drops(small_train, caplog):
    """With frames=None and every shipped frame labelled, a fifth frame's column is
    not trained: W213 names it instead of dropping it without a word."""
    labels = small_train[list(FRAME_NAMES)].copy()
    labels["alternative_development"] = ["favor", "against"] + [None] * (len(labels) - 2)
    labels["id"] = small_train["id"]  # not a label column: not named
    with caplog.at_level("WARNING", logger="discourse.stance.classifier"):
        clf = StanceClassifier(min_df=1, tensor=False).fit(small_train["text"], labels)
    assert clf.frames_ == list(FRAME_NAMES)
    warned = [r.getMessage() for r in caplog.records if "[W213]" in r.getMessage()]
    assert len(warned) == 1
    assert "alternative_development" in warned[0] and "frames=[...]" in warned[0]
    assert "no label column" not in warned[0]  # every shipped frame is labelled
    assert "'id'" not in warned[0] and " id" not in warned[0]


def test_scikit_learn_tags_say_texts_in_and_a_table_of_frame_labels_out(small_train):
    """Input: a 1-D collection of texts; target: a table with a column per frame.
    Not tagged a classifier: scikit-learn would then read the labels with
    type_of_target to choose StratifiedKFold for an integer cv, which fails on
    unlabelled (None) sentences — so an integer cv must keep working on them."""
    from sklearn.base import is_classifier
    from sklearn.utils import get_tags

    tags = get_tags(StanceClassifier())
    assert tags.input_tags.one_d_array and tags.input_tags.string
    assert not tags.input_tags.two_d_array
    assert tags.target_tags.required and tags.target_tags.multi_output
    assert not is_classifier(StanceClassifier())
    rows = small_train.sample(frac=1, random_state=0)  # the fixture is ordered by frame
    labels = rows[list(FRAME_NAMES)].copy()
    labels.loc[labels.index[:20], "arms_control"] = None
    scores = cross_val_score(
        StanceClassifier(min_df=1, tensor=False), rows["text"], labels, cv=2, error_score="raise"
    )
    assert scores.shape == (2,) and np.isfinite(scores).all()


def test_an_estimator_without_predict_proba_is_refused_at_fit(small_train):
    from sklearn.svm import LinearSVC

    with pytest.raises(ValueError, match=r"\[E251\] estimator=LinearSVC\(\).*predict_proba"):
        StanceClassifier(estimator=LinearSVC()).fit(
            small_train["text"], small_train[list(FRAME_NAMES)]
        )
    # calibration gives it probabilities: accepted
    StanceClassifier(estimator=LinearSVC(), calibration="sigmoid")._check_params()


@pytest.mark.parametrize(
    ("params", "pattern"),
    [
        ({"threshold": 2}, r"threshold=2\): threshold must be None or a number in \[0, 1\]"),
        ({"threshold": -0.1}, r"threshold=-0.1\)"),
        ({"threshold": float("nan")}, r"threshold=nan\)"),
        ({"pooled": 2}, r"pooled=2\): pooled must be a number in \[0, 1\]"),
        ({"pooled": "high"}, r"pooled='high'\)"),
        ({"C": 0}, r"C=0\): C must be a number > 0"),
        ({"max_iter": 0}, r"max_iter=0\): max_iter must be an integer >= 1"),
        ({"max_iter": 10.5}, r"max_iter=10.5\)"),
        ({"dense_weight": -1.0}, r"dense_weight=-1.0\): dense_weight must be a number >= 0"),
        ({"pooled_sentence_weight": -1}, r"pooled_sentence_weight=-1\)"),
    ],
)
def test_out_of_range_parameters_are_refused_before_anything_is_parsed(params, pattern):
    # the texts hold a None (E200 once parsed): the parameters are checked first
    with pytest.raises(ValueError, match=r"\[E252\] StanceClassifier\(" + pattern):
        StanceClassifier(**params).fit(["Legalize it.", None], [{"legalization": "favor"}] * 2)


def test_parameters_at_the_ends_of_their_ranges_are_accepted():
    for params in ({"threshold": None}, {"threshold": 0}, {"threshold": 1.0}, {"pooled": 1}):
        StanceClassifier(**params)._check_params()
    StanceClassifier(C=np.float64(0.5), max_iter=np.int64(10))._check_params()


def test_top_terms_of_an_unknown_label_is_a_coded_error(fitted):
    with pytest.raises(ValueError, match=r"\[E253\].*'favour'.*favor, against, none"):
        fitted.top_terms("legalization", "favour")
    terms = fitted.top_terms("legalization", "favor", n=3)
    assert len(terms) == 3 and all(isinstance(w, float) for _, w in terms)


def test_a_users_estimator_gets_the_models_random_state(small_train):
    """random_state seeds every randomised step: an SGD estimator's too."""
    from sklearn.linear_model import SGDClassifier

    texts, labels = small_train["text"], small_train[list(FRAME_NAMES)]
    runs = [
        StanceClassifier(min_df=1, estimator=SGDClassifier(loss="log_loss"), random_state=3)
        .fit(texts, labels)
        .predict_proba(texts)
        for _ in range(2)
    ]
    pd.testing.assert_frame_equal(*runs)
    fitted = StanceClassifier(min_df=1, estimator=SGDClassifier(loss="log_loss"), random_state=3)
    fitted.fit(texts, labels)
    assert all(e.random_state == 3 for e in fitted.estimators_.values())
    # a seed of the user's own is kept
    own = StanceClassifier(
        min_df=1, estimator=SGDClassifier(loss="log_loss", random_state=7), random_state=3
    ).fit(texts, labels)
    assert all(e.random_state == 7 for e in own.estimators_.values())


def test_score_before_fit_is_not_fitted_error():
    from sklearn.exceptions import NotFittedError

    with pytest.raises(NotFittedError):
        StanceClassifier().score(["x"], [{"legalization": "favor"}])


def test_a_one_column_text_array_is_its_column(fitted, small_train):
    one_column = small_train[["text"]].iloc[:5].to_numpy()
    assert one_column.shape == (5, 1)
    pd.testing.assert_frame_equal(
        fitted.predict(one_column), fitted.predict(small_train["text"].iloc[:5].tolist())
    )


def test_blank_texts_only_are_a_coded_error():
    with pytest.raises(ValueError, match=r"E243.*2 blank"):
        StanceClassifier(frames=["legalization"]).fit(
            ["", " "], [{"legalization": "favor"}, {"legalization": "none"}]
        )


def test_a_frames_file_gives_the_model_its_propositions(tmp_path, small_train):
    """frames="my-frames.json" keeps a fifth frame's proposition for the maps, as a
    list of Frame objects does."""
    from discourse.stance import frame_propositions, load_frames, save_model
    from discourse.stance.frames import save_frames

    extra = Frame(
        name="alternative_development",
        definition="Crop substitution and rural development for coca and poppy growers.",
        proposition="Help coca growers switch to legal livelihoods",
        topic_cues=("coca", "crop substitution"),
    )
    path = save_frames([*load_frames(), extra], tmp_path / "my-frames.json")
    labels = small_train[list(FRAME_NAMES)].copy()
    labels["alternative_development"] = ["favor", "against"] + ["none"] * (len(labels) - 2)
    model = StanceClassifier(min_df=1, frames=str(path)).fit(small_train["text"], labels)
    saved = save_model(model, tmp_path / "m.skops")
    found = frame_propositions(saved)
    assert found["alternative_development"] == "Help coca growers switch to legal livelihoods"
    assert set(found) == {*FRAME_NAMES, "alternative_development"}


def _softmax(shares: pd.DataFrame) -> np.ndarray:
    sums = shares[["favor", "against", "none"]].sum().to_numpy()
    out = np.exp(sums - sums.max())
    return out / out.sum()


@pytest.mark.parametrize(
    "text", ["We must legalise cannabis.", "Troops on the streets made it worse.", "Nice day."]
)
def test_explain_shares_add_up_to_the_predicted_probabilities(fitted, text):
    for frame in fitted.frames_:
        shares = fitted.explain(text, frame, n=None)
        proba = fitted.predict_proba([text])[frame].to_numpy()[0]
        np.testing.assert_allclose(_softmax(shares), proba, atol=1e-9)
        assert shares.attrs["label"] == fitted.predict([text])[frame].iloc[0]


def test_explain_with_the_pooled_blend_adds_up_and_names_its_rows(shipped):
    text = "We need more treatment and prevention, not more arrests."
    shares = shipped.explain(text, "demand_reduction", n=None)
    proba = shipped.predict_proba([text])["demand_reduction"].to_numpy()[0]
    np.testing.assert_allclose(_softmax(shares), proba, atol=1e-9)
    assert any(name.startswith("pooled:") for name in shares.index)
    assert list(shares.index).count("(bias)") == 1


@pytest.mark.parametrize("pooled", [0.3, 1.0])
def test_explain_adds_up_when_a_frames_own_model_never_saw_a_label(small_train, pooled):
    """A frame's own model without "favor" examples gives favor ``-inf`` in
    ``(bias)``; scaled by 0 in a blend that is all pooled model (``pooled=1``)
    it was NaN, which the column sum skipped: the shares no longer added up to
    predict_proba (favor 0.04 for 0.01), nor said the pooled model's favor."""
    y = small_train[list(FRAME_NAMES)].replace({"legalization": {"favor": "none"}})
    model = StanceClassifier(min_df=1, pooled=pooled).fit(small_train["text"], y)
    assert list(model.estimators_["legalization"].classes_) == ["against", "none"]
    for text in ["We must legalise cannabis now.", "Prohibition works."]:
        shares = model.explain(text, "legalization", n=None)
        assert not shares[["favor", "against", "none"]].isna().any().any()
        proba = model.predict_proba([text])["legalization"].to_numpy()[0]
        np.testing.assert_allclose(_softmax(shares), proba, atol=1e-6)


def test_explain_orders_rows_by_their_pull_on_the_predicted_label(fitted):
    text = "We must legalise cannabis now."
    shares = fitted.explain(text, "legalization", n=5)
    label = shares.attrs["label"]
    assert len(shares) == 5 and list(shares.columns) == ["value", "favor", "against", "none"]
    pulls = shares[label].abs().to_numpy()
    assert (pulls[:-1] >= pulls[1:]).all()
    every = fitted.explain(text, "legalization", n=None)
    assert pulls[0] == every[label].abs().max()
    # the sentence's words are there as features (lemmas, spelling unified), with their values
    assert every.loc["tfidf:legalize", "value"] > 0


def test_explain_refuses_an_unknown_frame_and_a_model_it_cannot_split(fitted, small_train):
    from sklearn.linear_model import SGDClassifier

    with pytest.raises(ValueError, match=r"\[E237\].*legalisation"):
        fitted.explain("Legalise it.", "legalisation")
    sgd = StanceClassifier(min_df=1, estimator=SGDClassifier(loss="log_loss"), random_state=3)
    sgd.fit(small_train["text"], small_train[list(FRAME_NAMES)])
    with pytest.raises(ValueError, match=r"\[E261\].*'legalization'.*SGDClassifier"):
        sgd.explain("Legalise it.", "legalization")


def test_a_thread_labelled_frame_is_read_in_its_threads_by_a_model_with_a_reader(shipped):
    """``predict`` and ``predict_proba`` on a DataFrame with ``post`` and ``parent``
    read it as a run does: a side the reader gives where the model saw none, with
    the reader's probabilities; without ``post`` each sentence stands alone."""
    reading = with_reader(shipped)  # a reader that fills every militarization none: favor
    thread = pd.DataFrame(
        {
            "text": ["The army will patrol the streets.", "Exactly.", "Nice weather today."],
            "post": ["a", "c1", "c2"],
            "parent": [None, "a", "a"],
        }
    )
    alone = shipped.predict(thread["text"])
    assert (alone["militarization"] == "none").sum() >= 2
    read = reading.predict(thread)
    assert (read["militarization"] == "favor").all()
    assert read.drop(columns="militarization").equals(alone.drop(columns="militarization"))
    proba = reading.predict_proba(thread)
    filled = (alone["militarization"] == "none").to_numpy()
    np.testing.assert_allclose(
        proba["militarization"]["favor"].to_numpy()[filled], np.exp(5) / (np.exp(5) + 2)
    )
    np.testing.assert_array_equal(
        proba.drop(columns="militarization", level=0).to_numpy(),
        shipped.predict_proba(thread["text"]).drop(columns="militarization", level=0).to_numpy(),
    )
    assert reading.predict(thread[["text"]]).equals(alone)  # no post: sentence by sentence
