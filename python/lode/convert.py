"""Conversions between lode columns and Python, numpy and pandas values.

Inbound, every column arrives at the engine as (physical numpy values, null
mask, DataType); outbound, the engine hands back (values, null mask) and this
module builds the numpy, pandas or Python result. Numeric columns without
nulls cross as zero-copy numpy views.
"""

import datetime
import decimal

import numpy as np

from lode import _lode, errors
from lode.datatypes import DataType, as_data_type
from lode.errors import InvalidInputError, NotSupportedError

_NUMPY_TO_LODE = {
    np.dtype(np.bool_): "bool",
    np.dtype(np.int8): "int8",
    np.dtype(np.int16): "int16",
    np.dtype(np.int32): "int32",
    np.dtype(np.int64): "int64",
    np.dtype(np.uint8): "uint8",
    np.dtype(np.uint16): "uint16",
    np.dtype(np.uint32): "uint32",
    np.dtype(np.uint64): "uint64",
    np.dtype(np.float32): "float32",
    np.dtype(np.float64): "float64",
}
_LODE_TO_NUMPY = {name: dtype for dtype, name in _NUMPY_TO_LODE.items()}
_EPOCH_DATE = datetime.date(1970, 1, 1)
_EPOCH = datetime.datetime(1970, 1, 1)
_MICROS_PER_DAY = 86_400_000_000


# ---------------------------------------------------------------- inbound


def column_from_values(name, values, data_type=None, nan_to_null=False):
    """Returns an engine column built from a list, numpy array or pandas Series.

    `data_type` forces a type; otherwise it is inferred. With `nan_to_null`
    float NaN becomes null (pandas' meaning of NaN).
    """
    try:
        values, mask, inferred = _physical(values, nan_to_null)
        if data_type is not None:
            target = as_data_type(data_type)
            if target != inferred:
                values, mask = _cast_physical(values, mask, inferred, target)
            inferred = target
        return _lode.column_from_python(values, mask, inferred)
    except (InvalidInputError, NotSupportedError, OverflowError, TypeError, ValueError) as error:
        if isinstance(error, (InvalidInputError, NotSupportedError)):
            error.column = error.column or name
            raise
        raise InvalidInputError(f"cannot convert column '{name}': {error}") from error


def _physical(values, nan_to_null):
    """Returns (physical values, null mask or None, DataType)."""
    if _is_pandas_series(values):
        return _physical_from_pandas(values, nan_to_null)
    if isinstance(values, np.ma.MaskedArray):
        data, mask, data_type = _physical(np.ma.getdata(values), nan_to_null)
        extra = np.ma.getmaskarray(values)
        return data, extra if mask is None else (mask | extra), data_type
    if isinstance(values, np.ndarray):
        return _physical_from_numpy(values, nan_to_null)
    if isinstance(values, (str, bytes)) or not hasattr(values, "__len__"):
        raise InvalidInputError(f"expected a sequence of values, got {type(values).__name__}")
    return _physical_from_objects(list(values), nan_to_null)


def _physical_from_numpy(array, nan_to_null):
    if array.ndim != 1:
        raise InvalidInputError(f"a column must be 1-dimensional, got shape {array.shape}")
    name = _NUMPY_TO_LODE.get(array.dtype)
    if name is not None:
        mask = np.isnan(array) if nan_to_null and array.dtype.kind == "f" else None
        if mask is not None and not mask.any():
            mask = None
        return array, mask, DataType(name)
    if array.dtype.kind == "M":
        unit = np.datetime_data(array.dtype)[0]
        mask = np.isnat(array)
        if unit == "D":
            days = array.astype(np.int64)
            return _checked_int32_days(days, mask), (mask if mask.any() else None), DataType("date32")
        micros = array.astype("datetime64[us]").astype(np.int64)
        return micros, (mask if mask.any() else None), DataType.timestamp("")
    if array.dtype.kind in ("U", "S", "O"):
        return _physical_from_objects(array.tolist(), nan_to_null)
    raise NotSupportedError(f"numpy dtype {array.dtype} has no lode type yet")


