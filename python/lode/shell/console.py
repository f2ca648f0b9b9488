"""The interactive loop: prompts, line editing and history (GNU readline),
statements across lines until ``;``, Ctrl-C and Ctrl-D.

Ctrl-C while a statement runs cancels it (the session handles that); at the
prompt it drops the line and any unfinished statement. Ctrl-D, .exit or
.quit leave the shell.
"""

import os

from lode.shell.commands import ExitShell
from lode.shell.statements import StatementSplitter

PROMPT = "lode> "
CONTINUATION_PROMPT = "    > "
BANNER = "lode {version} SQL shell: end statements with ;  .help lists the commands, .exit or Ctrl-D leaves"


def history_path():
    """Returns the history file: $LODE_HISTORY, else ~/.lode_history."""
    return os.environ.get("LODE_HISTORY") or os.path.join(os.path.expanduser("~"), ".lode_history")


class History:
    """Readline's history, read from a file at the start and appended to it
    after each line, so that a shell that is killed keeps what it was given."""

    def __init__(self, path):
        self.path = path
        try:
            import readline
        except ImportError:  # a Python without readline: no editing, no history
            self.readline = None
            return
        self.readline = readline
        readline.set_history_length(10_000)
        try:
            readline.read_history_file(path)
        except OSError:
            pass
        self.saved_length = readline.get_current_history_length()

    def save_new_lines(self):
        """Appends the lines added since the last call to the file."""
        if self.readline is None:
            return
        length = self.readline.get_current_history_length()
        if length <= self.saved_length:
            return
        try:
            with open(self.path, "a", encoding="utf-8"):
                pass  # append_history_file needs the file to exist
            self.readline.append_history_file(length - self.saved_length, self.path)
        except OSError:
            pass  # a read-only home: the shell works on without history
        self.saved_length = length


def run_console(session, version):
    """Reads and runs lines until Ctrl-D or .exit; returns the exit status."""
    history = History(history_path())
    print(BANNER.format(version=version))
    splitter = StatementSplitter()
    while True:
        try:
            line = input(CONTINUATION_PROMPT if splitter.pending else PROMPT)
        except KeyboardInterrupt:  # Ctrl-C at the prompt: a fresh line
            print()
            splitter.reset()
            continue
        except EOFError:  # Ctrl-D
            print()
            return 0
        history.save_new_lines()
        try:
            session.run_line(splitter, line)
        except ExitShell as exit_shell:
            return exit_shell.code
        except KeyboardInterrupt:  # between statements, or while writing rows
            session.report_error("cancelled", prefix="")
