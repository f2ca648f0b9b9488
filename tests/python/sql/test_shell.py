"""The SQL shell (python/lode/shell), driven as a user drives it: in a
pseudo-terminal for the interactive shell, through pipes for scripts."""

import datetime
import fcntl
import io
import json
import os
import pathlib
import pty
import re
import select
import signal
import struct
import subprocess
import termios
import time

import pytest

import lode
from lode.shell import session as session_module
from lode.shell.session import Session
from lode.shell.statements import split_statements

REPOSITORY = pathlib.Path(__file__).resolve().parents[3]
LODE = REPOSITORY / "build" / "lode"
PYTHON = "/usr/bin/python3"
SHELL = [PYTHON, "-m", "lode.shell"]
# ANSI control sequences readline may write (bracketed paste, cursor moves).
ESCAPES = re.compile(r"\x1b(\[[0-9;?]*[A-Za-z]|[=>])")
# A table of ten million rows, and a query over it that runs for half a
# minute (a join on a key that has some 300 rows a value: 3 * 10^9 pairs).
# Cancelling takes effect between the scan's morsels (131,072 rows), so the
# table has many and each key few rows; a cross join (a nested-loop join)
# does not check for cancellation yet, so it is no use here.
BIG_TABLE = ("CREATE TABLE big AS WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 3200) "
             "SELECT a.n * 10000 + b.n AS x FROM r a, r b;")
LONG_QUERY = "SELECT count(*), sum(a.x) FROM big a JOIN big b ON a.x % 100000 = b.x % 100000;"


def shell_environment(tmp_path, **extra):
    """The environment of a shell under test: this checkout's package, a
    history file and a readline set-up of its own, a fixed terminal size."""
    inputrc = tmp_path / "inputrc"
    inputrc.write_text("set enable-bracketed-paste off\n")
    environment = dict(os.environ, PYTHONPATH=str(REPOSITORY / "python"), TERM="dumb", INPUTRC=str(inputrc),
                       LODE_HISTORY=str(tmp_path / "history"), HOME=str(tmp_path), COLUMNS="100", LINES="40")
    environment.update(extra)
    return environment


