"""Expressions: what to compute, built lazily and run by the engine.

``lode.col("v1") * 2 > 5`` builds a tree; a LazyFrame binds it to its columns
(raising at once for unknown names or unfit types) and the engine evaluates
it a batch at a time. The API follows Polars.

Null semantics are SQL's: most operations give null when an input is null;
``&`` and ``|`` use three-valued logic (false & null is false). Integer
arithmetic wraps on overflow; integer ``//`` and ``%`` by zero give null;
``/`` always gives a float. ``//`` and ``%`` round toward negative infinity,
as in Python.
"""

import datetime
import decimal
import re

from lode import _lode, convert, errors
from lode.datatypes import as_data_type


def _to_expr(value):
    """Returns `value` as an Expr: Exprs as they are, anything else a literal."""
    if isinstance(value, Expr):
        return value
    return lit(value)


def _handles(values):
    return [_to_expr(v)._expr for v in values]


class Expr:
    """A column expression. Build one with ``lode.col``, ``lode.lit`` or ``lode.when``.

    Examples
    --------
    >>> import lode
    >>> df = lode.DataFrame({"a": [1, 2, None]})
    >>> df.select((lode.col("a") * 10).alias("b"))["b"].to_list()
    [10, 20, None]
    """

    __slots__ = ("_expr",)

    def __init__(self, handle):
        self._expr = handle

    def __repr__(self):
        return f"<lode.Expr {self._expr}>"

    def __str__(self):
        return str(self._expr)

    def __bool__(self):
        raise TypeError("an expression has no truth value; combine conditions with & and |, not and/or")

    __hash__ = None

    def _call(self, name, *args):
        return Expr(_lode.expr_call(name, [self._expr] + _handles(args)))

    def _rcall(self, name, other):
        return Expr(_lode.expr_call(name, [_to_expr(other)._expr, self._expr]))

    def _aggregate(self, name, **options):
        return Expr(_lode.expr_aggregate(name, [self._expr], **options))

    # arithmetic
    def __add__(self, other): return self._call("add", other)
    def __radd__(self, other): return self._rcall("add", other)
    def __sub__(self, other): return self._call("subtract", other)
    def __rsub__(self, other): return self._rcall("subtract", other)
    def __mul__(self, other): return self._call("multiply", other)
    def __rmul__(self, other): return self._rcall("multiply", other)
    def __truediv__(self, other): return self._call("divide", other)
    def __rtruediv__(self, other): return self._rcall("divide", other)
    def __floordiv__(self, other): return self._call("floor_divide", other)
    def __rfloordiv__(self, other): return self._rcall("floor_divide", other)
    def __mod__(self, other): return self._call("modulo", other)
    def __rmod__(self, other): return self._rcall("modulo", other)
    def __pow__(self, other): return self._call("power", other)
    def __rpow__(self, other): return self._rcall("power", other)
    def __neg__(self): return self._call("negate")
    def __pos__(self): return self
    def __abs__(self): return self._call("abs")

    # comparisons
    def __eq__(self, other): return self._call("equal", other)  # noqa: E704
    def __ne__(self, other): return self._call("not_equal", other)
    def __lt__(self, other): return self._call("less", other)
    def __le__(self, other): return self._call("less_equal", other)
    def __gt__(self, other): return self._call("greater", other)
    def __ge__(self, other): return self._call("greater_equal", other)

    # logic
    def __and__(self, other): return self._call("and", other)
    def __rand__(self, other): return self._rcall("and", other)
    def __or__(self, other): return self._call("or", other)
    def __ror__(self, other): return self._rcall("or", other)
    def __xor__(self, other): return self._call("xor", other)
    def __invert__(self): return self._call("not")

    def pow(self, exponent):
        return self._call("power", exponent)

    # naming and types
    def alias(self, name):
        """Returns the expression under a new output name."""
        return Expr(_lode.expr_alias(self._expr, name))

    def cast(self, dtype, strict=True):
        """Converts to `dtype`; a value that does not convert raises, or gives null with strict=False."""
        return Expr(_lode.expr_cast(self._expr, as_data_type(dtype), strict))

    # nulls and membership
    def is_null(self): return self._call("is_null")
    def is_not_null(self): return self._call("is_not_null")
    def is_nan(self): return self._call("is_nan")
    def is_finite(self): return self._call("is_finite")

    def fill_null(self, value):
        """Replaces nulls with `value` (a constant or an expression)."""
        return self._call("fill_null", value)

    def is_in(self, values):
        """True where the value is one of `values` (null for null)."""
        return Expr(_lode.expr_call("is_in", [self._expr] + [lit(v)._expr for v in values]))

    def is_between(self, lower, upper, closed="both"):
        """True where lower <= value <= upper (`closed`: both, left, right, none)."""
        low = self >= lower if closed in ("both", "left") else self > lower
        high = self <= upper if closed in ("both", "right") else self < upper
        return low & high

    # math
    def abs(self): return self._call("abs")
    def sqrt(self): return self._call("sqrt")
    def exp(self): return self._call("exp")
    def log(self): return self._call("log")
    def log10(self): return self._call("log10")
    def sin(self): return self._call("sin")
    def cos(self): return self._call("cos")
    def floor(self): return self._call("floor")
    def ceil(self): return self._call("ceil")

    def sign(self):
        """-1, 0 or 1 as the value is negative, zero or positive, as int8 (NaN gives 0).

        Polars keeps the input's type; lode gives int8, as DuckDB's sign does.

        Examples
        --------
        >>> import lode
        >>> df = lode.DataFrame({"x": [-2.5, 0.0, 3.0, None]})
        >>> df.select(lode.col("x").sign())["x"].to_list()
        [-1, 0, 1, None]
        """
        return self._call("sign")

    def round(self, decimals=0):
        """Rounds half away from zero (as DuckDB; numpy rounds half to even)."""
        return self._call("round", int(decimals))

    # aggregates
    def sum(self): return self._aggregate("sum")
    def mean(self): return self._aggregate("mean")
    def min(self): return self._aggregate("min")
    def max(self): return self._aggregate("max")
    def count(self): return self._aggregate("count")
    def n_unique(self): return self._aggregate("n_unique")
    def median(self): return self._aggregate("median")
    def first(self): return self._aggregate("first")
    def last(self): return self._aggregate("last")

    def len(self):
        """Counts rows (nulls included)."""
        return Expr(_lode.expr_aggregate("len", []))

    def quantile(self, quantile, interpolation="linear"):
        if interpolation != "linear":
            raise NotImplementedError("only linear interpolation is supported")
        return self._aggregate("quantile", quantile=float(quantile))

    def std(self, ddof=1): return self._aggregate("std", ddof=int(ddof))
    def var(self, ddof=1): return self._aggregate("var", ddof=int(ddof))

    # windows
    def rank(self, method="average", descending=False):
        """Ranks values (1 = smallest, or largest with descending=True);
        methods average, min, max, dense, ordinal. Use .over() for groups."""
        if method not in ("average", "min", "max", "dense", "ordinal"):
            raise ValueError(f"unknown rank method {method!r}")
        function = _lode.expr_aggregate("rank", [self._expr], descending=bool(descending), method=method)
        return Expr(_lode.expr_window(function, [], [], []))

    def over(self, *partition_by, order_by=None, descending=False, nulls_last=True):
        """Computes the expression per group of `partition_by`, one value per row;
        `order_by` orders the rows within each group (descending, nulls last or first)."""
        keys = _column_exprs(partition_by)
        order = _column_exprs([order_by] if isinstance(order_by, (str, Expr)) else (order_by or []))
        order_descending = [bool(descending)] * len(order)
        order_nulls_last = [bool(nulls_last)] * len(order)
        handle = self._expr
        if handle.kind == 6:  # already a window (rank): set its partition
            handle = handle.args[0]
        return Expr(_lode.expr_window(handle, keys, order, order_descending, order_nulls_last))

    @property
    def str(self):
        return StringFunctions(self)

    @property
    def dt(self):
        return DateTimeFunctions(self)


