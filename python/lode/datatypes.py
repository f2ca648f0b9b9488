"""Column data types.

A type is a :class:`lode.DataType`; the module-level names (``lode.Int64``,
``lode.String``, ...) are the parameterless ones, and
``lode.Decimal128(precision, scale)`` / ``lode.Timestamp(timezone)`` /
``lode.List(inner)`` / ``lode.Struct({"a": lode.Int64})`` build the others.
Anywhere a type is expected, its name ("int64", "string",
"decimal128(10, 2)", "list<int64>", "struct<a: int64>") works too.
"""

from lode._lode import DataType

Bool = DataType("bool")
Int8 = DataType("int8")
Int16 = DataType("int16")
Int32 = DataType("int32")
Int64 = DataType("int64")
UInt8 = DataType("uint8")
UInt16 = DataType("uint16")
UInt32 = DataType("uint32")
UInt64 = DataType("uint64")
Float32 = DataType("float32")
Float64 = DataType("float64")
String = DataType("string")
Date32 = DataType("date32")


def Timestamp(timezone=""):  # noqa: N802 - reads like the other type names
    """Returns the timestamp type (microseconds), optionally with a time zone name."""
    return DataType.timestamp(timezone or "")


def Decimal128(precision, scale):  # noqa: N802
    """Returns the decimal type with `precision` digits, `scale` after the point."""
    return DataType.decimal128(precision, scale)


def List(inner):  # noqa: N802
    """Returns the type of lists whose elements are of type `inner`.

    >>> List(Int64)
    list<int64>
    """
    return DataType.list(as_data_type(inner))


def Struct(fields):  # noqa: N802
    """Returns the struct type with the given fields, a dict of name to type.

    >>> Struct({"x": Float64, "tags": List(String)})
    struct<x: float64, tags: list<string>>
    """
    return DataType.struct(list(fields), [as_data_type(t) for t in fields.values()])


def as_data_type(value):
    """Returns `value` (a DataType or a type name) as a DataType."""
    if isinstance(value, DataType):
        return value
    if isinstance(value, str):
        return DataType(value)
    raise TypeError(f"expected a lode data type or its name, got {value!r}")
