"""DataFrame and Series: eager, immutable tables held by the C++ engine.

A DataFrame wraps an engine table (schema plus batches of Arrow-layout
columns). Operations that select rows or columns share the table's buffers;
conversions to numpy share them too where the types allow.
"""

import numpy as np

from lode import _lode, convert, formatting
from lode.errors import InvalidInputError


class DataFrame:
    """A table of named, typed columns.

    Parameters
    ----------
    data : dict, pandas.DataFrame or None
        A dict of column name to values (list, numpy array or pandas Series),
        or a pandas DataFrame (as from_pandas).
    schema : dict, optional
        Column name to data type (a lode type or its name) for columns whose
        type should not be inferred.

    Raises
    ------
    lode.InvalidInputError
        Columns of different lengths, or values that fit no type.

    Examples
    --------
    >>> import lode
    >>> df = lode.DataFrame({"a": [1, 2, None], "b": ["x", "y", "z"]})
    >>> df.shape
    (3, 2)
    >>> df.dtypes
    [int64, string]
    """

    def __init__(self, data=None, schema=None):
        if data is None:
            data = {}
        if type(data).__module__.startswith("pandas") and type(data).__name__ == "DataFrame":
            self._table = _table_from_pandas(data, schema, nan_to_null=True)
            return
        if not isinstance(data, dict):
            raise InvalidInputError(f"DataFrame takes a dict of columns or a pandas DataFrame, got {type(data).__name__}")
        schema = dict(schema or {})
        unknown = set(schema) - set(data)
        if unknown:
            raise InvalidInputError(f"schema names columns that are not in the data: {sorted(unknown)}")
        names = [str(name) for name in data]
        columns = [convert.column_from_values(name, values, schema.get(name)) for name, values in zip(names, data.values())]
        self._table = _lode.table_from_columns(names, columns)

    @classmethod
    def _from_table(cls, table):
        frame = cls.__new__(cls)
        frame._table = table
        return frame

    # ------------------------------------------------------------ shape

    @property
    def shape(self):
        """(rows, columns)."""
        return (self._table.num_rows, self._table.num_columns)

    @property
    def height(self):
        return self._table.num_rows

    @property
    def width(self):
        return self._table.num_columns

    def __len__(self):
        return self._table.num_rows

    @property
    def columns(self):
        """The column names, in order."""
        return list(self._table.names)

    @property
    def dtypes(self):
        """The column types, in order."""
        return list(self._table.types)

    @property
    def schema(self):
        """A dict of column name to data type, in column order."""
        return dict(zip(self._table.names, self._table.types))

    def estimated_size(self):
        """Returns the bytes of memory the columns' buffers hold."""
        return self._table.memory_bytes()

    # ------------------------------------------------------------ selection

    def head(self, n=5):
        """Returns the first `n` rows (all but the last -n when n < 0)."""
        return self.slice(0, n if n >= 0 else max(self.height + n, 0))

    def tail(self, n=5):
        """Returns the last `n` rows (all but the first -n when n < 0)."""
        count = n if n >= 0 else max(self.height + n, 0)
        return self.slice(max(self.height - count, 0), count)

    def slice(self, offset, length=None):
        """Returns `length` rows from `offset` (negative: from the end), sharing memory."""
        if offset < 0:
            offset = max(self.height + offset, 0)
        if length is None:
            length = self.height - offset
        if length < 0:
            raise InvalidInputError(f"slice length must not be negative, got {length}")
        return DataFrame._from_table(self._table.slice(offset, length))

    def __getitem__(self, key):
        if isinstance(key, str):
            return Series._from_table(self._table.select([key]))
        if isinstance(key, slice):
            start, stop, step = key.indices(self.height)
            if step != 1:
                raise InvalidInputError("row slices with a step are not supported")
            return self.slice(start, max(stop - start, 0))
        if isinstance(key, (list, tuple)) and all(isinstance(k, str) for k in key):
            return DataFrame._from_table(self._table.select(list(key)))
        raise InvalidInputError(f"cannot index a DataFrame with {key!r}; use a column name, a list of names or a row slice")

    def get_column(self, name):
        """Returns the named column as a Series."""
        return self[name]

    # ------------------------------------------------------------ queries

    def lazy(self):
        """Returns a LazyFrame that reads this DataFrame."""
        from lode.lazy import LazyFrame

        return LazyFrame(_lode.plan_scan_table(self._table))

    def select(self, *exprs, **named):
        return self.lazy().select(*exprs, **named).collect()

    def with_columns(self, *exprs, **named):
        return self.lazy().with_columns(*exprs, **named).collect()

    def filter(self, *predicates):
        return self.lazy().filter(*predicates).collect()

    def group_by(self, *keys, maintain_order=False):
        return _EagerGroupBy(self.lazy().group_by(*keys, maintain_order=maintain_order))

    def sort(self, by, *more_by, descending=False, nulls_last=False):
        return self.lazy().sort(by, *more_by, descending=descending, nulls_last=nulls_last).collect()

    def unique(self, subset=None, keep="any", maintain_order=False):
        return self.lazy().unique(subset, keep, maintain_order).collect()

    def drop(self, *columns):
        return self.lazy().drop(*columns).collect()

    def drop_nulls(self, subset=None):
        return self.lazy().drop_nulls(subset).collect()

    def join(self, other, on=None, how="inner", **options):
        """Joins with another DataFrame; see LazyFrame.join."""
        return self.lazy().join(other, on, how, **options).collect()

    def rename(self, mapping):
        return self.lazy().rename(mapping).collect()

    def limit(self, n=5):
        return self.head(n)

    # ------------------------------------------------------------ conversion

    def to_dict(self, as_series=False):
        """Returns a dict of column name to list of values (or to Series)."""
        if as_series:
            return {name: self[name] for name in self.columns}
        return {name: convert.column_to_list(self._table, i) for i, name in enumerate(self.columns)}

    def to_pandas(self):
        """Returns a pandas DataFrame; nulls become pandas' missing values
        (nullable Int64/boolean columns, NaN, NaT, None)."""
        import pandas as pd

        data = {name: convert.column_to_pandas(self._table, i) for i, name in enumerate(self.columns)}
        return pd.DataFrame(data, columns=self.columns, index=pd.RangeIndex(self.height))

    def to_numpy(self):
        """Returns a 2-d numpy array (rows x columns) of the columns' common type.
        A single numeric column without nulls is returned without a copy."""
        arrays = [convert.column_to_numpy(self._table, i) for i in range(self.width)]
        if len(arrays) == 1:
            return arrays[0].reshape(-1, 1)
        if not arrays:
            return np.empty((self.height, 0))
        return np.column_stack(arrays)

    def write_csv(self, path, *, include_header=True, separator=",", quote_char='"', null_value="",
                  date_format=None, datetime_format=None):
        """Writes the table as CSV; the file appears only once complete.

        ``date_format`` and ``datetime_format`` are strftime-like patterns
        (``"%d/%m/%Y"``); ISO 8601 when None."""
        self._table.write_csv(str(path), include_header, separator, quote_char, null_value,
                              date_format or "", datetime_format or "")

    def write_parquet(self, path, *, compression="snappy", row_group_size=None):
        """Writes the frame to a Parquet file; see lode.parquet_io.write_parquet for the options.

        Examples
        --------
        >>> import lode, tempfile, os
        >>> path = os.path.join(tempfile.mkdtemp(), "frame.parquet")
        >>> lode.DataFrame({"a": [1, 2]}).write_parquet(path)
        >>> lode.read_parquet(path).shape
        (2, 1)
        """
        from lode.parquet_io import write_parquet
        write_parquet(self, path, compression=compression, row_group_size=row_group_size)

    # ------------------------------------------------------------ display

    def __repr__(self):
        return formatting.render_table(self._table, f"shape: {self.shape}")

    def equals(self, other):
        """Returns True when both frames have the same schema and values (nulls equal)."""
        return isinstance(other, DataFrame) and self.schema == other.schema and self.to_dict() == other.to_dict()


