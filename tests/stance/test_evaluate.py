"""Scoring: per-frame F1 of favor and against, F-avg, confusion — checked against hand counts."""

from __future__ import annotations

import json
import math

import pandas as pd
import pytest

from discourse.stance.evaluate import calibration_error, evaluate


def _table(ids: str, **frames: list) -> pd.DataFrame:
    return pd.DataFrame({"id": list(ids), **frames})


def test_perfect_predictions_score_one() -> None:
    gold = _table("abcd", legalization=["favor", "against", "none", "favor"])
    report = evaluate(gold, gold.copy())
    assert report.f_avg == 1.0
    assert report.frames == ["legalization"]


def test_hand_computed_scores_and_confusion() -> None:
    # legalization (row f unlabelled):  gold  a:favor b:favor c:against d:none e:none
    #                                   pred  a:favor b:against c:favor d:against e:none
    # favor:   tp 1, predicted 2 (a, c), gold 2 (a, b)   -> P 1/2, R 1/2, F1 1/2
    # against: tp 0, predicted 2 (b, d), gold 1 (c)      -> F1 0
    # frame = (1/2 + 0) / 2 = 0.25
    # arms_control: gold favor a; pred favor a; against neither in gold nor predicted
    #   -> F1 favor 1, F1 against undefined (left out) -> frame 1.0
    # militarization: gold all null -> skipped
    # F-avg = (0.25 + 1.0) / 2 = 0.625
    gold = _table(
        "abcdef",
        legalization=["favor", "favor", "against", "none", "none", None],
        arms_control=["favor", "none", "none", "none", "none", "none"],
        militarization=[None] * 6,
    )
    pred = _table(  # shuffled: rows are matched by id
        "fedcba",
        legalization=["favor", "none", "against", "favor", "against", "favor"],
        arms_control=["none", "none", "none", "none", "none", "favor"],
        militarization=["favor"] * 6,
    )
    report = evaluate(gold, pred)
    leg = report.scores.loc["legalization"]
    assert leg["f1_favor"] == pytest.approx(0.5)
    assert leg["precision_favor"] == pytest.approx(0.5) and leg["recall_favor"] == pytest.approx(
        0.5
    )
    assert leg["f1_against"] == 0.0
    assert leg["f_avg"] == pytest.approx(0.25)
    assert (leg["support_favor"], leg["support_against"], leg["support_none"], leg["n"]) == (
        2,
        1,
        2,
        5,
    )
    arms = report.scores.loc["arms_control"]
    assert arms["f1_favor"] == 1.0 and math.isnan(arms["f1_against"]) and arms["f_avg"] == 1.0
    assert report.skipped == ["militarization"]
    assert report.f_avg == pytest.approx(0.625)
    cm = report.confusion["legalization"]
    assert cm.loc["favor"].tolist() == [1, 1, 0]
    assert cm.loc["against"].tolist() == [1, 0, 0]
    assert cm.loc["none"].tolist() == [0, 1, 1]
    assert report.confusion_total().to_numpy().sum() == 11


def test_none_is_an_error_but_not_averaged() -> None:
    # favor gold a,b; against gold c,d; pred misses b (none) and adds e (favor for a none)
    # favor: tp 1, predicted 2 (a, e), gold 2 -> P 1/2 R 1/2 F1 1/2; against perfect -> 1
    gold = _table("abcde", militarization=["favor", "favor", "against", "against", "none"])
    pred = _table("abcde", militarization=["favor", "none", "against", "against", "favor"])
    report = evaluate(gold, pred)
    assert report.scores.loc["militarization", "f1_favor"] == pytest.approx(0.5)
    assert report.scores.loc["militarization", "f1_against"] == 1.0
    assert report.f_avg == pytest.approx(0.75)


def test_false_prediction_of_an_absent_label_counts() -> None:
    # no against in gold; one predicted -> F1 against 0 and it enters the mean
    gold = _table("abc", legalization=["favor", "none", "none"])
    pred = _table("abc", legalization=["favor", "against", "none"])
    report = evaluate(gold, pred)
    assert report.scores.loc["legalization", "f1_against"] == 0.0
    assert report.f_avg == pytest.approx(0.5)


