"""CSV written by lode reads back equal (every core type, nulls included),
and a generated 1e6-row file reads equal to pandas.read_csv."""

import datetime
import decimal

import numpy as np
import pandas as pd
import pytest

import lode

VALUES = {
    "bool": [True, None, False],
    "int8": [-128, None, 127],
    "int16": [-32768, None, 32767],
    "int32": [-2**31, None, 2**31 - 1],
    "int64": [-2**63, None, 2**63 - 1],
    "uint8": [0, None, 255],
    "uint16": [0, None, 65535],
    "uint32": [0, None, 2**32 - 1],
    "uint64": [0, None, 2**64 - 1],
    "float32": [1.5, None, -3.4028234663852886e38],
    "float64": [0.1, None, -1e-300],
    "string": ["a, \"quoted\"\nvalue", None, ""],
    "date32": [datetime.date(1970, 1, 1), None, datetime.date(2024, 2, 29)],
    "timestamp[us]": [datetime.datetime(2000, 1, 1, 0, 0, 0, 1), None, datetime.datetime(1969, 12, 31, 23, 59, 59)],
    "decimal128(20, 3)": [decimal.Decimal("-12345678901234567.891"), None, decimal.Decimal("0.001")],
}


@pytest.mark.parametrize("type_name", list(VALUES))
def test_round_trip_with_schema(tmp_path, type_name):
    frame = lode.DataFrame({"x": VALUES[type_name]}, schema={"x": type_name})
    path = str(tmp_path / "x.csv")
    frame.write_csv(path)
    back = lode.read_csv(path, schema={"x": type_name}, has_header=True)
    assert back.schema == frame.schema
    assert back.to_dict() == frame.to_dict()


def test_round_trip_sniffed(tmp_path):
    data = {name: VALUES[name] for name in ("bool", "int64", "float64", "string", "date32", "timestamp[us]")}
    frame = lode.DataFrame(data, schema={name: name for name in data})
    path = str(tmp_path / "all.csv")
    frame.write_csv(path)
    back = lode.read_csv(path)
    assert back.schema == frame.schema
    assert back.to_dict() == frame.to_dict()


def test_million_rows_equal_pandas(tmp_path):
    rows = 1_000_000
    generator = np.random.default_rng(42)
    source = pd.DataFrame({
        "id": np.arange(rows),
        "group": generator.choice(["alpha", "beta", "gamma, delta", 'say "hi"'], rows),
        "value": generator.normal(size=rows).round(6),
        "count": generator.integers(-1000, 1000, rows),
    })
    source.loc[generator.choice(rows, 1000, replace=False), "value"] = np.nan
    path = str(tmp_path / "million.csv")
    source.to_csv(path, index=False)
    expected = pd.read_csv(path, keep_default_na=False, na_values=[""])
    frame = lode.read_csv(path).to_pandas()
    assert list(frame.columns) == list(expected.columns)
    assert frame["id"].tolist() == expected["id"].tolist()
    assert frame["group"].tolist() == expected["group"].tolist()
    assert frame["count"].tolist() == expected["count"].tolist()
    np.testing.assert_array_equal(frame["value"].to_numpy(dtype=float), expected["value"].to_numpy())


def test_write_options_read_back(tmp_path):
    frame = lode.DataFrame({
        "d": [datetime.date(2024, 1, 31), None],
        "t": [datetime.datetime(2024, 1, 31, 13, 5, 9, 250000), datetime.datetime(1999, 12, 31, 0, 0)],
        "s": ["a;b", "NA"],
    })
    path = str(tmp_path / "formats.csv")
    frame.write_csv(path, separator=";", null_value="NA", date_format="%d/%m/%Y",
                    datetime_format="%m/%d/%Y %I:%M:%S.%f %p")
    text = open(path).read()
    assert text.splitlines() == ["d;t;s", '31/01/2024;01/31/2024 01:05:09.250000 PM;"a;b"',
                                 'NA;12/31/1999 12:00:00.000000 AM;"NA"']
    back = lode.read_csv(path, separator=";", null_values="NA", date_format="%d/%m/%Y",
                         timestamp_format="%m/%d/%Y %I:%M:%S.%f %p")
    assert back.to_dict() == frame.to_dict()


def test_failed_write_leaves_no_file(tmp_path):
    frame = lode.DataFrame({"a": [1]})
    with pytest.raises(lode.Error):
        frame.write_csv(str(tmp_path / "missing_dir" / "x.csv"))
    assert not (tmp_path / "missing_dir").exists()


def test_sink_csv_streams_a_query_in_order(tmp_path):
    import numpy as np

    n = 300_000
    frame = lode.DataFrame({"i": np.arange(n), "g": np.arange(n) % 7})
    path = tmp_path / "sink.csv"
    old = lode._lode.set_morsel_rows(1000)  # many splits finishing out of order
    try:
        frame.lazy().filter(lode.col("g") != 3).with_columns((lode.col("i") * 2).alias("j")).sink_csv(path)
    finally:
        lode._lode.set_morsel_rows(0)
    back = lode.read_csv(str(path))
    expected = [i for i in range(n) if i % 7 != 3]
    assert back["i"].to_list() == expected
    assert back["j"].to_list() == [2 * i for i in expected]
    # A breaker at the top (sort) is written once it is done.
    frame.lazy().sort("i", descending=True).head(3).sink_csv(path)
    assert path.read_text().splitlines() == ["i,g", f"{n - 1},{(n - 1) % 7}", f"{n - 2},{(n - 2) % 7}",
                                             f"{n - 3},{(n - 3) % 7}"]


def test_sink_csv_failure_leaves_no_file(tmp_path):
    path = tmp_path / "bad.csv"
    frame = lode.DataFrame({"s": ["1", "x"]})
    with pytest.raises(lode.InvalidInputError):
        frame.lazy().select(lode.col("s").cast("int64")).sink_csv(path)
    assert list(tmp_path.iterdir()) == []