class _EagerGroupBy:
    def __init__(self, lazy_group_by):
        self._group_by = lazy_group_by

    def agg(self, *aggs, **named):
        return self._group_by.agg(*aggs, **named).collect()

    def len(self):
        return self._group_by.len().collect()


class Series:
    """One named, typed column.

    Examples
    --------
    >>> import lode
    >>> s = lode.DataFrame({"a": [1, 2, 3]})["a"]
    >>> s.name, len(s), s.to_list()
    ('a', 3, [1, 2, 3])
    """

    def __init__(self, name, values, dtype=None):
        column = convert.column_from_values(str(name), values, dtype)
        self._table = _lode.table_from_columns([str(name)], [column])

    @classmethod
    def _from_table(cls, table):
        series = cls.__new__(cls)
        series._table = table
        return series

    @property
    def name(self):
        return self._table.names[0]

    @property
    def dtype(self):
        return self._table.types[0]

    def __len__(self):
        return self._table.num_rows

    def null_count(self):
        values, mask = self._table.column_data(0)
        return 0 if mask is None else int(mask.sum())

    def to_list(self):
        return convert.column_to_list(self._table, 0)

    def to_numpy(self, zero_copy_only=False):
        """Returns the values as a numpy array; a numeric column without nulls
        is a read-only view of lode's memory (no copy)."""
        return convert.column_to_numpy(self._table, 0, zero_copy_only)

    def to_pandas(self):
        import pandas as pd

        return pd.Series(convert.column_to_pandas(self._table, 0), name=self.name)

    def to_frame(self):
        return DataFrame._from_table(self._table)

    def head(self, n=5):
        return self.to_frame().head(n)[self.name]

    def tail(self, n=5):
        return self.to_frame().tail(n)[self.name]

    def __getitem__(self, index):
        if isinstance(index, slice):
            return self.to_frame()[index][self.name]
        position = index + len(self) if index < 0 else index
        if not 0 <= position < len(self):
            raise IndexError(f"index {index} is out of range for a Series of length {len(self)}")
        return convert.column_to_list(self._table.slice(position, 1), 0)[0]

    def __iter__(self):
        return iter(self.to_list())

    def __repr__(self):
        return formatting.render_table(self._table, f"shape: ({len(self)},)")


def from_pandas(frame, schema=None, nan_to_null=True):
    """Returns a lode DataFrame with a pandas DataFrame's columns.

    Parameters
    ----------
    frame : pandas.DataFrame
    schema : dict, optional
        Column name to data type, for columns whose type should not be inferred.
    nan_to_null : bool
        Read float NaN as null, as pandas means it (default True).

    Examples
    --------
    >>> import lode, pandas as pd
    >>> lode.from_pandas(pd.DataFrame({"x": [1.5, None]}))["x"].to_list()
    [1.5, None]
    """
    return DataFrame._from_table(_table_from_pandas(frame, schema, nan_to_null))


def _table_from_pandas(frame, schema, nan_to_null):
    schema = dict(schema or {})
    names = [str(name) for name in frame.columns]
    if len(set(names)) != len(names):
        raise InvalidInputError("the pandas DataFrame has duplicate column names")
    columns = [convert.column_from_values(name, frame.iloc[:, i], schema.get(name), nan_to_null)
               for i, name in enumerate(names)]
    return _lode.table_from_columns(names, columns)