def _checked_int32_days(days, mask):
    if len(days) and (days[~mask].max(initial=0) > 2**31 - 1 or days[~mask].min(initial=0) < -(2**31)):
        raise InvalidInputError("a date is out of date32's range")
    return np.where(mask, 0, days).astype(np.int32)


def _infer_object_type(values):
    """Returns the lode type name for a list of Python objects (None ignored)."""
    kinds = set()
    for value in values:
        if value is None:
            continue
        if isinstance(value, (bool, np.bool_)):
            kinds.add("bool")
        elif isinstance(value, (int, np.integer)):
            kinds.add("int")
        elif isinstance(value, (float, np.floating)):
            kinds.add("float")
        elif isinstance(value, str):
            kinds.add("string")
        elif isinstance(value, datetime.datetime):
            kinds.add("timestamp")
        elif isinstance(value, datetime.date):
            kinds.add("date")
        elif isinstance(value, decimal.Decimal):
            kinds.add("decimal")
        elif isinstance(value, (list, tuple, np.ndarray)):
            kinds.add("list")
        elif isinstance(value, dict):
            kinds.add("struct")
        else:
            raise InvalidInputError(f"cannot store a value of type {type(value).__name__} in a column: {value!r}")
    if not kinds:
        return "null"
    if kinds <= {"int", "float"}:
        return "float" if "float" in kinds else "int"
    if len(kinds) == 1:
        return kinds.pop()
    raise InvalidInputError(f"a column mixes values of types {sorted(kinds)}; give it one type")


def _physical_from_objects(values, nan_to_null):
    kind = _infer_object_type(values)
    is_null = np.fromiter((v is None for v in values), dtype=np.bool_, count=len(values))
    mask = is_null if is_null.any() else None
    if kind in ("null", "string"):
        return values, mask, DataType("string")
    if kind == "bool":
        return np.array([bool(v) if v is not None else False for v in values], dtype=np.bool_), mask, DataType("bool")
    if kind == "int":
        filled = [0 if v is None else int(v) for v in values]
        try:
            return np.array(filled, dtype=np.int64), mask, DataType("int64")
        except OverflowError:
            return np.array(filled, dtype=np.uint64), mask, DataType("uint64")
    if kind == "float":
        array = np.array([np.nan if v is None else float(v) for v in values], dtype=np.float64)
        if nan_to_null:
            nan = np.isnan(array)
            mask = nan if nan.any() else None
        return array, mask, DataType("float64")
    if kind == "date":
        days = [0 if v is None else (v - _EPOCH_DATE).days for v in values]
        return np.array(days, dtype=np.int32), mask, DataType("date32")
    if kind == "timestamp":
        return _timestamps_from_objects(values, mask)
    if kind == "list":
        return _lists_from_objects(values, mask, nan_to_null)
    if kind == "struct":
        return _structs_from_objects(values, mask, nan_to_null)
    return _decimals_from_objects(values, mask)


def _lists_from_objects(values, mask, nan_to_null):
    """A list column: (offsets, the elements' physical values) as the engine takes it."""
    offsets, elements = [0], []
    for value in values:
        if value is not None:
            elements.extend(value)
        offsets.append(len(elements))
    element_values, element_mask, element_type = _physical_from_objects(elements, nan_to_null)
    physical = (np.array(offsets, dtype=np.int64), (element_values, element_mask))
    return physical, mask, DataType.list(element_type)


def _structs_from_objects(values, mask, nan_to_null):
    """A struct column: one physical column per key, keys in first-seen order."""
    names = list(dict.fromkeys(key for value in values if value is not None for key in value))
    if any(not isinstance(name, str) for name in names):
        raise InvalidInputError("struct values need str keys")
    fields, types = [], []
    for name in names:
        field_values, field_mask, field_type = _physical_from_objects(
            [None if value is None else value.get(name) for value in values], nan_to_null)
        fields.append((field_values, field_mask))
        types.append(field_type)
    return fields, mask, DataType.struct(names, types)


