"""Every aggregate against pandas, with nulls, multiple keys of several
types (null keys form a group), no keys, expressions inside agg, and
windows over partitions."""

import numpy as np
import pandas as pd
import pytest

import lode
from lode import col


@pytest.fixture(scope="module")
def data():
    rng = np.random.default_rng(3)
    n = 30_000
    k1 = rng.choice(["a", "b", "c", None], n).tolist()
    k2 = rng.integers(0, 50, n)
    v = rng.normal(10, 3, n)
    v[rng.random(n) < 0.1] = np.nan
    w = rng.integers(-100, 100, n).astype(float)
    w[rng.random(n) < 0.05] = np.nan
    pdf = pd.DataFrame({"k1": k1, "k2": k2, "v": v, "w": pd.array(np.where(np.isnan(w), None, w), dtype="Int64")})
    return lode.from_pandas(pdf), pdf


def check(frame_and_pdf, lode_aggs, pandas_named):
    frame, pdf = frame_and_pdf
    got = frame.group_by("k1", "k2").agg(*lode_aggs).to_pandas().sort_values(["k1", "k2"], na_position="first")
    expected = pdf.groupby(["k1", "k2"], dropna=False).agg(**pandas_named).reset_index()
    expected = expected.sort_values(["k1", "k2"], na_position="first")
    for name in pandas_named:
        np.testing.assert_allclose(got[name].astype(float).to_numpy(), expected[name].astype(float).to_numpy(),
                                   rtol=1e-9, atol=1e-9, equal_nan=True, err_msg=name)
    assert got["k1"].isna().sum() == expected["k1"].isna().sum() > 0


def test_decomposable_aggregates(data):
    check(data, [col("v").sum().alias("sum"), col("v").mean().alias("mean"), col("w").min().alias("min"),
                 col("w").max().alias("max"), col("v").count().alias("count"), lode.len().alias("len"),
                 col("v").std().alias("std"), col("v").var().alias("var"), col("v").var(ddof=0).alias("var0")],
          {"sum": ("v", lambda s: s.sum(min_count=1)), "mean": ("v", "mean"), "min": ("w", "min"),
           "max": ("w", "max"), "count": ("v", "count"), "len": ("v", "size"), "std": ("v", "std"),
           "var": ("v", "var"), "var0": ("v", lambda s: s.var(ddof=0))})


def test_holistic_aggregates(data):
    check(data, [col("v").median().alias("median"), col("v").quantile(0.9).alias("q90"),
                 col("w").n_unique().alias("distinct")],
          {"median": ("v", "median"), "q90": ("v", lambda s: s.quantile(0.9)), "distinct": ("w", "nunique")})


def test_first_last_and_expressions_inside(data):
    frame, pdf = data
    check(data, [col("k2").first().alias("first"), col("k2").last().alias("last"),
                 (col("v") * 2).sum().alias("twice"), (col("v").max() - col("v").min()).alias("range")],
          {"first": ("k2", "first"), "last": ("k2", "last"), "twice": ("v", lambda s: (s * 2).sum(min_count=1)),
           "range": ("v", lambda s: s.max() - s.min())})


def test_corr(data):
    frame, pdf = data
    got = frame.group_by("k1").agg(lode.corr("v", "k2").alias("r")).to_pandas().sort_values("k1", na_position="first")
    expected = pdf.groupby("k1", dropna=False).apply(lambda g: g["v"].corr(g["k2"].astype(float)))
    np.testing.assert_allclose(got["r"], expected.sort_index(na_position="first").to_numpy(), rtol=1e-9)


def test_no_keys_and_empty_input(data):
    frame, pdf = data
    out = frame.select(col("v").sum(), col("w").max().alias("m"), lode.len())
    assert out.shape == (1, 3)
    assert out["v"][0] == pytest.approx(pdf.v.sum())
    empty = frame.filter(col("k2") > 1000)
    out = empty.select(col("v").sum(), col("v").count().alias("n"), lode.len())
    assert out.to_dict() == {"v": [None], "n": [0], "len": [0]}
    assert empty.group_by("k1").agg(col("v").sum()).shape == (0, 2)


def test_keys_of_many_types():
    import datetime
    df = lode.DataFrame({"b": [True, False, True, None], "d": [datetime.date(2020, 1, 1)] * 2 + [None, None],
                         "f": [0.0, -0.0, float("nan"), float("nan")], "x": [1, 2, 3, 4]})
    assert df.group_by("b").agg(col("x").sum()).sort("x")["x"].to_list() == [2, 4, 4]
    assert df.group_by("d").agg(col("x").sum()).sort("x")["x"].to_list() == [3, 7]
    # -0.0 groups with 0.0, and NaNs with each other.
    assert df.group_by("f").agg(col("x").sum()).sort("x")["x"].to_list() == [3, 7]


