"""Every core type goes to pandas and back unchanged, nulls included."""

import datetime
import decimal

import numpy as np
import pandas as pd
import pytest

import lode

INTEGER_TYPES = ["int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64"]


@pytest.mark.parametrize("type_name", INTEGER_TYPES)
def test_integers_with_and_without_nulls(type_name):
    info = np.iinfo(type_name)
    values = [int(info.min), 0, int(info.max)]
    frame = lode.DataFrame({"x": values, "y": values[:2] + [None]}, schema={"x": type_name, "y": type_name})
    pdf = frame.to_pandas()
    assert pdf["x"].dtype == np.dtype(type_name)
    assert str(pdf["y"].dtype) == type_name.replace("u", "U").replace("i", "I")
    assert pdf["y"].isna().tolist() == [False, False, True]
    back = lode.from_pandas(pdf)
    assert back.schema == frame.schema
    assert back.to_dict() == frame.to_dict()


@pytest.mark.parametrize("type_name", ["float32", "float64"])
def test_floats(type_name):
    frame = lode.DataFrame({"x": [1.5, None, -2.25]}, schema={"x": type_name})
    pdf = frame.to_pandas()
    assert pdf["x"].dtype == np.dtype(type_name)
    assert np.isnan(pdf["x"][1])
    back = lode.from_pandas(pdf)
    assert back.schema == frame.schema and back.to_dict() == frame.to_dict()


def test_nan_is_a_value_from_numpy_but_null_from_pandas():
    values = np.array([1.0, np.nan])
    assert lode.DataFrame({"x": values})["x"].null_count() == 0
    assert lode.from_pandas(pd.DataFrame({"x": values}))["x"].null_count() == 1
    assert lode.from_pandas(pd.DataFrame({"x": values}), nan_to_null=False)["x"].null_count() == 0


def test_bool_and_string():
    frame = lode.DataFrame({"b": [True, None, False], "s": ["ä", None, ""]})
    pdf = frame.to_pandas()
    assert str(pdf["b"].dtype) == "boolean"
    assert pdf["s"].tolist() == ["ä", None, ""]
    assert lode.from_pandas(pdf).to_dict() == frame.to_dict()
    assert lode.from_pandas(pd.DataFrame({"b": [True, False]})).schema == {"b": lode.Bool}


def test_pandas_string_and_categorical_dtypes():
    pdf = pd.DataFrame({"s": pd.array(["a", None, "c"], dtype="string"),
                        "c": pd.Categorical(["x", "y", None])})
    frame = lode.from_pandas(pdf)
    assert frame.schema == {"s": lode.String, "c": lode.String}
    assert frame.to_dict() == {"s": ["a", None, "c"], "c": ["x", "y", None]}


def test_date32():
    days = [datetime.date(2024, 2, 29), None, datetime.date(1900, 1, 1)]
    frame = lode.DataFrame({"d": days})
    assert frame.schema == {"d": lode.Date32}
    back = lode.from_pandas(frame.to_pandas())
    assert back.schema == frame.schema and back["d"].to_list() == days
    from_numpy = lode.DataFrame({"d": np.array(["2024-02-29", "NaT"], dtype="datetime64[D]")})
    assert from_numpy["d"].to_list() == [datetime.date(2024, 2, 29), None]


def test_timestamp_naive_and_with_zone():
    naive = [datetime.datetime(2024, 1, 1, 12, 30, 0, 123456), None]
    frame = lode.DataFrame({"t": naive})
    assert frame.schema == {"t": lode.Timestamp()}
    pdf = frame.to_pandas()
    assert str(pdf["t"].dtype) == "datetime64[ns]"
    back = lode.from_pandas(pdf)
    assert back.schema == frame.schema and back["t"].to_list() == naive

    zoned = pd.DataFrame({"t": pd.to_datetime(["2024-06-01 10:00", None]).tz_localize("Europe/Oslo")})
    frame = lode.from_pandas(zoned)
    assert frame.schema == {"t": lode.Timestamp("Europe/Oslo")}
    pdf = frame.to_pandas()
    assert str(pdf["t"].dtype) == "datetime64[ns, Europe/Oslo]"
    assert pdf["t"][0] == zoned["t"][0]
    assert lode.from_pandas(pdf).schema == frame.schema
    assert frame["t"][0].utcoffset() == datetime.timedelta(hours=2)


def test_decimal128():
    values = [decimal.Decimal("12.34"), None, decimal.Decimal("-0.01"), decimal.Decimal("99999999999999999999.99")]
    frame = lode.DataFrame({"m": values}, schema={"m": lode.Decimal128(22, 2)})
    assert frame.schema == {"m": lode.Decimal128(22, 2)}
    assert frame["m"].to_list() == values
    back = lode.from_pandas(frame.to_pandas(), schema={"m": "decimal128(22, 2)"})
    assert back.schema == frame.schema and back.to_dict() == frame.to_dict()
    inferred = lode.DataFrame({"m": values})
    assert inferred.dtypes[0].scale == 2
    with pytest.raises(lode.InvalidInputError, match="more digits"):
        lode.DataFrame({"m": [decimal.Decimal("1000.5")]}, schema={"m": lode.Decimal128(4, 1)})


def test_masked_numpy_arrays():
    values = np.ma.masked_array([1, 2, 3], mask=[False, True, False])
    assert lode.DataFrame({"x": values})["x"].to_list() == [1, None, 3]


def test_object_column_of_unknown_values_is_rejected():
    with pytest.raises(lode.InvalidInputError) as info:
        lode.from_pandas(pd.DataFrame({"o": [object(), object()]}))
    assert info.value.column == "o"
