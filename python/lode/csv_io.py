"""Reading CSV files: :func:`read_csv`.

The reader sniffs what it is not told (separator, quote, header, column
types) from the start of the first file, then reads all files in parallel,
splitting big files at record boundaries. ``read_csv`` is
``scan_csv(...).collect()``: one reading path, so both raise the same error
for the same file. See docs in ``read_csv``.
"""

import collections
import os
import warnings

from lode import _lode
from lode.datatypes import as_data_type
from lode.errors import InvalidInputError, NotSupportedError

CsvReject = collections.namedtuple("CsvReject", ["path", "line", "column", "text", "reason"])
CsvReject.__doc__ = """A row that ``on_error="skip"`` left out: where, its raw text (bytes), and why."""


class SkippedRowsWarning(UserWarning):
    """Warns that ``on_error="skip"`` left rows out of a CSV read."""


_ON_ERROR = ("raise", "skip")


def _one_char(name, value, allow_none=True):
    if value is None:
        return None
    if not isinstance(value, str) or len(value) > 1 or (not value and not allow_none):
        raise InvalidInputError(f"{name} must be a single character, got {value!r}")
    if value and len(value.encode()) != 1:
        raise InvalidInputError(f"{name} must be a single-byte (ASCII) character, got {value!r}")
    return value


def _type_list(name, mapping):
    if mapping is None:
        return []
    if not isinstance(mapping, dict):
        raise InvalidInputError(f"{name} must be a dict of column name to type, got {type(mapping).__name__}")
    return [(str(column), as_data_type(dtype)) for column, dtype in mapping.items()]


def _paths(source):
    if isinstance(source, (str, os.PathLike)):
        return [os.fspath(source)]
    paths = [os.fspath(path) for path in source]
    if not paths:
        raise InvalidInputError("read_csv needs at least one path")
    return paths


def _null_values(null_values):
    if null_values is None:
        return [""]
    if isinstance(null_values, str):
        return [null_values]
    return [str(value) for value in null_values]


def _arguments(separator, quote_char, escape_char, has_header, skip_rows, comment_prefix, null_values, columns,
               schema, schema_overrides, date_format, timestamp_format, infer_schema_length, encoding, on_error,
               rejects, n_rows, batch_rows, split_bytes, null_padding, hive_partitioning):
    if on_error not in _ON_ERROR:
        raise InvalidInputError(f"on_error must be one of {_ON_ERROR}, got {on_error!r}")
    if encoding.lower().replace("-", "").replace("_", "") not in ("utf8", "utf8sig"):
        raise NotSupportedError(f"encoding {encoding!r}: lode reads UTF-8 (a BOM is dropped); "
                                "convert the file first, for example with iconv")
    if rejects is not None and not isinstance(rejects, list):
        raise InvalidInputError("rejects must be a list, which read_csv fills with CsvReject rows")
    if rejects is not None and on_error != "skip":
        raise InvalidInputError('rejects= needs on_error="skip"')
    if infer_schema_length is None:
        infer_schema_length = 1 << 62
    return {
        "separator": _one_char("separator", separator, allow_none=False),
        "quote_char": _one_char("quote_char", quote_char),
        "escape_char": _one_char("escape_char", escape_char),
        "has_header": has_header,
        "skip_rows": None if skip_rows is None else int(skip_rows),
        "comment_prefix": comment_prefix or "",
        "null_values": _null_values(null_values),
        "columns": [str(column) for column in columns] if columns is not None else [],
        "schema": _type_list("schema", schema),
        "schema_overrides": _type_list("schema_overrides", schema_overrides),
        "date_format": date_format or "",
        "timestamp_format": timestamp_format or "",
        "infer_schema_length": int(infer_schema_length),
        "on_error": on_error,
        "keep_rejects": rejects is not None,
        "null_padding": bool(null_padding),
        "hive_partitioning": bool(hive_partitioning),
        "n_rows": -1 if n_rows is None else int(n_rows),
        "batch_rows": int(batch_rows),
        "split_bytes": int(split_bytes),
    }


