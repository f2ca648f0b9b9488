"""Distinct and windows, which hash-partition their input and compute
partition by partition, against pandas (the oracle) on 200k rows with null
keys, on 1 to 4 threads: exact answers, in input order."""

import numpy as np
import pandas as pd
import pytest

import lode
from lode import col


@pytest.fixture(scope="module")
def data():
    rng = np.random.default_rng(11)
    n = 200_000
    k1 = rng.choice(np.array(["a", "b", "c", "d", None], dtype=object), n).tolist()
    k2 = rng.integers(0, 20_000, n).astype(float)
    k2[rng.random(n) < 0.05] = np.nan
    pdf = pd.DataFrame({"k1": k1, "k2": pd.array(np.where(np.isnan(k2), None, k2), dtype="Int64"),
                        "v": rng.integers(0, 1000, n), "i": np.arange(n)})
    filled = pdf.assign(k1=pdf.k1.fillna("<null>"), k2=pdf.k2.fillna(-1))  # null keys form one group
    return lode.from_pandas(pdf), filled


@pytest.fixture(params=[1, 2, 3, 4])
def threads(request):
    old = lode.threads()
    lode.set_threads(request.param)
    yield request.param
    lode.set_threads(old)


@pytest.mark.parametrize("keep", ["first", "last", "none"])
def test_distinct_matches_pandas(data, threads, keep):
    frame, filled = data
    got = frame.unique(subset=["k1", "k2"], keep=keep, maintain_order=True)["i"].to_list()
    expected = filled.drop_duplicates(["k1", "k2"], keep=False if keep == "none" else keep)["i"].to_list()
    assert got == expected


def test_window_aggregates_match_pandas(data, threads):
    frame, filled = data
    # The sites share k2, which partitions; then sites with no shared key (one partition).
    out = frame.with_columns(col("v").sum().over("k1", "k2").alias("s"), col("v").mean().over("k2").alias("m"),
                             col("v").max().over("k2").alias("mx")).to_pandas()
    assert out["i"].to_list() == list(range(len(filled)))
    np.testing.assert_array_equal(out["s"], filled.groupby(["k1", "k2"])["v"].transform("sum"))
    np.testing.assert_allclose(out["m"], filled.groupby("k2")["v"].transform("mean"), rtol=1e-12)
    np.testing.assert_array_equal(out["mx"], filled.groupby("k2")["v"].transform("max"))
    mixed = frame.with_columns(col("v").min().over("k1").alias("a"), col("v").len().over("k2").alias("b")).to_pandas()
    np.testing.assert_array_equal(mixed["a"], filled.groupby("k1")["v"].transform("min"))
    np.testing.assert_array_equal(mixed["b"], filled.groupby("k2")["v"].transform("size"))


@pytest.mark.parametrize("method", ["average", "min", "max", "dense", "ordinal"])
def test_ranks_match_pandas(data, threads, method):
    frame, filled = data
    got = frame.select("i", col("v").rank(method).over("k2").alias("r")).to_pandas()
    expected = filled.groupby("k2")["v"].rank(method="first" if method == "ordinal" else method)
    assert got["i"].to_list() == list(range(len(filled)))
    np.testing.assert_array_equal(got["r"].to_numpy(dtype=float), expected.to_numpy())


def test_top_k_per_partition_matches_pandas(data, threads):
    frame, filled = data
    got = frame.filter(col("v").rank("ordinal", descending=True).over("k1", "k2") <= 2)["i"].to_list()
    ranks = filled.groupby(["k1", "k2"])["v"].rank(method="first", ascending=False)
    assert got == filled.i[ranks <= 2].to_list()


def test_empty_input_and_physical_plan(data):
    frame, _ = data
    assert frame.head(0).unique(subset=["k1"]).height == 0
    assert frame.head(0).with_columns(col("v").sum().over("k1").alias("s")).height == 0
    plan = frame.lazy().unique(subset=["k1"]).with_columns(col("v").sum().over("k2").alias("s"))
    text = plan.explain(format="physical")
    assert "DISTINCT" in text and "WINDOW" in text and "partitions 32" in text
