"""Joins of every kind against pandas' merge, on hand-written tables with
duplicates, nulls and empty sides, and the five db-benchmark join questions
(bench/h2o/join.py) on generated data."""

import pathlib
import sys

import numpy as np
import pandas as pd
import pytest

import lode
from lode import col

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[3]))
from bench.h2o.join import QUESTIONS  # noqa: E402

LEFT = {"k": [1, 2, 2, 3, None, 5], "s": ["a", "b", "b", None, "n", "e"], "x": [10, 20, 21, 30, 40, 50]}
RIGHT = {"k": [2, 3, 3, None, 7], "s": ["b", "c", None, "n", "g"], "y": [1.5, 2.5, 3.5, 4.5, 5.5]}


def canonical(frame):
    """Rows as sorted tuples, nulls as None, for order-free comparison."""
    pdf = frame if isinstance(frame, pd.DataFrame) else frame.to_pandas()
    pdf = pdf.astype(object).where(pdf.notna(), None)
    return sorted(map(tuple, pdf.values.tolist()), key=repr)


def pandas_join(left, right, on, how):
    """pandas' merge with SQL's rule that null keys never match."""
    l, r = pd.DataFrame(left), pd.DataFrame(right)
    keys = [on] if isinstance(on, str) else on
    l_valid, r_valid = l[keys].notna().all(axis=1), r[keys].notna().all(axis=1)
    if how in ("semi", "anti"):
        matches = l_valid & l.set_index(keys).index.isin(r[r_valid].set_index(keys).index)
        return l[matches if how == "semi" else ~matches]
    inner = l[l_valid].merge(r[r_valid], on=keys, how="inner", suffixes=("", "_right"))
    parts = [inner]
    if how in ("left", "full"):
        unmatched = l[~(l_valid & l.set_index(keys).index.isin(r[r_valid].set_index(keys).index))]
        parts.append(unmatched)
    if how in ("right", "full"):
        unmatched = r[~(r_valid & r.set_index(keys).index.isin(l[l_valid].set_index(keys).index))]
        parts.append(unmatched.rename(columns={c: c + "_right" for c in r.columns if c in l.columns and c not in keys}))
    return pd.concat(parts, ignore_index=True)


@pytest.mark.parametrize("how", ["inner", "left", "right", "semi", "anti"])
@pytest.mark.parametrize("on", ["k", ["k", "s"]])
def test_join_kinds_match_pandas(how, on):
    got = lode.DataFrame(LEFT).join(lode.DataFrame(RIGHT), on=on, how=how)
    expected = pandas_join(LEFT, RIGHT, on, how)
    assert canonical(got[list(expected.columns)]) == canonical(expected), got


def test_full_join_keeps_both_keys():
    got = lode.DataFrame(LEFT).join(lode.DataFrame(RIGHT), on="k", how="full")
    assert got.columns == ["k", "s", "x", "k_right", "s_right", "y"]
    assert got.height == 4 + 3 + 2  # matches, unmatched left (1, null, 5), unmatched right (null, 7)
    matched = got.filter(col("k").is_not_null() & col("k_right").is_not_null())
    assert matched.height == 4
    assert sorted(matched["y"].to_list()) == [1.5, 1.5, 2.5, 3.5]
    assert got.filter(col("k").is_null() & col("k_right").is_null()).height == 2


def test_nulls_equal_option():
    got = lode.DataFrame(LEFT).join(lode.DataFrame(RIGHT), on="k", nulls_equal=True)
    assert got.filter(col("k").is_null()).height == 1


def test_cross_join_and_suffix():
    got = lode.DataFrame({"a": [1, 2]}).join(lode.DataFrame({"a": [3, 4, 5], "b": [1, 1, 1]}), how="cross")
    assert got.columns == ["a", "a_right", "b"] and got.height == 6
    custom = lode.DataFrame(LEFT).join(lode.DataFrame(RIGHT), on="k", suffix="_r")
    assert custom.columns == ["k", "s", "x", "s_r", "y"]


def test_empty_sides():
    empty = lode.DataFrame(LEFT).filter(col("x") > 1000)
    full = lode.DataFrame(RIGHT)
    assert empty.join(full, on="k").height == 0
    assert full.join(empty, on="k", how="left").height == 5
    assert full.join(empty, on="k", how="anti").height == 5
    assert empty.join(full, on="k", how="full").height == 5


