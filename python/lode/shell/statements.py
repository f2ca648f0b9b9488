"""Splits the shell's input into complete SQL statements.

A statement ends at a ``;`` that is outside quotes ('text', "name") and
outside comments (``-- to the line's end`` and ``/* ... */``). The shell
feeds its input a line at a time; what is left after the last ``;`` waits
for more lines (the continuation prompt).
"""


class StatementSplitter:
    """Collects input lines and hands back the statements they complete.

    Examples
    --------
    >>> splitter = StatementSplitter()
    >>> splitter.feed("SELECT 1,")
    []
    >>> splitter.pending
    True
    >>> splitter.feed("  ';' AS semicolon; SELECT 2; SELECT")
    ["SELECT 1,\\n  ';' AS semicolon;", 'SELECT 2;']
    >>> splitter.feed("3 -- the end;")
    []
    >>> splitter.feed("/* ; */ ;")
    ['SELECT\\n3 -- the end;\\n/* ; */ ;']
    >>> splitter.pending
    False
    """

    def __init__(self):
        self._text = ""
        self._scanned = 0  # characters of _text already scanned
        self._state = _Normal

    @property
    def pending(self):
        """True while some text waits for the ``;`` that ends it (comments and
        blanks alone do not count)."""
        return _has_sql(self._text)

    def feed(self, line):
        """Adds one line of input; returns the statements it completes, each
        with its ``;``."""
        self._text = line if not self._text else self._text + "\n" + line
        statements = []
        start = 0
        position = self._scanned
        while position < len(self._text):
            self._state, position, ended = self._state.step(self._text, position)
            if ended:
                statement = self._text[start:position].strip()
                if _has_sql(statement[:-1]):
                    statements.append(statement)
                start = position
        self._text = self._text[start:].lstrip() if start else self._text
        self._scanned = len(self._text)
        if not _has_sql(self._text) and self._state is _Normal:
            self._text, self._scanned = "", 0
        return statements

    def reset(self):
        """Forgets an unfinished statement (Ctrl-C at the prompt)."""
        self.__init__()

    def rest(self):
        """Returns the text after the last ``;`` (a script's last statement may
        lack one), and forgets it."""
        rest = self._text.strip()
        self.reset()
        return rest if _has_sql(rest) else ""


def split_statements(text):
    """Returns the statements of a whole script, the last one also without ``;``.

    Examples
    --------
    >>> split_statements("SELECT 'a;b'; -- one\\nSELECT 2")
    ["SELECT 'a;b';", '-- one\\nSELECT 2']
    """
    splitter = StatementSplitter()
    statements = splitter.feed(text)
    rest = splitter.rest()
    return statements + ([rest] if rest else [])


def _has_sql(text):
    """True when text holds something besides blanks and comments."""
    state, position = _Normal, 0
    while position < len(text):
        if state is _Normal and not text[position].isspace() and not text.startswith(("--", "/*"), position):
            return True
        state, position, _ = state.step(text, position)
    return False


class _Normal:
    """Outside quotes and comments: ``;`` ends a statement."""

    @staticmethod
    def step(text, position):
        """Returns (next state, next position, whether a statement ended)."""
        char = text[position]
        if char == ";":
            return _Normal, position + 1, True
        if char == "'":
            return _IN_SINGLE_QUOTES, position + 1, False
        if char == '"':
            return _IN_DOUBLE_QUOTES, position + 1, False
        if text.startswith("--", position):
            return _IN_LINE_COMMENT, position + 2, False
        if text.startswith("/*", position):
            return _IN_BLOCK_COMMENT, position + 2, False
        return _Normal, position + 1, False


class _Until:
    """Inside quotes or a comment, up to the text that closes it."""

    def __init__(self, closing):
        self.closing = closing

    def step(self, text, position):
        """Skips to just after the closing text, or to the end of the text
        (staying inside)."""
        end = text.find(self.closing, position)
        if end < 0:
            return self, len(text), False
        return _Normal, end + len(self.closing), False


_IN_SINGLE_QUOTES = _Until("'")  # 'text' (a doubled '' reads as leaving and entering again)
_IN_DOUBLE_QUOTES = _Until('"')  # a "quoted name"
_IN_LINE_COMMENT = _Until("\n")  # -- a comment, up to the line's end
_IN_BLOCK_COMMENT = _Until("*/")  # /* a comment */