class StringFunctions:
    """String functions: ``col("s").str.to_uppercase()``."""

    def __init__(self, expr):
        self._expr = expr

    def len_chars(self): return self._expr._call("str_len")
    def len_bytes(self): return self._expr._call("str_len_bytes")
    def to_uppercase(self): return self._expr._call("upper")
    def to_lowercase(self): return self._expr._call("lower")

    def join(self, delimiter=""):
        """An aggregate: the strings joined by `delimiter`, in input order, nulls
        skipped; null when there are none (Polars: ``str.join``)."""
        return self._expr._aggregate("str_join", separator=str(delimiter))

    def contains(self, pattern, literal=False):
        """True where the text contains `pattern`, null where the text is null.

        Parameters
        ----------
        pattern : str
            A regular expression in Rust's syntax, as Polars takes it (``(?i)``
            ignores case), or with ``literal=True`` plain text.
        literal : bool
            Match `pattern` as it is written instead of as a regular expression.

        Returns
        -------
        Expr
            A boolean expression.

        Raises
        ------
        InvalidInputError
            The pattern is not a valid regular expression (raised when the
            expression is used in a frame).

        Examples
        --------
        >>> import lode
        >>> df = lode.DataFrame({"s": ["Cat", "dog", None]})
        >>> df.select(lode.col("s").str.contains("(?i)^c"))["s"].to_list()
        [True, False, None]
        >>> df.select(lode.col("s").str.contains(".", literal=True))["s"].to_list()
        [False, False, None]
        """
        return self._expr._call("contains" if literal else "contains_regex", pattern)

    def starts_with(self, prefix): return self._expr._call("starts_with", prefix)
    def ends_with(self, suffix): return self._expr._call("ends_with", suffix)

    def slice(self, offset, length=None):
        length_expr = lit(length) if length is not None else Expr(_lode.expr_null(as_data_type("int64")))
        return Expr(_lode.expr_call("str_slice", [self._expr._expr, lit(int(offset))._expr, length_expr._expr]))

    def replace(self, pattern, value, literal=False):
        r"""Replaces the first match of `pattern` with `value`.

        Parameters
        ----------
        pattern : str
            A regular expression in Rust's syntax, as Polars takes it, or with
            ``literal=True`` plain text.
        value : str
            The replacement. Unless literal=True, ``$1`` or ``${1}`` inserts a
            numbered group, ``$name`` or ``${name}`` a named one and ``$$`` a
            dollar sign (as in Polars; ``$1a`` names the group "1a", so write
            ``${1}a``). A group that does not exist inserts nothing.
        literal : bool
            Take `pattern` and `value` as they are written.

        Returns
        -------
        Expr
            A string expression; null where the text is null.

        Raises
        ------
        InvalidInputError
            The pattern is not a valid regular expression.

        Examples
        --------
        >>> import lode
        >>> df = lode.DataFrame({"s": ["2024-02-29", "1999-12-31"]})
        >>> df.select(lode.col("s").str.replace(r"(\d+)-(\d+)-(\d+)", "$3.$2.$1"))["s"].to_list()
        ['29.02.2024', '31.12.1999']
        >>> df.select(lode.col("s").str.replace("-", ".", literal=True))["s"].to_list()
        ['2024.02-29', '1999.12-31']
        """
        return self._expr._call("replace" if literal else "replace_regex", pattern, value)

    def replace_all(self, pattern, value, literal=False):
        r"""Replaces every non-overlapping match of `pattern` with `value`.

        Parameters, returns and errors are those of ``replace``.

        Examples
        --------
        >>> import lode
        >>> df = lode.DataFrame({"s": ["a1b22", None]})
        >>> df.select(lode.col("s").str.replace_all(r"\d+", "#"))["s"].to_list()
        ['a#b#', None]
        >>> df.select(lode.col("s").str.replace_all(r"(?<digit>\d)", "<${digit}>"))["s"].to_list()
        ['a<1>b<2><2>', None]
        """
        return self._expr._call("replace_all" if literal else "replace_all_regex", pattern, value)

    def strip_chars(self, characters=None):
        if characters is None:
            return self._expr._call("strip")
        return self._expr._call("strip", characters)

    def strip_chars_start(self, characters=None):
        """Removes `characters` (each a code point; whitespace by default) from the start."""
        if characters is None:
            return self._expr._call("strip_start")
        return self._expr._call("strip_start", characters)

    def strip_chars_end(self, characters=None):
        """Removes `characters` (each a code point; whitespace by default) from the end."""
        if characters is None:
            return self._expr._call("strip_end")
        return self._expr._call("strip_end", characters)

    def pad_start(self, length, fill_char=" "):
        """Pads the text at the start to `length` characters with `fill_char`.

        A longer text is cut to `length` characters (as SQL's lpad; Polars
        leaves it whole). `fill_char` may be several characters, repeated.

        Examples
        --------
        >>> import lode
        >>> df = lode.DataFrame({"s": ["7", "42", None]})
        >>> df.select(lode.col("s").str.pad_start(3, "0"))["s"].to_list()
        ['007', '042', None]
        """
        return self._expr._call("pad_start", _integer(length), fill_char)

    def pad_end(self, length, fill_char=" "):
        """Pads the text at the end to `length` characters with `fill_char` (see pad_start)."""
        return self._expr._call("pad_end", _integer(length), fill_char)

    def head(self, n):
        """The first `n` characters; a negative `n` drops the last -n.

        Examples
        --------
        >>> import lode
        >>> df = lode.DataFrame({"s": ["héllo", ""]})
        >>> df.select(lode.col("s").str.head(2))["s"].to_list()
        ['hé', '']
        >>> df.select(lode.col("s").str.head(-2))["s"].to_list()
        ['hél', '']
        """
        return self._expr._call("str_head", _integer(n))

    def tail(self, n):
        """The last `n` characters; a negative `n` drops the first -n."""
        return self._expr._call("str_tail", _integer(n))

    def reverse(self):
        """The characters (code points) in reverse order."""
        return self._expr._call("reverse")

    def concat(self, *others):
        return concat_str([self._expr, *others])


