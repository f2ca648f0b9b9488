"""SQL over lode's engine: ``lode.sql(query)`` and ``lode.SQLContext``.

A query becomes the same logical plan the LazyFrame API builds, so it is
optimized and run the same way; the result is a LazyFrame. Statements
(CREATE, INSERT, DROP, COPY, DESCRIBE, SHOW TABLES, EXPLAIN, SET) are parsed
and bound in C++ (lode/sql/statement.h, binder.h's bind_statement); this
module runs them: it holds a context's DataFrames and views, collects plans
and calls the writers. Table names are
looked up, in order, among a SQLContext's registered tables, the keyword
tables of the call, then the DataFrames and LazyFrames named in the
caller's scope (its locals, then its globals). Quoted names are file paths:
``FROM 'data/*.parquet'``, ``FROM read_csv('x.csv', header=true)``.
"""

import sys

from lode import _lode
from lode.datatypes import String
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


class _View:
    """A view: its query's text, bound again each time a query reads it (so it
    sees the tables as they are then, as in DuckDB)."""

    def __init__(self, text):
        self.text = text


def _context_key(name, tables, views):
    """Returns the key of `name` among a context's tables and views: exact,
    else ignoring case; `name` itself when there is none."""
    if name in tables or name in views:
        return name
    lowered = name.lower()
    for key in list(tables) + list(views):
        if key.lower() == lowered:
            return key
    return name


class _Lookup:
    """The places a query's table names are looked up, in order: a context's
    tables and views, the call's keyword tables, the caller's variables."""

    def __init__(self, registered, keywords, caller, views=None):
        for name, value in keywords.items():
            if not _is_frame(value):
                raise TypeError(f"lode.sql: table {name}= must be a DataFrame or LazyFrame, got {type(value).__name__}")
        self._views = {} if views is None else views
        self._expanding = set()
        self._scopes = [registered, keywords]
        if caller is not None:
            self._scopes += [caller.f_locals, caller.f_globals]

    def find(self, name):
        # A context's tables and views are one catalogue whose names match
        # ignoring case (as DuckDB's), so statements and queries agree on
        # which table a name is; the other scopes match exactly.
        key = _context_key(name, self._scopes[0], self._views)
        value = self._scopes[0].get(key)
        if value is not None and _is_frame(value):
            return _as_plan(value)
        view = self._views.get(key)
        if view is not None:
            name = key
            if name in self._expanding:
                from lode.errors import InvalidInputError
                raise InvalidInputError(f"view {name} reads itself")
            self._expanding.add(name)
            try:
                return _lode.sql_plan(view.text, self.find, self.names)
            finally:
                self._expanding.discard(name)
        for scope in self._scopes[1:]:
            value = scope.get(name)
            if value is not None and _is_frame(value):
                return _as_plan(value)
        return None

    def names(self):
        found = [name for name, value in self._scopes[0].items() if _is_frame(value)] + list(self._views)
        for scope in self._scopes[1:]:
            found += [name for name, value in scope.items() if _is_frame(value) and name not in found]
        return found


def sql(query, **tables):
    """Runs SQL: one query, or statements separated by ``;`` (see
    ``SQLContext.execute``), in a context of its own whose tables last for the call.

    Parameters
    ----------
    query : str
        A SELECT query (WITH, joins, GROUP BY, UNION, VALUES, ... : see docs/sql.md),
        or a script of statements; the result is the last statement's.
    **tables : DataFrame or LazyFrame
        Tables by name, as in ``lode.sql("SELECT * FROM t", t=frame)``. Names not
        given here are looked up among the caller's variables; quoted names
        (``FROM 'x.parquet'``) are files.

    Returns
    -------
    LazyFrame, or None when the last statement returns no rows (CREATE,
    INSERT, DROP, COPY, SET).

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
    >>> lode.sql("SELECT * FROM (VALUES (1, 'a'), (2, NULL)) AS t(x, y)").collect().to_dict()
    {'x': [1, 2], 'y': ['a', None]}
    >>> try:
    ...     lode.sql("SELECT region FROM sales WHERE amount >")
    ... except lode.SQLSyntaxError as error:
    ...     print(error.line, error.column)
    1 40
    """
    if not isinstance(query, str):
        raise TypeError(f"lode.sql takes the query as a str, got {type(query).__name__}")
    return SQLContext()._run_script(query, tables, sys._getframe(1))


