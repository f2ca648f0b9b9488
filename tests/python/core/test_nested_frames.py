"""List and struct columns built from Python values, through the engine and
back to Python and pandas."""

import numpy as np
import pytest

import lode
from lode import col


def frame():
    return lode.DataFrame({
        "k": [3, 1, 2, 1],
        "tags": [["a", "b"], None, [], ["c"]],
        "point": [{"x": 1.5, "y": None}, {"x": 2.0, "y": 7}, None, {"x": None, "y": 1}],
    })


def test_types_are_inferred_and_can_be_given():
    assert {name: t.name for name, t in frame().schema.items()} == {
        "k": "int64", "tags": "list<string>", "point": "struct<x: float64, y: int64>"}
    empty = lode.DataFrame({"v": [None, None]}, schema={"v": "list<int32>"})
    assert empty.schema["v"].name == "list<int32>" and empty.to_dict() == {"v": [None, None]}
    assert lode.DataFrame({"v": [[1, 2], np.array([3])]}).to_dict() == {"v": [[1, 2], [3]]}
    given = lode.DataFrame({"v": [[1], None, [], [None]], "s": [{"a": 1, "b": [2]}, None, {"a": None, "b": None}, None]},
                           schema={"v": lode.List(lode.Int32), "s": "struct<a: int8, b: list<float64>>"})
    assert given.schema["s"] == lode.Struct({"a": lode.Int8, "b": lode.List(lode.Float64)})
    assert given.to_dict() == {"v": [[1], None, [], [None]], "s": [{"a": 1, "b": [2.0]}, None, {"a": None, "b": None}, None]}
    with pytest.raises(lode.InvalidInputError, match="do not match"):
        lode.DataFrame({"s": [{"a": 1}]}, schema={"s": "struct<b: int64>"})


def test_mixed_element_types_are_refused():
    with pytest.raises(lode.InvalidInputError, match="mixes"):
        lode.DataFrame({"v": [[1, "a"]]})
    with pytest.raises(lode.InvalidInputError, match="mixes"):
        lode.DataFrame({"v": [[1], {"a": 1}]})
    with pytest.raises(lode.InvalidInputError, match="at least one field"):
        lode.DataFrame({"v": [{}]})


def test_to_pandas_and_numpy_give_lists_and_dicts():
    pdf = frame().to_pandas()
    assert pdf["tags"].tolist() == [["a", "b"], None, [], ["c"]]
    assert pdf["point"].iloc[1] == {"x": 2.0, "y": 7}
    array = frame()["tags"].to_numpy()
    assert array.dtype == object and array[0] == ["a", "b"] and array[2] == []
    with pytest.raises(lode.InvalidInputError, match="without a copy"):
        frame()["tags"].to_numpy(zero_copy_only=True)


def test_sort_filter_slice_and_join_carry_nested_columns():
    sorted_frame = frame().sort("k")
    assert sorted_frame.get_column("tags").to_list() == [None, ["c"], [], ["a", "b"]]
    assert frame().filter(col("k") == 1).get_column("point").to_list() == [{"x": 2.0, "y": 7}, {"x": None, "y": 1}]
    assert frame().tail(2).get_column("tags").to_list() == [[], ["c"]]
    names = lode.DataFrame({"k": [1, 2, 3], "name": ["one", "two", "three"]})
    joined = frame().join(names, on="k").sort("k", "name")
    assert joined.get_column("tags").to_list() == [None, ["c"], [], ["a", "b"]]
    assert joined.columns == ["k", "tags", "point", "name"]
    both = lode.concat([frame().lazy(), frame().lazy()]).collect()
    assert both.get_column("point").to_list()[4:] == frame().get_column("point").to_list()


def test_count_and_null_checks_work_on_nested_columns():
    result = frame().group_by("k").agg(col("tags").count().alias("n"), lode.len().alias("rows")).sort("k")
    assert result.to_dict() == {"k": [1, 2, 3], "n": [1, 1, 1], "rows": [2, 1, 1]}
    assert frame().filter(col("point").is_null()).get_column("k").to_list() == [2]


def test_comparing_or_hashing_nested_values_names_the_column():
    with pytest.raises(lode.NotSupportedError, match="tags"):
        frame().unique(subset=["tags"])
    with pytest.raises(lode.NotSupportedError, match="point"):
        frame().group_by("k").agg(col("point").max())
    with pytest.raises(lode.NotSupportedError, match="tags"):
        frame().select(col("tags").cast(lode.String))
    with pytest.raises(lode.NotSupportedError, match="tags"):
        frame().join(frame(), on="tags")