class DateTimeFunctions:
    """Date and time parts: ``col("t").dt.year()``. Weekday: Monday = 1."""

    def __init__(self, expr):
        self._expr = expr

    def year(self): return self._expr._call("year")
    def month(self): return self._expr._call("month")
    def day(self): return self._expr._call("day")
    def hour(self): return self._expr._call("hour")
    def minute(self): return self._expr._call("minute")
    def second(self): return self._expr._call("second")
    def microsecond(self): return self._expr._call("microsecond")
    def weekday(self): return self._expr._call("weekday")
    def ordinal_day(self): return self._expr._call("ordinal_day")
    def date(self): return self._expr._call("date")
    def quarter(self): return self._expr._call("quarter")
    def week(self): return self._expr._call("week")  # ISO 8601
    def iso_year(self): return self._expr._call("iso_year")

    def epoch(self, time_unit="us"):
        """The time since 1970-01-01 00:00 UTC as an integer in `time_unit`: ns, us, ms, s or d."""
        if time_unit == "d":
            return self._expr._call("date").cast("int32")
        if time_unit == "s":
            return self._expr._call("epoch").floor().cast("int64")
        micros = Expr(_lode.expr_call("date_trunc", [lit("microsecond")._expr, self._expr._expr])).cast("int64")
        if time_unit == "us":
            return micros
        if time_unit == "ms":
            return micros // 1000
        if time_unit == "ns":
            return micros * 1000
        raise ValueError(f"unknown time unit {time_unit!r}; use ns, us, ms, s or d")

    def truncate(self, every):
        """Rounds down to the start of a calendar unit, keeping the type.

        Parameters
        ----------
        every : str
            One unit: "1y", "1q", "1mo", "1w" (weeks start on Monday), "1d",
            "1h", "1m", "1s", "1ms" or "1us". Multiples ("2h") are not
            supported yet.

        Raises
        ------
        NotImplementedError
            `every` is a multiple of a unit or not one of the above.

        Examples
        --------
        >>> import datetime, lode
        >>> df = lode.DataFrame({"d": [datetime.date(2024, 2, 29), datetime.date(2024, 1, 7)]})
        >>> df.select(lode.col("d").dt.truncate("1mo"))["d"].to_list()
        [datetime.date(2024, 2, 1), datetime.date(2024, 1, 1)]
        >>> df.select(lode.col("d").dt.truncate("1w"))["d"].to_list()
        [datetime.date(2024, 2, 26), datetime.date(2024, 1, 1)]
        """
        unit = _TRUNCATE_UNITS.get(every)
        if unit is None:
            raise NotImplementedError(f"dt.truncate({every!r}): lode truncates to one unit: "
                                      + ", ".join(_TRUNCATE_UNITS))
        return Expr(_lode.expr_call("truncate", [lit(unit)._expr, self._expr._expr]))

    def offset_by(self, by):
        """Moves dates or timestamps by a duration written as in Polars:
        ``"1y2mo"``, ``"-3d"``, ``"1w12h"`` (units y, q, mo, w, d, h, m, s,
        ms, us; ns is rounded to us). Months are calendar months, the day
        clamped to the month's end (2024-01-31 + "1mo" is 2024-02-29); then
        days, then the finer units. A date stays a date; the finer units
        then move it by whole days only, rounded down."""
        months, days, micros = _parse_duration(by)
        return self._expr._call("add_interval", *(lit(count, "int64") for count in (months, days, micros)))