def test_high_cardinality_groups_merge_across_partitions():
    n = 400_000
    df = lode.DataFrame({"k": np.arange(n) % 150_000, "v": np.ones(n)})
    out = df.group_by("k").agg(col("v").sum(), lode.len())
    assert out.height == 150_000
    counts = out.to_pandas().set_index("k")["len"]
    assert counts.sum() == n and counts.max() == 3 and counts.min() == 2


def test_string_join_keeps_input_order_across_morsels_and_merges():
    rng = np.random.default_rng(11)
    n = 300_000  # many morsels and thread-local states, merged by partition
    keys = rng.integers(0, 20_000, n)
    words = np.array([f"w{i}" for i in range(n)], dtype=object)
    words[rng.random(n) < 0.1] = None
    pdf = pd.DataFrame({"k": keys, "s": words})
    frame = lode.from_pandas(pdf)
    got = frame.group_by("k").agg(col("s").str.join("|").alias("joined")).to_pandas()
    expected = pdf.groupby("k")["s"].agg(lambda values: "|".join(v for v in values if v is not None) or None)
    got = got.set_index("k")["joined"].sort_index()
    assert got.index.tolist() == expected.sort_index().index.tolist()
    assert got.tolist() == expected.sort_index().tolist()
    sql = lode.sql("SELECT string_agg(s, '|') AS joined FROM t WHERE k = 7", t=frame).collect().to_dict()["joined"]
    assert sql == [expected[7]]


def test_window_aggregates_and_ranks(data):
    frame, pdf = data
    out = frame.with_columns(col("v").mean().over("k1").alias("mean_k1"),
                             col("v").rank("min").over("k1").alias("rank_min")).to_pandas()
    expected_mean = pdf.groupby("k1", dropna=False)["v"].transform("mean")
    np.testing.assert_allclose(out["mean_k1"], expected_mean, rtol=1e-9)
    expected_rank = pdf.assign(k1=pdf.k1.fillna("<null>")).groupby("k1")["v"].rank(method="min")
    valid = pdf.v.notna()
    np.testing.assert_array_equal(out["rank_min"][valid].to_numpy(), expected_rank[valid].to_numpy())
    dense = lode.DataFrame({"g": [1, 1, 1, 2], "v": [5, 5, 7, 1]})
    assert dense.select(col("v").rank("dense").over("g"))["v"].to_list() == [1, 1, 2, 1]
    assert dense.select(col("v").rank("average"))["v"].to_list() == [2.5, 2.5, 4.0, 1.0]
    assert dense.select(col("v").rank("ordinal", descending=True).over("g"))["v"].to_list() == [2, 3, 1, 1]


def test_top_k_per_group_matches_full_ranking(data):
    frame, pdf = data
    fast = frame.filter(col("k2").rank("ordinal", descending=True).over("k1") <= 3)
    full = frame.with_columns(col("k2").rank("ordinal", descending=True).over("k1").alias("r")) \
        .filter(col("r") <= 3).drop("r")
    assert fast.height == 4 * 3
    assert fast.to_dict() == full.to_dict()
    below = frame.filter(col("v").rank("ordinal").over("k1", "k2") < 2)  # v has nulls: the general path
    assert below.height == frame.select("k1", "k2").unique().height


