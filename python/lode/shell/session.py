"""A shell session: one SQLContext whose tables last across statements, the
output mode, the timer, and the running of statements and dot-commands.

A query runs in the background (``LazyFrame.collect(background=True)``)
while the main thread polls it, so Ctrl-C (KeyboardInterrupt) reaches Python
at once and cancels the query; the session then carries on.
"""

import sys
import time

from lode.errors import CancelledError, Error
from lode.shell import commands
from lode.shell.output import MODES, write_result
from lode.shell.statements import StatementSplitter
from lode.sql_context import SQLContext

# Seconds between looks at a running query.
POLL_SECONDS = 0.005
# Seconds a cancelled query may take to stop before the shell says it is waiting.
STOPPING_NOTICE_SECONDS = 1.0


class Session:
    """Runs statements and dot-commands, writing results to `out` and errors to `err`.

    With `bail` (script mode) a script stops at its first error; without it
    (the interactive shell) the error is reported and the next statement runs.

    Examples
    --------
    >>> import io
    >>> out = io.StringIO()
    >>> session = Session(out=out, err=out, mode="csv")
    >>> session.run_script("CREATE TABLE t AS SELECT 1 AS x; SELECT x + 1 AS y FROM t;")
    True
    >>> print(out.getvalue(), end="")
    y
    2
    """

    def __init__(self, out=None, err=None, mode="box", bail=False):
        if mode not in MODES:
            raise ValueError(f"unknown output mode {mode!r}; the modes are {', '.join(MODES)}")
        self.context = SQLContext()
        self.mode = mode
        self.timer = False
        self.bail = bail
        self.out = sys.stdout if out is None else out
        self.err = sys.stderr if err is None else err
        self.read_depth = 0  # .read files open now (one reads another)

    # ------------------------------------------------------------ input

    def run_script(self, text):
        """Runs a script's statements and dot-commands; returns False if one
        failed (with `bail`, the first failure ends the script)."""
        return self.run_lines(text.splitlines())

    def run_lines(self, lines):
        """Runs lines of input as run_script does; a last statement may lack its ``;``."""
        splitter = StatementSplitter()
        succeeded = True
        for line in lines:
            succeeded = self.run_line(splitter, line) and succeeded
            if not succeeded and self.bail:
                return False
        rest = splitter.rest()
        if rest:
            succeeded = self.run_statement(rest) and succeeded
        return succeeded

    def run_line(self, splitter, line):
        """Runs a dot-command (a line that starts with "." between statements)
        or feeds the line to `splitter` and runs the statements it completes;
        returns False if one failed."""
        if not splitter.pending and line.lstrip().startswith("."):
            return self.run_command(line.strip())
        succeeded = True
        for statement in splitter.feed(line):
            succeeded = self.run_statement(statement) and succeeded
            if not succeeded and self.bail:
                break
        return succeeded

    # ------------------------------------------------------------ running

    def run_command(self, line):
        """Runs a dot-command line; returns False (the error written) if it failed."""
        try:
            commands.run(self, line)
        except commands.CommandError as error:
            self.report_error(str(error))
            return False
        except Error as error:
            self.report_error(str(error))
            return False
        finally:
            self.out.flush()
        return True

    def run_statement(self, text):
        """Runs one SQL statement and writes its rows, then the time when the
        timer is on; returns False (the error written) if it failed."""
        started = time.perf_counter()
        try:
            frame = self.query(text)
            if frame is not None:
                write_result(frame, self.mode, self.out)
            return True
        except (KeyboardInterrupt, CancelledError):
            self.report_error("cancelled", prefix="")
        except Error as error:
            self.report_error(str(error))
        except Exception as error:  # a bug: keep the shell, show what it was
            self.report_error(f"{type(error).__name__}: {error}")
        finally:
            if self.timer:
                self.out.write(f"Run Time: real {time.perf_counter() - started:.3f} s\n")
            self.out.flush()
        return False

    def query(self, text):
        """Runs a statement; returns its rows as a DataFrame, or None for a
        statement without rows. Ctrl-C cancels it (lode.CancelledError)."""
        lazy = self.context.execute(text)
        if lazy is None:
            return None
        running = lazy.collect(background=True)
        try:
            while True:
                frame = running.fetch()
                if frame is not None:
                    return frame
                time.sleep(POLL_SECONDS)
        except KeyboardInterrupt:
            running.cancel()
            self._wait_until_stopped(running)
            raise CancelledError("cancelled") from None

    def _wait_until_stopped(self, running):
        """Waits for a cancelled query to stop, which it does at the end of the
        morsel it works on; says so when that takes a while. A second Ctrl-C
        changes nothing: the query is stopping already."""
        notice_at = time.monotonic() + STOPPING_NOTICE_SECONDS
        while True:
            try:
                if running.fetch() is not None:  # it finished before it saw the cancel
                    return
                if notice_at is not None and time.monotonic() > notice_at:
                    self.report_error("stopping the query: it ends the morsel it is working on first", prefix="")
                    notice_at = None
                time.sleep(POLL_SECONDS)
            except CancelledError:
                return
            except KeyboardInterrupt:
                pass

    def report_error(self, message, prefix="Error: "):
        """Writes an error message to `err` (stdout's text first, so the two interleave right)."""
        self.out.flush()
        self.err.write(f"{prefix}{message}\n")
        self.err.flush()
