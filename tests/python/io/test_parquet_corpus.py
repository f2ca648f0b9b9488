"""Every file of parquet-testing's data/ read against DuckDB's reading of it
(duckdb-expected.json) and the _expect.csv companions; the curated set in
testdata/parquet/ likewise."""

import csv
import math

import pytest

import lode

from parquet_corpus import CURATED, TESTING, column_mismatches, expected_readings, lode_type_of_duckdb

pytestmark = pytest.mark.usefixtures("shared_testdata")  # fails, never skips, without it

EXPECTED = expected_readings() if TESTING.is_dir() else {}
# One placeholder without the data, so that the test fails instead of skipping.
DATA_KEYS = sorted(key for key in EXPECTED if key.startswith("data/")) or ["no duckdb-expected.json"]

# Files DuckDB cannot read but lode must (DuckDB's own gaps).
DUCKDB_GAPS = {
    "data/hadoop_lz4_compressed.parquet": 4,
    "data/hadoop_lz4_compressed_larger.parquet": 10000,
    "data/non_hadoop_lz4_compressed.parquet": 4,
    "data/byte_stream_split_extended.gzip.parquet": 200,
    "data/map_no_value.parquet": 3,  # a map without values: lode reads list<struct<key>>
}

# A map whose one page holds over 1 GiB uncompressed: past lode's page limit.
TOO_LARGE_PAGE = {"data/large_string_map.brotli.parquet"}

# A valid file whose pages run past the chunk's declared size: readers may
# reject it (parquet-java does) or read it optimistically (DuckDB does).
REJECTED_ON_PURPOSE = {"data/nation.dict-malformed.parquet"}

# Pages whose CRC32 does not match their bytes: lode verifies page checksums
# (DuckDB does not, and reads the damaged values).
FAILS_CHECKSUM = {"data/datapage_v1-corrupt-checksum.parquet": {"a", "b"},
                  "data/rle-dict-uncompressed-corrupt-checksum.parquet": {"long_field", "binary_field"}}


@pytest.mark.parametrize("key", DATA_KEYS)
def test_data_file_matches_duckdb(key):
    path = TESTING / key
    expected = EXPECTED[key]
    if key.endswith(".encrypted"):
        with pytest.raises(lode.NotSupportedError, match="encrypted"):
            lode.read_parquet(path)
        return
    if key in TOO_LARGE_PAGE:
        with pytest.raises(lode.NotSupportedError, match="pages of up to 1 GiB"):
            lode.read_parquet(path)
        return
    if key in FAILS_CHECKSUM:
        with pytest.raises(lode.ParseError, match=r"fails its checksum \(CRC32\)") as caught:
            lode.read_parquet(path)
        assert caught.value.column in FAILS_CHECKSUM[key] and caught.value.row_group == 0
        for column in FAILS_CHECKSUM[key]:
            with pytest.raises(lode.ParseError, match="checksum"):
                lode.read_parquet(path, columns=[column])
        return
    if key in REJECTED_ON_PURPOSE:
        with pytest.raises(lode.ParseError, match="runs past"):
            lode.read_parquet(path)
        return
    frame = lode.read_parquet(path)
    if key == "data/int96_from_spark.parquet":
        return  # test_int96_beyond_nanosecond_range checks it exactly
    if key in DUCKDB_GAPS:
        assert frame.height == DUCKDB_GAPS[key]
        return
    assert "error" not in expected, expected
    assert frame.height == expected["rows"]
    assert frame.columns == [column["name"] for column in expected["columns"]]
    nested = {name for name, data_type in frame.schema.items() if data_type.is_nested()}
    values = {name: frame.get_column(name).to_list() for name in frame.columns if name not in nested}
    problems = {}
    for column in expected["columns"]:
        if column["name"] in nested:
            found = nested_mismatches(frame, column)
        else:
            found = column_mismatches(values[column["name"]], column)
        if found:
            problems[column["name"]] = found
    assert not problems


def nested_mismatches(frame, expected):
    """A nested column against DuckDB's summary: its type and non-null count."""
    series = frame.get_column(expected["name"])
    problems = []
    # Legacy TIMESTAMP_MILLIS/MICROS are UTC-adjusted by the spec (lode);
    # DuckDB reads them as naive TIMESTAMP.
    if series.dtype.name.replace(", UTC]", "]") != lode_type_of_duckdb(expected["type"]):
        problems.append(f"type {series.dtype.name} != {expected['type']}")
    if frame.height - series.null_count() != expected["non_null"]:
        problems.append(f"non-null {frame.height - series.null_count()} != {expected['non_null']}")
    return problems


def test_nested_files_read_a_subset_of_columns():
    frame = lode.read_parquet(TESTING / "data/nested_maps.snappy.parquet", columns=["b", "a"])
    assert frame.columns == ["b", "a"] and frame.height == 6
    assert frame.schema["a"].name == "list<struct<key: string, value: list<struct<key: int32, value: bool>>>>"


