"""Engine v2 as users see it: the physical plan and its pipelines, joins that
stream bounded batches, right/full joins whose unmatched rows pass the
operators above the join, unions in order, background queries, and several
queries at once, each cancellable on its own. Answers are checked against
pandas."""

import subprocess
import sys
import threading
import time

import numpy as np
import pandas as pd
import pytest

import lode
from lode import col


@pytest.mark.optimizer
def test_explain_physical_shows_operators_and_pipelines():
    left = lode.DataFrame({"k": [1, 2, 3], "x": [1.0, 2.0, 3.0]}).lazy()
    right = lode.DataFrame({"k": [1, 2], "y": ["a", "b"]}).lazy()
    query = left.join(right, on="k", how="left").group_by("y").agg(col("x").sum()).sort("y")
    text = query.explain(format="physical")
    operators, pipelines = text.split("pipelines:")
    assert "HASH_JOIN (" in operators and "HASH_AGGREGATE (keys [col(\"y\")]" in operators and "SORT (" in operators
    lines = [line.split(": ", 1)[1] for line in pipelines.strip().splitlines()]
    # The join builds on the smaller (right) side; the left streams through the probe;
    # after it, the join is a source of the partitions it spilled (none here).
    assert lines == ["SORT -> COLLECT", "HASH_AGGREGATE -> SORT", "SCAN -> HASH_JOIN -> HASH_AGGREGATE",
                     "SCAN -> HASH_JOIN", "HASH_JOIN -> HASH_AGGREGATE (after every probe of its join)"]
    with pytest.raises(lode.InvalidInputError, match="explain format"):
        query.explain(format="pretty")


def union_of_three():
    parts = [lode.DataFrame({"a": list(range(i * 10, i * 10 + 10))}).lazy() for i in range(3)]
    return parts, lode.concat(parts).filter(col("a") % 3 != 0)


@pytest.mark.optimizer
def test_union_inputs_are_pipelines_into_one_sink():
    _, query = union_of_three()
    operators, pipelines = query.explain(format="physical").split("pipelines:")
    assert operators.count("filter ") == 3  # pushed into each input's scan
    assert [line.split(": ")[1] for line in pipelines.strip().splitlines()] == ["SCAN -> COLLECT"] * 3


def test_union_inputs_feed_one_sink_in_order():
    parts, query = union_of_three()
    assert query.collect()["a"].to_list() == [a for a in range(30) if a % 3 != 0]
    assert lode.concat(parts).head(12).collect()["a"].to_list() == list(range(12))


