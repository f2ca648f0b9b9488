"""The ten db-benchmark groupby questions (bench/h2o/groupby.py) answer as
pandas does, on generated data with both K, with and without nulls, sorted
and unsorted."""

import pathlib
import sys

import numpy as np
import pandas as pd
import pytest

import lode

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[3]))
from bench.h2o.groupby import QUESTIONS  # noqa: E402

ROWS = 1_000_000
# Two cases run by default; the other six combinations are marked slow.
DEFAULT_CASES = {(100, 0, False), (10, 5, True)}
CASES = [pytest.param((k, nas, sort), marks=() if (k, nas, sort) in DEFAULT_CASES else pytest.mark.slow)
         for k in (100, 10) for nas in (0, 5) for sort in (False, True)]


def pandas_answers(x):
    g = lambda *keys: x.groupby(list(keys), dropna=False, observed=True)  # noqa: E731
    answers = {
        "q1": g("id1").agg(v1=("v1", lambda s: s.sum(min_count=1))).reset_index(),
        "q2": g("id1", "id2")["v1"].sum(min_count=1).reset_index(),
        "q3": g("id3").agg(v1=("v1", lambda s: s.sum(min_count=1)), v3=("v3", "mean")).reset_index(),
        "q4": g("id4")[["v1", "v2", "v3"]].mean().reset_index(),
        "q5": g("id6")[["v1", "v2", "v3"]].sum(min_count=1).reset_index(),
        "q6": g("id4", "id5").agg(median_v3=("v3", "median"), sd_v3=("v3", "std")).reset_index(),
        "q7": g("id3").agg(a=("v1", "max"), b=("v2", "min")).assign(range_v1_v2=lambda d: d.a - d.b)
        .drop(columns=["a", "b"]).reset_index(),
        "q8": x.dropna(subset=["v3"]).sort_values("v3", ascending=False, kind="stable")
        .groupby("id6", dropna=False).head(2)[["id6", "v3"]].rename(columns={"v3": "largest2_v3"}),
        "q10": g("id1", "id2", "id3", "id4", "id5", "id6").agg(v3=("v3", lambda s: s.sum(min_count=1)),
                                                            count=("v1", "size")).reset_index(),
    }
    # q9 from co-moments, over rows where both values are present.
    both = x.dropna(subset=["v1", "v2"]).astype({"v1": float, "v2": float})
    both = both.assign(xy=lambda d: d.v1 * d.v2, xx=lambda d: d.v1 ** 2, yy=lambda d: d.v2 ** 2)
    s = both.groupby(["id2", "id4"], dropna=False)[["v1", "v2", "xy", "xx", "yy"]].agg(["sum", "count"])
    n = s[("v1", "count")]
    cov = s[("xy", "sum")] - s[("v1", "sum")] * s[("v2", "sum")] / n
    var_x = s[("xx", "sum")] - s[("v1", "sum")] ** 2 / n
    var_y = s[("yy", "sum")] - s[("v2", "sum")] ** 2 / n
    answers["q9"] = (cov ** 2 / (var_x * var_y)).rename("r2").reset_index()
    # Groups that exist only through rows with a null v1 or v2 have no r2.
    keys = x[["id2", "id4"]].drop_duplicates()
    answers["q9"] = keys.merge(answers["q9"], on=["id2", "id4"], how="left")
    return answers


def assert_same(lode_frame, expected, question):
    got = lode_frame.to_pandas()
    assert sorted(got.columns) == sorted(expected.columns), question
    keys = [c for c in expected.columns if c.startswith("id")]
    values = [c for c in expected.columns if c not in keys]
    got = got[list(expected.columns)].sort_values(keys + (values if question == "q8" else []), kind="stable").reset_index(drop=True)
    expected = expected.sort_values(keys + (values if question == "q8" else []), kind="stable").reset_index(drop=True)
    assert len(got) == len(expected), question
    for key in keys:
        assert got[key].astype(object).where(got[key].notna(), None).tolist() == \
            expected[key].astype(object).where(expected[key].notna(), None).tolist(), (question, key)
    for value in values:
        np.testing.assert_allclose(got[value].astype(float), expected[value].astype(float), rtol=1e-9, atol=1e-9,
                                   equal_nan=True, err_msg=f"{question} {value}")


@pytest.fixture(scope="module", params=CASES, ids=lambda c: f"k{c[0]}-nas{c[1]}-{'sorted' if c[2] else 'unsorted'}")
def case(request):
    k, nas, sort = request.param
    frame = lode.datagen.groupby(ROWS, k=k, nas=nas, sort=sort, seed=7)
    return frame, pandas_answers(frame.to_pandas())


@pytest.mark.parametrize("question", list(QUESTIONS))
def test_question_matches_pandas(case, question):
    frame, answers = case
    assert_same(QUESTIONS[question]({"x": frame}), answers[question], question)
