"""The shell's output modes: how a result DataFrame is written.

``box`` (the default) is the table ``DataFrame.__repr__`` prints, with names
and types, its elision bounded by the terminal's size; ``csv``, ``json``,
``markdown`` and ``line`` write every row, as the duckdb and sqlite3 shells do.
"""

import csv
import datetime
import decimal
import json
import math
import shutil

from lode import convert, formatting

MODES = ("box", "csv", "json", "markdown", "line")

# Rows the box shows at most, whatever the terminal's height (duckdb's .maxrows).
MAX_BOX_ROWS = 40
# Lines the box leaves for its frame, the prompt and the footer.
BOX_MARGIN_LINES = 12
# The columns of an EXPLAIN's result (lode.sql_context).
EXPLAIN_COLUMNS = ["explain_key", "explain_value"]


def write_result(frame, mode, out):
    """Writes a result DataFrame to the text stream `out` in `mode` (one of MODES)."""
    _WRITERS[mode](frame, out)


def _column_values(frame):
    """Returns each column's values as Python lists (by position: names may repeat)."""
    return [convert.column_to_list(frame._table, index) for index in range(frame.width)]


def _rows(frame):
    return list(zip(*_column_values(frame))) if frame.width else [() for _ in range(frame.height)]


def plain_text(value, null="null"):
    """Returns a value as text without quotes: a cell of csv, markdown and line modes.

    Examples
    --------
    >>> import datetime
    >>> [plain_text(v) for v in [None, True, 1.5, "x", datetime.date(2024, 1, 2), [1, None]]]
    ['null', 'true', '1.5', 'x', '2024-01-02', '[1, null]']
    """
    if value is None:
        return null
    if isinstance(value, str):
        return value
    if isinstance(value, datetime.datetime):
        return value.isoformat(sep=" ")
    return formatting.value_text(value)


# ---------------------------------------------------------------- box


def write_box(frame, out):
    """The boxed table, as wide and as long as the terminal allows, with a
    footer that counts the rows and columns when some are left out. An
    EXPLAIN's plan is written as it is (a cell would cut it to one line)."""
    if frame.columns == EXPLAIN_COLUMNS:
        for plan in convert.column_to_list(frame._table, 1):
            out.write(plan.rstrip("\n") + "\n")
        return
    size = shutil.get_terminal_size()
    max_rows = max(formatting.MAX_ROWS, min(MAX_BOX_ROWS, size.lines - BOX_MARGIN_LINES))
    text, shown_columns = formatting.fit_table(frame._table, None, max_rows, frame.width, size.columns)
    out.write(text + "\n")
    footer = _box_footer(frame, max_rows, shown_columns)
    if footer:
        out.write(footer + "\n")


def _box_footer(frame, max_rows, shown_columns):
    parts = []
    if frame.height > max_rows:
        parts.append(f"{frame.height:,} rows ({max_rows} shown)")
    if shown_columns < frame.width:
        parts.append(f"{frame.width:,} columns ({shown_columns} shown)")
    return ", ".join(parts)


# ---------------------------------------------------------------- csv


def write_csv(frame, out):
    """A header line, then one line per row; NULL is an empty field."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(frame.columns)
    for row in _rows(frame):
        writer.writerow([plain_text(value, null="") for value in row])


# ---------------------------------------------------------------- json


def write_json(frame, out):
    """A JSON array of one object per row, as ``duckdb -json`` writes:
    dates and timestamps as ISO text, NULL as null, NaN and infinities as
    the strings "NaN", "Infinity" and "-Infinity" (JSON has no such numbers)."""
    names = [_json_string(name) for name in frame.columns]
    objects = ["{" + ",".join(f"{name}:{json_text(value)}" for name, value in zip(names, row)) + "}"
               for row in _rows(frame)]
    out.write("[" + ",\n".join(objects) + "]\n")


def json_text(value):
    """Returns a value as JSON text (decimals keep their digits).

    Examples
    --------
    >>> import datetime, decimal
    >>> [json_text(v) for v in [None, False, 2, float("nan"), decimal.Decimal("1.50"), "a\\"b"]]
    ['null', 'false', '2', '"NaN"', '1.50', '"a\\\\"b"']
    >>> json_text({"k": [datetime.date(2024, 1, 2)]})
    '{"k":["2024-01-02"]}'
    """
    if value is None or isinstance(value, bool):
        return json.dumps(value)
    if isinstance(value, float) and not math.isfinite(value):
        return '"NaN"' if math.isnan(value) else ('"Infinity"' if value > 0 else '"-Infinity"')
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, (int, float)):
        return json.dumps(value)
    if isinstance(value, list):
        return "[" + ",".join(json_text(item) for item in value) + "]"
    if isinstance(value, dict):
        return "{" + ",".join(f"{_json_string(key)}:{json_text(item)}" for key, item in value.items()) + "}"
    return _json_string(plain_text(value))


def _json_string(text):
    return json.dumps(str(text), ensure_ascii=False)


# ---------------------------------------------------------------- markdown


def write_markdown(frame, out):
    """A pipe table; numeric columns are right-aligned."""
    header = [_markdown_cell(name) for name in frame.columns]
    body = [[_markdown_cell(plain_text(value)) for value in row] for row in _rows(frame)]
    widths = [max([3, len(header[index])] + [len(row[index]) for row in body]) for index in range(len(header))]
    numeric = [_is_numeric(data_type) for data_type in frame.dtypes]

    def line(cells):
        return "| " + " | ".join(cell.rjust(w) if right else cell.ljust(w)
                                 for cell, w, right in zip(cells, widths, numeric)) + " |"

    rule = "|" + "|".join("-" * (w + 1) + ":" if right else "-" * (w + 2) for w, right in zip(widths, numeric)) + "|"
    out.write("\n".join([line(header), rule] + [line(row) for row in body]) + "\n")


def _markdown_cell(text):
    return text.replace("|", "\\|").replace("\n", "<br>")


def _is_numeric(data_type):
    return data_type.name.startswith(("int", "uint", "float", "decimal"))


# ---------------------------------------------------------------- line


def write_line(frame, out):
    """One ``name = value`` line per value, the names aligned, a blank line
    between rows (sqlite3's line mode)."""
    width = max((len(name) for name in frame.columns), default=0)
    blocks = ["\n".join(f"{name:>{width}} = {plain_text(value)}" for name, value in zip(frame.columns, row))
              for row in _rows(frame)]
    if blocks:
        out.write("\n\n".join(blocks) + "\n")


_WRITERS = {"box": write_box, "csv": write_csv, "json": write_json, "markdown": write_markdown, "line": write_line}
