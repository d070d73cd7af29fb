from __future__ import annotations

import numpy as np
import pytest
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline

from discourse.stance.analysis import SCOPE_NAMES, match_cues, scope_features
from discourse.stance.features import StanceFeatures
from discourse.stance.frames import FRAME_NAMES


@pytest.fixture(scope="module")
def feats() -> StanceFeatures:
    f = StanceFeatures()
    f._prepare()
    return f


def _polarity(feats, nlp, text, frame):
    doc = nlp(text)
    return [
        m.polarity
        for m in match_cues(doc[:], feats.lexicon_)
        if m.frame == frame and m.kind != "topic"
    ]


@pytest.mark.parametrize(
    ("positive", "negated", "frame"),
    [
        ("Prohibition has failed.", "Prohibition has not failed.", "legalization"),
        ("We need to cut demand.", "We never managed to cut demand.", "demand_reduction"),
        (
            "Congress passed universal background checks.",
            "Congress failed to pass universal background checks.",
            "arms_control",
        ),
        (
            "We need military assistance.",
            "Nobody thinks we need military assistance.",
            "militarization",
        ),
    ],
)
def test_negation_flips_cue_polarity(feats, nlp, positive, negated, frame):
    plain = _polarity(feats, nlp, positive, frame)
    flipped = _polarity(feats, nlp, negated, frame)
    assert plain and flipped
    assert sum(plain) > 0 > sum(flipped)


def test_negation_inside_cue_is_not_counted(feats, nlp):
    # "can not be win" is itself an against cue: its "not" must not flip it
    pol = _polarity(feats, nlp, "The war on drugs cannot be won.", "militarization")
    assert pol and all(p < 0 for p in pol)


def test_cue_tolerates_modifiers(feats, nlp):
    doc = nlp("The president will deploy more troops to the border.")
    texts = [m.text for m in match_cues(doc[:], feats.lexicon_) if m.kind == "favor"]
    assert "deploy more troops" in texts


def test_features_reuse_parsed_spans_and_families_switch_off(nlp):
    texts = ["We must legalize marijuana now.", "Gun control saves lives.", "Nice weather today."]
    spans = [nlp(t)[:] for t in texts]
    full = StanceFeatures(min_df=1).fit(spans)
    matrix = full.transform(spans)
    assert matrix.shape == (3, len(full.get_feature_names_out()))
    no_tensor = StanceFeatures(min_df=1, tensor=False).fit(spans)
    assert no_tensor.transform(spans).shape[1] == matrix.shape[1] - 96
    # the same sentences as strings give the same features (parsed on the fly,
    # in one batch: the vectors of a sentence parsed alone or beside others
    # may differ from the 6th digit, as BLAS blocks the matrix products by size
    # and by what the CPU offers: 1.4e-6 on a tensor column of one machine)
    np.testing.assert_allclose(
        full.transform(texts).toarray(), matrix.toarray(), rtol=1e-5, atol=1e-5
    )


def test_transformer_works_in_a_pipeline(small_train):
    pipe = Pipeline([("features", StanceFeatures()), ("lr", LogisticRegression(max_iter=500))])
    pipe.fit(small_train["text"].tolist(), small_train["legalization"].tolist())
    pred = pipe.predict(small_train["text"].tolist()[:5])
    assert set(pred) <= {"favor", "against", "none"}


def test_all_families_off_is_an_error():
    kwargs = dict.fromkeys(("tfidf", "cues", "sentiment", "syntax", "scope", "tensor"), False)
    with pytest.raises(ValueError, match="E203"):
        StanceFeatures(**kwargs).fit(["a sentence"])


def test_character_ngrams_see_spelling_variants_and_typos(nlp):
    texts = ["We must legalize marijuana now.", "Gun control saves lives.", "Nice weather today."]
    spans = [nlp(t)[:] for t in texts]
    feats = StanceFeatures(min_df=1, char_ngrams=(3, 5)).fit(spans)
    names = feats.get_feature_names_out()
    char_cols = np.array([n.startswith("char:") for n in names])
    assert char_cols.any() and feats.transform(spans).shape[1] == len(names)
    plain = StanceFeatures(min_df=1).fit(spans)
    assert len(names) == len(plain.get_feature_names_out()) + int(char_cols.sum())
    # a typo ("marijauna") and British spelling ("legalise") keep most character n-grams of
    # the training sentence, while the unrelated sentence shares few
    rows = feats.transform(
        ["We must legalise marijauna now.", "Gun control saves lives."]
    ).toarray()[:, char_cols]
    train_row = feats.transform(spans[:1]).toarray()[0, char_cols]
    assert rows[0] @ train_row > 0.5 > rows[1] @ train_row


