"""LazyFrame: a query plan, optimized and run only when collected.

Every method returns a new LazyFrame; nothing runs until ``collect()``.
Column names and types are checked as each step is added, so a mistake is
reported where it was made.
"""

from lode import _lode
from lode.expr import Expr, _column_expr, _column_exprs, col


def _expressions(exprs, named):
    """Returns Expr handles for positional expressions (str = column) and name=expr pairs."""
    return _column_exprs(exprs) + [_column_expr(e).alias(name)._expr for name, e in named.items()]


def _flags(value, count, name):
    values = list(value) if isinstance(value, (list, tuple)) else [value] * count
    if len(values) != count:
        raise ValueError(f"{name} has {len(values)} entries for {count} sort keys")
    return [bool(v) for v in values]


class LazyFrame:
    """A lazy query over a DataFrame (and, later, files).

    Examples
    --------
    >>> import lode
    >>> df = lode.DataFrame({"g": ["a", "b", "a"], "x": [1, 2, 3]})
    >>> out = (df.lazy().group_by("g").agg(lode.col("x").sum())
    ...          .sort("g").collect())
    >>> out.to_dict()
    {'g': ['a', 'b'], 'x': [4, 2]}
    """

    def __init__(self, plan):
        self._plan = plan

    @property
    def columns(self):
        return list(self._plan.names)

    @property
    def schema(self):
        return dict(zip(self._plan.names, self._plan.types))

    @property
    def dtypes(self):
        return list(self._plan.types)

    def select(self, *exprs, **named):
        """Returns the given expressions as the columns (aggregates give one row)."""
        return LazyFrame(_lode.plan_select(self._plan, _expressions(exprs, named)))

    def with_columns(self, *exprs, **named):
        """Adds columns, or replaces those with the same name."""
        return LazyFrame(_lode.plan_with_columns(self._plan, _expressions(exprs, named)))

    def filter(self, *predicates):
        """Keeps the rows where all predicates are true (null counts as false)."""
        handles = _expressions(predicates, {})
        if not handles:
            raise ValueError("filter needs a predicate")
        combined = Expr(handles[0])
        for handle in handles[1:]:
            combined = combined & Expr(handle)
        return LazyFrame(_lode.plan_filter(self._plan, combined._expr))

    def group_by(self, *keys, maintain_order=False):
        """Groups rows by the keys; finish with .agg(...)."""
        return GroupBy(self, _expressions(keys, {}), maintain_order)

    def sort(self, by, *more_by, descending=False, nulls_last=False):
        """Sorts by one or more keys (stable). `descending` and `nulls_last`
        take one flag or one per key."""
        keys = _expressions([by, *more_by], {})
        return LazyFrame(_lode.plan_sort(self._plan, keys, _flags(descending, len(keys), "descending"),
                                         _flags(nulls_last, len(keys), "nulls_last")))

    def limit(self, n=5):
        """Returns the first n rows."""
        return LazyFrame(_lode.plan_limit(self._plan, 0, int(n)))

    head = limit

    def slice(self, offset, length=None):
        if offset < 0:
            raise ValueError("a lazy slice needs a non-negative offset")
        return LazyFrame(_lode.plan_limit(self._plan, int(offset), 2**62 if length is None else int(length)))

    def unique(self, subset=None, keep="any", maintain_order=False):
        """Drops rows that repeat on `subset` (all columns by default);
        keep: any, first, last or none (drop every repeated row)."""
        if isinstance(subset, str):
            subset = [subset]
        return LazyFrame(_lode.plan_distinct(self._plan, list(subset or []), keep, maintain_order))

    def join(self, other, on=None, how="inner", *, left_on=None, right_on=None, suffix="_right", nulls_equal=False):
        """Joins with another LazyFrame (or DataFrame) on key columns or expressions.

        Parameters
        ----------
        other : LazyFrame or DataFrame
        on, left_on, right_on : str, Expr or a list of them
            The keys: `on` for both sides, or `left_on` and `right_on`.
        how : str
            inner, left, right, full, semi, anti or cross.
        suffix : str
            Added to right column names that clash with left ones.
        nulls_equal : bool
            Let null keys match each other (by default, as in SQL, they never match).

        Raises
        ------
        lode.SchemaError
            Keys of types that do not match (integers of different widths are widened).

        Examples
        --------
        >>> import lode
        >>> a = lode.DataFrame({"k": [1, 2, 3], "x": ["a", "b", "c"]})
        >>> b = lode.DataFrame({"k": [2, 3, 3], "y": [20, 30, 31]})
        >>> a.lazy().join(b.lazy(), on="k").sort("y").collect().to_dict()
        {'k': [2, 3, 3], 'x': ['b', 'c', 'c'], 'y': [20, 30, 31]}
        """
        from lode.frame import DataFrame

        if isinstance(other, DataFrame):
            other = other.lazy()
        if how == "outer":
            how = "full"
        if how == "cross":
            left_keys, right_keys = [], []
        elif on is not None:
            left_keys = right_keys = on
        elif left_on is not None and right_on is not None:
            left_keys, right_keys = left_on, right_on
        else:
            raise ValueError("join needs on=... or both left_on=... and right_on=...")
        as_list = lambda keys: keys if isinstance(keys, (list, tuple)) else [keys]  # noqa: E731
        return LazyFrame(_lode.plan_join(self._plan, other._plan, _expressions(as_list(left_keys), {}),
                                         _expressions(as_list(right_keys), {}), how, suffix, bool(nulls_equal)))

    def drop_nulls(self, subset=None):
        """Drops rows with a null in any of `subset` (all columns by default)."""
        names = [subset] if isinstance(subset, str) else list(subset or self.columns)
        return self.filter(*[col(name).is_not_null() for name in names])

    def drop(self, *columns):
        dropped = {c for group in columns for c in ([group] if isinstance(group, str) else group)}
        return self.select([col(name) for name in self.columns if name not in dropped])

    def rename(self, mapping):
        return self.select([col(name).alias(mapping.get(name, name)) for name in self.columns])

    def collect(self, optimize=True, *, background=False):
        """Runs the query and returns a DataFrame.

        Parameters
        ----------
        optimize : bool
            Run the optimizer (pushdown, constant folding) first.
        background : bool
            Start the query on its own thread and return an InProcessQuery at once,
            as Polars does: ``cancel()`` stops it, ``fetch_blocking()`` waits for the
            DataFrame, ``fetch()`` returns it or None while it runs.

        Returns
        -------
        DataFrame, or InProcessQuery when background is true.

        Raises
        ------
        lode.CancelledError
            On Ctrl-C, or when a background query was cancelled.

        Examples
        --------
        >>> import lode
        >>> query = lode.DataFrame({"a": [1, 2, 3]}).lazy().filter(lode.col("a") > 1).collect(background=True)
        >>> query.fetch_blocking()["a"].to_list()
        [2, 3]
        """
        from lode.frame import DataFrame

        if background:
            return InProcessQuery(_lode.plan_collect_background(self._plan, optimize))
        return DataFrame._from_table(_lode.plan_collect(self._plan, optimize))

    def sink_csv(self, path, *, include_header=True, separator=",", quote_char='"', null_value="",
                 date_format=None, datetime_format=None):
        """Runs the query and streams its result into a CSV file, in order, without
        holding the whole result in memory; the file appears only once complete.

        Examples
        --------
        >>> import lode, tempfile, os
        >>> path = os.path.join(tempfile.mkdtemp(), "out.csv")
        >>> lode.DataFrame({"a": [1, 2, 3]}).lazy().filter(lode.col("a") > 1).sink_csv(path)
        >>> open(path).read()
        'a\\n2\\n3\\n'
        """
        _lode.plan_sink_csv(self._plan, str(path), include_header, separator, quote_char, null_value,
                            date_format or "", datetime_format or "")

    def sink_parquet(self, path, *, compression="snappy", row_group_size=None):
        """Runs the query and streams its result into a Parquet file, a row group at a
        time; the file appears only once complete. Compression: snappy, zstd, gzip,
        lz4, brotli or uncompressed."""
        _lode.plan_sink_parquet(self._plan, str(path), str(compression).lower(), int(row_group_size or 0))

    def explain(self, optimized=True, analyze=False, format="logical"):
        """Returns the (optimized) plan as text. analyze=True runs it and adds rows and
        time per operator. format="physical" shows the physical operators (with their
        parameters: join kinds, build sides, partitions) and the pipelines the engine
        cuts them into, one line per pipeline: source -> operators -> sink.

        Examples
        --------
        >>> import lode
        >>> lf = lode.DataFrame({"k": [1, 2, 1], "v": [1.0, 2.0, 3.0]}).lazy()
        >>> text = lf.group_by("k").agg(lode.col("v").sum()).explain(format="physical")
        >>> for line in text.split("pipelines:")[1].splitlines()[1:]:
        ...     print(line.strip())
        0: HASH_AGGREGATE -> COLLECT
        1: SCAN -> HASH_AGGREGATE
        """
        if analyze:
            _, text, seconds = _lode.plan_profile(self._plan, optimized)
            return f"{text}\ntotal: {seconds:.3f} s"
        return _lode.plan_explain(self._plan, optimized, format)

    def profile(self):
        """Runs the query; returns (DataFrame, plan text with rows and time per operator)."""
        from lode.frame import DataFrame

        table, text, seconds = _lode.plan_profile(self._plan, True)
        return DataFrame._from_table(table), f"{text}\ntotal: {seconds:.3f} s"

    def __repr__(self):
        return f"<lode.LazyFrame>\n{self.explain(optimized=False)}"