def rss_of(script):
    """Runs `script` in a new Python and returns (its output, its peak RSS in MiB).
    The peak is VmHWM, which starts again at exec: ru_maxrss would count the
    pages of this (forked) test process too."""
    code = script + ("\nprint(next(int(line.split()[1]) for line in open('/proc/self/status')"
                     " if line.startswith('VmHWM:')) // 1024)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env={"PYTHONPATH": lode.__path__[0].rsplit("/", 1)[0]}).stdout.split()
    return out[:-1], int(out[-1])


@pytest.mark.parametrize("rows", [10_000, pytest.param(30_000, marks=pytest.mark.slow)])
def test_many_to_many_join_streams_into_a_count(rows):
    script = f"""
import lode
n = {rows}
left = lode.DataFrame({{"k": [7] * n, "x": list(range(n))}}).lazy()
right = lode.DataFrame({{"k": [7] * n, "y": list(range(n))}}).lazy()
out = left.join(right, on="k").select(lode.len(), lode.col("x").sum(), lode.col("y").max()).collect().to_dict()
print(*[values[0] for values in out.values()])
"""
    out, peak_mib = rss_of(script)
    assert out == [str(rows * rows), str(rows * (rows - 1) // 2 * rows), str(rows - 1)]
    assert peak_mib < 1000, peak_mib  # 1e8 (9e8) joined rows, 1.6 (14) GB as two columns, never held at once


def test_outer_join_unmatched_rows_pass_the_operators_above():
    rng = np.random.default_rng(5)
    left = pd.DataFrame({"k": rng.integers(0, 300, 2000), "x": rng.normal(size=2000)})
    right = pd.DataFrame({"k": rng.integers(100, 900, 5000), "y": rng.integers(0, 10, 5000)})
    for how in ["right", "full", "left"]:
        query = (lode.from_pandas(left).lazy().join(lode.from_pandas(right).lazy(), on="k", how=how)
                 .filter(col("y").is_null() | (col("y") > 4)).select(col("y"), (col("y") * 2).alias("y2")))
        got = query.collect().to_pandas()
        merged = left.merge(right, on="k", how="outer" if how == "full" else how)
        expected = merged[merged["y"].isna() | (merged["y"] > 4)]
        assert len(got) == len(expected), how
        assert got["y"].sum() == expected["y"].sum()
        assert got["y2"].sum() == 2 * expected["y"].sum()


def test_sort_by_string_and_float_keys_matches_pandas():
    rng = np.random.default_rng(3)
    n = 200_000
    words = np.array([f"w{i:05d}" for i in range(5000)] + ["", "averyveryverylongprefix_a", "averyveryverylongprefix_b"])
    frame = pd.DataFrame({"s": rng.choice(words, n), "f": rng.normal(size=n).round(2), "i": np.arange(n)})
    got = lode.from_pandas(frame).sort("s", "f", descending=[False, True]).to_pandas()
    expected = frame.sort_values(["s", "f"], ascending=[True, False], kind="stable").reset_index(drop=True)
    pd.testing.assert_frame_equal(got, expected, check_dtype=False)
    top = lode.from_pandas(frame).lazy().sort("f", "i").head(1000).collect().to_pandas()
    pd.testing.assert_frame_equal(top, frame.sort_values(["f", "i"]).head(1000).reset_index(drop=True), check_dtype=False)


@pytest.mark.parametrize("descending", [False, True])
def test_sort_by_strings_of_any_length_past_their_word_matches_pandas(descending):
    # A string key's word holds 7 bytes after the shared prefix; strings that
    # go on past them must tie there whatever their lengths (UNITED STATES
    # before UNITED KINGDOM was the bug) and strings ending inside come first.
    rng = np.random.default_rng(11)
    n = 30_000
    alphabet = np.array(list("ab\x00 "))
    strings = ["".join(rng.choice(alphabet, rng.integers(0, 20))) for _ in range(n)]
    strings[:3] = ["UNITED STATES", "UNITED KINGDOM", "SAUDI ARABIA"]
    frame = pd.DataFrame({"s": strings, "i": np.arange(n)})
    got = lode.from_pandas(frame).sort("s", descending=descending).to_pandas()
    expected = frame.sort_values("s", ascending=not descending, kind="stable").reset_index(drop=True)
    pd.testing.assert_frame_equal(got, expected, check_dtype=False)
    nations = lode.DataFrame({"n": ["UNITED STATES", "UNITED KINGDOM", "SAUDI ARABIA"]}).sort("n")
    assert nations.to_dict()["n"] == ["SAUDI ARABIA", "UNITED KINGDOM", "UNITED STATES"]


def random_keys_frame(n, seed):
    """Keys whose packed records take one radix pass, several, a word split
    in two, nulls, and ties; `i` tells rows apart."""
    rng = np.random.default_rng(seed)
    frame = pd.DataFrame({
        "small": rng.integers(0, 7, n).astype("int32"),
        "wide": rng.integers(-(2**40), 2**40, n),
        "mid": rng.integers(0, 70_000, n).astype("int64"),
        "f": rng.normal(size=n).round(1),
        "u": rng.integers(0, 2**64 - 1, n, dtype=np.uint64),
        "b": rng.integers(0, 2, n).astype(bool),
        "i": np.arange(n),
    })
    nullable = pd.array(rng.integers(0, 50, n), dtype="Int64")
    nullable[rng.random(n) < 0.1] = pd.NA
    frame["nullable"] = nullable
    return frame


@pytest.mark.parametrize("threads", [1, 2, 4])
@pytest.mark.parametrize("keys,descending", [
    (["small", "mid"], [True, False]),
    (["mid"], [False]),
    (["wide", "small", "f"], [False, True, False]),
    (["u", "wide"], [True, True]),
    (["nullable", "small"], [False, True]),
    (["b", "nullable", "f", "mid"], [True, False, True, False]),
])
def test_sort_by_packed_keys_matches_pandas(keys, descending, threads):
    frame = random_keys_frame(60_000, seed=len(keys) + threads)
    old_threads = lode.threads()
    lode.set_threads(threads)
    try:
        # Several batches: the rows reach the sort's sink from many morsels.
        lazy = lode.concat([lode.from_pandas(part).lazy() for part in np.array_split(frame, 5)])
        got = lazy.sort(keys, descending=descending).collect().to_pandas()
        top = lazy.sort(keys, descending=descending).slice(7, 300).collect().to_pandas()
    finally:
        lode.set_threads(old_threads)
    expected = frame.sort_values(keys, ascending=[not d for d in descending], kind="stable", na_position="first")
    expected = expected.reset_index(drop=True)
    pd.testing.assert_frame_equal(got, expected, check_dtype=False)
    pd.testing.assert_frame_equal(top, expected.iloc[7:307].reset_index(drop=True), check_dtype=False)


def test_sort_keys_normalized_in_ranges_past_a_million_rows():
    # Past 1M rows keys are normalized in ranges, in parallel: the strings'
    # shared prefix must combine across ranges (one short string late in
    # the input shortens it), and so must the integers' range. (Too many
    # rows for the 1-row-morsel stress run.)
    rng = np.random.default_rng(5)
    n = 1_200_000
    names = np.array([f"item{i:06d}" for i in range(50_000)], dtype=object)
    s = rng.choice(names, n)
    s[1_100_000] = "it"
    s[600_000] = None
    frame = pd.DataFrame({"s": s, "k": rng.integers(0, 1000, n), "i": np.arange(n)})
    frame.loc[1_150_000, "k"] = -(2**40)
    got = lode.from_pandas(frame).sort("s", "k", descending=[True, False]).to_pandas()
    expected = frame.sort_values(["s", "k"], ascending=[False, True], kind="stable", na_position="first")
    pd.testing.assert_frame_equal(got, expected.reset_index(drop=True), check_dtype=False)


def long_query():
    frame = lode.datagen.groupby(300_000, k=100)
    return lode.concat([frame.lazy().group_by("id3", "id6").agg(col("v3").sum())] * 100)


def test_background_query_fetches_and_cancels():
    frame = lode.DataFrame({"a": [3, 1, 2]}).lazy().sort("a")
    query = frame.collect(background=True)
    assert query.fetch_blocking()["a"].to_list() == [1, 2, 3]
    running = long_query().collect(background=True)
    time.sleep(0.2)
    assert running.fetch() is None
    started = time.perf_counter()
    running.cancel()
    with pytest.raises(lode.CancelledError):
        running.fetch_blocking()
    assert time.perf_counter() - started < 2


def test_cancel_stops_a_cross_join_within_its_input_morsel():
    # One input morsel of a cross join makes 2e5 x 2e5 rows: the cancel must
    # stop it between its outputs, not after them.
    big = lode.DataFrame({"a": np.arange(200_000)}).lazy()
    running = big.join(big, how="cross").select((col("a") + col("a_right")).sum()).collect(background=True)
    time.sleep(0.3)
    started = time.perf_counter()
    running.cancel()
    with pytest.raises(lode.CancelledError):
        running.fetch_blocking()
    assert time.perf_counter() - started < 2


def test_queries_on_two_threads_run_at_once_and_cancel_alone():
    frame = lode.datagen.groupby(200_000, k=50)
    expected = frame.to_pandas().groupby("id1")["v1"].sum().sort_index()
    results, errors = [], []

    def run():
        try:
            out = frame.lazy().group_by("id1").agg(col("v1").sum()).sort("id1").collect().to_pandas()
            results.append(out)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)

    doomed = long_query().collect(background=True)
    threads = [threading.Thread(target=run) for _ in range(3)]
    for thread in threads:
        thread.start()
    doomed.cancel()
    for thread in threads:
        thread.join()
    with pytest.raises(lode.CancelledError):
        doomed.fetch_blocking()
    assert not errors
    for out in results:
        assert out["v1"].tolist() == expected.tolist()
    assert len(results) == 3


def test_ordered_sink_writes_past_an_input_with_no_morsels(tmp_path):
    parts = [lode.DataFrame({"x": [1, 2]}).lazy(), lode.DataFrame({"x": np.array([], dtype=np.int64)}).lazy(),
             lode.DataFrame({"x": [5]}).lazy()]
    path = tmp_path / "out.csv"
    lode.concat(parts).sink_csv(path)
    assert path.read_text() == "x\n1\n2\n5\n"
    assert lode.concat(parts).head(3).collect()["x"].to_list() == [1, 2, 5]