def test_missing_prediction_counts_as_none_and_positional_alignment() -> None:
    gold = pd.DataFrame({"legalization": ["favor", "against"]})
    # a RangeIndex from 0 only counts positions; one starting elsewhere (a slice of
    # a table made from a list) holds other rows' labels: pairing it by position
    # scored sentences against other sentences' predictions
    pred = pd.DataFrame({"legalization": [None, "against"]}, index=pd.RangeIndex(7, 9))
    with pytest.raises(ValueError, match=r"\[E238\].*\(index 7, 8\) carry different"):
        evaluate(gold, pred)
    report = evaluate(gold, pred.reset_index(drop=True))
    assert report.confusion["legalization"].loc["favor", "none"] == 1
    assert report.scores.loc["legalization", "f1_favor"] == 0.0
    assert report.f_avg == pytest.approx(0.5)


def _shuffled_pair() -> tuple[pd.DataFrame, pd.DataFrame]:
    """Gold with index labels, and predictions for it in another row order."""
    gold = pd.DataFrame(
        {"legalization": ["favor", "against", "none", "favor", "against", "none"]},
        index=[31, 4, 17, 8, 22, 13],
    )
    pred = gold.copy()
    pred.loc[8, "legalization"] = "none"  # one miss: favor F1 2/3, against F1 1
    return gold, pred.sample(frac=1, random_state=3)


def test_predictions_with_gold_index_labels_in_another_order_are_matched_by_index() -> None:
    gold, pred = _shuffled_pair()
    assert not pred.index.equals(gold.index)
    report = evaluate(gold, pred)
    assert report.f_avg == pytest.approx((2 / 3 + 1.0) / 2)
    assert report.f_avg == evaluate(gold, pred.loc[gold.index]).f_avg
    # a one-frame Series is a table of one column, matched the same way
    assert evaluate(gold, pred["legalization"]).f_avg == report.f_avg


def test_predictions_with_other_index_labels_are_refused_unless_both_count_positions() -> None:
    gold, pred = _shuffled_pair()
    other = pred.set_axis([100 + i for i in range(len(pred))])  # another sample's rows
    with pytest.raises(ValueError, match=r"\[E238\].*different index labels.*reset_index"):
        evaluate(gold, other)
    with pytest.raises(ValueError, match=r"\[E238\].*different index labels"):
        evaluate(gold, pred.reset_index(drop=True))  # labelled gold, unlabelled predictions
    with pytest.raises(ValueError, match=r"\[E238\].*repeat index labels \(predictions\)"):
        evaluate(gold, pred.set_axis([31, 4, 17, 8, 22, 22]))
    with pytest.raises(ValueError, match=r"\[E238\].*different index labels"):
        evaluate(gold, pred.iloc[:4])  # a subset: not the same rows
    # both only count positions: matched by position, as documented
    plain = evaluate(gold.reset_index(drop=True), pred.loc[gold.index].reset_index(drop=True))
    assert plain.f_avg == evaluate(gold, pred).f_avg


def test_lists_of_dicts_are_tables_matched_by_position() -> None:
    gold, pred = _shuffled_pair()
    records = pred.loc[gold.index].to_dict("records")
    assert evaluate(gold, records).f_avg == pytest.approx((2 / 3 + 1.0) / 2)
    assert evaluate(gold.to_dict("records"), records).f_avg == evaluate(gold, records).f_avg
    with pytest.raises(ValueError, match=r"\[E238\] .*predictions are a str, not a table"):
        evaluate(gold, "favor")


def test_frames_argument_restricts_and_orders() -> None:
    gold = _table("ab", legalization=["favor", "none"], arms_control=["against", "none"])
    pred = _table("ab", legalization=["favor", "none"], arms_control=["none", "none"])
    report = evaluate(gold, pred, frames=["arms_control"])
    assert report.frames == ["arms_control"] and report.f_avg == 0.0