class Terminal:
    """A program in a pseudo-terminal: `send` types, `expect` waits for output.

    Every wait has a timeout and fails with the output seen so far."""

    def __init__(self, command, environment, cwd):
        self.pid, self.fd = pty.fork()
        if self.pid == 0:  # the child: the pty is its controlling terminal
            try:
                os.chdir(cwd)
                os.execve(command[0], command, environment)
            finally:
                os._exit(127)
        fcntl.ioctl(self.fd, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 100, 0, 0))
        self.output = ""  # everything read, without \r and escape sequences
        self.position = 0  # where the next expect starts looking
        self.status = None

    def send(self, text):
        os.write(self.fd, text.encode() if isinstance(text, str) else text)

    def line(self, text):
        """Types a line and Enter."""
        self.send(text + "\r")

    def expect(self, pattern, timeout=10.0):
        """Waits for the regular expression after the last match; returns the
        output from there to the match's end."""
        deadline = time.monotonic() + timeout
        while True:
            match = re.compile(pattern).search(self.output, self.position)
            if match:
                seen = self.output[self.position:match.end()]
                self.position = match.end()
                return seen
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not self._read(remaining):
                raise AssertionError(f"timed out after {timeout} s waiting for {pattern!r}; "
                                     f"the output so far:\n{self.output[self.position:]}")

    def prompt(self, timeout=10.0):
        """Waits for the main prompt; returns the output before it."""
        return self.expect(r"lode> ", timeout)[: -len("lode> ")]

    def _read(self, timeout):
        """Reads what the program wrote within `timeout`; False at its end."""
        ready, _, _ = select.select([self.fd], [], [], timeout)
        if not ready:
            return True
        try:
            data = os.read(self.fd, 65536)
        except OSError:  # EIO: the program has closed the terminal
            return False
        if not data:
            return False
        self.output += ESCAPES.sub("", data.decode("utf-8", "replace").replace("\r", ""))
        return True

    def wait(self, timeout=10.0):
        """Waits for the program to end; returns its exit status."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                self.status = os.waitstatus_to_exitcode(status)
                return self.status
            self._read(0.05)
        raise AssertionError(f"the program did not end within {timeout} s; the output so far:\n{self.output}")

    def close(self):
        if self.status is None:
            try:
                os.kill(self.pid, signal.SIGKILL)
                os.waitpid(self.pid, 0)
            except (ProcessLookupError, ChildProcessError):
                pass
        os.close(self.fd)


@pytest.fixture
def shell(tmp_path):
    """Starts `python -m lode.shell` in a pseudo-terminal, at its first prompt."""
    terminals = []

    def start(command=SHELL, **environment):
        terminal = Terminal(command, shell_environment(tmp_path, **environment), tmp_path)
        terminals.append(terminal)
        terminal.prompt(timeout=20)
        return terminal

    yield start
    for terminal in terminals:
        terminal.close()


def run_script(*args, stdin=None, cwd=None):
    return subprocess.run(SHELL + list(args), input=stdin, capture_output=True, text=True, timeout=60,
                          env=dict(os.environ, PYTHONPATH=str(REPOSITORY / "python"), COLUMNS="100", LINES="40"),
                          cwd=cwd)


BOX_A_B = """\
┌─────┬─────┐
│ a   ┆ b   │
│ --- ┆ --- │
│ i64 ┆ str │
╞═════╪═════╡
│ 1   ┆ "x" │
└─────┴─────┘
"""

# ---------------------------------------------------------------- interactive


def test_a_statement_across_lines_ends_at_its_semicolon_and_shows_a_box_with_types(shell):
    terminal = shell()
    terminal.line("SELECT 1 AS a,")
    terminal.expect(r"\n    > ")  # the continuation prompt: the statement is not over
    terminal.line("  'x;' AS b")
    terminal.expect(r"\n    > ")  # the ; inside quotes does not end it
    terminal.line(";")
    assert terminal.prompt().endswith(
        "┌─────┬──────┐\n"
        "│ a   ┆ b    │\n"
        "│ --- ┆ ---  │\n"
        "│ i64 ┆ str  │\n"
        "╞═════╪══════╡\n"
        '│ 1   ┆ "x;" │\n'
        "└─────┴──────┘\n")


def test_the_box_of_a_simple_query_is_exact(shell):
    terminal = shell()
    terminal.line("SELECT 1 AS a, 'x' AS b;")
    assert terminal.prompt().endswith("\n" + BOX_A_B)


def test_each_output_mode(shell):
    terminal = shell()
    query = "SELECT 1 AS a, 'x,y' AS b UNION ALL SELECT 22, NULL ORDER BY a;"
    expected = {
        "csv": 'a,b\n1,"x,y"\n22,\n',
        "json": '[{"a":1,"b":"x,y"},\n{"a":22,"b":null}]\n',
        "markdown": "|   a | b    |\n|----:|------|\n|   1 | x,y  |\n|  22 | null |\n",
        "line": "a = 1\nb = x,y\n\na = 22\nb = null\n",
        "box": '│ 22  ┆ null  │\n└─────┴───────┘\n',
    }
    for mode, text in expected.items():
        terminal.line(f".mode {mode}")
        terminal.prompt()
        terminal.line(".mode")
        assert terminal.prompt().endswith(f"current output mode: {mode}\n")
        terminal.line(query)
        out = terminal.prompt()
        assert out.endswith(text), (mode, out)
    terminal.line(".mode tsv")
    assert "unknown mode 'tsv'; the modes are box, csv, json, markdown, line" in terminal.prompt()


def test_timer_prints_the_run_time(shell):
    terminal = shell()
    terminal.line(".timer on")
    terminal.prompt()
    terminal.line("SELECT 5 AS five;")
    assert re.search(r"│ 5    │\n└──────┘\nRun Time: real \d+\.\d{3} s\n$", terminal.prompt())
    terminal.line(".timer off")
    terminal.prompt()
    terminal.line("SELECT 6 AS six;")
    assert "Run Time" not in terminal.prompt()
    terminal.line(".timer")
    assert terminal.prompt().endswith("\nError: usage: .timer on|off\n")


def test_tables_and_schema_after_create_table(shell):
    terminal = shell()
    terminal.line("CREATE TABLE people (id INTEGER, name VARCHAR, born DATE);")
    terminal.prompt()
    terminal.line("CREATE VIEW adults AS SELECT name FROM people WHERE born < DATE '2008-01-01';")
    terminal.prompt()
    terminal.line(".tables")
    assert terminal.prompt().endswith("\nadults  people\n")
    terminal.line(".schema")
    assert terminal.prompt().endswith(
        "\nCREATE VIEW adults AS SELECT name FROM people WHERE born < DATE '2008-01-01';\n"
        "CREATE TABLE people(id INTEGER, name VARCHAR, born DATE);\n")
    terminal.line(".schema PEOPLE")
    assert terminal.prompt().endswith(".schema PEOPLE\nCREATE TABLE people(id INTEGER, name VARCHAR, born DATE);\n")
    terminal.line(".schema nobody")
    assert "Error: no table or view named nobody" in terminal.prompt()


def test_read_runs_a_files_statements_and_commands(shell, tmp_path):
    (tmp_path / "setup.sql").write_text("CREATE TABLE t AS\n  SELECT * FROM (VALUES (1), (2), (3)) AS v(x);\n"
                                        ".mode csv\nSELECT sum(x) AS total FROM t;\n")
    terminal = shell()
    terminal.line(".read setup.sql")
    assert terminal.prompt().endswith("\ntotal\n6\n")
    terminal.line("SELECT count(*) AS n FROM t;")  # the table stays, and so does the mode
    assert terminal.prompt().endswith("\nn\n3\n")
    terminal.line(".read missing.sql")
    assert "Error: cannot read missing.sql: No such file or directory" in terminal.prompt()


def test_an_error_is_reported_and_the_shell_goes_on(shell):
    terminal = shell()
    terminal.line("SELECT * FROM nope;")
    out = terminal.prompt()
    assert "Error: unknown table nope" in out and "\n  SELECT * FROM nope;\n                ^\n" in out
    terminal.line("SELECT 1 +;")
    assert "Error: syntax error" in terminal.prompt()
    terminal.line(".frobnicate")
    assert "Error: unknown command .frobnicate; .help lists the commands" in terminal.prompt()
    terminal.line(".tabels")
    assert "did you mean .tables?" in terminal.prompt()
    terminal.line("SELECT 2 AS two;")
    assert terminal.prompt().endswith("│ 2   │\n└─────┘\n")


def test_help_lists_the_commands(shell):
    terminal = shell()
    terminal.line(".help")
    out = terminal.prompt()
    for command in [".mode [MODE]", ".timer on|off", ".tables", ".schema [NAME]", ".read FILE", ".exit [CODE]"]:
        assert "\n" + command in out


def test_history_is_written_to_the_history_file(shell, tmp_path):
    terminal = shell()
    terminal.line("SELECT 7 AS seven;")
    terminal.prompt()
    terminal.line(".exit")
    assert terminal.wait() == 0
    assert (tmp_path / "history").read_text().splitlines()[-2:] == ["SELECT 7 AS seven;", ".exit"]
    # A new shell reads it back: the up arrow (Ctrl-P) brings the last line back.
    terminal = shell()
    terminal.send("\x10\x10\r")
    assert terminal.prompt().endswith("│ 7     │\n└───────┘\n")


def cancel_with_ctrl_c(terminal, statement):
    """Starts a long statement, presses Ctrl-C once it runs; returns the
    output up to the next prompt and the seconds the prompt took to return."""
    terminal.line(statement)
    terminal.expect(r"\n")  # the echo of the line: the statement has started
    time.sleep(1.0)
    sent = time.monotonic()
    terminal.send(b"\x03")
    out = terminal.prompt(timeout=5)
    return out, time.monotonic() - sent


def test_ctrl_c_cancels_a_running_statement_and_the_shell_answers_after(shell):
    terminal = shell()
    terminal.line(BIG_TABLE)
    terminal.prompt()
    out, seconds = cancel_with_ctrl_c(terminal, LONG_QUERY)
    assert out.endswith("cancelled\n") and "count_star()" not in out
    assert seconds < 5
    terminal.line("SELECT 1 AS one;")
    assert terminal.prompt().endswith("│ 1   │\n└─────┘\n")
    # A CREATE TABLE AS runs its query at once (not in the background): Ctrl-C stops it too.
    out, seconds = cancel_with_ctrl_c(terminal, "CREATE TABLE pairs AS " + LONG_QUERY)
    assert out.endswith("cancelled\n") and seconds < 5
    terminal.line(".tables")
    assert terminal.prompt().endswith(".tables\nbig\n")


class SlowToStopQuery:
    """Stands in for a background query that Ctrl-C interrupts (KeyboardInterrupt
    in the first poll) and that takes `stop_seconds` to stop once cancelled."""

    def __init__(self, stop_seconds):
        self.stop_seconds = stop_seconds
        self.cancelled_at = None
        self.polls = 0

    def collect(self, background):
        return self

    def fetch(self):
        self.polls += 1
        if self.polls == 1:
            raise KeyboardInterrupt
        if self.polls == 2:
            raise KeyboardInterrupt  # a second Ctrl-C while it stops
        if time.monotonic() - self.cancelled_at > self.stop_seconds:
            raise lode.CancelledError("the query was cancelled")
        return None

    def cancel(self):
        self.cancelled_at = time.monotonic()


@pytest.mark.parametrize("stop_seconds, notice", [(0.0, False), (0.3, True)])
def test_a_query_slow_to_stop_gets_a_notice(monkeypatch, stop_seconds, notice):
    out = io.StringIO()
    session = Session(out=out, err=out)
    query = SlowToStopQuery(stop_seconds)
    monkeypatch.setattr(session.context, "execute", lambda text: query)
    monkeypatch.setattr(session_module, "STOPPING_NOTICE_SECONDS", 0.1)
    assert not session.run_statement("SELECT 1;")
    assert query.cancelled_at is not None
    expected = ("stopping the query: it ends the morsel it is working on first\n" if notice else "") + "cancelled\n"
    assert out.getvalue() == expected


def test_ctrl_c_at_the_prompt_drops_the_unfinished_statement(shell):
    terminal = shell()
    terminal.line("SELECT")
    terminal.expect(r"\n    > ")
    # CPython's readline loses a SIGINT that comes in the few microseconds
    # between drawing the prompt and waiting for a key (the wait then lasts
    # until the next key): give it the time a person would.
    time.sleep(0.2)
    terminal.send(b"\x03")
    terminal.prompt()
    terminal.line("SELECT 41 + 1 AS x;")
    out = terminal.prompt()
    assert "│ 42  │" in out and "Error" not in out


def test_ctrl_d_leaves_with_status_0(shell):
    terminal = shell()
    terminal.send(b"\x04")
    assert terminal.wait() == 0


def test_exit_takes_a_status(shell):
    terminal = shell()
    terminal.line(".exit 3")
    assert terminal.wait() == 3


def test_the_lode_program_opens_the_shell(shell):
    terminal = shell(command=[str(LODE)])
    assert f"lode {lode.__version__} SQL shell" in terminal.output
    terminal.line("SELECT 1 AS a, 'x' AS b;")
    assert terminal.prompt().endswith("\n" + BOX_A_B)
    terminal.line(".quit")
    assert terminal.wait() == 0


# ---------------------------------------------------------------- scripts


def test_c_with_csv_output():
    result = run_script("-csv", "-c", "SELECT 1 AS a, 'say \"hi\", then go' AS b, NULL AS c, DATE '2024-02-29' AS d",
                        "-c", "SELECT 2.5 AS x; SELECT true AS y")
    assert result.returncode == 0, result.stderr
    assert result.stdout == 'a,b,c,d\n1,"say ""hi"", then go",,2024-02-29\nx\n2.5\ny\ntrue\n'


def test_json_output_matches_values_computed_in_python():
    query = ("WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 50) "
             "SELECT n, n * n AS square, n / 4 AS quarter, CASE WHEN n % 7 = 0 THEN NULL ELSE 'n' || n END AS name, "
             "DATE '2024-01-01' + n AS day FROM r ORDER BY n")
    result = run_script("-json", "-c", query)
    assert result.returncode == 0, result.stderr
    expected = [{"n": n, "square": n * n, "quarter": n / 4, "name": None if n % 7 == 0 else f"n{n}",
                 "day": (datetime.date(2024, 1, 1) + datetime.timedelta(days=n)).isoformat()} for n in range(1, 51)]
    assert json.loads(result.stdout) == expected


def test_a_script_file_and_other_modes(tmp_path):
    script = tmp_path / "report.sql"
    script.write_text("-- a report\nCREATE TABLE t AS SELECT * FROM (VALUES ('a', 1), ('b', 2)) AS v(k, x);\n"
                      "SELECT k, x * 10 AS x10\n  FROM t\n  ORDER BY k")  # the last statement has no ;
    result = run_script("-markdown", str(script))
    assert result.returncode == 0, result.stderr
    assert result.stdout == "| k   | x10 |\n|-----|----:|\n| a   |  10 |\n| b   |  20 |\n"
    result = run_script("--mode", "line", str(script))
    assert result.stdout == "  k = a\nx10 = 10\n\n  k = b\nx10 = 20\n"


def test_stdin_that_is_not_a_terminal_is_a_script():
    result = run_script("-csv", stdin="SELECT 1 AS a;\n.mode json\nSELECT 2 AS b;\n")
    assert result.returncode == 0, result.stderr
    assert result.stdout == 'a\n1\n[{"b":2}]\n'


def test_a_script_stops_at_its_first_error_with_status_1(tmp_path):
    result = run_script("-csv", stdin="SELECT 1 AS a;\nSELECT * FROM nope;\nSELECT 3 AS c;\n")
    assert result.returncode == 1
    assert result.stdout == "a\n1\n"  # the third statement did not run
    assert result.stderr.startswith("Error: unknown table nope")
    result = run_script("-c", ".mode tsv", "-c", "SELECT 1")
    assert result.returncode == 1 and result.stdout == ""
    assert "Error: unknown mode 'tsv'" in result.stderr
    result = run_script(str(tmp_path / "absent.sql"))
    assert result.returncode == 1 and "cannot read" in result.stderr and "absent.sql" in result.stderr


def test_explain_shows_the_plan_in_box_mode_and_dot_commands_may_end_in_a_semicolon():
    result = run_script("-c", "CREATE TABLE t AS SELECT 1 AS a; EXPLAIN SELECT a FROM t WHERE a > 0",
                        "-c", ".mode csv;", "-c", "SELECT 2 AS b")
    assert result.returncode == 0, result.stderr
    assert result.stdout == ('SELECT [col("a").alias("a")]\n  SCAN memory table (1 rows, 1 columns)\n'
                             '    filters: [(col("a") > 0)]\nb\n2\n')


def test_usage_errors_and_help():
    result = run_script("-xml")
    assert result.returncode == 2 and "lode: unknown option -xml" in result.stderr
    result = run_script("--help")
    assert result.returncode == 0 and "stops at its\nfirst error, with exit status 1" in result.stdout


def test_long_and_wide_results_are_elided_in_the_box():
    query = ("WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 100) "
             "SELECT n, n AS b, n AS c, n AS d, n AS e, n AS f, n AS g, n AS h, n AS i, n AS j, "
             "n AS k, n AS l, n AS m, n AS o, n AS p, n AS q, n AS s, n AS t FROM r")
    result = run_script("-c", query)
    lines = result.stdout.splitlines()
    assert lines[-1] == "100 rows (28 shown), 18 columns (15 shown)"  # LINES=40, COLUMNS=100
    assert all(len(line) <= 100 for line in lines)
    assert "│ 14  ┆" in result.stdout and "│ 87  ┆" in result.stdout and "│ 15  ┆" not in result.stdout
    assert "│ …   ┆" in result.stdout


def test_the_lode_program_runs_scripts(tmp_path):
    script = tmp_path / "q.sql"
    script.write_text("SELECT 40 + 2 AS answer;\n")
    result = subprocess.run([str(LODE), "sql", "-csv", str(script)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "answer\n42\n"
    result = subprocess.run([str(LODE), "-json", "-c", "SELECT 'a' AS s"], capture_output=True, text=True, timeout=60)
    assert result.stdout == '[{"s":"a"}]\n'
    result = subprocess.run([str(LODE), "--line"], input="SELECT 'b' AS s;", capture_output=True, text=True, timeout=60)
    assert result.stdout == "s = b\n"
    result = subprocess.run([str(LODE), "-c", "SELECT * FROM nope"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 1 and "Error: unknown table nope" in result.stderr


# ---------------------------------------------------------------- splitting


@pytest.mark.parametrize("text, statements", [
    ("SELECT 1; SELECT 2;", ["SELECT 1;", "SELECT 2;"]),
    ("SELECT ';' AS a; SELECT 'it''s;'", ["SELECT ';' AS a;", "SELECT 'it''s;'"]),
    ('SELECT 1 AS "x;y";', ['SELECT 1 AS "x;y";']),
    ("SELECT 1 -- not here;\n, 2;", ["SELECT 1 -- not here;\n, 2;"]),
    ("SELECT /* ; */ 1;", ["SELECT /* ; */ 1;"]),
    (";; -- only a comment", []),
])
def test_statements_end_at_semicolons_outside_quotes_and_comments(text, statements):
    assert split_statements(text) == statements