class GroupBy:
    """The result of group_by(); call .agg(...)."""

    def __init__(self, frame, keys, maintain_order):
        self._frame = frame
        self._keys = keys
        self._maintain_order = maintain_order

    def agg(self, *aggs, **named):
        """Aggregates each group: expressions with aggregates (``col("x").sum()``,
        ``(col("a") * col("b")).mean()``, ``col("a").max() - col("b").min()``)."""
        plan = _lode.plan_group_by(self._frame._plan, self._keys, _expressions(aggs, named))
        result = LazyFrame(plan)
        if self._maintain_order:
            raise NotImplementedError("group_by(maintain_order=True); sort the result by the keys instead")
        return result

    def len(self):
        from lode.expr import count_rows

        return self.agg(count_rows())


def concat(frames):
    """Returns the rows of several frames with the same schema, one after the other.

    Examples
    --------
    >>> import lode
    >>> a = lode.DataFrame({"x": [1, 2]})
    >>> lode.concat([a, a]).to_dict()
    {'x': [1, 2, 1, 2]}
    """
    from lode.frame import DataFrame

    frames = list(frames)
    if not frames:
        raise ValueError("concat needs at least one frame")
    eager = all(isinstance(frame, DataFrame) for frame in frames)
    plans = [(frame.lazy() if isinstance(frame, DataFrame) else frame)._plan for frame in frames]
    result = LazyFrame(_lode.plan_union(plans))
    return result.collect() if eager else result


class InProcessQuery:
    """A query running in the background (``LazyFrame.collect(background=True)``)."""

    def __init__(self, handle):
        self._handle = handle

    def cancel(self):
        """Asks the query to stop; fetch_blocking() then raises lode.CancelledError."""
        self._handle.cancel()

    def fetch(self):
        """Returns the DataFrame if the query has finished, else None."""
        return self.fetch_blocking() if self._handle.is_done() else None

    def fetch_blocking(self):
        """Waits for the query and returns its DataFrame (or raises its error)."""
        from lode.frame import DataFrame

        return DataFrame._from_table(self._handle.fetch_blocking())
