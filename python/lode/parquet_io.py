"""Reading and writing Parquet files.

lode owns its Parquet code (footer, pages, encodings and codecs are decoded
in C++ from the format's specification); this module is the Python face of
it: ``lode.read_parquet`` (which is ``scan_parquet(...).collect()``),
``lode.scan_parquet`` and ``DataFrame.write_parquet``.
"""

import os

from lode import _lode
from lode.errors import InvalidInputError


def _paths(source):
    if isinstance(source, (str, os.PathLike)):
        return [os.fspath(source)]
    if isinstance(source, (list, tuple)) and source and all(isinstance(p, (str, os.PathLike)) for p in source):
        return [os.fspath(p) for p in source]
    raise InvalidInputError(f"read_parquet takes a path, a glob or a list of paths, got {type(source).__name__}")


def read_parquet(source, columns=None, *, hive_partitioning=True):
    """Reads Parquet files into a DataFrame.

    Parameters
    ----------
    source : str, os.PathLike or list of them
        A file, a glob (``"data/*.parquet"``) or a folder (read recursively;
        ``key=value`` folders become columns).
    columns : list of str, optional
        The columns to read (only their column chunks are read and
        decompressed). By default all columns.
    hive_partitioning : bool
        Whether ``key=value`` folders in the paths become columns.

    Returns
    -------
    DataFrame

    Raises
    ------
    lode.IOError
        A path that does not exist or cannot be read.
    lode.ParseError
        A damaged file; the message names the file, row group and column
        (the first damaged row group in file order, as ``scan_parquet``).
    lode.NotSupportedError
        Encrypted files, nested columns (lists, maps, structs) and codecs
        lode was built without.
    lode.SchemaError
        An unknown column, or files whose schemas differ.

    Examples
    --------
    >>> import lode, tempfile, os
    >>> path = os.path.join(tempfile.mkdtemp(), "example.parquet")
    >>> lode.DataFrame({"a": [1, 2, 3], "b": ["x", "y", None]}).write_parquet(path)
    >>> lode.read_parquet(path, columns=["b"]).to_dict()
    {'b': ['x', 'y', None]}
    """
    from lode.lazy import LazyFrame

    if columns is not None:
        if isinstance(columns, str):
            columns = [columns]
        columns = [str(name) for name in columns]
        if not columns:
            raise InvalidInputError("columns=[] selects no column; pass None to read them all")
    # The projection is the scan's own: only these column chunks are read.
    return LazyFrame(_lode.plan_scan_parquet(_paths(source), hive_partitioning, columns)).collect()


def write_parquet(frame, path, *, compression="snappy", row_group_size=None):
    """Writes a DataFrame to a Parquet file (``DataFrame.write_parquet``).

    The file is written beside its target under a temporary name and renamed
    into place at the end, so a failed write leaves no file behind. Columns
    are dictionary-encoded where their distinct values fit 1 MiB (plain
    otherwise), with min/max/null-count statistics for row-group pruning.

    Parameters
    ----------
    frame : DataFrame
    path : str or os.PathLike
    compression : str
        "snappy" (default), "zstd", "gzip", "lz4" (LZ4_RAW), "brotli" or
        "uncompressed".
    row_group_size : int, optional
        Rows per row group (default 1,048,576).

    Raises
    ------
    lode.InvalidInputError
        An unknown compression (with a suggestion) or row_group_size < 1.
    lode.IOError
        The file cannot be written (missing folder, disk full, ...).

    Examples
    --------
    >>> import lode, tempfile, os
    >>> path = os.path.join(tempfile.mkdtemp(), "out.parquet")
    >>> lode.DataFrame({"x": [1.5, None]}).write_parquet(path, compression="zstd", row_group_size=1)
    >>> lode.read_parquet(path).to_dict()
    {'x': [1.5, None]}
    """
    if row_group_size is not None and int(row_group_size) < 1:
        raise InvalidInputError(f"row_group_size must be at least 1, got {row_group_size}")
    _lode.write_parquet(frame._table, os.fspath(path), str(compression).lower(),
                        int(row_group_size or 0))


def scan_parquet(source, *, hive_partitioning=True):
    """Returns a LazyFrame that reads Parquet files when collected.

    The query's columns and filters go into the reader: only the needed
    column chunks are read and decompressed, and row groups whose
    statistics (or dictionaries, or Hive partition values) rule out every
    row are skipped; ``profile()`` shows how many.

    Parameters
    ----------
    source : str, os.PathLike or list of them
        A file, a glob, a folder (read recursively), or a list of them.
    hive_partitioning : bool
        Adds ``key=value`` folder names as columns.

    Examples
    --------
    >>> import lode, tempfile, os
    >>> path = os.path.join(tempfile.mkdtemp(), "t.parquet")
    >>> lode.DataFrame({"a": [1, 2, 3], "b": ["x", "y", "z"]}).write_parquet(path)
    >>> lode.scan_parquet(path).filter(lode.col("a") > 1).select("b").collect().to_dict()
    {'b': ['y', 'z']}
    """
    from lode.lazy import LazyFrame

    return LazyFrame(_lode.plan_scan_parquet(_paths(source), hive_partitioning))
