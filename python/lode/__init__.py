"""lode: one analytical engine from a laptop-sized CSV to terabytes of Parquet.

    >>> import lode
    >>> df = lode.DataFrame({"city": ["Oslo", "Lima"], "temp": [3.5, 19.0]})
    >>> df.shape
    (2, 2)
"""

from lode import datagen
from lode.csv_io import CsvReject, SkippedRowsWarning, read_csv, scan_csv
from lode._lode import format_byte_size, memory_limit, memory_peak, memory_usage, reset_memory_peak
from lode._lode import set_memory_limit as _set_memory_limit
from lode._lode import set_temp_directory as _set_temp_directory
from lode._lode import set_temp_space_limit as _set_temp_space_limit
from lode._lode import temp_directory, temp_space_limit, temp_space_used, temp_space_peak, reset_temp_space_peak
from lode._lode import set_threads, threads
from lode.datatypes import (Bool, DataType, Date32, Decimal128, Float32, Float64, Int8, Int16, Int32, Int64,
                            List, String, Struct, Timestamp, UInt8, UInt16, UInt32, UInt64)
from lode.errors import (CancelledError, Error, InternalError, InvalidInputError, IOError, NotSupportedError,
                         OutOfMemoryError, ParseError, SchemaError, SQLSyntaxError)
from lode.expr import Expr, coalesce, col, concat_str, corr, lit, max_horizontal, min_horizontal, when
from lode.expr import count_rows as len  # noqa: A001 - lode.len() as in Polars
from lode.frame import DataFrame, Series, from_pandas
from lode.lazy import InProcessQuery, LazyFrame, concat
from lode.parquet_io import read_parquet, scan_parquet
from lode.sql_context import SQLContext, sql

__version__ = "0.1.0"


def set_memory_limit(size):
    """Sets the most memory lode may hold, as bytes or text ("4GB", "512MiB").

    Past the limit, an allocation raises lode.OutOfMemoryError instead of the
    operating system killing the process. The default is 80% of RAM.

    Examples
    --------
    >>> import lode
    >>> old = lode.memory_limit()
    >>> lode.set_memory_limit("4GB")
    >>> lode.memory_limit()
    4000000000
    >>> lode.set_memory_limit(old)
    """
    _set_memory_limit(size)


def set_temp_directory(path):
    """Sets the directory lode spills to when a query's state outgrows the
    memory limit (today: group_by aggregates); None or "" goes back to the
    default, $TMPDIR or else /tmp.

    Spill files have no name in it: they vanish when closed, however the
    query or the process ends. A full disk raises lode.IOError naming the
    directory.

    Examples
    --------
    >>> import lode
    >>> lode.set_temp_directory("/tmp")
    >>> lode.temp_directory()
    '/tmp'
    >>> lode.set_temp_directory(None)
    """
    _set_temp_directory("" if path is None else str(path))


def set_temp_space_limit(size):
    """Caps the bytes spill files may hold at once (bytes or text, "20GB");
    None removes the cap (the default). Spilling past it raises lode.IOError.

    Examples
    --------
    >>> import lode
    >>> lode.set_temp_space_limit("20GB")
    >>> lode.temp_space_limit()
    20000000000
    >>> lode.set_temp_space_limit(None)
    """
    _set_temp_space_limit(size)


def from_dict(data, schema=None):
    """Returns a DataFrame from a dict of column name to values."""
    return DataFrame(data, schema=schema)


__all__ = [
    "DataFrame", "Series", "LazyFrame", "concat", "Expr", "col", "lit", "when", "len", "corr", "coalesce", "concat_str", "max_horizontal", "min_horizontal",
    "from_pandas", "from_dict", "datagen", "read_csv", "scan_csv", "CsvReject", "SkippedRowsWarning", "read_parquet", "scan_parquet",
    "set_memory_limit", "memory_limit", "set_temp_directory", "temp_directory", "set_temp_space_limit",
    "temp_space_limit", "temp_space_used", "temp_space_peak", "reset_temp_space_peak", "set_threads", "threads", "memory_usage", "memory_peak", "reset_memory_peak", "format_byte_size",
    "DataType", "Bool", "Int8", "Int16", "Int32", "Int64", "UInt8", "UInt16", "UInt32", "UInt64",
    "Float32", "Float64", "String", "Date32", "Timestamp", "Decimal128", "List", "Struct",
    "Error", "InvalidInputError", "SchemaError", "ParseError", "IOError", "OutOfMemoryError",
    "CancelledError", "NotSupportedError", "InternalError", "SQLSyntaxError", "sql", "SQLContext",
]

from lode import _stress  # noqa: E402 - after the API it configures

_stress.apply_from_environment()
