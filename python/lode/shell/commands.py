"""The shell's dot-commands (.mode, .timer, .tables, .schema, .read, .help,
.exit), as in the duckdb and sqlite3 shells. Each is a function of the
session and its arguments (split as a POSIX shell would: quotes group)."""

import difflib
import inspect
import re
import shlex
import shutil

from lode.shell.output import MODES

# How deep .read files may read others (a file that reads itself stops here).
MAX_READ_DEPTH = 16


class CommandError(Exception):
    """A dot-command that cannot run: unknown, or given wrong arguments."""


class ExitShell(Exception):
    """Raised by .exit and .quit: leave the shell with exit status `code`."""

    def __init__(self, code=0):
        super().__init__(code)
        self.code = code


def run(session, line):
    """Runs one dot-command line such as ``.mode csv`` (a ``;`` at its end is
    allowed, out of habit).

    Raises
    ------
    CommandError
        An unknown command or wrong arguments (the message says what to write).
    ExitShell
        From .exit and .quit.
    """
    try:
        words = shlex.split(line.strip().removesuffix(";")[1:])
    except ValueError as error:
        raise CommandError(f"cannot read the command {line!r}: {error}") from None
    if not words:
        raise CommandError("a dot-command needs a name; .help lists them")
    name, arguments = words[0], words[1:]
    entry = COMMANDS.get(name)
    if entry is None:
        raise CommandError(f"unknown command .{name}{_suggestion(name)}; .help lists the commands")
    function, usage, _ = entry
    if not _arity_fits(function, arguments):
        raise CommandError(f"usage: {usage}")
    function(session, *arguments)


def _suggestion(name):
    close = difflib.get_close_matches(name, list(COMMANDS), n=1)
    return f" (did you mean .{close[0]}?)" if close else ""


def _arity_fits(function, arguments):
    """True when `function` takes that many arguments after the session."""
    parameters = list(inspect.signature(function).parameters.values())[1:]
    required = sum(1 for parameter in parameters if parameter.default is inspect.Parameter.empty)
    return required <= len(arguments) <= len(parameters)


# ---------------------------------------------------------------- commands


def command_help(session):
    width = max(len(usage) for _, usage, _ in COMMANDS.values())
    for _, usage, description in COMMANDS.values():
        session.out.write(f"{usage:<{width}}  {description}\n")


def command_mode(session, mode=None):
    if mode is None:
        session.out.write(f"current output mode: {session.mode}\n")
        return
    if mode not in MODES:
        raise CommandError(f"unknown mode {mode!r}; the modes are {', '.join(MODES)}")
    session.mode = mode


def command_timer(session, switch):
    if switch not in ("on", "off"):
        raise CommandError("usage: .timer on|off")
    session.timer = switch == "on"


def command_tables(session):
    names = session.context.tables()
    if names:
        session.out.write(_in_columns(names, shutil.get_terminal_size().columns) + "\n")


def command_schema(session, name=None):
    names = session.context.tables()
    if name is not None:
        names = [known for known in names if known.lower() == name.lower()]
        if not names:
            raise CommandError(f"no table or view named {name}")
    for table in names:
        session.out.write(create_statement(session.context, table) + "\n")


def command_read(session, path):
    try:
        with open(path, encoding="utf-8") as file:
            text = file.read()
    except OSError as error:
        raise CommandError(f"cannot read {path}: {error.strerror}") from None
    if session.read_depth >= MAX_READ_DEPTH:
        raise CommandError(f".read files nest more than {MAX_READ_DEPTH} deep (does {path} read itself?)")
    session.read_depth += 1
    try:
        succeeded = session.run_script(text)
    finally:
        session.read_depth -= 1
    if not succeeded and session.bail:
        raise CommandError(f"{path} stopped at its first error")


def command_exit(session, code="0"):
    try:
        status = int(code)
    except ValueError:
        raise CommandError(f"the exit status must be a whole number, got {code!r}") from None
    raise ExitShell(status)


# ---------------------------------------------------------------- helpers


def create_statement(context, name):
    """Returns the statement that makes the table or view `name` again: a
    view's own query, a table's columns and types (from DESCRIBE)."""
    quoted = quote_name(name)
    view = context.view_text(name)
    if view is not None:
        return f"CREATE VIEW {quoted} AS {view};"
    described = context.execute(f"DESCRIBE {quoted}").collect().to_dict()
    columns = ", ".join(f"{quote_name(column)} {column_type}"
                        for column, column_type in zip(described["column_name"], described["column_type"]))
    return f"CREATE TABLE {quoted}({columns});"


def quote_name(name):
    """Returns a name as SQL writes it: bare when it is a plain identifier.

    Examples
    --------
    >>> quote_name("orders"), quote_name("Order Lines"), quote_name('a"b')
    ('orders', '"Order Lines"', '"a""b"')
    """
    if re.fullmatch(r"[a-z_][a-z0-9_]*", name):
        return name
    return '"' + name.replace('"', '""') + '"'


def _in_columns(names, width):
    """Returns names in as many columns as fit in `width`, read down each column."""
    cell = max(len(name) for name in names) + 2
    num_columns = max(1, width // cell)
    num_rows = -(-len(names) // num_columns)
    lines = []
    for row in range(num_rows):
        line = "".join(f"{names[index]:<{cell}}" for index in range(row, len(names), num_rows))
        lines.append(line.rstrip())
    return "\n".join(lines)


# name: (function, usage, description); .help lists them in this order.
COMMANDS = {
    "help": (command_help, ".help", "show this list"),
    "mode": (command_mode, ".mode [MODE]", f"set or show the output mode: {', '.join(MODES)}"),
    "timer": (command_timer, ".timer on|off", "show each statement's run time"),
    "tables": (command_tables, ".tables", "list the tables and views"),
    "schema": (command_schema, ".schema [NAME]", "show the CREATE statements of the tables and views"),
    "read": (command_read, ".read FILE", "run the statements of a file"),
    "exit": (command_exit, ".exit [CODE]", "leave the shell (also .quit or Ctrl-D)"),
    "quit": (command_exit, ".quit", "leave the shell"),
}