def _scope(feats, nlp, text):
    span = nlp(text)[:]
    words, dense = scope_features(span, match_cues(span, feats.lexicon_), feats.frame_names_)
    per_frame = {
        f: dict(
            zip(SCOPE_NAMES, dense[i * len(SCOPE_NAMES) : (i + 1) * len(SCOPE_NAMES)], strict=True)
        )
        for i, f in enumerate(feats.frame_names_)
    }
    return words.split(), per_frame


def test_scope_words_belong_to_the_frame_the_cue_is_about(feats, nlp):
    words, clause = _scope(feats, nlp, "We need to reduce demand.")
    assert "demand_reduction|need" in words
    assert not any(w.startswith("militarization|") for w in words)
    assert clause["demand_reduction"]["modal_need"] == 1.0
    _, negated = _scope(feats, nlp, "We should not legalize cannabis.")
    assert negated["legalization"]["modal_need"] == -1.0
    assert clause["militarization"] == dict.fromkeys(SCOPE_NAMES, 0.0)


def test_scope_marks_negated_predicates(feats, nlp):
    words, clause = _scope(feats, nlp, "Sending troops will never work.")
    assert "militarization|work_NEG" in words
    assert clause["militarization"]["negated_clauses"] == 1.0
    plain, _ = _scope(feats, nlp, "Sending troops will work.")
    assert "militarization|work" in plain and "militarization|work_NEG" not in plain


def test_scope_clause_polarity_follows_the_evaluation(feats, nlp):
    _, good = _scope(feats, nlp, "Drug treatment is a wonderful and effective investment.")
    _, bad = _scope(feats, nlp, "Drug treatment is a terrible and useless investment.")
    assert good["demand_reduction"]["polarity_mean"] > 0 > bad["demand_reduction"]["polarity_mean"]


def test_scope_marks_commands_and_negated_commands(feats, nlp):
    _, command = _scope(feats, nlp, "Legalize it.")
    assert command["legalization"]["imperative"] == 1.0
    _, prohibition = _scope(feats, nlp, "Don't legalize it.")
    assert prohibition["legalization"]["imperative"] == -1.0
    # a command after an answer ("I agree, legalize it"): the parser hangs it on
    # "agree" as "dep", and the clause it heads is the command's own
    _, answered = _scope(feats, nlp, "I agree, legalize it all.")
    assert answered["legalization"]["imperative"] == 1.0
    # a statement with a subject, or a modal, is not a command
    for text in ("They legalized it.", "We should legalize it."):
        _, clause = _scope(feats, nlp, text)
        assert clause["legalization"]["imperative"] == 0.0, text


@pytest.mark.parametrize(
    ("text", "frame", "column", "value"),
    [
        # a modal or a command argues for what its clause's cues point to
        ("We should keep it illegal.", "legalization", "modal_need", -1.0),
        ("We must end the war on drugs.", "militarization", "modal_need", -1.0),
        ("We should end prohibition.", "legalization", "modal_need", 1.0),
        ("Keep prohibition in place.", "legalization", "imperative", -1.0),
        ("Bring the troops home.", "militarization", "imperative", -1.0),
        # a topic cue naming neither the measure nor its opposite: no argument either way
        ("Possession should be a crime again.", "legalization", "modal_need", 0.0),
        ("We need to talk about the cartels.", "militarization", "modal_need", 0.0),
    ],
)
def test_modals_and_commands_point_where_their_cues_point(feats, nlp, text, frame, column, value):
    _, clause = _scope(feats, nlp, text)
    assert clause[frame][column] == value


