"""Key points: similar claims grouped per frame and side, counted, with a clear representative."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pandas as pd
import pytest
from scipy import sparse

from discourse.argmap import KEY_POINT_COLUMNS, cluster_claims, extract_claims, key_points

from .conftest import make_thread, simple_tables

DEMAND = [
    "We need to reduce demand for drugs in the United States.",
    "Reduce the demand for drugs in the United States and the cartels starve.",
    "The only answer is to reduce demand for drugs.",
]
OTHER = "Schools should teach children about addiction early."


def _tables():
    items = [("Author", "Editorial about drugs.", None)]
    items += [(f"Reader {i}", text, None) for i, text in enumerate([*DEMAND, OTHER])]
    items += [("Critic", "Reducing demand for drugs never works in practice.", None)]
    thread = make_thread("kp", items)
    labels = {(i, 1): {"demand_reduction": "favor"} for i in range(1, 5)}
    labels[(5, 1)] = {"demand_reduction": "against"}
    return simple_tables(thread, labels)


def test_similar_claims_form_one_key_point_with_prevalence():
    tables = _tables()
    kp = key_points(tables["segments"], tables["stances"])
    assert list(kp.columns) == KEY_POINT_COLUMNS
    favor = kp[kp["direction"] == "favor"]
    top = favor.iloc[0]
    assert top["prevalence"] == 3
    assert top["key_point"] in DEMAND
    assert top["speakers"] == "Reader 0; Reader 1; Reader 2"
    assert len(top["segment_ids"].split()) == 3
    assert top["threads"] == "kp"
    # the unrelated claim stays its own key point, and sides never mix
    assert list(favor["prevalence"]) == [3, 1]
    against = kp[kp["direction"] == "against"]
    assert list(against["prevalence"]) == [1]


@pytest.mark.parametrize(
    ("table", "dropped", "message"),
    [
        ("segments", ["speaker"], "segments table lacks the column(s) speaker that"),
        ("segments", ["speaker", "kind"], "segments table lacks the column(s) speaker, kind"),
        ("stances", ["label"], "stances table lacks the column(s) label that"),
    ],
)
def test_missing_columns_are_a_coded_error_naming_them(table, dropped, message):
    # key_points(segments.drop(columns=["speaker"]), stances) raised a bare KeyError 'speaker'
    tables = dict(_tables())
    tables[table] = tables[table].drop(columns=dropped)
    for call in (key_points, extract_claims):
        with pytest.raises(ValueError, match=r"^\[E405\]") as err:
            call(tables["segments"], tables["stances"])
        assert message in str(err.value)


def test_threshold_zero_keeps_every_claim_apart():
    tables = _tables()
    kp = key_points(tables["segments"], tables["stances"], distance_threshold=1e-9)
    assert kp["prevalence"].sum() == 5
    assert set(kp["prevalence"]) == {1}


def test_min_prevalence_filters_and_empty_input_gives_empty_table(seed_tables):
    tables = _tables()
    kp = key_points(tables["segments"], tables["stances"], min_prevalence=2)
    assert list(kp["prevalence"]) == [3]
    empty = key_points(seed_tables["segments"], seed_tables["stances"].iloc[0:0])
    assert empty.empty and list(empty.columns) == KEY_POINT_COLUMNS


def test_seed_key_points_cover_every_claim(seed_tables):
    kp = key_points(seed_tables["segments"], seed_tables["stances"])
    assert kp["prevalence"].sum() == 17  # every claim counted exactly once
    assert list(dict.fromkeys(kp["frame"])) == [
        "demand_reduction",
        "militarization",
        "arms_control",
        "legalization",
    ]


def test_precomputed_clusters_give_the_same_table():
    """``discourse run`` clusters the corpus once and hands the clusters to map and report."""
    tables = _tables()
    claims = extract_claims(tables["segments"], tables["stances"])
    clusters = cluster_claims(claims)
    again = key_points(tables["segments"], tables["stances"], clusters=clusters)
    pd.testing.assert_frame_equal(again, key_points(tables["segments"], tables["stances"]))
    # the clusters are used as given, not recomputed
    single = [([c], c) for c in claims]
    apart = key_points(tables["segments"], tables["stances"], clusters=single)
    assert set(apart["prevalence"]) == {1} and len(apart) == len(claims)


def test_stop_word_only_claim_stays_a_key_point_of_its_own():
    items = [("Author", "Editorial about drugs.", None)]
    items += [(f"Reader {i}", text, None) for i, text in enumerate([*DEMAND, "It is what it is."])]
    thread = make_thread("sw", items)
    labels = {(i, 1): {"demand_reduction": "favor"} for i in range(1, 5)}
    tables = simple_tables(thread, labels)
    kp = key_points(tables["segments"], tables["stances"])
    assert sorted(kp["prevalence"]) == [1, 3]
    assert "It is what it is." in set(kp["key_point"])


def _unit_rows(rng, n: int, dims: int = 6) -> np.ndarray:
    rows = rng.random((n, dims)) * (rng.random((n, dims)) < 0.5)  # sparse-ish, some all-zero
    norms = np.linalg.norm(rows, axis=1, keepdims=True)
    return np.divide(rows, norms, out=np.zeros_like(rows), where=norms > 0)


def test_average_linkage_labels_are_scikit_learns():
    """The direct linkage and tree cut give ``AgglomerativeClustering``'s labels, numbering
    included: the numbering orders key points of equal prevalence on the page."""
    from sklearn.cluster import AgglomerativeClustering

    from discourse.argmap.keypoints import _average_linkage, _distances, _similarities

    rng = np.random.default_rng(7)
    for trial in range(300):
        n = int(rng.integers(2, 25))
        rows = _unit_rows(rng, n)
        if trial % 5 == 0:  # repeated sentences: zero distances and tied merges
            rows[n // 2 :] = rows[: n - n // 2]
        dist = _distances(_similarities(sparse.csr_matrix(rows)))
        threshold = float(rng.choice([0.0, 0.3, 0.8, 1.0, 1.5]))
        expected = AgglomerativeClustering(
            n_clusters=None, metric="precomputed", linkage="average", distance_threshold=threshold
        ).fit_predict(dist)
        assert _average_linkage(dist, threshold).tolist() == expected.tolist(), trial


def test_a_groups_block_of_all_similarities_is_its_own_product():
    """:func:`cluster_claims` cuts each group out of one product of all claims: the floats
    must be those of the group's own product, or a cut at the threshold could move."""
    from discourse.argmap.keypoints import _block, _similarities

    rng = np.random.default_rng(3)
    matrix = sparse.csr_matrix(_unit_rows(rng, 40, dims=30))
    whole = _similarities(matrix)
    idx = np.array(sorted(rng.choice(40, size=17, replace=False)))
    cut, alone = _block(matrix, idx, whole), _block(matrix, idx, None)
    for start, stop in ((0, 17), (0, 2), (5, 16), (16, 17)):
        assert np.array_equal(cut(start, stop), alone(start, stop))


