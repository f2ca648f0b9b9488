"""``python -m lode.shell`` (what ``lode``, ``lode sql`` and ``lode -c`` run):
the interactive SQL shell, or SQL scripts from -c, files or stdin."""

import os
import sys

USAGE = """\
usage: lode [OPTIONS] [FILE.sql ...]      (also: lode sql [OPTIONS] [FILE.sql ...])

With no -c and no FILE, and stdin a terminal, opens the interactive SQL shell:
statements end with ;  .help lists the dot-commands, Ctrl-C cancels the running
statement, Ctrl-D or .exit leaves. History is kept in ~/.lode_history (or $LODE_HISTORY).

Otherwise runs a script: each -c text and FILE in the order given, or all of
stdin when neither is given, and writes the results. A script stops at its
first error, with exit status 1 (as duckdb -bail does).

options:
  -c SQL            run SQL: statements separated by ; and dot-commands (may repeat)
  -box              results as boxed tables with types (the default)
  -csv              results as CSV, a header line first
  -json             results as a JSON array of objects, one per row
  -markdown         results as markdown pipe tables
  -line             results as one "column = value" line per value
  -m, --mode MODE   the output mode by name (box, csv, json, markdown, line)
  -h, --help        show this help
"""

# lode.shell.output.MODES, written out so that --help needs no engine.
MODE_FLAGS = ("box", "csv", "json", "markdown", "line")


class UsageError(Exception):
    """Command-line arguments that do not fit USAGE."""


def parse_arguments(args):
    """Returns (mode, scripts, show_help): scripts is a list of ("sql", text)
    and ("file", path) in the order given.

    Examples
    --------
    >>> parse_arguments(["-csv", "-c", "SELECT 1", "q.sql"])
    ('csv', [('sql', 'SELECT 1'), ('file', 'q.sql')], False)
    """
    mode, scripts, show_help = "box", [], False
    remaining = list(args)
    while remaining:
        arg = remaining.pop(0)
        if arg in ("-h", "--help"):
            show_help = True
        elif arg.lstrip("-") in MODE_FLAGS and arg.startswith("-"):
            mode = arg.lstrip("-")
        elif arg in ("-c", "-m", "--mode"):
            if not remaining:
                raise UsageError(f"{arg} needs a value")
            value = remaining.pop(0)
            if arg == "-c":
                scripts.append(("sql", value))
            elif value in MODE_FLAGS:
                mode = value
            else:
                raise UsageError(f"unknown mode {value!r}; the modes are {', '.join(MODE_FLAGS)}")
        elif arg.startswith("-") and arg != "-":
            raise UsageError(f"unknown option {arg}")
        else:
            scripts.append(("file", arg))
    return mode, scripts, show_help


def run_scripts(session, scripts):
    """Runs each script in order; returns the exit status (1 at the first error)."""
    for kind, value in scripts:
        try:
            text = value if kind == "sql" else _read_script(value)
        except OSError as error:
            session.report_error(f"cannot read {value}: {error.strerror}")
            return 1
        if not session.run_script(text):
            return 1
    return 0


def _read_script(path):
    """Returns the text of a script file ("-": stdin); raises OSError."""
    if path == "-":
        return sys.stdin.read()
    with open(path, encoding="utf-8") as file:
        return file.read()


def main(args):
    """Runs the shell or the scripts that `args` name; returns the exit status."""
    try:
        mode, scripts, show_help = parse_arguments(args)
    except UsageError as error:
        sys.stderr.write(f"lode: {error}\n\n{USAGE}")
        return 2
    if show_help:
        sys.stdout.write(USAGE)
        return 0
    import lode
    from lode.shell.commands import ExitShell
    from lode.shell.console import run_console
    from lode.shell.session import Session

    interactive = not scripts and sys.stdin.isatty()
    session = Session(mode=mode, bail=not interactive)
    try:
        if interactive:
            return run_console(session, lode.__version__)
        return run_scripts(session, scripts or [("file", "-")])
    except ExitShell as exit_shell:
        return exit_shell.code
    except KeyboardInterrupt:
        session.report_error("cancelled", prefix="")
        return 130
    except BrokenPipeError:  # lode -csv ... | head: the reader has gone
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