def test_unsigned_scope_reads_modals_as_models_fitted_before_the_signs(nlp):
    """``signed_scope=False`` (the ``encoder`` model's setting, and every model saved
    without the setting) counts any governed cue as the measure."""
    unsigned = StanceFeatures(signed_scope=False)
    unsigned._prepare()
    column = SCOPE_NAMES.index("modal_need")
    for text, frame in [
        ("We should keep it illegal.", "legalization"),
        ("We must end the war on drugs.", "militarization"),
    ]:
        at = FRAME_NAMES.index(frame) * len(SCOPE_NAMES) + column
        [analysis] = unsigned.analyse([nlp(text)[:]])
        assert analysis.scope_dense[at] == 1.0, text
        [signed] = StanceFeatures(signed_scope=True).fit([text]).analyse([nlp(text)[:]])
        assert signed.scope_dense[at] == -1.0, text
    # a model object saved before the setting existed has no such attribute
    legacy = StanceFeatures()
    del legacy.signed_scope
    assert legacy.signed_scope is False


def test_an_answer_particle_no_does_not_negate_the_clause(feats, nlp):
    doc = nlp("No, the root cause isn't demand, it's impunity.")
    [cue] = [m for m in match_cues(doc[:], feats.lexicon_) if m.kind == "favor"]
    assert cue.frame == "demand_reduction" and cue.negated and cue.polarity == -1
    doc = nlp("No, we should legalize it.")
    assert not any(m.negated for m in match_cues(doc[:], feats.lexicon_))


def test_plural_proper_nouns_match_singular_cues(feats, nlp):
    doc = nlp("Send in the Marines.")
    found = {(m.frame, m.text) for m in match_cues(doc[:], feats.lexicon_)}
    assert ("militarization", "Marines") in found


def test_a_longer_cue_of_another_frame_shadows_the_one_inside_it(feats, nlp):
    doc = nlp("The United States needs to crack down on weapons sales.")
    found = {(m.frame, m.kind) for m in match_cues(doc[:], feats.lexicon_)}
    assert ("arms_control", "favor") in found
    assert not any(frame == "militarization" for frame, _ in found)
    # on its own, "crack down" still argues for militarised enforcement
    doc = nlp("The United States needs to crack down on the smuggling routes.")
    assert ("militarization", "favor") in {
        (m.frame, m.kind) for m in match_cues(doc[:], feats.lexicon_)
    }


@pytest.mark.parametrize(
    ("text", "inside"),
    [
        # weapons, not soldiers: a user review found this read as militarization favor
        ("Ban the sale of military style weapons and we'd save lives.", "militarization"),
        ("The cartels carry military-style rifles bought in Arizona.", "militarization"),
        # a gun buyer, not a drug buyer
        ("Prosecute every straw buyer.", "demand_reduction"),
    ],
)
def test_a_longer_topic_cue_of_another_frame_shadows_the_word_inside_it(feats, nlp, text, inside):
    found = {(m.frame, m.text.lower()) for m in match_cues(nlp(text)[:], feats.lexicon_)}
    assert not any(frame == inside and word in {"military", "buyer"} for frame, word in found), (
        found
    )
    # the word on its own still names its frame
    alone = {m.frame for m in match_cues(nlp("Send the military.")[:], feats.lexicon_)}
    assert "militarization" in alone


def test_a_topic_cue_inside_one_of_its_frame_pointing_the_other_way_is_shadowed(feats, nlp):
    """ "de-criminalize" names the measure; the "criminalize" inside it (what
    legalisation restricts) is no second, opposite mention, so a modal on it
    argues for legalisation."""
    found = [m for m in match_cues(nlp("We should de-criminalize drugs.")[:], feats.lexicon_)]
    assert [(m.frame, m.aim) for m in found if m.frame == "legalization"] == [("legalization", 1)]
    _, clause = _scope(feats, nlp, "We should de-criminalize drugs.")
    assert clause["legalization"]["modal_need"] == 1.0
    # the word on its own still names criminalisation
    _, alone = _scope(feats, nlp, "We should criminalize drug possession again.")
    assert alone["legalization"]["modal_need"] == -1.0


def test_scope_family_adds_named_columns(nlp):
    texts = ["We must legalize marijuana now.", "Gun control saves lives.", "Nice weather today."]
    spans = [nlp(t)[:] for t in texts]
    with_scope = StanceFeatures(min_df=1).fit(spans)
    without = StanceFeatures(min_df=1, scope=False).fit(spans)
    names = with_scope.get_feature_names_out()
    scope_cols = np.array([n.startswith("scope:") for n in names])
    assert "scope:legalization|must" in set(names)
    assert len(names) == len(without.get_feature_names_out()) + int(scope_cols.sum())
    matrix = with_scope.transform(spans).toarray()
    assert matrix.shape[1] == len(names)
    assert not matrix[2, scope_cols].any()  # no cue, no scope


