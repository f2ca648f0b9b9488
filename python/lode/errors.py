"""lode's exception hierarchy.

Every error lode raises derives from :class:`lode.Error` and from the
matching built-in exception, so ``except ValueError`` keeps working. The C++
engine's message comes through intact; where the error happened is also
available as attributes (``err.path``, ``err.line``, ``err.column``, ...),
``None`` where unknown.
"""


class Error(Exception):
    """Base class of every lode error."""

    path = None
    line = None
    byte_offset = None
    row_group = None
    row = None
    column = None
    expression = None
    hint = None

    def __str__(self):
        # KeyError would repr() its message; show every lode message as is.
        return self.args[0] if self.args else ""


class InvalidInputError(Error, ValueError):
    """An argument or input value that lode cannot use."""


class SchemaError(Error, KeyError, ValueError):
    """Unknown or duplicate column, or a type that does not fit."""


class ParseError(Error, ValueError):
    """Malformed input file contents."""


class SQLSyntaxError(ParseError):
    """A SQL query that does not parse; ``err.line`` and ``err.column`` (1-based)
    locate the bad token, and the message shows its line with a caret under it."""


class IOError(Error, OSError):  # noqa: A001 - lode.IOError on purpose
    """A file that cannot be opened, read or written."""


class OutOfMemoryError(Error, MemoryError):
    """The memory limit (lode.set_memory_limit) would be exceeded."""


class CancelledError(Error):
    """The query was cancelled (for example by Ctrl-C)."""


class NotSupportedError(Error, NotImplementedError):
    """A feature lode does not have (yet)."""


class InternalError(Error, RuntimeError):
    """A bug in lode; please report it with the message."""
