"""Text rendering of DataFrames and Series, in the box style Polars prints:
shape, then a table with column names and short type names, the first and
last rows with an ellipsis row between them when some are left out."""

import datetime

from lode import convert

MAX_ROWS = 10
MAX_COLUMNS = 12
MAX_CELL_WIDTH = 32

_SHORT_TYPE_NAMES = {
    "bool": "bool", "int8": "i8", "int16": "i16", "int32": "i32", "int64": "i64",
    "uint8": "u8", "uint16": "u16", "uint32": "u32", "uint64": "u64",
    "float32": "f32", "float64": "f64", "string": "str", "date32": "date",
}


def short_type_name(data_type):
    name = data_type.name
    if name in _SHORT_TYPE_NAMES:
        return _SHORT_TYPE_NAMES[name]
    if name.startswith("timestamp"):
        return f"datetime[μs, {data_type.timezone}]" if data_type.timezone else "datetime[μs]"
    if name.startswith("list<"):
        return f"list[{short_type_name(data_type.children[0])}]"
    if name.startswith("struct<"):
        return f"struct[{len(data_type.children)}]"
    return f"decimal[{data_type.precision},{data_type.scale}]"


def format_value(value):
    text = value_text(value).replace("\n", "\\n")
    if len(text) > MAX_CELL_WIDTH:
        text = text[: MAX_CELL_WIDTH - 1] + "…"
    return text


def value_text(value):
    """Polars' cell text: lists as [1, 2], structs as {1,"a"}."""
    if isinstance(value, list):
        return "[" + ", ".join(value_text(item) for item in value) + "]"
    if isinstance(value, dict):
        return "{" + ",".join(value_text(item) for item in value.values()) + "}"
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return '"' + value + '"'
    if isinstance(value, float):
        return repr(value) if value == value else "NaN"
    if isinstance(value, datetime.datetime):
        return value.isoformat(sep=" ")
    return str(value)


def _shown_rows(table, max_rows):
    """Returns the column-wise cell texts to show, with "…" marking the gap."""
    height = table.num_rows
    if height <= max_rows:
        parts = [table]
    else:
        head = max(1, (max_rows + 1) // 2)
        tail = max(0, max_rows - head)
        parts = [table.slice(0, head), None, table.slice(height - tail, tail)]
    columns = [[] for _ in range(table.num_columns)]
    for part in parts:
        for index in range(table.num_columns):
            if part is None:
                columns[index].append("…")
            else:
                columns[index].extend(format_value(v) for v in convert.column_to_list(part, index))
    return columns


def _shown_columns(width, max_columns):
    """Returns the indices of the columns to show, with None marking the gap."""
    if width <= max_columns:
        return list(range(width))
    left = (max_columns + 1) // 2
    right = max_columns - left
    return list(range(left)) + [None] + list(range(width - right, width))


def _box_width(widths):
    return sum(w + 3 for w in widths) + 1


def render_table(table, shape_text, max_rows=MAX_ROWS, max_columns=MAX_COLUMNS, max_width=None):
    """Returns the boxed text of a table, headed by `shape_text` (None: no heading).

    At most `max_rows` rows and `max_columns` columns show (the first and last
    ones, "…" between); with `max_width` (characters, such as a terminal's)
    columns leave from the middle until the box fits, down to one."""
    return fit_table(table, shape_text, max_rows, max_columns, max_width)[0]


def fit_table(table, shape_text, max_rows, max_columns, max_width):
    """Returns (the text of render_table, how many of the table's columns it shows)."""
    cells = _shown_rows(table, max_rows)
    names, types = table.names, table.types
    max_columns = min(max_columns, table.num_columns)
    while True:
        columns = []
        for index in _shown_columns(table.num_columns, max_columns):
            if index is None:
                columns.append(("…", "", ["…"] * (len(cells[0]) if cells else 0)))
            else:
                columns.append((names[index], short_type_name(types[index]), cells[index]))
        widths = [max([len(name), len(type_name), 3] + [len(c) for c in body]) for name, type_name, body in columns]
        if max_width is None or max_columns <= 1 or _box_width(widths) <= max_width:
            break
        max_columns -= 1

    def line(left, fill, middle, right):
        return left + middle.join(fill * (w + 2) for w in widths) + right

    def row(values, separator="┆"):
        return "│" + separator.join(f" {v:<{w}} " for v, w in zip(values, widths)) + "│"

    lines = [] if shape_text is None else [shape_text]
    lines += [line("┌", "─", "┬", "┐"), row([c[0] for c in columns]),
              row(["---"] * len(columns)), row([c[1] for c in columns]), line("╞", "═", "╪", "╡")]
    height = len(columns[0][2]) if columns else 0
    for position in range(height):
        lines.append(row([c[2][position] for c in columns]))
    lines.append(line("└", "─", "┴", "┘"))
    return "\n".join(lines), len(columns) - (1 if max_columns < table.num_columns else 0)
