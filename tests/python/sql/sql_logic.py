"""The sqllogictest-style format of tests/sql/**/*.test (see tests/sql/README.md):
reading records and formatting values the same way for lode and the oracle."""

import datetime
import math
import re
from dataclasses import dataclass, field


@dataclass
class Record:
    kind: str            # "query", "ok" (a statement that must succeed) or "error"
    sql: str
    line: int            # of the record's header in its file
    types: str = ""      # query: one letter per column (I integer, R real, T text)
    sort: str = "rowsort"
    expected: list = field(default_factory=list)  # query: result lines; error: [message fragment]


HEADER = re.compile(r"^(query|statement)\b\s*(.*)$")


def parse_file(text):
    """Returns the records of a .test file."""
    records, lines, index = [], text.split("\n"), 0
    while index < len(lines):
        line = lines[index]
        match = HEADER.match(line)
        if not match:
            index += 1
            continue
        header_line, words = index + 1, match.group(2).split(maxsplit=1)
        index += 1
        sql_lines = []
        while index < len(lines) and lines[index].strip() and lines[index] != "----":
            sql_lines.append(lines[index])
            index += 1
        sql = "\n".join(sql_lines)
        if match.group(1) == "statement":
            if words and words[0] == "ok":
                records.append(Record("ok", sql, header_line))
                continue
            if not words or words[0] != "error":
                raise ValueError(f"line {header_line}: only 'statement ok' and 'statement error <fragment>' are supported")
            records.append(Record("error", sql, header_line, expected=[words[1] if len(words) > 1 else ""]))
            continue
        types, sort = "", "rowsort"
        for word in match.group(2).split():
            if word in ("rowsort", "nosort"):
                sort = word
            else:
                types = word
        expected = []
        if index < len(lines) and lines[index] == "----":
            index += 1
            while index < len(lines) and lines[index] != "":
                expected.append(lines[index])
                index += 1
        records.append(Record("query", sql, header_line, types, sort, expected))
    return records


def format_value(value, letter):
    """Formats one value as the .test files store it."""
    if value is None:
        return "NULL"
    if letter == "R":
        number = float(value)
        if math.isnan(number):
            return "nan"
        if math.isinf(number):
            return "inf" if number > 0 else "-inf"
        text = f"{number:.6g}"
        return "0" if text == "-0" else text
    if letter == "I":
        return str(int(value))
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime.datetime):
        # As DuckDB prints them: fractional seconds without trailing zeros.
        text = value.isoformat(sep=" ")
        return text.rstrip("0") if value.microsecond else text
    if isinstance(value, datetime.date):
        return value.isoformat()
    text = str(value)
    if text == "":
        return "(empty)"
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")


def format_rows(rows, types, sort):
    """Returns result lines: tab-separated values, sorted for rowsort."""
    lines = ["\t".join(format_value(value, types[i]) for i, value in enumerate(row)) for row in rows]
    return sorted(lines) if sort == "rowsort" else lines
