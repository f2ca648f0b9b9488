"""LazyFrame operations, the optimizer's rewrites as explain() shows them,
and profile()."""

import numpy as np
import pandas as pd
import pytest

import lode
from lode import col


@pytest.fixture
def frame():
    rng = np.random.default_rng(1)
    n = 50_000
    return lode.DataFrame({"k": rng.integers(0, 20, n), "s": rng.choice(["x", "y", "z"], n).tolist(),
                           "v": rng.normal(size=n), "w": rng.integers(0, 100, n)})


def test_select_with_columns_filter(frame):
    out = frame.lazy().with_columns((col("v") * 2).alias("v2"), w=col("w") + 1).filter(col("k") < 3).collect()
    pdf = frame.to_pandas()
    expected = pdf.assign(v2=pdf.v * 2, w=pdf.w + 1)[pdf.k < 3].reset_index(drop=True)
    pd.testing.assert_frame_equal(out.to_pandas(), expected[out.columns])
    assert out.columns == ["k", "s", "v", "w", "v2"]


def test_sort_multi_key_stable_with_nulls():
    df = lode.DataFrame({"a": [2, 1, None, 1, 2], "b": ["x", "y", "z", "x", None], "i": [0, 1, 2, 3, 4]})
    assert df.sort("a")["i"].to_list() == [2, 1, 3, 0, 4]
    assert df.sort("a", nulls_last=True)["i"].to_list() == [1, 3, 0, 4, 2]
    assert df.sort("a", "b", descending=[True, False])["i"].to_list() == [2, 4, 0, 3, 1]
    assert df.sort("b", descending=True, nulls_last=True)["i"].to_list() == [2, 1, 0, 3, 4]


@pytest.mark.optimizer
def test_sort_matches_pandas_and_top_k(frame):
    pdf = frame.to_pandas()
    out = frame.sort("k", "v", descending=[False, True]).to_pandas()
    expected = pdf.sort_values(["k", "v"], ascending=[True, False], kind="stable").reset_index(drop=True)
    pd.testing.assert_frame_equal(out, expected)
    lf = frame.lazy().sort("v", descending=True).head(5)
    assert "TOP 5" in lf.explain()
    assert lf.collect()["v"].to_list() == sorted(pdf.v, reverse=True)[:5]


def test_limit_head_slice(frame):
    assert frame.lazy().limit(3).collect()["w"].to_list() == frame.head(3)["w"].to_list()
    assert frame.lazy().slice(10, 2).collect()["w"].to_list() == frame["w"].to_list()[10:12]
    assert frame.lazy().filter(col("k") == 5).head(4).collect().height == 4


def test_unique_keeps(frame):
    df = lode.DataFrame({"a": [1, 2, 1, 3, 2], "i": [0, 1, 2, 3, 4]})
    assert df.unique(subset="a", keep="first", maintain_order=True)["i"].to_list() == [0, 1, 3]
    assert df.unique(subset="a", keep="last", maintain_order=True)["i"].to_list() == [2, 3, 4]
    assert df.unique(subset="a", keep="none")["i"].to_list() == [3]
    assert frame.select("k", "s").unique().height == len(frame.to_pandas()[["k", "s"]].drop_duplicates())
    with pytest.raises(lode.InvalidInputError, match="keep"):
        df.unique(keep="sometimes")


@pytest.mark.optimizer
def test_predicate_and_projection_pushdown_in_explain(frame):
    lf = frame.lazy().with_columns((col("v") + 1).alias("v1")).filter(col("k") > 10).select("k", "v1")
    plan = lf.explain()
    assert "filters: [(col(\"k\") > 10)]" in plan
    assert "columns: [k, v]" in plan
    unoptimized = lf.explain(optimized=False)
    assert "FILTER" in unoptimized and "filters" not in unoptimized
    assert lf.collect().equals(lf.collect(optimize=False))


@pytest.mark.optimizer
def test_filter_pushdown_through_aggregate_keys(frame):
    lf = frame.lazy().group_by("k").agg(col("v").sum()).filter(col("k") == 3)
    assert "filters: [(col(\"k\") == 3)]" in lf.explain()
    other = frame.lazy().group_by("k").agg(col("v").sum()).filter(col("v") > 0)
    assert "FILTER" in other.explain()
    assert lf.collect()["v"].to_list() == pytest.approx([frame.to_pandas().query("k == 3").v.sum()])


@pytest.mark.optimizer
def test_profile_reports_rows_and_time(frame):
    df, text = frame.lazy().filter(col("k") < 5).group_by("s").agg(col("v").mean()).profile()
    assert df.height == 3
    assert "rows: 3" in text and "time:" in text and "total:" in text
    # The scan counts its rows after its pushed filter, once.
    kept = int((frame.to_pandas()["k"] < 5).sum())
    scan_lines = [line for line in text.splitlines() if "splits read" in line]
    assert len(scan_lines) == 1 and f"rows: {kept}," in scan_lines[0], text


def test_threads_give_same_answers(frame):
    expected = frame.group_by("k", "s").agg(col("v").sum(), col("w").max()).sort("k", "s")
    old = lode.threads()
    try:
        for threads in (1, 3):
            lode.set_threads(threads)
            got = frame.group_by("k", "s").agg(col("v").sum(), col("w").max()).sort("k", "s")
            assert got["w"].to_list() == expected["w"].to_list()
            np.testing.assert_allclose(got["v"].to_numpy(), expected["v"].to_numpy(), rtol=1e-12)
    finally:
        lode.set_threads(old)


