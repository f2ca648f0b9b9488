"""The generators' distributions: cardinalities, null shares, value ranges,
key overlaps, checked through pandas."""

import numpy as np
import pytest

import lode


@pytest.fixture(scope="module")
def groupby_frame():
    return lode.datagen.groupby(200_000, k=100, nas=0, seed=42).to_pandas()


def test_groupby_columns_and_types():
    frame = lode.datagen.groupby(1000, k=10)
    assert frame.columns == ["id1", "id2", "id3", "id4", "id5", "id6", "v1", "v2", "v3"]
    assert frame.dtypes == [lode.String] * 3 + [lode.Int32] * 5 + [lode.Float64]


def test_groupby_cardinalities(groupby_frame):
    assert groupby_frame["id1"].nunique() == 100
    assert groupby_frame["id2"].nunique() == 100
    assert groupby_frame["id4"].nunique() == 100
    assert 1900 <= groupby_frame["id3"].nunique() <= 2000  # n / k = 2000 possible
    assert 1900 <= groupby_frame["id6"].nunique() <= 2000
    assert sorted(groupby_frame["id1"].unique())[:2] == ["id001", "id002"]
    assert groupby_frame["id3"].str.len().eq(12).all()


def test_groupby_value_ranges(groupby_frame):
    assert sorted(groupby_frame["v1"].unique()) == [1, 2, 3, 4, 5]
    assert sorted(groupby_frame["v2"].unique()) == list(range(1, 16))
    v3 = groupby_frame["v3"]
    assert 0 <= v3.min() < 0.01 and 99.99 < v3.max() <= 100
    assert abs(v3.mean() - 50) < 0.5
    np.testing.assert_allclose(v3, v3.round(6), rtol=0, atol=1e-9)
    # Uniform draws: every group of id1 is about the same size.
    sizes = groupby_frame["id1"].value_counts()
    assert sizes.max() / sizes.min() < 1.3


@pytest.mark.parametrize("nas", [5, 50, 100])
def test_groupby_null_share(nas):
    frame = lode.datagen.groupby(10_000, k=10, nas=nas).to_pandas()
    assert frame.isna().sum().tolist() == [10_000 * nas // 100] * 9


def test_groupby_sorted_and_deterministic():
    frame = lode.datagen.groupby(10_000, k=10, sort=True, seed=5).to_pandas()
    keys = frame[["id1", "id2", "id3", "id4", "id5", "id6"]]
    assert keys.equals(keys.sort_values(list(keys.columns), kind="stable").reset_index(drop=True))
    again = lode.datagen.groupby(10_000, k=10, sort=True, seed=5).to_pandas()
    assert frame.equals(again)
    assert not frame.equals(lode.datagen.groupby(10_000, k=10, sort=True, seed=6).to_pandas())


def test_join_tables_sizes_and_overlap():
    tables = {name: t.to_pandas() for name, t in lode.datagen.join(1_000_000).items()}
    assert {name: len(t) for name, t in tables.items()} == {"x": 1_000_000, "small": 1, "medium": 1000, "big": 1_000_000}
    x, medium, big = tables["x"], tables["medium"], tables["big"]
    assert medium["id2"].is_unique and big["id3"].is_unique
    assert x["id3"].nunique() == 1_000_000
    assert len(set(x["id2"]) & set(medium["id2"])) == 900
    assert len(set(x["id3"]) & set(big["id3"])) == 900_000
    assert (x["id4"] == "id" + x["id1"].astype(str)).all()
    assert x["v1"].between(0, 100).all()


def test_join_nulls():
    x = lode.datagen.join(100_000, nas=5)["x"].to_pandas()
    assert x["v1"].isna().sum() == 5_000
    assert x["id2"].nunique() == 95  # 5 of the 100 keys became null
    assert (x["id2"].isna() == x["id5"].isna()).all()


def test_bad_arguments_raise():
    with pytest.raises(lode.InvalidInputError, match="k"):
        lode.datagen.groupby(10, k=100)
    with pytest.raises(lode.InvalidInputError, match="percentage"):
        lode.datagen.join(100, nas=-1)
