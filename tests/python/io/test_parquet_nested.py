"""Nested Parquet columns (lists, maps, structs): every nested column of the
parquet-testing files read equal to DuckDB's reading of it (peers from
../shared/peers, `make peers`; the tests fail without them), and hand-checked
shapes."""

import json
import subprocess

import pytest

import lode

from parquet_corpus import TESTING, canonical

NESTED_FILES = [
    "datapage_v2.snappy.parquet", "incorrect_map_schema.parquet", "list_columns.parquet",
    "nested_lists.snappy.parquet", "nested_maps.snappy.parquet", "nested_structs.rust.parquet",
    "nonnullable.impala.parquet", "null_list.parquet", "nullable.impala.parquet", "nulls.snappy.parquet",
    "old_list_structure.parquet", "repeated_no_annotation.parquet", "repeated_primitive_no_list.parquet",
]


@pytest.fixture
def duckdb_rows(peers_dir):
    """Returns rows(path, columns): DuckDB's reading of those columns."""
    def rows(path, columns):
        select = ", ".join(f'"{name}"' for name in columns)
        output = subprocess.run(["node", str(peers_dir / "duck.mjs"), f"SELECT {select} FROM read_parquet('{path}')"],
                                check=True, capture_output=True, text=True, timeout=120).stdout
        return json.loads(output)["rows"]
    return rows


def test_the_files_hold_nested_columns():
    for name in NESTED_FILES:
        frame = lode.read_parquet(TESTING / "data" / name)
        assert any(data_type.is_nested() for data_type in frame.schema.values()), name


@pytest.mark.parametrize("name", NESTED_FILES)
def test_nested_columns_equal_duckdb(name, duckdb_rows):
    path = TESTING / "data" / name
    frame = lode.read_parquet(path)
    # Timestamps past year 9999 (nested_structs.rust) have no Python datetime.
    columns = [column for column, data_type in frame.schema.items()
               if data_type.is_nested() and "timestamp" not in data_type.name]
    expected = duckdb_rows(path, columns)
    values = [frame.get_column(column).to_list() for column in columns]
    actual = [list(row) for row in zip(*values)]
    assert canonical(actual) == canonical(expected)


def test_list_and_struct_shapes_by_hand():
    frame = lode.read_parquet(TESTING / "data/nullable.impala.parquet")
    assert frame.schema["int_array_Array"].name == "list<list<int32>>"
    assert frame.get_column("int_array_Array").to_list()[:4] == [
        [[1, 2], [3, 4]], [[None, 1, 2, None], [3, None, 4], [], None], [None], []]
    assert frame.get_column("int_map").to_list()[1] == [{"key": "k1", "value": 2}, {"key": "k2", "value": None}]
    struct = frame.get_column("nested_struct").to_list()
    assert struct[0]["A"] == 1 and struct[0]["C"]["d"][1] == [{"E": 11, "F": "c"}]


def test_nested_columns_go_through_the_engine():
    frame = lode.read_parquet(TESTING / "data/nullable.impala.parquet")
    lazy = lode.scan_parquet(TESTING / "data/nullable.impala.parquet")
    picked = lazy.filter(lode.col("id") > 4).sort("id", descending=True).select("id", "int_array").collect()
    full = dict(zip(frame.get_column("id").to_list(), frame.get_column("int_array").to_list()))
    assert picked.get_column("id").to_list() == [7, 6, 5]
    assert picked.get_column("int_array").to_list() == [full[7], full[6], full[5]]
    assert lazy.filter(lode.col("int_array").is_null()).collect().height == frame.get_column("int_array").null_count()
    assert frame.slice(1, 2).get_column("int_map").to_list() == frame.get_column("int_map").to_list()[1:3]


def test_nested_repr_and_csv_text(tmp_path):
    frame = lode.read_parquet(TESTING / "data/list_columns.parquet")
    text = repr(frame)
    assert "list[i64]" in text and "[1, 2, 3]" in text
    out = tmp_path / "lists.csv"
    frame.write_csv(out)
    lines = out.read_text().splitlines()
    assert lines[1] == '"[1, 2, 3]","[abc, efg, hij]"'
    assert lines[2] == '"[NULL, 1]",'


def test_unsupported_operations_on_nested_columns_name_the_column():
    lazy = lode.scan_parquet(TESTING / "data/list_columns.parquet")
    with pytest.raises(lode.NotSupportedError, match="int64_list"):
        lazy.group_by("int64_list").agg(lode.col("utf8_list").count()).collect()
    with pytest.raises(lode.NotSupportedError, match="int64_list"):
        lazy.sort("int64_list").collect()
    with pytest.raises(lode.Error, match="int64_list"):
        lazy.filter(lode.col("int64_list") == 1).collect()


NESTED_FRAME = {
    "id": [1, 2, 3, 4],
    "a": [[1, 2], None, [], [None, 5]],
    "s": [{"x": 1, "y": "u"}, None, {"x": None, "y": "w"}, {"x": 4, "y": None}],
    "n": [[[1.5]], [[]], None, [None, [2.5, None]]],
    "m": [[{"k": "a", "v": [1]}], [], None, [{"k": None, "v": None}]],
}


@pytest.mark.parametrize("compression", ["snappy", "zstd", "uncompressed"])
def test_nested_columns_round_trip(tmp_path, compression):
    frame = lode.DataFrame(NESTED_FRAME)
    assert frame.schema["m"].name == "list<struct<k: string, v: list<int64>>>"
    path = tmp_path / "nested.parquet"
    frame.write_parquet(path, compression=compression, row_group_size=3)
    back = lode.read_parquet(path)
    assert back.schema == frame.schema
    assert back.to_dict() == NESTED_FRAME


def test_long_lists_split_into_pages_at_record_boundaries(tmp_path):
    rows = 200_000
    frame = lode.DataFrame({"v": [list(range(row % 7)) if row % 5 else None for row in range(rows)]})
    path = tmp_path / "long.parquet"
    frame.write_parquet(path)
    back = lode.read_parquet(path).get_column("v").to_list()
    assert back == frame.get_column("v").to_list()
    assert lode.scan_parquet(path).filter(lode.col("v").is_null()).collect().height == rows // 5


def test_sink_parquet_streams_nested_columns(tmp_path):
    frame = lode.DataFrame(NESTED_FRAME)
    path = tmp_path / "sunk.parquet"
    lode.concat([frame.lazy()] * 3).sink_parquet(path)
    back = lode.read_parquet(path)
    assert back.height == 12 and back.get_column("n").to_list()[4:8] == NESTED_FRAME["n"]


def test_duckdb_reads_lode_nested_files(tmp_path, duckdb_rows):
    path = tmp_path / "nested.parquet"
    lode.DataFrame(NESTED_FRAME).write_parquet(path)
    expected = duckdb_rows(path, list(NESTED_FRAME))
    assert canonical(expected) == canonical([list(row) for row in zip(*NESTED_FRAME.values())])