def test_token_table_reads_what_the_tokens_say(nlp, seed_thread):
    """The per-doc table the features read agrees with spaCy's own tokens, subtree order too."""
    from discourse.stance.analysis import TokenTable

    docs = [nlp(u.text) for u in seed_thread.utterances[:8]]
    docs.append(nlp("\n  No longer, nobody said they'd not send 20 Marines.  \n"))
    for doc in docs:
        tab = TokenTable(doc)
        for t in doc:
            i = t.i
            assert (tab.lower[i], tab.lemma[i], tab.tag[i]) == (
                t.lower_,
                t.lemma_,
                t.tag_,
            )
            assert (tab.pos[i], tab.dep[i], tab.ent_type[i]) == (t.pos_, t.dep_, t.ent_type_)
            assert (tab.is_punct[i], tab.is_space[i], tab.like_num[i]) == (
                t.is_punct,
                t.is_space,
                t.like_num,
            )
            assert tab.head[i] == t.head.i
            assert tab.children[i] == [c.i for c in t.children]
            assert tab.subtree(i) == [s.i for s in t.subtree]
            assert tab.governs_negation[i] == any(tab.negator[c.i] for c in t.children)
    assert TokenTable(nlp("")).head == []


def test_features_of_a_span_do_not_depend_on_a_shared_table(feats, nlp):
    """A sentence analysed alone (its own table) gets what it gets among its doc's sentences."""
    from discourse.stance.analysis import lemma_text

    doc = nlp(
        "We should not legalize marijuana. Sending in the marines will never work. "
        "Nobody thinks we need to cut demand, but we do."
    )
    sents = list(doc.sents)
    together = feats._analyse(sents)
    for sent, shared in zip(sents, together, strict=True):
        alone = feats._analyse([sent])[0]
        assert alone.cues == shared.cues == match_cues(sent, feats.lexicon_)
        assert alone.scope_text == shared.scope_text
        assert np.array_equal(alone.scope_dense, shared.scope_dense)
        assert alone.lemma_text == shared.lemma_text == lemma_text(sent)
        assert np.array_equal(alone.dense, shared.dense)
    assert any(c.negated for a in together for c in a.cues)


def test_cached_sentiment_is_textblobs(nlp):
    """The sentiment cache returns TextBlob's score of the same words, however often asked."""
    from textblob.en import sentiment

    from discourse.stance.analysis import _blob_sentiment, _sentiment

    span = nlp("This is not a terrible idea, it is a brilliant one!")[:]
    words = [t.lower_ for t in span]
    expected = tuple(float(v) for v in sentiment(words)[:2])
    assert expected != (0.0, 0.0)
    assert _sentiment(span) == _sentiment(span) == expected
    assert _blob_sentiment(tuple(words[:4])) == tuple(float(v) for v in sentiment(words[:4])[:2])


def test_standardise_is_the_scalers_transform():
    """Scaling without scikit-learn's checks gives the scaler's values; bad input still fails."""
    from sklearn.preprocessing import StandardScaler

    from discourse.stance.analysis import standardise

    rng = np.random.default_rng(0)
    scaler = StandardScaler().fit(rng.normal(size=(30, 5)))
    rows = rng.normal(size=(7, 5))
    assert np.array_equal(standardise(scaler, rows), scaler.transform(rows))
    assert not np.shares_memory(standardise(scaler, rows), rows)
    with pytest.raises(ValueError, match=r"\[E260\] .* expects 5 columns .* computes 4"):
        standardise(scaler, rng.normal(size=(2, 4)))
    with pytest.raises(ValueError):
        standardise(scaler, np.full((1, 5), np.inf))


def test_a_model_from_other_feature_code_says_retrain(monkeypatch):
    """Feature code that computes more dense columns than the model was fitted on (a
    model file from another version, or features edited since training) fails on the
    first sentence with [E260] naming the remedy, not with a bare shape error."""
    from discourse.stance.analysis import FeatureMatrix
    from discourse.stance.tagger import load_tagger

    plain = FeatureMatrix._dense_row

    def wider(self, *args, **kwargs):
        return np.append(plain(self, *args, **kwargs), [0.0, 1.0])

    monkeypatch.setattr(FeatureMatrix, "_dense_row", wider)
    tagger = load_tagger()
    with pytest.raises(ValueError, match=r"\[E260\] .*discourse train"):
        tagger.tag_records([{"id": "1", "text": "Legalize it all."}])