_TRUNCATE_UNITS = {"1y": "year", "1q": "quarter", "1mo": "month", "1w": "week", "1d": "day", "1h": "hour",
                   "1m": "minute", "1s": "second", "1ms": "millisecond", "1us": "microsecond"}


def _integer(value):
    """An integer argument: an expression as it is, a Python int as an int64 literal."""
    return value if isinstance(value, Expr) else lit(int(value))


_DURATION_UNITS = {"y": (12, 0, 0), "q": (3, 0, 0), "mo": (1, 0, 0), "w": (0, 7, 0), "d": (0, 1, 0),
                   "h": (0, 0, 3_600_000_000), "m": (0, 0, 60_000_000), "s": (0, 0, 1_000_000),
                   "ms": (0, 0, 1000), "us": (0, 0, 1), "ns": None}


def _parse_duration(text):
    """Returns (months, days, microseconds) of a Polars duration string."""
    if not isinstance(text, str):
        raise TypeError(f"offset_by() takes a duration string such as '1mo2d', not {type(text).__name__}")
    body = text.strip()
    sign = -1 if body.startswith("-") else 1
    body = body.lstrip("+-")
    parts = re.findall(r"(\d+)(mo|ms|us|ns|y|q|w|d|h|m|s)", body)
    if not body or "".join(n + u for n, u in parts) != body:
        raise errors.InvalidInputError(
            f"invalid duration '{text}': write it as in Polars, e.g. '1y2mo3d' (units y, q, mo, w, d, h, m, s, "
            "ms, us, ns)")
    months = days = micros = 0
    for number, unit in parts:
        if unit == "ns":
            micros += round(int(number) / 1000)
            continue
        m, d, u = _DURATION_UNITS[unit]
        months, days, micros = months + m * int(number), days + d * int(number), micros + u * int(number)
    return sign * months, sign * days, sign * micros


