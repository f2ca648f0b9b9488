"""Files written by lode read equal by DuckDB and Polars, and files written
by them read equal by lode. The peers come from ../shared/peers (npm, `make
peers`); without them the tests fail (the peers_dir fixture says so)."""

import datetime
import json
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest

import lode

from parquet_corpus import SHARED, canonical


@pytest.fixture
def duckdb(peers_dir):
    """Returns run(*statements): DuckDB's JSON answer to the last statement."""
    def run(*statements):
        output = subprocess.run(["node", str(peers_dir / "duck.mjs"), *statements], check=True, capture_output=True,
                                text=True, timeout=120).stdout
        return json.loads(output) if output.strip() else None
    return run


@pytest.fixture
def polars(peers_dir):
    """Returns run(*arguments): parquet_peers.mjs's JSON answer."""
    shutil.copy(Path(__file__).with_name("parquet_peers.mjs"), peers_dir / "parquet_peers.mjs")

    def run(*arguments):
        output = subprocess.run(["node", str(peers_dir / "parquet_peers.mjs"), *arguments], check=True,
                                capture_output=True, text=True, timeout=120).stdout
        return json.loads(output)
    return run


def every_type_frame():
    return lode.DataFrame({
        "i8": [1, -2, None], "i16": [300, None, -300], "i32": [1, 2, 3], "i64": [2**62, None, -5],
        "u8": [255, 0, None], "u16": [65535, 1, None], "u32": [2**32 - 1, 0, None], "u64": [2**64 - 1, 0, None],
        "f32": [1.5, None, -2.25], "f64": [1e300, None, -0.5], "s": ["héllo", None, ""],
        "d": [datetime.date(2020, 1, 2), None, datetime.date(1969, 12, 31)],
        "ts": [datetime.datetime(2020, 1, 2, 3, 4, 5, 6), None, datetime.datetime(1900, 1, 1)],
        "tz": [datetime.datetime(2020, 1, 2, 3, 4, 5, 6), None, datetime.datetime(1900, 1, 1)],
        "dec": [Decimal("1.25"), Decimal("-3.50"), None],
        "dec18": [Decimal("123456789012.345678"), None, Decimal("-1")],
        "dec38": [Decimal("1234567890123456789.123456789"), None, Decimal("-1")],
        "b": [True, False, None],
    }, schema={"i8": lode.Int8, "i16": lode.Int16, "i32": lode.Int32, "u8": lode.UInt8, "u16": lode.UInt16,
               "u32": lode.UInt32, "u64": lode.UInt64, "f32": lode.Float32, "dec": lode.Decimal128(9, 2),
               "dec18": lode.Decimal128(18, 6), "dec38": lode.Decimal128(38, 9), "tz": lode.Timestamp("UTC")})


@pytest.mark.parametrize("compression", ["snappy", "zstd", "gzip", "lz4", "brotli", "uncompressed"])
def test_duckdb_reads_what_lode_writes(tmp_path, compression, duckdb):
    frame = every_type_frame()
    written, copied = tmp_path / "lode.parquet", tmp_path / "duck.parquet"
    frame.write_parquet(written, compression=compression, row_group_size=2)
    result = duckdb(f"COPY (FROM '{written}') TO '{copied}' (FORMAT parquet)",
                    f"SELECT i64::VARCHAR, u64::VARCHAR, s, d::VARCHAR, ts::VARCHAR, dec::VARCHAR, dec38::VARCHAR "
                    f"FROM '{written}'")
    assert result["rows"][0] == ["4611686018427387904", "18446744073709551615", "héllo", "2020-01-02",
                                 "2020-01-02 03:04:05.000006", "1.25", "1234567890123456789.123456789"]
    assert lode.read_parquet(copied).to_dict() == frame.to_dict()


def test_lode_reads_what_duckdb_writes(tmp_path, duckdb):
    query = ("SELECT i::INTEGER AS i, (i * 1000003)::BIGINT AS big, CASE WHEN i % 5 = 0 THEN NULL ELSE 'v' || (i % 97) END AS s, "
             "(i / 7)::DOUBLE AS x, DATE '2000-01-01' + (i % 1000)::INTEGER AS d, (i % 3 = 0) AS flag, "
             "(i * 0.01)::DECIMAL(12, 2) AS money FROM range(20000) t(i)")
    summary = ("SELECT count(*), sum(i), sum(big), count(s), sum(length(s)), sum(x), min(d)::VARCHAR, max(d)::VARCHAR, "
               "count_if(flag), sum(money)::VARCHAR FROM '{}'")
    for codec in ["snappy", "zstd", "gzip", "lz4", "brotli", "uncompressed"]:
        path = tmp_path / f"{codec}.parquet"
        expected = duckdb(f"COPY ({query}) TO '{path}' (FORMAT parquet, COMPRESSION {codec}, ROW_GROUP_SIZE 4096)",
                          summary.format(path))["rows"][0]
        frame = lode.read_parquet(path).to_dict()
        strings = [value for value in frame["s"] if value is not None]
        actual = [len(frame["i"]), sum(frame["i"]), sum(frame["big"]), len(strings), sum(map(len, strings)),
                  sum(frame["x"]), str(min(frame["d"])), str(max(frame["d"])), sum(frame["flag"]), str(sum(frame["money"]))]
        assert actual[:5] == [int(value) for value in expected[:5]], codec
        assert abs(actual[5] - expected[5]) < 1e-6 * abs(expected[5])
        assert actual[6:] == [expected[6], expected[7], int(expected[8]), expected[9]], codec