def read_csv(source, *, separator=None, quote_char=None, escape_char=None, has_header=None, skip_rows=None,
             comment_prefix=None, null_values=None, columns=None, schema=None, schema_overrides=None,
             date_format=None, timestamp_format=None, infer_schema_length=20480, encoding="utf8",
             null_padding=False, on_error="raise", rejects=None, n_rows=None, hive_partitioning=True,
             batch_rows=65536, split_bytes=8 << 20):
    """Reads CSV files into a DataFrame.

    Whatever is not given is sniffed from the start of the first file:
    the separator (``,`` ``|`` ``;`` tab), the quote (``"`` or ``'``, with
    doubled or backslash escapes), whether the first row is a header, and
    each column's type (bool, int64, float64, date, timestamp, string). A
    column with mixed values is read as string. Empty unquoted fields are
    null; a quoted empty field (``""``) is the empty string.

    Parameters
    ----------
    source : str, os.PathLike or list of them
        A file, a glob (``"data/*.csv"``, ``"logs/**/*.csv"``) or a list.
        All files must have the same columns (see ``hive_partitioning``).
        gzip and zstd files are recognized by their content and decompressed.
    separator, quote_char, escape_char : str, optional
        One character each; ``quote_char=""`` turns quoting off.
        ``escape_char`` defaults to the quote (RFC 4180 ``""``).
    has_header : bool, optional
        Whether the first row names the columns; sniffed when None: it is
        the header when its values' types differ from the rows below or all
        are text. A file of one record is a header (an empty table) when its
        fields read like names: none empty, repeated, or a number, bool,
        date or time; else it is one row.
    skip_rows : int, optional
        Lines to drop before the header. When None, note lines above the
        table (fewer fields than the rows below) are found and skipped.
    comment_prefix : str, optional
        Lines starting with it (after spaces) are skipped, and outside
        quotes it ends a line's data (``1,2 # note`` reads as 1,2), as
        DuckDB's ``comment``. When None, ``#`` is tried if a line starts
        with it.
    null_values : str or list of str, optional
        Unquoted spellings of null (default: only the empty field).
    columns : list of str, optional
        Columns to return (in file order); the others are not converted.
    schema : dict, optional
        Every column's name and type, in file order; turns sniffing off.
    schema_overrides : dict, optional
        Types of some columns, by name (``{"zip": lode.String}``).
    date_format, timestamp_format : str, optional
        strftime-like patterns (``"%d/%m/%Y"``); ISO 8601 and common
        patterns are sniffed when None.
    infer_schema_length : int or None
        Rows sampled for the types (None: the whole sample); 0 reads all
        columns as strings.
    encoding : str
        "utf8" (a BOM is dropped); other encodings raise NotSupportedError.
    null_padding : bool
        Read rows with too few fields, the missing ones null (rows with too
        many fields stay malformed).
    on_error : {"raise", "skip"}
        What a malformed row does: raise lode.ParseError naming file, line
        and column, or be skipped (a SkippedRowsWarning says how many).
    rejects : list, optional
        With on_error="skip", filled with a CsvReject per skipped row.
    n_rows : int, optional
        Stop after this many rows: the files are read in order from the
        start, and rows past the limit are neither converted nor checked.
    hive_partitioning : bool
        Add the ``key=value`` folders of the paths (``sales/year=2023/``)
        as columns after the file's own, one value per file: int64 when
        every file's value is an integer, date when every one is an ISO
        date, else string (``__HIVE_DEFAULT_PARTITION__`` is null). All
        files must have the same keys. Filters on these columns skip whole
        files in ``scan_csv``.

    Returns
    -------
    DataFrame

    Raises
    ------
    lode.ParseError
        A malformed row (wrong field count, unterminated quote, a value that
        does not fit its column's type), with ``err.path``, ``err.line`` and
        ``err.column``.
    lode.IOError
        A file that does not exist or cannot be read.
    lode.CancelledError
        Ctrl-C during the read (it stops within a batch).

    When several rows are malformed, the error names the first of them in
    file order, however many threads read the file.

    Examples
    --------
    >>> import lode, tempfile, os
    >>> path = os.path.join(tempfile.mkdtemp(), "cities.csv")
    >>> _ = open(path, "w").write("city,temp\\nOslo,3.5\\nLima,19\\n")
    >>> df = lode.read_csv(path)
    >>> df.shape
    (2, 2)
    >>> [str(t) for t in df.dtypes]
    ['string', 'float64']
    """
    from lode.lazy import LazyFrame

    arguments = _arguments(separator, quote_char, escape_char, has_header, skip_rows, comment_prefix, null_values,
                           columns, schema, schema_overrides, date_format, timestamp_format, infer_schema_length,
                           encoding, on_error, rejects, n_rows, batch_rows, split_bytes, null_padding,
                           hive_partitioning)
    # The files' own projection (columns=) and row limit (n_rows=) are the scan's.
    scan = _lode.plan_scan_csv(_paths(source), arguments)
    frame = LazyFrame(scan).collect()
    skipped, kept = _lode.csv_scan_rejects(scan)
    if skipped:
        warnings.warn(f"read_csv skipped {skipped} malformed rows (on_error='skip')", SkippedRowsWarning,
                      stacklevel=2)
    if rejects is not None:
        rejects.extend(CsvReject(*row) for row in kept)
    return frame


def scan_csv(source, *, separator=None, quote_char=None, escape_char=None, has_header=None, skip_rows=None,
             comment_prefix=None, null_values=None, schema=None, schema_overrides=None, date_format=None,
             timestamp_format=None, infer_schema_length=20480, encoding="utf8", null_padding=False,
             on_error="raise", n_rows=None, hive_partitioning=True, batch_rows=65536, split_bytes=8 << 20):
    """Returns a LazyFrame that reads CSV files when collected.

    The options are read_csv's (the dialect and types are sniffed now, from
    the first file). The query's projection and filters go into the reader:
    only needed columns are converted, and filters run during the scan, split
    by split on all cores, so the files never load whole. A limit on the scan
    (``n_rows``, or ``head(n)`` right after it) reads the files in order and
    stops there: rows past it are neither converted nor checked.

    Examples
    --------
    >>> import lode, tempfile, os
    >>> path = os.path.join(tempfile.mkdtemp(), "t.csv")
    >>> lode.DataFrame({"a": [1, 2, 3], "b": ["x", "y", "z"]}).write_csv(path)
    >>> lode.scan_csv(path).filter(lode.col("a") > 1).select("b").collect().to_dict()
    {'b': ['y', 'z']}
    """
    from lode.lazy import LazyFrame

    arguments = _arguments(separator, quote_char, escape_char, has_header, skip_rows, comment_prefix, null_values,
                           None, schema, schema_overrides, date_format, timestamp_format, infer_schema_length,
                           encoding, on_error, None, n_rows, batch_rows, split_bytes, null_padding,
                           hive_partitioning)
    return LazyFrame(_lode.plan_scan_csv(_paths(source), arguments))