def test_a_model_from_other_clause_features_says_retrain(monkeypatch):
    """The same for the clause-scope columns, which are not scaled: a bare
    "matmul: dimension mismatch" before."""
    import discourse.stance.analysis as analysis
    from discourse.stance.tagger import load_tagger

    plain = analysis.scope_features

    def wider(*args, **kwargs):  # one more clause column per frame
        words, dense = plain(*args, **kwargs)
        return words, [*dense, 0.0, 0.0, 0.0, 0.0]

    monkeypatch.setattr(analysis, "scope_features", wider)
    fitted = len(analysis.SCOPE_NAMES) * len(FRAME_NAMES)  # the shipped model's clause columns
    with pytest.raises(
        ValueError, match=rf"\[E260\] .* expects {fitted} columns .* computes {fitted + 4}"
    ):
        load_tagger().tag_records([{"id": "1", "text": "Legalize it all."}])


def test_transform_distinct_is_the_vectorizers_transform():
    """Vectorising repeated texts once gives the same matrix as vectorising each."""
    from discourse.stance.analysis import transform_distinct
    from discourse.stance.features import words_vectorizer

    vec = words_vectorizer(["need troops", "troops fail", "need demand", "fail fail"], min_df=1)
    texts = ["", "need troops", "", "fail troops", "need troops", "unknown", ""]
    got, want = transform_distinct(vec, texts), vec.transform(texts)
    assert got.shape == want.shape
    assert np.array_equal(got.toarray(), want.toarray())
    assert (got != want).nnz == 0


def test_tfidf_transform_is_the_vectorizers_transform(shipped):
    """The check-free TF-IDF gives the shipped vectorizers' matrices, entry for entry."""
    from discourse.stance.analysis import tfidf_transform

    vectorizers = [shipped.features_.vectorizer_, shipped.features_.scope_vectorizer_]
    vectorizers += [shipped.view_.vectorizer_, shipped.view_.sentence_vectorizer_]
    for vec in vectorizers:
        words = sorted(vec.vocabulary_)[:40:3]  # known terms, one of them twice, and unknown ones
        texts = [" ".join(words), "", "zzz-unknown", f"{words[0]} {words[0]} zzz {words[1]}"]
        got, want = tfidf_transform(vec, texts), vec.transform(texts)
        assert type(got) is type(want)
        assert got.shape == want.shape and got.nnz == want.nnz > 0
        for part in ("data", "indices", "indptr"):
            assert np.array_equal(getattr(got, part), getattr(want, part))


def test_tfidf_transform_refuses_no_rows_as_the_vectorizer_does(shipped):
    """Zero texts skip the in-place normalisation and fail as ``transform`` does."""
    from discourse.stance.analysis import tfidf_transform

    vec = shipped.features_.vectorizer_
    with pytest.raises(ValueError, match="0 sample"):
        vec.transform([])
    with pytest.raises(ValueError, match="0 sample"):
        tfidf_transform(vec, [])


def test_reporting_verb_reads_the_table_as_the_tokens(nlp):
    """From the doc's TokenTable, the verb the same search over ``Token`` objects finds."""
    from discourse.stance.analysis import REPORTING_VERBS, TokenTable, reporting_verb

    def by_tokens(span):
        best, best_depth = None, 99
        for tok in span:
            if tok.pos_ not in {"VERB", "AUX"} or tok.lemma_.lower() not in REPORTING_VERBS:
                continue
            if not any(c.dep_ in {"nsubj", "nsubjpass"} for c in tok.children):
                continue
            depth, node = 0, tok
            while node.head != node and depth < 20:
                node, depth = node.head, depth + 1
            if depth < best_depth:
                best, best_depth = tok, depth
        return best

    doc = nlp(
        "The former general has said he intends to use the army. "
        "I think we should legalize it. It rains. Experts warn that prohibition fails."
    )
    table = TokenTable(doc)
    found = []
    for span in [*doc.sents, doc[:], doc[2:9]]:
        tok = reporting_verb(span, table)
        assert tok == reporting_verb(span) == by_tokens(span)
        found.append(tok.text if tok is not None else None)
    assert found == ["said", "think", None, "warn", "said", "said"]