def test_polars_reads_what_lode_writes(tmp_path, polars):
    frame = every_type_frame()
    written, copied = tmp_path / "lode.parquet", tmp_path / "polars.parquet"
    frame.write_parquet(written, compression="zstd")
    described = polars("polars-copy", str(written), str(copied))
    assert described["rows"] == 3 and described["columns"] == frame.columns
    assert lode.read_parquet(copied).to_dict() == frame.to_dict()


def test_lode_reads_what_polars_writes(tmp_path, polars):
    path = tmp_path / "polars.parquet"
    polars("polars-write", str(path))
    assert lode.read_parquet(path).to_dict() == {
        "i": [1, None, -3], "u": [1, 2, None], "f": [1.5, None, -0.25], "s": ["a", None, "héllo"],
        "b": [True, False, None]}


def test_shared_folder_found():
    assert SHARED.is_dir()


def test_duckdb_logical_types(tmp_path, duckdb):
    path = tmp_path / "types.parquet"
    duckdb(f"COPY (SELECT '7f1a3c2e-0000-4000-8000-0123456789ab'::UUID AS u, TIME '12:34:56.789' AS t, "
           f"TIMESTAMP_NS '2020-01-01 00:00:00.123456789' AS tns, TIMESTAMP_MS '2020-01-01 00:00:00.123' AS tms, "
           f"TIMESTAMP_S '2020-01-01 00:00:01' AS ts_s, TIMESTAMPTZ '2020-01-01 00:00:00+00' AS tz, "
           f"1.5::DECIMAL(4, 1) AS d4, -1::TINYINT AS i8, 200::UTINYINT AS u8, INTERVAL 3 DAY AS iv) TO '{path}'")
    with pytest.raises(lode.NotSupportedError, match="'iv' is an INTERVAL"):
        lode.read_parquet(path)
    frame = lode.read_parquet(path, columns=["u", "t", "tns", "tms", "ts_s", "tz", "d4", "i8", "u8"])
    assert [str(dtype) for dtype in frame.dtypes] == ["string", "int64", "timestamp[us]", "timestamp[us]",
                                                     "timestamp[us]", "timestamp[us, UTC]", "decimal128(4, 1)",
                                                     "int8", "uint8"]
    values = {name: column[0] for name, column in frame.to_dict().items()}
    assert values["u"] == "7f1a3c2e-0000-4000-8000-0123456789ab"
    assert values["t"] == 45296789000  # microseconds since midnight
    assert values["tns"] == datetime.datetime(2020, 1, 1, 0, 0, 0, 123456)
    assert values["tms"] == datetime.datetime(2020, 1, 1, 0, 0, 0, 123000)
    assert values["ts_s"] == datetime.datetime(2020, 1, 1, 0, 0, 1)
    assert values["d4"] == Decimal("1.5") and values["i8"] == -1 and values["u8"] == 200


def test_lode_reads_nested_columns_duckdb_writes(tmp_path, duckdb):
    path = tmp_path / "nested.parquet"
    query = ("SELECT i, CASE WHEN i % 4 = 0 THEN NULL ELSE range(i % 5) END AS l, "
             "{'a': i, 'b': CASE WHEN i % 3 = 0 THEN NULL ELSE [i::VARCHAR, NULL] END} AS s, "
             "MAP {'k' || (i % 3): (i * 0.5)::DOUBLE} AS m, [[i], [], NULL] AS ll FROM range(3000) t(i)")
    expected = duckdb(f"COPY ({query}) TO '{path}' (FORMAT parquet, ROW_GROUP_SIZE 1000)",
                      f"SELECT l, s, m, ll FROM '{path}' ORDER BY i")["rows"]
    frame = lode.read_parquet(path).sort("i")
    assert frame.schema["m"].name == "list<struct<key: string, value: float64>>"
    actual = [list(row) for row in zip(*(frame.get_column(name).to_list() for name in ["l", "s", "m", "ll"]))]
    assert canonical(actual) == canonical(expected)


def test_polars_reads_nested_columns_lode_writes(tmp_path, polars):
    frame = lode.DataFrame({"l": [[1, 2], None, []], "s": [{"a": 1, "b": "x"}, None, {"a": None, "b": "z"}],
                            "ll": [[[1.5], None], [], None]})
    written, copied = tmp_path / "lode.parquet", tmp_path / "polars.parquet"
    frame.write_parquet(written)
    summary = polars("polars-copy", str(written), str(copied))
    assert summary["rows"] == 3 and summary["columns"] == ["l", "s", "ll"]
    assert lode.read_parquet(copied).to_dict() == frame.to_dict()
