"""Key points: the corpus's claims grouped by what they say, per frame and side.

In the spirit of IBM's Key Point Analysis: claims taking the same side on the
same frame are clustered by the words they use (TF-IDF vectors, cosine
distance, average-linkage agglomerative clustering cut at a distance
threshold), each cluster is a key point, its *prevalence* is the number of
claims in it, and a claim sentence stands for it: the one with the highest
stance score among the cluster's :data:`SHORTLIST` clearest claims. "Clearest"
mixes centrality (mean similarity to the other claims of the cluster) and a
sentence length a reader can take in at once (:func:`_representative`).
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import pandas as pd
from scipy import sparse
from scipy.cluster import hierarchy

from ..model import position_holder
from ..tfidf import tfidf_matrix
from .claims import Claim, issues_for, thread_claims

KEY_POINT_COLUMNS: list[str] = [
    "frame",
    "direction",
    "key_point",
    "prevalence",
    "speakers",
    "holders",
    "segment_ids",
    "threads",
    "claim_ids",
    "key_point_id",
]

#: Order of the directions in key-point tables.
_DIRECTION_ORDER: dict[str, int] = {"favor": 0, "against": 1}

#: Default cosine distance below which two groups of claims are merged.
DISTANCE_THRESHOLD = 0.8


def _length_fit(text: str) -> float:
    """1.0 for 8–40 words, less for fragments and run-on sentences."""
    n = len(text.split())
    if n < 8:
        return n / 8
    if n > 40:
        return max(0.0, 1 - (n - 40) / 40)
    return 1.0


#: How many of a cluster's clearest claims compete on stance score to represent it.
SHORTLIST = 3


def _representative(centrality: Sequence[float], claims: Sequence[Claim]) -> int:
    """Index (into ``claims``, a cluster's members) of the claim that stands for the cluster.

    The :data:`SHORTLIST` clearest claims (0.5·centrality + 0.2·length fit:
    typical of the cluster and readable) are in the running, and the one the
    stance model is surest of (highest ``score``) wins: a key point quoted on
    the page must not rest on a doubtful tagging when a surer one says the
    same. Ties (no scores: all 1.0) go to the clearer, then to the earlier
    claim — so without scores the choice is the clearest claim, as before.
    """
    clarity = [0.5 * float(centrality[k]) + 0.2 * _length_fit(c.text) for k, c in enumerate(claims)]
    shortlist = sorted(range(len(claims)), key=lambda k: (-clarity[k], k))[:SHORTLIST]
    return min(shortlist, key=lambda k: (-claims[k].score, -clarity[k], k))


#: Groups larger than this are clustered in chunks of this size (agglomerative
#: clustering needs the pairwise distances: n² memory, 72 MB at this size).
CHUNK_MAX = 3000
#: Claims up to which :func:`cluster_claims` takes one similarity product for all
#: of them (a thread has a few dozen) rather than one per frame and direction.
WHOLE_PRODUCT_MAX = 500


def _similarities(rows: sparse.csr_matrix) -> np.ndarray:
    """Pairwise cosine similarities of the L2-normalised sparse ``rows``, dense.

    One sparse product — exact, and far cheaper than densifying the TF-IDF
    vocabulary or projecting it with a TruncatedSVD first (that projection
    was most of the cost of clustering a corpus). Each entry sums the
    products of its two rows in the first row's stored order, so a block
    of a larger product holds the same floats as the product of the block's
    rows alone: :func:`cluster_claims` takes one product per call and cuts
    each group's block out of it.
    """
    return np.asarray((rows @ rows.T).toarray())


def _distances(sims: np.ndarray) -> np.ndarray:
    """Cosine distances from the :func:`_similarities` of unit rows.

    A row of stop words only has no direction: it is at distance 1 from
    every other row, so it stays a key point of its own.
    """
    dist = 1.0 - sims
    np.clip(dist, 0.0, 2.0, out=dist)
    dist = (dist + dist.T) / 2  # exact symmetry, whatever the float rounding
    np.fill_diagonal(dist, 0.0)
    return dist


def _average_linkage(dist: np.ndarray, threshold: float) -> np.ndarray:
    """Labels of average-linkage clustering of ``dist`` cut at ``threshold`` (3 rows or more).

    What ``AgglomerativeClustering(metric="precomputed", linkage="average",
    distance_threshold=threshold).fit_predict(dist)`` computes — the same
    SciPy linkage, the same count of merges at or above the threshold, and
    the same labels (scikit-learn's tree cut: the clusters are the heap of
    the last merges undone, numbered in heap order) — without the
    estimator's checks and set-up, which cost more than a thread's linkage.
    """
    n = dist.shape[0]
    upper_i, upper_j = np.triu_indices(n, k=1)
    tree = hierarchy.linkage(dist[upper_i, upper_j], method="average")
    children: list[list[int]] = tree[:, :2].astype(int).tolist()
    n_clusters = int(np.count_nonzero(tree[:, 2] >= threshold)) + 1
    heap = [-(max(children[-1]) + 1)]
    for _ in range(n_clusters - 1):
        first, second = children[-heap[0] - n]
        heapq.heappush(heap, -first)
        heapq.heappushpop(heap, -second)
    labels = np.zeros(n, dtype=np.intp)
    for label, node in enumerate(heap):
        stack = [-node]
        while stack:
            top = stack.pop()
            if top < n:
                labels[top] = label
            else:
                stack.extend(children[top - n])
    return labels


def _clusters(sims_of: Callable[[int, int], np.ndarray], n: int, threshold: float) -> np.ndarray:
    """Cluster labels of a group's ``n`` (L2-normalised) rows, cut at cosine ``threshold``.

    ``sims_of(start, stop)``: the :func:`_similarities` of rows
    ``start:stop``. One or two rows are decided directly, with the labels
    ``AgglomerativeClustering`` gives them (two rows apart: ``[1, 0]``): a
    thread's groups are mostly that small.
    """
    if n == 1:
        return np.zeros(1, dtype=int)
    if n == 2:
        merged = _distances(sims_of(0, 2))[0, 1] < threshold
        return np.zeros(2, dtype=int) if merged else np.array([1, 0])
    labels = np.empty(n, dtype=int)
    offset = 0
    for start in range(0, n, CHUNK_MAX):
        stop = min(start + CHUNK_MAX, n)
        if stop - start == 1:
            found = np.zeros(1, dtype=int)
        else:
            found = _average_linkage(_distances(sims_of(start, stop)), threshold)
        labels[start : start + len(found)] = found + offset
        offset += int(found.max()) + 1
    return labels


def _block(
    matrix: sparse.csr_matrix, idx: np.ndarray, whole: np.ndarray | None
) -> Callable[[int, int], np.ndarray]:
    """``sims_of`` for :func:`_clusters`: similarities among the rows ``idx[start:stop]``.

    Cut out of ``whole`` (all rows' :func:`_similarities`) when given, else
    one sparse product of those rows.
    """
    if whole is not None:
        return lambda start, stop: whole[np.ix_(idx[start:stop], idx[start:stop])]
    return lambda start, stop: _similarities(matrix[idx[start:stop]])


def cluster_claims(
    claims: Sequence[Claim], distance_threshold: float = DISTANCE_THRESHOLD
) -> list[tuple[list[Claim], Claim]]:
    """Group ``claims`` into key points: ``(members, representative)`` pairs.

    Claims are only grouped with claims of the same frame and direction;
    groups come back largest first.
    """
    if not claims:
        return []
    # scikit-learn's TF-IDF, bit for bit, without importing scikit-learn (:mod:`discourse.tfidf`)
    try:
        matrix = tfidf_matrix([c.full_text for c in claims])
    except ValueError:  # empty vocabulary: nothing but stop words
        matrix = sparse.csr_matrix((len(claims), 1))
    groups: dict[tuple[str, str], list[int]] = {}
    for i, c in enumerate(claims):
        groups.setdefault((c.frame, c.direction), []).append(i)
    # one product for all claims of a thread: cutting each group's block
    # out of it costs less than a sparse product per group; beyond that the
    # cross-group products it also computes (and its n² floats) cost more
    whole = _similarities(matrix) if len(claims) <= WHOLE_PRODUCT_MAX else None
    labelled = []
    for _, members in sorted(groups.items()):
        idx = np.array(members)
        labelled.append((idx, _clusters(_block(matrix, idx, whole), len(idx), distance_threshold)))
    out: list[tuple[list[Claim], Claim]] = []
    for idx, labels in labelled:
        for label in sorted(set(labels.tolist())):
            members = idx[labels == label]
            if len(members) > 1:
                rows = matrix[members]
                # rows are unit vectors: a row's summed similarity is its dot with the row sum
                summed = np.asarray(rows @ np.asarray(rows.sum(axis=0)).ravel()).ravel()
                centrality = (summed - 1) / (len(members) - 1)
            else:
                centrality = np.ones(1)
            best = members[_representative(centrality.tolist(), [claims[m] for m in members])]
            out.append(([claims[m] for m in members], claims[best]))
    out.sort(key=lambda item: -len(item[0]))
    return out


def key_point_rows(
    segments: pd.DataFrame,
    stances: pd.DataFrame,
    *,
    distance_threshold: float = DISTANCE_THRESHOLD,
    min_prevalence: int = 1,
    claims: Sequence[Claim] | None = None,
    clusters: Sequence[tuple[list[Claim], Claim]] | None = None,
) -> list[dict[str, Any]]:
    """The rows of :func:`key_points` as dicts (keys :data:`KEY_POINT_COLUMNS`), in its order.

    For callers that go on in plain Python (the report's key-point table):
    a DataFrame built only to be turned back into rows cost more than the
    rows themselves for every thread.
    """
    if clusters is None:
        claim_list = list(claims) if claims is not None else thread_claims(segments, stances)
        clusters = cluster_claims(claim_list, distance_threshold)
    frames = {rep.frame for _, rep in clusters}
    order = {i.frame: n for n, i in enumerate(issues_for(frames))}
    # most prevalent first within each frame (issue order) and direction
    # (favor, then against); a stable sort of the plain rows, which a pandas
    # sort of the finished frame cost several times over per thread
    ranked = sorted(
        (item for item in clusters if len(item[0]) >= min_prevalence),
        key=lambda item: (order[item[1].frame], _DIRECTION_ORDER[item[1].direction], -len(item[0])),
    )
    return [
        {
            "frame": rep.frame,
            "direction": rep.direction,
            "key_point": rep.text,
            "prevalence": len(members),
            "speakers": "; ".join(dict.fromkeys(c.speaker for c in members)),
            "holders": "; ".join(
                dict.fromkeys(position_holder(c.holder, c.speaker) for c in members)
            ),
            "segment_ids": " ".join(c.segment_ids[0] for c in members),
            "threads": "; ".join(dict.fromkeys(c.thread_id for c in members)),
            "claim_ids": " ".join(c.id for c in members),
            "key_point_id": f"{rep.frame}:{rep.direction}:{rep.id}",
        }
        for members, rep in ranked
    ]


def key_points(
    segments: pd.DataFrame,
    stances: pd.DataFrame,
    *,
    distance_threshold: float = DISTANCE_THRESHOLD,
    min_prevalence: int = 1,
    claims: Sequence[Claim] | None = None,
    clusters: Sequence[tuple[list[Claim], Claim]] | None = None,
) -> pd.DataFrame:
    """Key points per frame and direction, most prevalent first within each.

    ``segments``/``stances`` are the stage tables of one or many threads.
    Columns: ``frame, direction`` (favor/against), ``key_point`` (the
    representative sentence), ``prevalence`` (number of claims),
    ``speakers`` (who wrote the claims), ``holders`` (whose positions they
    state: :func:`~discourse.model.position_holder` — an article reporting an
    actor's position names the actor here) and ``threads`` ("; "-joined, in
    order of appearance),
    ``segment_ids`` (space-joined first segments of the member claims),
    ``claim_ids`` (space-joined) and a stable ``key_point_id``.
    Clusters with fewer than ``min_prevalence`` claims are left out.
    ``clusters`` (the result of :func:`cluster_claims`) skips the clustering:
    ``discourse run`` clusters the corpus once for the corpus map and report.
    """
    rows = key_point_rows(
        segments,
        stances,
        distance_threshold=distance_threshold,
        min_prevalence=min_prevalence,
        claims=claims,
        clusters=clusters,
    )
    return pd.DataFrame(rows, columns=KEY_POINT_COLUMNS)