def test_errors_are_raised_when_the_step_is_added(frame):
    with pytest.raises(lode.SchemaError):
        frame.lazy().filter(col("nope") > 1)
    with pytest.raises(lode.InvalidInputError, match="boolean"):
        frame.lazy().filter(col("k") + 1)
    with pytest.raises(lode.InvalidInputError, match="not an aggregate"):
        frame.lazy().group_by("k").agg(col("v"))


@pytest.mark.optimizer
def test_concat_unions_frames_and_pushes_filters_into_each(frame):
    lazy = lode.concat([frame.lazy(), frame.lazy().filter(col("k") < 2)]).filter(col("w") > 50)
    plan = lazy.explain()
    assert plan.count("(col(\"w\") > 50)") == 2 and "UNION ALL" in plan
    pdf = frame.to_pandas()
    expected = len(pdf[pdf.w > 50]) + len(pdf[(pdf.k < 2) & (pdf.w > 50)])
    assert lazy.collect().height == expected
    with pytest.raises(lode.SchemaError, match="different schemas"):
        lode.concat([frame.lazy(), frame.lazy().select("k")])


def test_query_past_the_memory_limit_raises_and_leaks_nothing(frame, memory_baseline):
    old = lode.memory_limit()
    try:
        lode.set_memory_limit(lode.memory_usage() + 200_000)
        with pytest.raises(lode.OutOfMemoryError):
            frame.lazy().group_by("k", "s", "w").agg(col("v").sum(), col("v").median().alias("m")).sort("v").collect()
        with pytest.raises(lode.OutOfMemoryError):
            frame.join(frame, on="w")
        with pytest.raises(lode.OutOfMemoryError, match="out of memory"):  # it spills, but not into 200 KB
            lode.concat([frame.lazy()] * 20).unique(subset=["k", "w"]).collect()
    finally:
        lode.set_memory_limit(old)
    import gc

    gc.collect()
    assert lode.memory_usage() <= memory_baseline  # less: an earlier test's garbage went too


@pytest.mark.optimizer
def test_scan_filters_combine_their_masks_with_nulls():
    # Several conjuncts pushed into a scan; nulls in each column count as false.
    rng = np.random.default_rng(7)
    n = 20_000
    pdf = pd.DataFrame({"a": rng.integers(0, 100, n).astype(float), "b": rng.integers(0, 10, n).astype(float),
                        "c": rng.choice(["p", "q", "r", "s", "t", "u", "v", "w", "x", "y"], n)})
    pdf.loc[rng.random(n) < 0.1, "a"] = np.nan
    pdf.loc[rng.random(n) < 0.1, "b"] = np.nan
    frame = lode.DataFrame(pdf)
    lf = frame.lazy().filter((col("a") > 10) & (col("b") != 3) & (col("a") < 95) &
                             col("c").is_in(["p", "q", "r", "s", "t", "u", "v", "w", "x"]) & (col("b") >= 1))
    assert "filters: [" in lf.explain()
    out = lf.collect().to_pandas()
    expected = pdf[(pdf.a > 10) & (pdf.b != 3) & pdf.b.notna() & (pdf.a < 95) & (pdf.c != "y") & (pdf.b >= 1)]
    assert len(out) == len(expected) > 0
    assert out.a.tolist() == expected.a.tolist() and out.c.tolist() == expected.c.tolist()


@pytest.mark.optimizer
def test_scan_filter_that_can_raise_sees_only_rows_kept_by_the_ones_before():
    # The cast would fail on "n/a"; the conjunct before it removes those rows
    # (in the scan, where the optimizer puts the conjuncts in their order).
    values = ["12", "n/a", "7", "x", None, "40"] * 1000
    frame = lode.DataFrame({"s": values, "k": list(range(len(values)))})
    lf = frame.lazy().filter(col("s").str.contains("^[0-9]+$") & (col("s").cast(lode.Int64) > 10) & (col("k") % 2 == 0))
    out = lf.collect()
    expected = [k for k, s in enumerate(values) if s is not None and s.isdigit() and int(s) > 10 and k % 2 == 0]
    assert out["k"].to_list() == expected


def test_scan_drops_columns_only_its_filters_read():
    # a and b are read for the filters only; the first conjunct compacts the
    # batch (a tenth kept) and the later ones still read b.
    rng = np.random.default_rng(3)
    n = 30_000
    pdf = pd.DataFrame({"a": rng.integers(0, 100, n), "b": rng.integers(0, 50, n), "c": rng.normal(size=n)})
    lf = lode.DataFrame(pdf).lazy().filter((col("a") < 10) & (col("b") % 3 == 0) & (col("b") > 2)).select("c")
    out = lf.collect()
    assert out.columns == ["c"]
    expected = pdf[(pdf.a < 10) & (pdf.b % 3 == 0) & (pdf.b > 2)].c
    assert out["c"].to_list() == expected.tolist()
    # Only filter columns wanted: the count still sees every kept row.
    counted = lode.DataFrame(pdf).lazy().filter(col("a") < 10).select(lode.len().alias("n")).collect()
    assert counted["n"].to_list() == [int((pdf.a < 10).sum())]