class SQLContext:
    """Named tables and views for SQL queries and statements.

    Examples
    --------
    >>> import lode
    >>> ctx = lode.SQLContext()
    >>> ctx.register("people", lode.DataFrame({"name": ["ada", "bob"], "age": [36, 17]}))
    >>> ctx.execute("SELECT name FROM people WHERE age >= 18").collect().to_dict()
    {'name': ['ada']}
    >>> ctx.execute("CREATE TABLE t AS SELECT name FROM people; INSERT INTO t VALUES ('cy')")
    >>> ctx.execute("SELECT * FROM t ORDER BY name").collect().to_dict()
    {'name': ['ada', 'bob', 'cy']}
    >>> ctx.tables()
    ['people', 't']
    """

    def __init__(self, **tables):
        self._tables = {}
        self._views = {}
        for name, frame in tables.items():
            self.register(name, frame)

    def register(self, name, frame):
        """Makes a DataFrame or LazyFrame known to queries as ``name``."""
        if not _is_frame(frame):
            raise TypeError(f"register takes a DataFrame or LazyFrame, got {type(frame).__name__}")
        self._views.pop(str(name), None)
        self._tables[str(name)] = frame

    def unregister(self, name):
        """Forgets the table or view ``name``."""
        self._tables.pop(name, None)
        self._views.pop(name, None)

    def tables(self):
        """Returns the names of the tables and views, sorted."""
        return sorted(list(self._tables) + list(self._views))

    def view_text(self, name):
        """Returns the query text of the view ``name`` (case ignored), or None
        when ``name`` is not a view.

        Examples
        --------
        >>> import lode
        >>> ctx = lode.SQLContext()
        >>> ctx.execute("CREATE VIEW v AS SELECT 1 AS one")
        >>> ctx.view_text("V"), ctx.view_text("w")
        ('SELECT 1 AS one', None)
        """
        key = self._key(name, self._views)
        return None if key is None else self._views[key].text

    def execute(self, query, **tables):
        """Runs SQL: one query or several statements separated by ``;``, in order.

        Table names are looked up among the context's tables and views, then
        the keyword tables, then the caller's variables, then files. Besides
        queries (SELECT, WITH, VALUES), the statements are:

        - ``CREATE [OR REPLACE] [TEMP] TABLE [IF NOT EXISTS] t AS query`` (runs
          the query and stores the DataFrame), ``CREATE TABLE t (a INTEGER, ...)``;
        - ``CREATE [OR REPLACE] VIEW [IF NOT EXISTS] v AS query`` (bound again
          each time a query reads it); ``DROP TABLE|VIEW [IF EXISTS] name``;
        - ``INSERT INTO t [(a, b)] query`` or ``VALUES (...), ...`` (values cast to
          the table's types; columns not named get NULL);
        - ``COPY (query) TO 'x.parquet' (FORMAT PARQUET, COMPRESSION zstd)``,
          ``COPY t TO 'x.csv' (HEADER, DELIMITER ';')`` (the file appears only
          once complete);
        - ``DESCRIBE t`` / ``DESCRIBE query``, ``SHOW TABLES``, ``EXPLAIN query``;
        - ``SET threads = 4``, ``SET memory_limit = '4GB'``.

        The whole text is parsed first, so a syntax error anywhere runs
        nothing; then each statement runs in order, and a statement that fails
        leaves the context as it was (the ones before it stay done).

        Returns
        -------
        LazyFrame of the last statement's rows (a query, DESCRIBE, SHOW
        TABLES, EXPLAIN), or None when the last statement returns no rows
        (CREATE, INSERT, DROP, COPY, SET), as DuckDB's ``duckdb.sql`` does.

        Raises
        ------
        lode.SQLSyntaxError, lode.SchemaError, lode.InvalidInputError, lode.NotSupportedError
            As lode.sql; INSERT, DROP and CREATE raise SchemaError for an
            unknown table and InvalidInputError for a wrong column count or an
            existing name.

        Examples
        --------
        >>> import lode
        >>> ctx = lode.SQLContext()
        >>> ctx.execute("CREATE TABLE t (id INTEGER, name VARCHAR)")
        >>> ctx.execute("INSERT INTO t VALUES (1, 'a'), (2, 'b')")
        >>> ctx.execute("INSERT INTO t (id) VALUES (3)")
        >>> ctx.execute("SELECT * FROM t ORDER BY id").collect().to_dict()
        {'id': [1, 2, 3], 'name': ['a', 'b', None]}
        >>> ctx.execute("DESCRIBE t").collect()["column_type"].to_list()
        ['INTEGER', 'VARCHAR']
        """
        if not isinstance(query, str):
            raise TypeError(f"SQLContext.execute takes the query as a str, got {type(query).__name__}")
        return self._run_script(query, tables, sys._getframe(1))

    # ------------------------------------------------------------ statements

    def _key(self, name, store):
        """Returns the key of `name` in `store`: exact, else ignoring case; None if absent."""
        if name in store:
            return name
        for key in store:
            if key.lower() == name.lower():
                return key
        return None

    def _stored_kind(self, name):
        if self._key(name, self._tables) is not None:
            return "table"
        if self._key(name, self._views) is not None:
            return "view"
        return ""

    def _forget(self, name):
        for store in (self._tables, self._views):
            key = self._key(name, store)
            if key is not None:
                del store[key]

    def _run_script(self, query, tables, caller):
        script = _lode.SqlScript(query)
        lookup = _Lookup(self._tables, tables, caller, self._views)
        result = None
        for index in range(len(script)):
            bound = script.bind(index, lookup.find, lookup.names, self._stored_kind)
            result = self._run(bound)
        return result

    def _run(self, bound):
        from lode.frame import DataFrame

        kind, name, plan = bound["kind"], bound["name"], bound["plan"]
        if kind in ("query", "describe"):
            return LazyFrame(plan)
        if kind == "explain":
            # EXPLAIN ANALYZE runs the query: the profile of explain(analyze=True).
            key, text = ("analyzed_plan", LazyFrame(plan).explain(analyze=True)) if bound["analyze"] else \
                ("logical_opt", LazyFrame(plan).explain())
            return DataFrame({"explain_key": [key], "explain_value": [text]}).lazy()
        if kind == "show_tables":
            return DataFrame({"name": self.tables()}, schema={"name": String}).lazy()
        if bound["skip"]:
            return None
        if kind in ("create_table", "insert"):
            frame = LazyFrame(plan).collect()
            key = self._key(name, self._tables) if kind == "insert" else None
            if kind == "create_table":
                self._forget(name)
            self._tables[key or name] = frame
        elif kind == "create_view":
            self._forget(name)
            self._views[name] = _View(bound["view_text"])
        elif kind == "drop":
            self._forget(name)
        elif kind == "copy":
            _copy(LazyFrame(plan).collect(), bound["copy"])
        elif kind == "set":
            import lode

            (lode.set_threads if name == "threads" else lode.set_memory_limit)(bound["value"])
        return None


def _copy(frame, target):
    """Writes a COPY ... TO statement's rows; the writers rename a finished file into place."""
    if target["format"] == "parquet":
        frame.write_parquet(target["path"], compression=target["compression"],
                            row_group_size=target["row_group_size"] or None)
    else:
        frame.write_csv(target["path"], include_header=target["header"], separator=target["delimiter"],
                        quote_char=target["quote"], null_value=target["null_value"],
                        date_format=target["date_format"] or None, datetime_format=target["timestamp_format"] or None)