def _expect_rows(path):
    with open(path, newline="") as handle:
        rows = list(csv.reader(handle))
    return rows[0], rows[1:]


def _same(actual, text):
    if text == "":
        return actual is None
    if isinstance(actual, float):
        return math.isclose(actual, float(text), rel_tol=1e-9)
    if isinstance(actual, int):
        return actual == int(text)
    return str(actual) == text


@pytest.mark.parametrize("name", ["delta_binary_packed", "delta_byte_array", "delta_encoding_optional_column",
                                  "delta_encoding_required_column"])
def test_delta_files_match_their_expect_csv(name):
    frame = lode.read_parquet(TESTING / "data" / f"{name}.parquet")
    header, rows = _expect_rows(TESTING / "data" / f"{name}_expect.csv")
    assert frame.width == len(header) and frame.height == len(rows)
    columns = [frame.get_column(column).to_list() for column in frame.columns]
    for row_index, row in enumerate(rows):
        for column_index, text in enumerate(row):
            assert _same(columns[column_index][row_index], text), (row_index, header[column_index], text)


def test_int96_beyond_nanosecond_range():
    # int96_from_spark.md gives the values as microseconds since the epoch,
    # up to the year 290000 (past Python's datetime, so compare raw values).
    frame = lode.read_parquet(TESTING / "data/int96_from_spark.parquet")
    values, nulls = frame._table.column_data(0)
    expected = [1704141296123456, 1704070800000000, 253402225200000000, 1735599600000000, None, 9089380393200000000]
    assert [None if null else int(value) for value, null in zip(values, nulls)] == expected


def test_compression_matrix_reads_equal():
    folder = CURATED / "from-duckdb" / "compression" / "generated"
    frames = {}
    for path in sorted(folder.glob("data_page=*_*.parquet")):
        frames[path.name] = lode.read_parquet(path, columns=["plain", "plain_random"]).to_dict()
    assert len(frames) == 12
    first = next(iter(frames.values()))
    assert all(frame == first for frame in frames.values())


@pytest.mark.parametrize("name,rows", [("date.parquet", 36), ("date_stats.parquet", 2), ("timestamp.parquet", 1),
                                       ("timestamp-ms.parquet", 1), ("issue_5533_timestamp_ms_stats.parquet", 4),
                                       ("bug4442.parquet", 1), ("timetz-nanos.parquet", 20),
                                       ("negative-timetz.parquet", 3)])
def test_from_duckdb_files(name, rows):
    frame = lode.read_parquet(CURATED / "from-duckdb" / name)
    assert frame.height == rows


def test_time_and_timestamp_units():
    frame = lode.read_parquet(CURATED / "from-duckdb" / "timestamp-ms.parquet")
    assert str(frame.get_column("Time").to_list()[0]) == "2020-10-05 17:21:49"
    frame = lode.read_parquet(CURATED / "from-duckdb" / "timestamp.parquet")
    assert str(frame.get_column("Time").to_list()[0]) == "2020-10-05 17:21:49.488440"
    frame = lode.read_parquet(CURATED / "from-duckdb" / "date_stats.parquet")
    assert frame.get_column("time_val").to_list() == [0, 86399000000]  # microseconds of the day


def test_byte_stream_split_on_every_type_equals_plain():
    # DuckDB cannot read BYTE_STREAM_SPLIT on integer and fixed-length
    # columns; each *_byte_stream_split column must equal its *_plain twin.
    frame = lode.read_parquet(TESTING / "data/byte_stream_split_extended.gzip.parquet")
    values = frame.to_dict()
    for name in frame.columns:
        if name.endswith("_plain"):
            twin = name[: -len("_plain")] + "_byte_stream_split"
            assert values[name] == values[twin], name


def test_hadoop_lz4_files_read_like_lz4_raw():
    hadoop = lode.read_parquet(TESTING / "data/hadoop_lz4_compressed.parquet").to_dict()
    raw = lode.read_parquet(TESTING / "data/non_hadoop_lz4_compressed.parquet").to_dict()
    assert hadoop == raw
    assert hadoop["c0"] == [1593604800, 1593604800, 1593604801, 1593604801]
    larger = lode.read_parquet(TESTING / "data/hadoop_lz4_compressed_larger.parquet")
    assert larger.height == 10000


def test_int32_with_null_pages_matches_its_notes():
    # int32_with_null_pages.md: 1000 values, 275 null, min -2136906554,
    # max 2145722375; its third page (rows 200-299) is all null.
    values = lode.read_parquet(TESTING / "data/int32_with_null_pages.parquet").get_column("int32_field").to_list()
    present = [value for value in values if value is not None]
    assert len(values) == 1000 and len(present) == 725
    assert (min(present), max(present)) == (-2136906554, 2145722375)
    assert all(value is None for value in values[200:300])
