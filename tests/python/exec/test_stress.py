"""Stress configurations: the same queries give the same answers with tiny
morsels (every merge, boundary and empty batch exercised) and with one or
several threads. They are switches in the engine (set_morsel_rows,
set_threads), not copies of the tests."""

import numpy as np
import pytest

import lode
from lode import _lode, col


def queries(frame, other):
    return {
        "group_by": frame.group_by("k", "s").agg(col("v").sum(), col("v").median().alias("m"), col("w").first(),
                                                 col("w").n_unique().alias("u")).sort("k", "s"),
        "filter_sort": frame.filter(col("v") > 0).sort("w", "v", descending=[True, False]),
        "window": frame.with_columns(col("v").rank("ordinal").over("s").alias("r")).filter(col("r") <= 3).sort("s", "r"),
        "distinct": frame.unique(subset=["k", "s"], keep="first", maintain_order=True),
        "join": frame.join(other, on="k", how="left").sort("w", "v", "z", nulls_last=True),
        "limit": frame.lazy().filter(col("k") > 3).head(7).collect(),
    }


@pytest.fixture(scope="module")
def frames():
    rng = np.random.default_rng(11)
    n = 3000
    frame = lode.DataFrame({"k": rng.integers(0, 10, n), "s": rng.choice(["a", "b", None], n).tolist(),
                            "v": rng.normal(size=n), "w": rng.integers(0, 50, n)})
    other = lode.DataFrame({"k": np.arange(0, 12), "z": np.arange(0, 12) * 1.5})
    return frame, other


@pytest.mark.parametrize("morsel_rows, threads", [(2, 1), (7, 3), (1, 2)])
def test_same_answers_under_stress(frames, morsel_rows, threads):
    expected = {name: result.to_dict() for name, result in queries(*frames).items()}
    old_threads = lode.threads()
    try:
        _lode.set_morsel_rows(morsel_rows)
        lode.set_threads(threads)
        got = {name: result.to_dict() for name, result in queries(*frames).items()}
    finally:
        _lode.set_morsel_rows(0)
        lode.set_threads(old_threads)
    for name in expected:
        for column, values in expected[name].items():
            if values and isinstance(values[0], float):
                np.testing.assert_allclose(np.array(got[name][column], dtype=float), np.array(values, dtype=float),
                                           rtol=1e-9, err_msg=f"{name}.{column}")
            else:
                assert got[name][column] == values, f"{name}.{column}"