def test_large_groups_are_clustered_in_chunks(monkeypatch):
    """Past CHUNK_MAX claims a group is clustered chunk by chunk (bounded memory, one
    sparse product per chunk): claims of different chunks never share a key point,
    and every claim is still in exactly one."""
    import discourse.argmap.keypoints as kp

    tables = _tables()
    claims = extract_claims(tables["segments"], tables["stances"])
    together = [([c.id for c in members], rep.id) for members, rep in cluster_claims(claims)]
    monkeypatch.setattr(kp, "CHUNK_MAX", 2)
    chunked = [([c.id for c in members], rep.id) for members, rep in cluster_claims(claims)]
    # the three demand claims cannot meet across chunks of two: more, smaller key points
    assert len(chunked) > len(together)
    assert sorted(i for ids, _ in chunked for i in ids) == sorted(c.id for c in claims)


def test_seed_claims_tfidf_is_scikit_learns(seed_tables):
    """:func:`cluster_claims`'s TF-IDF rows of the seed's claims: scikit-learn's, bit for bit."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    from discourse.tfidf import tfidf_matrix

    texts = [c.full_text for c in extract_claims(seed_tables["segments"], seed_tables["stances"])]
    assert len(texts) == 17
    expected = TfidfVectorizer(
        stop_words="english", sublinear_tf=True, ngram_range=(1, 2)
    ).fit_transform(texts)
    got = tfidf_matrix(texts)
    assert got.shape == expected.shape
    assert np.array_equal(got.indptr, expected.indptr)
    assert np.array_equal(got.indices, expected.indices)  # stored order, not only values
    assert np.array_equal(got.data.view(np.int64), expected.data.view(np.int64))


@pytest.mark.slow  # a fresh interpreter importing discourse.argmap (spaCy among it): ~3 s
def test_key_points_do_not_import_scikit_learn():
    """``discourse run`` pays scikit-learn's import only if a stage needs it, not for key points."""

    code = (
        "import sys\n"
        "from discourse.argmap import cluster_claims\n"
        "from discourse.argmap.claims import Claim\n"
        "texts = ['Reduce demand for drugs.', 'Reduce the demand for drugs now.', 'It is.']\n"
        "claims = [Claim('t', f't/u{i}', 'S', 'comment', 'demand_reduction', 'favor',\n"
        "                (f't/u{i}/s01',), (text,)) for i, text in enumerate(texts)]\n"
        "assert len(cluster_claims(claims)) == 2\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('sklearn', 'skops')))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def _with_scores(scores: dict[str, float]) -> dict[str, pd.DataFrame]:
    """:func:`_tables` with the favor/against stance scores of some segments changed."""
    tables = dict(_tables())
    stances = tables["stances"].copy()
    for segment, score in scores.items():
        row = (stances["segment_id"] == segment) & (stances["label"] != "none")
        assert row.sum() == 1
        stances.loc[row, "score"] = score
    tables["stances"] = stances
    return tables


def _top_key_point(tables: dict[str, pd.DataFrame]) -> str:
    kp = key_points(tables["segments"], tables["stances"])
    top = kp.iloc[0]
    assert top["prevalence"] == 3
    return str(top["key_point"])


def test_representative_is_the_claim_the_stance_model_is_surest_of():
    """A key point is quoted on the page: it must not rest on a doubtful tagging when a
    surer claim of the same cluster says the same thing."""
    # equal scores: the clearest claim (most central, readable length), as before
    assert _top_key_point(_tables()) == DEMAND[0]
    # that claim tagged with low confidence: the surest of the others stands for the cluster
    doubtful = _with_scores({"kp/reader-0/s01": 0.55, "kp/reader-2/s01": 0.97})
    assert _top_key_point(doubtful) == DEMAND[2]
    assert _top_key_point(_with_scores({"kp/reader-1/s01": 0.99})) == DEMAND[1]
    # a tie on score goes to the clearer claim, whichever order the claims come in
    tied = _with_scores({"kp/reader-1/s01": 0.99, "kp/reader-2/s01": 0.99})
    assert _top_key_point(tied) in (DEMAND[1], DEMAND[2])
    assert _top_key_point(tied) == _top_key_point(tied)  # deterministic
    # the key point's id follows its representative
    kp = key_points(doubtful["segments"], doubtful["stances"])
    assert kp.iloc[0]["key_point_id"] == "demand_reduction:favor:kp/reader-2/s01#demand_reduction"


def _claim(i: int, text: str, score: float = 1.0):
    from discourse.argmap.claims import Claim

    return Claim(
        "t", f"t/u{i}", f"S{i}", "comment", "demand_reduction", "favor",
        (f"t/u{i}/s01",), (text,), score=score,
    )  # fmt: skip


def test_representative_is_chosen_among_the_clearest_few():
    """Stance score decides among the :data:`SHORTLIST` clearest claims only: a sure but
    untypical claim of a large cluster does not stand for it."""
    from discourse.argmap.keypoints import SHORTLIST, _representative

    text = "We need to reduce the demand for drugs in the United States now."  # 13 words
    centrality = [0.9, 0.8, 0.7, 0.2]
    claims = [_claim(i, text, score) for i, score in enumerate([0.6, 0.7, 0.65, 0.99])]
    assert SHORTLIST == 3
    assert _representative(centrality, claims) == 1  # the surest of the three clearest
    # no scores (all 1.0): the clearest, as before; a full tie: the first
    flat = [_claim(i, text) for i in range(4)]
    assert _representative(centrality, flat) == 0
    assert _representative([0.5] * 4, flat) == 0
    # clarity weighs length too: a two-word fragment is not quoted for the cluster
    fragment = [_claim(0, "Reduce demand.", 0.99), *claims[1:3]]
    assert _representative([0.75, 0.7, 0.7], fragment) == 0  # in the running, surest
    assert _representative([0.75, 0.7, 0.7, 0.7], [*fragment, _claim(3, text, 0.9)]) == 3