def _timestamps_from_objects(values, mask):
    zones = {_zone_name(v) for v in values if v is not None}
    if len(zones) > 1:
        raise InvalidInputError(f"a timestamp column mixes time zones {sorted(map(str, zones))}")
    zone = zones.pop() if zones else ""
    micros = []
    for value in values:
        if value is None:
            micros.append(0)
            continue
        if value.tzinfo is not None:
            value = value.astimezone(datetime.timezone.utc).replace(tzinfo=None)
        delta = value - _EPOCH
        micros.append((delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds)
    return np.array(micros, dtype=np.int64), mask, DataType.timestamp(zone)


def _zone_name(value):
    if value.tzinfo is None:
        return ""
    key = getattr(value.tzinfo, "key", None) or getattr(value.tzinfo, "zone", None)
    if key:
        return key
    if value.utcoffset() == datetime.timedelta(0):
        return "UTC"
    raise NotSupportedError(f"time zone {value.tzinfo!r} has no IANA name; use zoneinfo time zones")


def _decimals_from_objects(values, mask):
    scale = 0
    for value in values:
        if value is not None:
            exponent = value.as_tuple().exponent
            if not isinstance(exponent, int):
                raise InvalidInputError(f"decimal value {value} is not finite")
            scale = max(scale, -exponent)
    if scale > 38:
        raise InvalidInputError(f"decimal values need {scale} digits after the point; at most 38 fit")
    unscaled = [0 if v is None else int(v.scaleb(scale)) for v in values]
    return _decimal_words(unscaled), mask, DataType.decimal128(38, scale)


def _decimal_words(unscaled):
    """Returns (n, 2) uint64 little-endian words of 128-bit two's complement ints."""
    words = np.zeros((len(unscaled), 2), dtype=np.uint64)
    limit = 1 << 127
    for row, value in enumerate(unscaled):
        if not -limit <= value < limit:
            raise InvalidInputError(f"decimal value {value} does not fit 128 bits")
        value &= (1 << 128) - 1
        words[row, 0] = value & 0xFFFFFFFFFFFFFFFF
        words[row, 1] = value >> 64
    return words


def _is_pandas_series(values):
    return type(values).__module__.startswith("pandas") and type(values).__name__ == "Series"


def _physical_from_pandas(series, nan_to_null):
    import pandas as pd

    dtype = series.dtype
    if isinstance(dtype, pd.DatetimeTZDtype):
        mask = series.isna().to_numpy()
        micros = series.dt.tz_convert("UTC").dt.tz_localize(None).to_numpy().astype("datetime64[us]").astype(np.int64)
        return micros, (mask if mask.any() else None), DataType.timestamp(str(dtype.tz))
    if isinstance(dtype, pd.CategoricalDtype):
        return _physical_from_objects([None if pd.isna(v) else v for v in series.astype(object)], nan_to_null)
    if isinstance(dtype, pd.api.extensions.ExtensionDtype) and hasattr(series.array, "_mask"):
        # Masked extension arrays (Int64, UInt8, boolean, Float64): the data and the mask.
        data = series.array._data
        mask = np.asarray(series.array._mask, dtype=np.bool_)
        name = _NUMPY_TO_LODE[data.dtype]
        return data, (mask if mask.any() else None), DataType(name)
    if isinstance(dtype, pd.StringDtype):
        return _physical_from_objects([None if pd.isna(v) else v for v in series.astype(object)], nan_to_null)
    array = series.to_numpy()
    if array.dtype == object:
        return _physical_from_objects([None if _is_missing(v) else v for v in array], nan_to_null)
    return _physical_from_numpy(array, nan_to_null)


def _is_missing(value):
    if value is None:
        return True
    if isinstance(value, float) and value != value:
        return True
    return type(value).__name__ in ("NaTType", "NAType")


def _cast_physical(values, mask, source, target):
    """Converts physical values of type `source` to `target` (numeric, from ints to decimals, ...)."""
    source_name, target_name = source.name, target.name
    if source_name == "string" and all(v is None for v in values):
        # An all-null column takes any type.
        return _empty_physical(len(values), target), np.ones(len(values), dtype=np.bool_)
    if source_name.startswith("list<") and target_name.startswith("list<"):
        offsets, (element_values, element_mask) = values
        element = _cast_physical(element_values, element_mask, source.children[0], target.children[0])
        return (offsets, element), mask
    if source_name.startswith("struct<") and target_name.startswith("struct<"):
        if source.field_names != target.field_names:
            raise InvalidInputError(f"struct fields {source.field_names} do not match {target.field_names}")
        fields = [_cast_physical(field_values, field_mask, source_field, target_field)
                  for (field_values, field_mask), source_field, target_field
                  in zip(values, source.children, target.children)]
        return fields, mask
    if target_name in _LODE_TO_NUMPY and isinstance(values, np.ndarray) and values.dtype.kind in "biuf":
        numpy_type = _LODE_TO_NUMPY[target_name]
        filled = values if mask is None else np.where(mask, 0, values)
        converted = filled.astype(numpy_type)
        if numpy_type.kind != "f" and not np.array_equal(converted.astype(filled.dtype), filled):
            raise InvalidInputError(f"values do not fit {target_name} (from {source_name})")
        return converted, mask
    if target.timezone != source.timezone and source_name.startswith("timestamp") and target_name.startswith("timestamp"):
        return values, mask
    if target_name.startswith("decimal128") and source_name.startswith("decimal128"):
        shift = target.scale - source.scale
        unscaled = _decimal_ints(values)
        if shift < 0 and any(v % 10**-shift for v in unscaled):
            raise InvalidInputError(f"values have more digits after the point than {target_name} keeps")
        unscaled = [v * 10**shift if shift >= 0 else v // 10**-shift for v in unscaled]
        bound = 10**target.precision
        if any(abs(v) >= bound for v in unscaled):
            raise InvalidInputError(f"values have more digits than {target_name} holds")
        return _decimal_words(unscaled), mask
    if target_name.startswith("decimal128") and source.is_integer():
        return _cast_physical(_decimal_words([int(v) for v in values]), mask, DataType.decimal128(38, 0), target)
    raise NotSupportedError(f"cannot build a {target_name} column from {source_name} values")


def _empty_physical(length, data_type):
    name = data_type.name
    if name.startswith("list<"):
        element = data_type.children[0]
        return np.zeros(length + 1, dtype=np.int64), (_empty_physical(0, element), None)
    if name.startswith("struct<"):
        return [(_empty_physical(length, field), None) for field in data_type.children]
    if name == "string":
        return [None] * length
    if name.startswith("decimal128"):
        return np.zeros((length, 2), dtype=np.uint64)
    if name == "date32":
        return np.zeros(length, dtype=np.int32)
    if name.startswith("timestamp"):
        return np.zeros(length, dtype=np.int64)
    return np.zeros(length, dtype=_LODE_TO_NUMPY[name])


def _decimal_ints(words):
    result = []
    for low, high in words.tolist():
        value = (int(high) << 64) | int(low)
        result.append(value - (1 << 128) if value >= 1 << 127 else value)
    return result


# --------------------------------------------------------------- outbound


def column_to_numpy(table, index, zero_copy_only=False):
    """Returns column `index` as a 1-d numpy array (nulls: NaN, NaT or None)."""
    values, mask = table.column_data(index)
    data_type = table.types[index]
    name = data_type.name
    nested = data_type.is_nested()
    if zero_copy_only and (mask is not None or nested or name in ("bool", "string") or name.startswith("decimal128")):
        raise InvalidInputError(f"column '{table.names[index]}' of type {name} cannot be viewed without a copy")
    if nested:
        items = column_to_list(table, index)
        result = np.empty(len(items), dtype=object)
        for row, item in enumerate(items):  # element-wise: numpy would make lists a 2-d array
            result[row] = item
        return result
    if name == "string":
        return np.array(values, dtype=object)
    if name == "date32":
        result = values.view("datetime64[D]")
        return _with_nulls(result, mask, np.datetime64("NaT"))
    if name.startswith("timestamp"):
        result = values.view("datetime64[us]")
        return _with_nulls(result, mask, np.datetime64("NaT"))
    if name.startswith("decimal128"):
        return np.array(column_to_list(table, index), dtype=object)
    if mask is None:
        return values
    if name == "bool":
        result = values.astype(object)
        result[mask] = None
        return result
    result = values.astype(np.float64) if values.dtype.kind in "iu" else values.copy()
    result[mask] = np.nan
    return result


def _with_nulls(values, mask, null_value):
    if mask is None:
        return values
    result = values.copy()
    result[mask] = null_value
    return result


def column_to_list(table, index):
    """Returns column `index` as a list of Python values (None for null)."""
    values, mask = table.column_data(index)
    return values_to_list(table.types[index], values, mask)


def values_to_list(data_type, values, mask):
    """Returns a column's (values, mask), as the engine hands them out, as a
    list of Python values: lists become lists and structs dicts."""
    name = data_type.name
    if name.startswith("list<"):
        offsets, (element_values, element_mask) = values
        elements = values_to_list(data_type.children[0], element_values, element_mask)
        offsets = offsets.tolist()
        return [None if mask is not None and mask[row] else elements[offsets[row]:offsets[row + 1]]
                for row in range(len(offsets) - 1)]
    if name.startswith("struct<"):
        fields = [values_to_list(field_type, *field_data)
                  for field_type, field_data in zip(data_type.children, values)]
        length = len(mask) if mask is not None else (len(fields[0]) if fields else 0)
        names = data_type.field_names
        return [None if mask is not None and mask[row] else {n: f[row] for n, f in zip(names, fields)}
                for row in range(length)]
    if name == "string":
        return values
    if name == "date32":
        convert_one = lambda days: _EPOCH_DATE + datetime.timedelta(days=days)  # noqa: E731
    elif name.startswith("timestamp"):
        zone = _zone(data_type.timezone)
        convert_one = lambda micros: _timestamp(micros, zone)  # noqa: E731
    elif name.startswith("decimal128"):
        scale = data_type.scale
        return [None if mask is not None and mask[row] else decimal.Decimal(v).scaleb(-scale)
                for row, v in enumerate(_decimal_ints(values))]
    else:
        convert_one = None
    result = values.tolist()
    if convert_one is not None:
        try:
            result = [None if mask is not None and mask[row] else convert_one(v) for row, v in enumerate(result)]
        except OverflowError:
            raise errors.InvalidInputError(
                f"a {name} value is outside the years 1 to 9999 that Python's datetime holds; "
                "cast it to a string or an integer first") from None
    elif mask is not None:
        for row in np.flatnonzero(mask).tolist():
            result[row] = None
    return result


def _zone(name):
    if not name:
        return None
    import zoneinfo

    return datetime.timezone.utc if name == "UTC" else zoneinfo.ZoneInfo(name)


def _timestamp(micros, zone):
    value = _EPOCH + datetime.timedelta(microseconds=micros)
    if zone is None:
        return value
    return value.replace(tzinfo=datetime.timezone.utc).astimezone(zone)


def column_to_pandas(table, index):
    """Returns column `index` as the values of a pandas Series, keeping nulls
    as pandas' nullable types do (Int64, boolean; NaN for floats; NaT)."""
    import pandas as pd

    values, mask = table.column_data(index)
    data_type = table.types[index]
    name = data_type.name
    if name in _LODE_TO_NUMPY and name != "bool" and values.dtype.kind in "iu" and mask is not None:
        return pd.arrays.IntegerArray(values.copy(), mask.copy())
    if name == "bool" and mask is not None:
        return pd.arrays.BooleanArray(values, mask)
    if name == "date32":
        return np.array(column_to_list(table, index), dtype=object)
    if name.startswith("timestamp"):
        return _timestamps_to_pandas(values, mask, data_type.timezone)
    return column_to_numpy(table, index)


def _timestamps_to_pandas(micros, mask, zone):
    import pandas as pd

    low, high = pd.Timestamp.min.value // 1000, pd.Timestamp.max.value // 1000
    valid = micros if mask is None else micros[~mask]
    if len(valid) and (valid.min() < low or valid.max() > high):
        raise NotSupportedError("a timestamp is outside pandas' nanosecond range (years 1677-2262)")
    result = pd.DatetimeIndex(_with_nulls(micros.view("datetime64[us]"), mask, np.datetime64("NaT")).astype("datetime64[ns]"))
    if zone:
        result = result.tz_localize("UTC").tz_convert(zone)
    return result
