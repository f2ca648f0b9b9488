import numpy as np
import pytest

import lode


@pytest.fixture
def frame():
    return lode.DataFrame({"a": list(range(10)), "b": [f"s{i}" for i in range(10)], "c": [i / 2 for i in range(10)]})


def test_shape_columns_dtypes_schema(frame):
    assert frame.shape == (10, 3)
    assert len(frame) == 10
    assert frame.columns == ["a", "b", "c"]
    assert frame.dtypes == [lode.Int64, lode.String, lode.Float64]
    assert frame.schema == {"a": lode.Int64, "b": lode.String, "c": lode.Float64}


def test_head_tail_slice(frame):
    assert frame.head(3)["a"].to_list() == [0, 1, 2]
    assert frame.tail(2)["b"].to_list() == ["s8", "s9"]
    assert frame.head(-8)["a"].to_list() == [0, 1]
    assert frame.tail(-8)["a"].to_list() == [8, 9]
    assert frame.slice(4, 3)["a"].to_list() == [4, 5, 6]
    assert frame.slice(-3)["a"].to_list() == [7, 8, 9]
    assert frame.slice(8, 100).shape == (2, 3)
    assert frame.slice(100, 5).shape == (0, 3)
    assert frame[2:4]["a"].to_list() == [2, 3]
    with pytest.raises(lode.InvalidInputError):
        frame.slice(0, -1)


def test_getitem_column_and_selection(frame):
    series = frame["c"]
    assert isinstance(series, lode.Series)
    assert series.name == "c" and series.dtype == lode.Float64
    assert series[3] == 1.5 and series[-1] == 4.5
    assert frame[["c", "a"]].columns == ["c", "a"]
    with pytest.raises(IndexError):
        series[10]


def test_unknown_column_names_it_and_suggests(frame):
    with pytest.raises(lode.SchemaError) as info:
        frame["bb"]
    assert info.value.column == "bb"
    assert "did you mean 'b'" in str(info.value)
    assert isinstance(info.value, KeyError) and isinstance(info.value, lode.Error)


def test_to_dict_and_equals(frame):
    assert frame.head(2).to_dict() == {"a": [0, 1], "b": ["s0", "s1"], "c": [0.0, 0.5]}
    assert frame.equals(lode.DataFrame(frame.to_dict()))
    assert not frame.equals(frame.head(3))


def test_ragged_columns_are_rejected():
    with pytest.raises(lode.InvalidInputError, match="different lengths"):
        lode.DataFrame({"a": [1, 2], "b": [1]})


def test_mixed_types_are_rejected_with_the_column_name():
    with pytest.raises(lode.InvalidInputError) as info:
        lode.DataFrame({"mixed": [1, "x"]})
    assert info.value.column == "mixed"


def test_from_numpy_arrays_of_every_numeric_type():
    data = {str(t): np.arange(5, dtype=t) for t in
            ["int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64", "float32", "float64"]}
    data["bool"] = np.array([True, False, True, True, False])
    frame = lode.DataFrame(data)
    assert [t.name for t in frame.dtypes] == list(data)
    for name, values in data.items():
        np.testing.assert_array_equal(frame[name].to_numpy(), values)


def test_schema_overrides_inference():
    frame = lode.DataFrame({"a": [1, 2, None], "b": [None, None, None]}, schema={"a": "int8", "b": lode.Float64})
    assert frame.schema == {"a": lode.Int8, "b": lode.Float64}
    assert frame["a"].to_list() == [1, 2, None]
    assert frame["b"].null_count() == 3
    with pytest.raises(lode.InvalidInputError, match="int8"):
        lode.DataFrame({"a": [1000]}, schema={"a": "int8"})
    with pytest.raises(lode.InvalidInputError, match="unknown data type"):
        lode.DataFrame({"a": [1]}, schema={"a": "int9000"})


def test_to_numpy_is_zero_copy_for_numeric_columns_without_nulls():
    frame = lode.DataFrame({"x": np.arange(1000, dtype=np.int64)})
    first = frame["x"].to_numpy(zero_copy_only=True)
    second = frame["x"].to_numpy()
    assert np.shares_memory(first, second)  # both view lode's buffer
    assert not first.flags.writeable
    matrix = frame.to_numpy()
    assert matrix.shape == (1000, 1) and np.shares_memory(matrix, first)
    with pytest.raises(lode.InvalidInputError):
        lode.DataFrame({"x": [1, None]})["x"].to_numpy(zero_copy_only=True)


def test_to_numpy_with_nulls_and_many_columns():
    frame = lode.DataFrame({"a": [1, None, 3], "b": [0.5, 1.5, None]})
    matrix = frame.to_numpy()
    assert matrix.shape == (3, 2)
    assert np.isnan(matrix[1, 0]) and np.isnan(matrix[2, 1])
    assert matrix[2, 0] == 3


def test_numpy_view_keeps_memory_alive_after_frame_is_dropped(memory_baseline):
    frame = lode.DataFrame({"x": np.arange(100_000, dtype=np.float64)})
    view = frame["x"].to_numpy()
    del frame
    assert view[99_999] == 99_999.0
    del view
    import gc

    gc.collect()
    assert lode.memory_usage() == memory_baseline


def test_empty_frames():
    empty = lode.DataFrame()
    assert empty.shape == (0, 0)
    no_rows = lode.DataFrame({"a": np.array([], dtype=np.int32)})
    assert no_rows.shape == (0, 1)
    assert no_rows.to_pandas().shape == (0, 1)
    assert "shape: (0, 1)" in repr(no_rows)


def test_write_csv(tmp_path, frame):
    path = tmp_path / "out.csv"
    frame.head(2).write_csv(path)
    assert path.read_text() == "a,b,c\n0,s0,0.0\n1,s1,0.5\n"  # floats keep .0, as Polars and pandas write them
    frame.head(1).write_csv(path, include_header=False, separator=";")
    assert path.read_text() == "0;s0;0.0\n"
    with pytest.raises(lode.IOError) as info:
        frame.write_csv(tmp_path / "missing" / "out.csv")
    assert info.value.path.endswith("out.csv")
    assert isinstance(info.value, OSError)