def test_key_types_widen_or_raise():
    small = lode.DataFrame({"k": [1, 2]}, schema={"k": "int8"})
    wide = lode.DataFrame({"k": [2, 3], "v": [1, 2]}, schema={"k": "int64", "v": "int64"})
    assert small.join(wide, on="k").to_dict() == {"k": [2], "v": [1]}
    with pytest.raises(lode.SchemaError, match="different types"):
        small.join(lode.DataFrame({"k": ["2"]}), on="k")
    with pytest.raises(lode.InvalidInputError, match="unknown join type"):
        small.join(wide, on="k", how="sideways")
    with pytest.raises(lode.SchemaError):
        small.join(wide, on="nope")


@pytest.mark.optimizer
def test_pushdown_into_both_sides_and_left_join_semantics():
    left, right = lode.DataFrame(LEFT).lazy(), lode.DataFrame(RIGHT).lazy()
    plan = left.join(right, on="k").filter((col("x") > 10) & (col("y") < 3)).explain()
    assert "(col(\"x\") > 10)" in plan and "(col(\"y\") < 3)" in plan and "FILTER" not in plan
    # Above a left join, a filter on right columns must stay above it.
    lazy = left.join(right, on="k", how="left").filter(col("y").is_null())
    assert "FILTER" in lazy.explain()
    assert lazy.collect().height == 3


def test_many_rows_parallel_build_and_duplicates():
    rng = np.random.default_rng(5)
    n = 300_000
    left = pd.DataFrame({"k": rng.integers(0, 200_000, n), "a": rng.normal(size=n)})
    right = pd.DataFrame({"k": rng.integers(0, 200_000, n // 2), "b": rng.normal(size=n // 2)})
    got = lode.from_pandas(left).join(lode.from_pandas(right), on="k")
    expected = left.merge(right, on="k")
    assert got.height == len(expected)
    np.testing.assert_allclose(got["a"].to_numpy().sum(), expected.a.sum(), rtol=1e-9)
    np.testing.assert_allclose(got["b"].to_numpy().sum(), expected.b.sum(), rtol=1e-9)


@pytest.fixture(scope="module", params=[0, 5], ids=["nas0", "nas5"])
def join_tables(request):
    tables = lode.datagen.join(1_000_000, nas=request.param, seed=3)
    return tables, {name: t.to_pandas() for name, t in tables.items()}


@pytest.mark.parametrize("question, right, on, how", [
    ("q1", "small", "id1", "inner"), ("q2", "medium", "id2", "inner"), ("q3", "medium", "id2", "left"),
    ("q4", "medium", "id5", "inner"), ("q5", "big", "id3", "inner")])
def test_h2o_join_questions_match_pandas(join_tables, question, right, on, how):
    tables, frames = join_tables
    got = QUESTIONS[question](tables)
    x, r = frames["x"], frames[right]
    # pandas matches NaN keys; SQL does not: merge the rows with keys only.
    matched = x[x[on].notna()].merge(r[r[on].notna()], on=on, how="inner", suffixes=("", "_right"))
    rows = len(matched) + (int((~x[on].isin(matched[on]) | x[on].isna()).sum()) if how == "left" else 0)
    assert got.height == rows
    np.testing.assert_allclose(np.nansum(got["v1"].to_numpy()), np.nansum(matched.v1) +
                               (np.nansum(x.v1[~x[on].isin(matched[on]) | x[on].isna()]) if how == "left" else 0),
                               rtol=1e-9)
    np.testing.assert_allclose(np.nansum(got["v2"].to_numpy().astype(float)), np.nansum(matched.v2), rtol=1e-9)


@pytest.mark.optimizer
def test_equality_filter_becomes_a_join_key():
    left = lode.DataFrame({"a": [1, 2, 3], "x": [10, 20, 30]}).lazy()
    right = lode.DataFrame({"b": [2, 3, 3, 4], "y": [1, 2, 3, 4]}).lazy()
    lazy = left.join(right, how="cross").filter(col("a") == col("b"))
    plan = lazy.explain()
    assert "JOIN inner left=[col(\"a\")] right=[col(\"b\")]" in plan and "FILTER" not in plan
    assert canonical(lazy.collect()) == canonical(lazy.collect(optimize=False))
    assert lazy.collect().height == 3