def col(name):
    """Returns a reference to the column `name`."""
    return Expr(_lode.expr_column(str(name)))


def lit(value, dtype=None):
    """Returns a constant; its type is inferred from the Python value or given."""
    if isinstance(value, Expr):
        return value
    if value is None:
        return Expr(_lode.expr_null(as_data_type(dtype or "string")))
    if not isinstance(value, (bool, int, float, str, datetime.date, decimal.Decimal)):
        raise TypeError(f"cannot make a literal of {type(value).__name__}")
    column = convert.column_from_values("literal", [value], dtype)
    return Expr(_lode.expr_literal(column))


def count_rows():
    """Counts rows; exported as lode.len(), as Polars names it."""
    return Expr(_lode.expr_aggregate("len", [])).alias("len")


def corr(a, b):
    """Pearson correlation of two columns (an aggregate)."""
    return Expr(_lode.expr_aggregate("corr", [_column_expr(a)._expr, _column_expr(b)._expr]))


def concat_str(exprs, separator=""):
    """Concatenates the text of expressions (null if any is null)."""
    parts = []
    for index, expr in enumerate(exprs):
        if index and separator:
            parts.append(lit(separator)._expr)
        parts.append(_column_expr(expr).cast("string")._expr)
    return Expr(_lode.expr_call("concat", parts))


def max_horizontal(*exprs):
    """The largest value across expressions, row by row, skipping nulls (SQL's greatest).

    Examples
    --------
    >>> import lode
    >>> df = lode.DataFrame({"a": [1, None, None], "b": [3, 2, None]})
    >>> df.select(lode.max_horizontal("a", "b").alias("m"))["m"].to_list()
    [3, 2, None]
    """
    return Expr(_lode.expr_call("greatest", _column_exprs(exprs)))


def min_horizontal(*exprs):
    """The smallest value across expressions, row by row, skipping nulls (SQL's least)."""
    return Expr(_lode.expr_call("least", _column_exprs(exprs)))


def coalesce(*exprs):
    """Returns the first non-null value of the expressions."""
    return Expr(_lode.expr_call("coalesce", [_column_expr(e)._expr for e in exprs]))


class _When:
    def __init__(self, branches, condition):
        self._branches = branches
        self._condition = condition

    def then(self, value):
        return _Then(self._branches + [(self._condition, _to_expr(value))])


class _Then(Expr):
    """A when/then chain; finish it with .otherwise(value), or use it as is (null otherwise)."""

    __slots__ = ("_branches",)

    def __init__(self, branches):
        self._branches = branches
        super().__init__(self._build(Expr(_lode.expr_null(as_data_type("string"))))._expr)

    def when(self, condition):
        return _When(self._branches, _column_expr(condition))

    def otherwise(self, value):
        return self._build(_to_expr(value))

    def _build(self, otherwise):
        args = []
        for condition, value in self._branches:
            args += [condition._expr, value._expr]
        return Expr(_lode.expr_call("case_when", args + [otherwise._expr]))


def when(condition):
    """Starts ``when(cond).then(value)[.when(...).then(...)].otherwise(value)``."""
    return _When([], _column_expr(condition))


def _column_expr(value):
    return col(value) if isinstance(value, str) else _to_expr(value)


def _column_exprs(values):
    flat = []
    for value in values:
        if isinstance(value, (list, tuple)):
            flat.extend(value)
        else:
            flat.append(value)
    return [_column_expr(v)._expr for v in flat]
