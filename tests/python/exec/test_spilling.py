"""The hash aggregate spills past the memory limit (exec/spilling.h): its
workers write their groups out by partition and the merge reads them back.
Answers are checked against pandas."""

import gc
from contextlib import contextmanager

import numpy as np
import pytest
import pandas as pd

import lode
from lode import _lode, col


def many_groups(n, seed):
    rng = np.random.default_rng(seed)
    return pd.DataFrame({"a": rng.integers(0, 3 * n // 4, n),
                         "b": np.array(["x", "yy", "a string past sixteen bytes"], dtype=object)[rng.integers(0, 3, n)],
                         "v": rng.normal(size=n)})


def collect_past_the_limit(query, slack=24 * 2**20):
    """Collects `query` under a limit that leaves room for the answer and `slack`
    only, after checking that in memory it would need 50 MB more than that;
    asserts the accounted peak stayed inside and that it spilled. Returns the result."""
    gc.collect()
    base = lode.memory_usage()
    forced = _lode.force_spill()  # LODE_STRESS=force_spill: measure without it
    _lode.set_force_spill(False)
    _lode.reset_memory_peak()
    result_bytes = query.collect()._table.memory_bytes()
    needs = _lode.memory_peak() - base  # in memory: more than the limit below allows
    _lode.set_force_spill(forced)
    old = lode.memory_limit()
    limit = base + result_bytes + slack  # the answer must fit, the operator's state need not
    assert base + needs > limit + 50 * 2**20, (needs, result_bytes)
    try:
        lode.set_memory_limit(limit)
        _lode.reset_memory_peak()
        lode.reset_temp_space_peak()
        result = query.collect()
        assert _lode.memory_peak() <= limit
        assert lode.temp_space_peak() > 0
    finally:
        lode.set_memory_limit(old)
    return result


@contextmanager
def two_threads_under(limit_mb):
    """Runs the block on two threads under a limit of limit_mb above the
    memory in use now, with the memory and temp peaks reset; yields that
    limit, and afterwards checks that no temp space is left."""
    old_limit, old_threads = lode.memory_limit(), lode.threads()
    lode.set_threads(2)
    gc.collect()
    limit = lode.memory_usage() + limit_mb * 2**20
    try:
        lode.set_memory_limit(limit)
        _lode.reset_memory_peak()
        lode.reset_temp_space_peak()
        yield limit
        assert lode.temp_space_used() == 0
    finally:
        lode.set_memory_limit(old_limit)
        lode.set_threads(old_threads)


def run_into_parquet_under(limit_mb, query, target):
    """Sinks `query` into `target` (two_threads_under(limit_mb)); returns the
    temp space peak, after checking the memory peak."""
    with two_threads_under(limit_mb) as limit:
        query.sink_parquet(target)
        assert _lode.memory_peak() <= limit
    return lode.temp_space_peak()


def test_group_by_past_the_memory_limit_spills_and_matches_pandas():
    pdf = many_groups(2_000_000, 1)
    frame = lode.from_pandas(pdf)
    query = frame.lazy().group_by("a", "b").agg(col("v").sum().alias("s"), col("v").max().alias("m"), lode.len().alias("n"))
    result = collect_past_the_limit(query)
    got = result.to_pandas().sort_values(["a", "b"]).reset_index(drop=True)
    expected = (pdf.groupby(["a", "b"]).agg(s=("v", "sum"), m=("v", "max"), n=("v", "size")).reset_index()
                .sort_values(["a", "b"]).reset_index(drop=True))
    assert len(got) == len(expected) > 1_000_000
    assert (got["a"].values == expected["a"].values).all() and (got["b"].values == expected["b"].values).all()
    assert (got["n"].values == expected["n"].values).all()
    np.testing.assert_allclose(got["s"], expected["s"], rtol=1e-9)
    np.testing.assert_array_equal(got["m"], expected["m"])


def test_spilled_partial_states_of_every_kind_match_pandas():
    # Spilling after every batch, over 1000-row morsels: each group's state
    # is extracted and absorbed many times, order-dependent ones included.
    rng = np.random.default_rng(2)
    n = 30_000
    pdf = pd.DataFrame({"k": rng.integers(0, 500, n), "s": rng.choice(["p", "q", None], n),
                        "v": np.where(rng.random(n) < 0.1, np.nan, rng.normal(size=n)), "w": np.arange(n)})
    frame = lode.from_pandas(pdf)
    forced = _lode.force_spill()
    _lode.set_force_spill(True)
    _lode.set_morsel_rows(1000)
    try:
        got = (frame.lazy().group_by("k", "s")
               .agg(col("v").sum().alias("sum"), col("v").mean().alias("mean"), col("v").median().alias("median"),
                    col("v").std().alias("std"), col("w").first().alias("first"), col("w").last().alias("last"),
                    col("w").n_unique().alias("unique"), col("v").count().alias("count"))
               .collect().to_pandas())
    finally:
        _lode.set_force_spill(forced)
        _lode.set_morsel_rows(0)
    expected = (pdf.groupby(["k", "s"], dropna=False)
                .agg(sum=("v", "sum"), mean=("v", "mean"), median=("v", "median"), std=("v", "std"),
                     first=("w", "first"), last=("w", "last"), unique=("w", "nunique"), count=("v", "count"))
                .reset_index())
    keys = ["k", "s"]
    got = got.sort_values(keys, na_position="first").reset_index(drop=True)
    expected = expected.sort_values(keys, na_position="first").reset_index(drop=True)
    assert len(got) == len(expected)
    for name in ["first", "last", "unique", "count"]:
        assert got[name].tolist() == expected[name].tolist(), name
    for name in ["sum", "mean", "median", "std"]:
        np.testing.assert_allclose(got[name], expected[name], rtol=1e-9, err_msg=name)


def test_spilling_to_a_missing_directory_or_past_the_temp_cap_is_an_io_error(tmp_path):
    pdf = many_groups(100_000, 3)
    query = lode.from_pandas(pdf).lazy().group_by("a", "b").agg(col("v").sum())
    groups = len(pdf.groupby(["a", "b"]))
    gc.collect()
    before = lode.memory_usage()
    forced = _lode.force_spill()
    _lode.set_force_spill(True)
    try:
        lode.set_temp_directory(tmp_path / "missing")
        with pytest.raises(lode.IOError, match="cannot make a spill file") as error:
            query.collect()
        assert str(tmp_path / "missing") in str(error.value)
        lode.set_temp_directory(tmp_path)
        lode.set_temp_space_limit(100_000)
        with pytest.raises(lode.IOError, match="temp space limit") as error:
            query.collect()
        assert str(tmp_path) in str(error.value)
        lode.set_temp_space_limit(None)
        assert query.collect().height == groups
        assert list(tmp_path.iterdir()) == []  # spill files never have a name
    finally:
        _lode.set_force_spill(forced)
        lode.set_temp_directory(None)
        lode.set_temp_space_limit(None)
    gc.collect()
    assert lode.memory_usage() <= before


CANCEL_SCRIPT = """
import os, sys, time
import lode
from lode import _lode, col
directory, operator = sys.argv[1], sys.argv[2]
lode.set_temp_directory(directory)
_lode.set_force_spill(True)  # every batch spills: the signal comes while spilling
df = lode.datagen.groupby(1_000_000, k=100)
if operator == "group_by":
    lazy = df.lazy().group_by("id1", "id2", "id3", "id4", "id5", "id6").agg(col("v3").sum())
else:
    lazy = df.lazy().sort("id6", "v3").group_by("id6").agg(col("v3").first())
groups = lazy.collect().height  # warm up
print("ready", flush=True)
start = time.perf_counter()
try:
    lode.concat([lazy] * 200).collect()  # one long query
    print("not cancelled", flush=True)
except lode.CancelledError as error:
    print("cancelled after", round(time.perf_counter() - start, 3), error, flush=True)
print("left", len(os.listdir(directory)), "files,", lode.memory_usage() < 200 << 20, flush=True)
print("then the same answer:", lazy.collect().height == groups, flush=True)
"""


@pytest.mark.parametrize("operator", ["group_by", "sort"])
def test_ctrl_c_cancels_a_spilling_query_and_leaves_nothing(interrupted_run, tmp_path, operator):
    out, waited = interrupted_run(CANCEL_SCRIPT, tmp_path, operator, delay=1.0)
    assert out.startswith("cancelled after"), out
    assert "the query was cancelled" in out
    assert "left 0 files, True" in out, out
    assert out.strip().endswith("then the same answer: True"), out
    assert waited < 5, waited


# ---- the external sort


def sort_input(n, seed):
    rng = np.random.default_rng(seed)
    words = np.array([f"w{i:07d}" for i in range(50_000)] + [None], dtype=object)
    return pd.DataFrame({"s": words[rng.integers(0, len(words), n)], "k": rng.integers(0, 100, n),
                         "v": np.where(rng.random(n) < 0.02, np.nan, rng.normal(size=n)), "w": np.arange(n)})


def test_sort_past_the_memory_limit_spills_runs_and_matches_pandas():
    pdf = sort_input(2_000_000, 4)
    frame = lode.from_pandas(pdf)
    result = collect_past_the_limit(frame.lazy().sort(["s", "k", "v"], descending=[False, True, False]))
    got = result.to_pandas()
    expected = pdf.sort_values(["s", "k", "v"], ascending=[True, False, True], kind="stable",
                               na_position="first").reset_index(drop=True)
    assert got["w"].tolist() == expected["w"].tolist()  # stable: ties in input order


def test_sort_of_a_file_many_times_the_limit_streams_into_parquet(tmp_path):
    # Two threads sort 3M rows (about 90 MB in memory) under a 40 MB limit,
    # from Parquet to Parquet: runs on disk, merged a chunk at a time.
    pdf = sort_input(3_000_000, 5)
    source, target = tmp_path / "in.parquet", tmp_path / "out.parquet"
    lode.from_pandas(pdf).write_parquet(source, row_group_size=50_000)
    assert run_into_parquet_under(40, lode.scan_parquet(source).sort("v", "w", descending=[True, False],
                                                                    nulls_last=True), target) > 50 * 2**20
    got = lode.read_parquet(target).to_pandas()
    expected = pdf.sort_values(["v", "w"], ascending=[False, True], na_position="last").reset_index(drop=True)
    assert got["w"].tolist() == expected["w"].tolist()
    assert got["s"].equals(expected["s"])


def test_spilled_sort_with_offset_and_limit_matches_pandas():
    pdf = sort_input(200_000, 6)
    frame = lode.from_pandas(pdf)
    forced = _lode.force_spill()
    _lode.set_force_spill(True)
    try:
        got = frame.lazy().sort("k", "s", descending=[True, False]).slice(70_000, 50_000).collect().to_pandas()
    finally:
        _lode.set_force_spill(forced)
    expected = pdf.sort_values(["k", "s"], ascending=[False, True], kind="stable", na_position="first")
    assert got["w"].tolist() == expected["w"].iloc[70_000:120_000].tolist()


# ---- the grace hash join


def test_join_whose_build_side_passes_the_limit_spills_partitions_and_matches_pandas(tmp_path):
    # The build side alone (2M rows, about 50 MB in memory with its table)
    # is more than the 40 MB limit leaves: both sides go to disk by
    # partition and each partition is joined on its own.
    rng = np.random.default_rng(7)
    build = pd.DataFrame({"k": rng.permutation(2_000_000), "b": rng.normal(size=2_000_000),
                          "t": np.array(["x", "yy", "zzz"], dtype=object)[rng.integers(0, 3, 2_000_000)]})
    probe = pd.DataFrame({"k": rng.integers(0, 3_000_000, 3_000_000), "a": rng.integers(0, 1000, 3_000_000)})
    lode.from_pandas(build).write_parquet(tmp_path / "build.parquet", row_group_size=50_000)
    lode.from_pandas(probe).write_parquet(tmp_path / "probe.parquet", row_group_size=50_000)
    def query(how):
        joined = lode.scan_parquet(tmp_path / "probe.parquet").join(lode.scan_parquet(tmp_path / "build.parquet"),
                                                                   on="k", how=how)
        both = [col("b").sum().alias("b"), col("t").max().alias("t")] if how != "anti" else []
        return joined.select(lode.len().alias("n"), col("a").sum().alias("a"), *both)
    queries = {how: query(how) for how in ("inner", "left", "anti")}
    got = {}
    with two_threads_under(40) as limit:
        for how, query in queries.items():
            _lode.reset_memory_peak()
            lode.reset_temp_space_peak()
            got[how] = query.collect().to_pandas().iloc[0].to_dict()
            assert _lode.memory_peak() <= limit, how
            assert lode.temp_space_peak() > 20 * 2**20, how  # both sides went to disk
    for how in ("inner", "left"):
        expected = probe.merge(build, on="k", how=how)
        assert got[how]["n"] == len(expected), how
        assert got[how]["a"] == expected["a"].sum(), how
        assert got[how]["b"] == pytest.approx(expected["b"].sum(), rel=1e-9), how
        assert got[how]["t"] == expected["t"].dropna().max(), how
    unmatched = probe[~probe["k"].isin(build["k"])]
    assert got["anti"]["n"] == len(unmatched) and got["anti"]["a"] == unmatched["a"].sum()


def test_join_of_inputs_many_times_the_limit_repartitions_partitions_that_do_not_fit(tmp_path):
    # 3M build and 4M probe rows (about 110 MB of columns, 250 MB with the
    # table) under an 8 MB limit: a first-level partition's build does not
    # fit either, so each is split again by the next bits of the hash.
    rng = np.random.default_rng(11)
    build = pd.DataFrame({"k": rng.permutation(3_000_000), "b": rng.integers(0, 1000, 3_000_000)})
    probe = pd.DataFrame({"k": rng.integers(-500_000, 3_500_000, 4_000_000), "a": rng.integers(0, 1000, 4_000_000)})
    lode.from_pandas(build).write_parquet(tmp_path / "build.parquet", row_group_size=50_000)
    lode.from_pandas(probe).write_parquet(tmp_path / "probe.parquet", row_group_size=50_000)
    def query(how):
        joined = lode.scan_parquet(tmp_path / "probe.parquet").join(lode.scan_parquet(tmp_path / "build.parquet"),
                                                                   on="k", how=how)
        return joined.select(lode.len().alias("n"), col("a").sum().alias("a"), col("b").sum().alias("b"),
                             col("b").is_null().sum().alias("nulls"))
    got = {}
    with two_threads_under(8) as limit:
        for how in ("inner", "full"):
            _lode.reset_memory_peak()
            lode.reset_temp_space_peak()
            got[how] = query(how).collect().to_pandas().iloc[0].to_dict()
            assert _lode.memory_peak() <= limit, how
            assert lode.temp_space_peak() > 50 * 2**20, how
    for how in ("inner", "outer"):
        expected = probe.merge(build, on="k", how=how)
        row = got["full" if how == "outer" else how]
        assert row["n"] == len(expected), how
        assert row["a"] == expected["a"].sum(), how
        assert row["b"] == expected["b"].sum(), how
        assert row["nulls"] == expected["b"].isna().sum(), how


# ---- distinct and windows


@pytest.mark.parametrize("keep", ["first", "last", "none"])
def test_distinct_of_a_file_many_times_the_limit_spills_and_keeps_input_order(tmp_path, keep):
    # 3M rows (about 75 MB of columns) under a 12 MB limit: rows go to disk by
    # partition, each partition is split again, and the kept rows come back
    # in input order.
    pdf = sort_input(3_000_000, 8)
    pdf["k"] = np.random.default_rng(9).integers(0, 1_500_000, len(pdf))
    source, target = tmp_path / "in.parquet", tmp_path / "out.parquet"
    lode.from_pandas(pdf).write_parquet(source, row_group_size=50_000)
    temp = run_into_parquet_under(12, lode.scan_parquet(source).unique(subset=["k"], keep=keep), target)
    assert temp > 50 * 2**20
    got = lode.read_parquet(target).to_pandas()
    expected = pdf.drop_duplicates(subset=["k"], keep=keep if keep != "none" else False)
    assert got["w"].tolist() == expected["w"].tolist()
    assert got["s"].equals(expected["s"].reset_index(drop=True))


def test_windows_over_a_file_many_times_the_limit_spill_and_match_pandas(tmp_path):
    pdf = sort_input(3_000_000, 10)
    pdf["k"] = np.random.default_rng(11).integers(0, 1_000_000, len(pdf))
    source, target = tmp_path / "in.parquet", tmp_path / "out.parquet"
    lode.from_pandas(pdf).write_parquet(source, row_group_size=50_000)
    query = lode.scan_parquet(source).with_columns(col("v").sum().over("k").alias("total"),
                                                   col("w").rank("ordinal", descending=True).over("k").alias("r"),
                                                   col("s").max().over("s").alias("same"))
    temp = run_into_parquet_under(24, query, target)  # two WINDOWs (over k, over s) run at once
    assert temp > 50 * 2**20
    got = lode.read_parquet(target).to_pandas()
    assert got["w"].tolist() == pdf["w"].tolist()  # in input order
    groups = pdf.groupby("k")
    total = groups["v"].transform("sum").where(groups["v"].transform("count") > 0)  # lode: null for no values
    np.testing.assert_allclose(got["total"], total, rtol=1e-9)
    assert got["r"].tolist() == groups["w"].rank(method="first", ascending=False).astype(int).tolist()
    assert got["same"].equals(pdf["s"])


def test_group_by_of_long_string_states_many_times_the_limit_merges_partitions_a_part_at_a_time(tmp_path):
    # max() of 150-byte strings over 2M groups (about 300 MB of states) under
    # a 24 MB limit: a spilled partition's groups are more than a thread's
    # share, so its merge splits it again by the next bits of the hash.
    rng = np.random.default_rng(12)
    n = 4_000_000
    words = np.array([f"{i:04d}" + "x" * 146 for i in range(1000)], dtype=object)  # sorted: max code, max word
    codes = rng.integers(0, len(words), n)
    pdf = pd.DataFrame({"k": rng.integers(0, 2_000_000, n), "v": rng.integers(-1000, 1000, n), "s": words[codes]})
    source, target = tmp_path / "in.parquet", tmp_path / "out.parquet"
    lode.from_pandas(pdf).write_parquet(source, row_group_size=10_000)
    query = lode.scan_parquet(source).group_by("k").agg(col("v").sum().alias("v"), lode.len().alias("n"),
                                                         col("s").max().alias("s"))
    temp = run_into_parquet_under(24, query, target)
    assert temp > 60 * 2**20  # LZ4 takes the x runs
    got = lode.read_parquet(target).to_pandas().sort_values("k").reset_index(drop=True)
    groups = pdf.groupby("k")
    top = pd.Series(codes).groupby(pdf["k"]).max()
    expected = pd.DataFrame({"v": groups["v"].sum(), "n": groups.size(), "s": words[top.to_numpy()]}).reset_index()
    assert got["k"].tolist() == expected["k"].tolist()
    assert got["v"].tolist() == expected["v"].tolist()
    assert got["n"].tolist() == expected["n"].tolist()
    assert got["s"].tolist() == expected["s"].tolist()


@pytest.mark.parametrize("how", ["inner", "right"])
def test_join_of_one_key_whose_build_rows_pass_the_limit_joins_a_block_at_a_time(tmp_path, how):
    # 1.5M build rows of key 7 (24 MB of columns, 95 MB with their table)
    # under a 16 MB limit: no bits of the hash split them, so their
    # partition joins in blocks of build rows.
    rng = np.random.default_rng(13)
    build = pd.DataFrame({"k": np.where(rng.random(1_600_000) < 0.94, 7, rng.integers(10, 10**7, 1_600_000)),
                          "b": rng.integers(0, 100, 1_600_000)})
    # The larger side probes: 2M rows, 5 of key 7.
    probe = pd.DataFrame({"k": np.r_[[7] * 5, rng.integers(10, 10**7, 2_000_000)], "a": rng.integers(0, 100, 2_000_005)})
    lode.from_pandas(build).write_parquet(tmp_path / "build.parquet", row_group_size=50_000)
    lode.from_pandas(probe).write_parquet(tmp_path / "probe.parquet", row_group_size=50_000)
    query = lode.scan_parquet(tmp_path / "probe.parquet").join(lode.scan_parquet(tmp_path / "build.parquet"),
                                                               on="k", how=how)
    query = query.select(lode.len().alias("n"), col("a").sum().alias("a"), col("b").sum().alias("b"),
                         col("a").is_null().sum().alias("unmatched"))
    run_into_parquet_under(16, query, tmp_path / "out.parquet")
    got = lode.read_parquet(tmp_path / "out.parquet").to_pandas().iloc[0]
    expected = probe.merge(build, on="k", how=how)
    assert got["n"] == len(expected)
    assert got["a"] == expected["a"].sum() and got["b"] == expected["b"].sum()
    assert got["unmatched"] == expected["a"].isna().sum()