def test_small_range_integer_keys_with_nulls_and_growing_ranges():
    rng = np.random.default_rng(9)
    n = 50_000
    a = rng.integers(-50, 50, n).astype(float)
    b = rng.integers(0, 30, n).astype(float)
    a[rng.random(n) < 0.05] = np.nan
    b[rng.random(n) < 0.05] = np.nan
    a[n // 2:] += 1000  # the second half widens a's range: the direct map starts over
    pdf = pd.DataFrame({"a": pd.array(np.where(np.isnan(a), None, a), dtype="Int32"),
                        "b": pd.array(np.where(np.isnan(b), None, b), dtype="Int16"), "v": rng.normal(size=n)})
    frame = lode.from_pandas(pdf)
    _lode = lode._lode
    _lode.set_morsel_rows(1000)
    try:
        got = frame.group_by("a", "b").agg(col("v").sum(), lode.len()).to_pandas()
    finally:
        _lode.set_morsel_rows(0)
    expected = pdf.groupby(["a", "b"], dropna=False).agg(v=("v", "sum"), len=("v", "size")).reset_index()
    got = got.sort_values(["a", "b"], na_position="first").reset_index(drop=True)
    expected = expected.sort_values(["a", "b"], na_position="first").reset_index(drop=True)
    assert len(got) == len(expected)
    assert got["len"].tolist() == expected["len"].tolist()
    np.testing.assert_allclose(got["v"], expected["v"], rtol=1e-9)
    assert got["a"].isna().sum() == expected["a"].isna().sum() > 0


def test_string_and_integer_keys_through_string_ids_match_pandas():
    # (string, int) and (string, string) keys of few values go through the
    # direct map's string dictionaries; in the last quarter a flood of new
    # strings makes it give up mid-query, and the group table takes over
    # the groups it already holds.
    rng = np.random.default_rng(11)
    n = 40_000
    names = np.array(["id%03d" % i for i in range(40)] + ["", "a string longer than sixteen bytes"], dtype=object)
    s = names[rng.integers(0, len(names), n)]
    t = names[rng.integers(0, 7, n)]
    s[rng.random(n) < 0.05] = None
    flood = np.arange(n) >= 3 * n // 4
    s[flood] = ["new%07d" % i for i in range(flood.sum())]
    k = pd.array(np.where(rng.random(n) < 0.05, None, rng.integers(0, 50, n)), dtype="Int32")
    pdf = pd.DataFrame({"s": s, "t": t, "k": k, "v": rng.normal(size=n)})
    frame = lode.from_pandas(pdf)
    _lode = lode._lode
    for keys in (["s", "k"], ["t", "s"], ["k", "t"]):
        _lode.set_morsel_rows(1000)
        try:
            got = frame.group_by(*keys).agg(col("v").sum(), lode.len()).to_pandas()
        finally:
            _lode.set_morsel_rows(0)
        expected = pdf.groupby(keys, dropna=False).agg(v=("v", "sum"), len=("v", "size")).reset_index()
        got = got.sort_values(keys, na_position="first").reset_index(drop=True)
        expected = expected.sort_values(keys, na_position="first").reset_index(drop=True)
        assert len(got) == len(expected), keys
        for key in keys:
            assert got[key].isna().tolist() == expected[key].isna().tolist(), keys
            assert got[key].dropna().tolist() == expected[key].dropna().tolist(), keys
        assert got["len"].tolist() == expected["len"].tolist(), keys
        np.testing.assert_allclose(got["v"], expected["v"], rtol=1e-9)


def test_group_by_result_holds_no_slack_for_its_string_keys():
    # Decoding the keys reserves what each string key needs (it once reserved
    # every key's bytes for each string column: 2.8x the answer at 1e7 groups).
    n = 200_000
    frame = lode.DataFrame({
        "a": [f"a{i % 50_000:06d}" for i in range(n)],
        "b": [f"b{i % 7}" for i in range(n)],
        "x": np.arange(n) % 50_000,
        "v": np.ones(n),
    })
    base = lode.memory_usage()
    result = frame.lazy().group_by("a", "b", "x").agg(lode.col("v").sum()).collect()
    held = lode.memory_usage() - base
    assert result.height == n
    data_bytes = n * (7 + 2 + 2 * 8 + 8 + 8)  # the strings, their offsets, x and the sum
    assert held < 1.5 * data_bytes, (held, data_bytes)


def test_mean_of_decimals_sums_them_exactly():
    # Cents that a float64 sum would round; the mean is the exact sum over the count.
    import decimal

    rng = np.random.default_rng(11)
    n = 60_000
    cents = rng.integers(-10**12, 10**12, n)
    keys = rng.integers(0, 500, n)
    values = [None if i % 97 == 0 else decimal.Decimal(int(c)).scaleb(-2) for i, c in enumerate(cents)]
    frame = lode.DataFrame({"k": keys.tolist(), "d": values}, schema={"k": lode.Int64, "d": lode.Decimal128(15, 2)})
    out = frame.lazy().group_by("k").agg(col("d").mean().alias("m")).sort("k").collect().to_dict()
    sums, counts = {}, {}
    for k, v in zip(keys.tolist(), values):
        if v is not None:
            sums[k] = sums.get(k, decimal.Decimal(0)) + v
            counts[k] = counts.get(k, 0) + 1
    expected = [float(sums[k] / counts[k]) for k in sorted(sums)]
    assert out["k"] == sorted(sums)
    assert out["m"] == pytest.approx(expected, rel=1e-15, abs=1e-9)