@pytest.mark.parametrize(
    ("pred", "message"),
    [
        (_table("ax", legalization=["favor", "none"]), "no prediction"),
        (pd.DataFrame({"legalization": ["favor"]}), "no 'id' column"),
        (_table("ab", arms_control=["favor", "none"]), "no column 'legalization'"),
        (_table("ab", legalization=["pro", "none"]), "not one of"),
    ],
)
def test_tables_that_do_not_line_up(pred: pd.DataFrame, message: str) -> None:
    gold = _table("ab", legalization=["favor", "none"])
    with pytest.raises(ValueError, match=r"\[E238\]") as err:
        evaluate(gold, pred)
    assert message in str(err.value)


def test_nothing_to_evaluate() -> None:
    gold = _table("ab", legalization=[None, None])
    with pytest.raises(ValueError, match=r"\[E239\]"):
        evaluate(gold, gold, frames=["legalization"])


def test_report_outputs() -> None:
    gold = _table(
        "abcd",
        legalization=["favor", "against", "none", "none"],
        arms_control=["favor", "none", "none", "none"],
    )
    pred = _table(
        "abcd",
        legalization=["favor", "none", "none", "none"],
        arms_control=["favor", "none", "none", "none"],
    )
    report = evaluate(gold, pred)
    text = report.format()
    assert "legalization" in text and "F-avg" in text and "rows gold" in text
    assert f"{report.f_avg:.3f}" in text
    table = report.to_frame()
    assert list(table.index) == ["arms_control", "legalization", "F-avg"]  # canonical order
    assert table.loc["F-avg", "f_avg"] == pytest.approx(report.f_avg)
    assert table.loc["F-avg", "n"] == 8
    data = json.loads(json.dumps(report.to_dict()))  # strict JSON: undefined F1 is null
    assert data["frames"]["arms_control"]["f1_against"] is None
    assert data["f_avg"] == pytest.approx(report.f_avg, abs=1e-4)
    assert data["confusion"]["legalization"]["against"]["none"] == 1


def _proba(rows: list[tuple[float, float, float]], frame: str = "legalization") -> pd.DataFrame:
    columns = pd.MultiIndex.from_tuples([(frame, lab) for lab in ("favor", "against", "none")])
    return pd.DataFrame(rows, columns=columns)


def test_calibration_error_by_hand() -> None:
    gold = pd.DataFrame({"legalization": ["favor", "against", "none", "none", None]})
    # predicted favor 0.8 (right), favor 0.8 (wrong), none 0.9 and 0.9 (right); row 5 unlabelled
    proba = _proba(
        [(0.8, 0.1, 0.1), (0.8, 0.1, 0.1), (0.05, 0.05, 0.9), (0.0, 0.1, 0.9), (1, 0, 0)]
    )
    # bin (0.7, 0.8]: mean 0.8, accuracy 0.5 -> gap 0.3 over 2 pairs; bin (0.8, 0.9]: 0.9 vs 1.0
    assert calibration_error(gold, proba) == pytest.approx((2 * 0.3 + 2 * 0.1) / 4)
    assert calibration_error(gold, proba, sides_only=True) == pytest.approx(0.3)
    right = _proba([(1.0, 0.0, 0.0), (0.0, 1.0, 0.0), (0.0, 0.0, 1.0), (0.0, 0.0, 1.0), (1, 0, 0)])
    assert calibration_error(gold, right) == 0.0
    nothing = pd.DataFrame({"legalization": [None, None]})
    assert math.isnan(calibration_error(nothing, _proba([(1, 0, 0), (1, 0, 0)])))


def test_a_frame_nobody_labelled_is_named_with_its_source(caplog) -> None:
    """``[W230]`` says where the gold came from (a file, or a part of dev while
    training), so a user can tell which labels are missing."""
    gold = _table("ab", legalization=["favor", "none"], arms_control=[None, None])
    with caplog.at_level("WARNING", logger="discourse.stance.evaluate"):
        report = evaluate(gold, gold.fillna("none"), source="seed thread gold (dev)")
    assert report.skipped == ["arms_control"]
    assert "[W230] seed thread gold (dev): Frame 'arms_control'" in caplog.text
