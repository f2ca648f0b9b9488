"""SQL over lode's engine: ``lode.sql(query)`` and ``lode.SQLContext``.

A query becomes the same logical plan the LazyFrame API builds, so it is
optimized and run the same way; the result is a LazyFrame. Table names are
looked up, in order, among a SQLContext's registered tables, the keyword
tables of the call, then the DataFrames and LazyFrames named in the
caller's scope (its locals, then its globals). Quoted names are file paths:
``FROM 'data/*.parquet'``, ``FROM read_csv('x.csv', header=true)``.
"""

import sys

from lode import _lode
from lode.lazy import LazyFrame


def _as_plan(value):
    """Returns the plan of a DataFrame or LazyFrame, or None for anything else."""
    from lode.frame import DataFrame

    if isinstance(value, LazyFrame):
        return value._plan
    if isinstance(value, DataFrame):
        return value.lazy()._plan
    return None


def _is_frame(value):
    from lode.frame import DataFrame

    return isinstance(value, (DataFrame, LazyFrame))


class _Lookup:
    """The places a query's table names are looked up, in order."""

    def __init__(self, registered, keywords, caller):
        for name, value in keywords.items():
            if not _is_frame(value):
                raise TypeError(f"lode.sql: table {name}= must be a DataFrame or LazyFrame, got {type(value).__name__}")
        self._scopes = [registered, keywords]
        if caller is not None:
            self._scopes += [caller.f_locals, caller.f_globals]

    def find(self, name):
        for scope in self._scopes:
            value = scope.get(name)
            if value is not None and _is_frame(value):
                return _as_plan(value)
        return None

    def names(self):
        found = []
        for scope in self._scopes:
            found += [name for name, value in scope.items() if _is_frame(value) and name not in found]
        return found


def _plan(query, registered, keywords, caller):
    if not isinstance(query, str):
        raise TypeError(f"lode.sql takes the query as a str, got {type(query).__name__}")
    lookup = _Lookup(registered, keywords, caller)
    return LazyFrame(_lode.sql_plan(query, lookup.find, lookup.names))


def sql(query, **tables):
    """Runs a SQL query lazily; returns a LazyFrame (``.collect()`` runs it).

    Parameters
    ----------
    query : str
        One SELECT query (WITH, joins, GROUP BY, UNION, ... : see docs/sql.md).
    **tables : DataFrame or LazyFrame
        Tables by name, as in ``lode.sql("SELECT * FROM t", t=frame)``. Names not
        given here are looked up among the caller's variables; quoted names
        (``FROM 'x.parquet'``) are files.

    Returns
    -------
    LazyFrame

    Raises
    ------
    lode.SQLSyntaxError
        A query that does not parse: ``err.line`` and ``err.column`` locate it.
    lode.SchemaError
        An unknown table or column (the message suggests the closest name).
    lode.NotSupportedError
        SQL that lode does not run yet.

    Examples
    --------
    >>> import lode
    >>> sales = lode.DataFrame({"region": ["n", "s", "n"], "amount": [10, 20, 5]})
    >>> lode.sql("SELECT region, sum(amount) AS total FROM sales GROUP BY region ORDER BY region").collect().to_dict()
    {'region': ['n', 's'], 'total': [15, 20]}
    >>> try:
    ...     lode.sql("SELECT region FROM sales WHERE amount >")
    ... except lode.SQLSyntaxError as error:
    ...     print(error.line, error.column)
    1 40
    """
    return _plan(query, {}, tables, sys._getframe(1))


class SQLContext:
    """Named tables for SQL queries.

    Examples
    --------
    >>> import lode
    >>> ctx = lode.SQLContext()
    >>> ctx.register("people", lode.DataFrame({"name": ["ada", "bob"], "age": [36, 17]}))
    >>> ctx.execute("SELECT name FROM people WHERE age >= 18").collect().to_dict()
    {'name': ['ada']}
    >>> ctx.tables()
    ['people']
    """

    def __init__(self, **tables):
        self._tables = {}
        for name, frame in tables.items():
            self.register(name, frame)

    def register(self, name, frame):
        """Makes a DataFrame or LazyFrame known to queries as ``name``."""
        if not _is_frame(frame):
            raise TypeError(f"register takes a DataFrame or LazyFrame, got {type(frame).__name__}")
        self._tables[str(name)] = frame

    def unregister(self, name):
        """Forgets the table ``name``."""
        self._tables.pop(name, None)

    def tables(self):
        """Returns the registered names, sorted."""
        return sorted(self._tables)

    def execute(self, query, **tables):
        """Runs a SQL query over the registered tables (then keyword tables, then the
        caller's variables, then files); returns a LazyFrame."""
        return _plan(query, self._tables, tables, sys._getframe(1))
