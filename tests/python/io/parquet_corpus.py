"""Where the shared Parquet test files live, and DuckDB's reading of them.

The shared folder sits beside the repository (``../shared`` from its root),
in CI as on a workstation.
"""

import json
import math
from decimal import Decimal
from pathlib import Path

SHARED = Path(__file__).resolve().parents[3] / ".." / "shared" / "testdata"
TESTING = SHARED / "parquet-testing"
CURATED = SHARED / "parquet"


def expected_readings():
    """Returns duckdb-expected.json: file key -> DuckDB's reading."""
    return json.loads((TESTING / "duckdb-expected.json").read_text())


def _is_nan_text(text):
    return text.lower().lstrip("-+") == "nan"


def _number(text):
    return float("nan") if _is_nan_text(text) else float(text)


def _same_number(actual, expected_text):
    expected = _number(expected_text)
    if math.isnan(expected):
        return isinstance(actual, float) and math.isnan(actual)
    return math.isclose(float(actual), expected, rel_tol=1e-6, abs_tol=1e-9)


def column_mismatches(values, expected):
    """Compares a column's values with DuckDB's summary of it; returns problems."""
    problems = []
    present = [value for value in values if value is not None]
    if len(present) != expected["non_null"]:
        problems.append(f"non-null {len(present)} != {expected['non_null']}")
    duck_type = expected["type"]
    numeric = duck_type in ("TINYINT", "SMALLINT", "INTEGER", "BIGINT", "UTINYINT", "USMALLINT", "UINTEGER",
                            "UBIGINT", "FLOAT", "DOUBLE", "HUGEINT") or duck_type.startswith("DECIMAL")
    if numeric and present and expected["min"] is not None:
        ordered = [v for v in present if not (isinstance(v, float) and math.isnan(v))]
        has_nan = len(ordered) < len(present)
        if ordered and not _same_number(min(ordered), expected["min"]):
            problems.append(f"min {min(ordered)} != {expected['min']}")
        if not _is_nan_text(expected["max"]) and ordered and not _same_number(max(ordered), expected["max"]):
            problems.append(f"max {max(ordered)} != {expected['max']}")
        if expected["sum_or_bytes"] is not None and not has_nan:
            total = sum(Decimal(str(v)) if isinstance(v, Decimal) else v for v in ordered)
            if not _same_number(total, expected["sum_or_bytes"]):
                problems.append(f"sum {total} != {expected['sum_or_bytes']}")
    if duck_type == "VARCHAR" and expected["sum_or_bytes"] is not None:
        total = sum(len(value.encode()) for value in present)
        if total != int(expected["sum_or_bytes"]):
            problems.append(f"bytes {total} != {expected['sum_or_bytes']}")
        if present and expected["min"] is not None and min(present) != expected["min"]:
            problems.append(f"min {min(present)!r} != {expected['min']!r}")
    if duck_type == "DATE" and present and expected["min"] is not None:
        if str(min(present)) != expected["min"] or str(max(present)) != expected["max"]:
            problems.append(f"dates {min(present)}..{max(present)} != {expected['min']}..{expected['max']}")
    if duck_type == "BOOLEAN" and present and expected["min"] is not None:
        if str(min(present)).lower() != expected["min"] or str(max(present)).lower() != expected["max"]:
            problems.append("boolean range differs")
    if duck_type.startswith("TIMESTAMP") and present and expected["min"] is not None and "BC" not in expected["min"]:
        def text(value):
            value = value.isoformat(sep=" ").replace("+00:00", "")
            return value.rstrip("0").rstrip(".") if "." in value else value
        if (text(min(present)), text(max(present))) != (expected["min"].replace("+00", ""), expected["max"].replace("+00", "")):
            problems.append(f"timestamps {text(min(present))}..{text(max(present))} != {expected['min']}..{expected['max']}")
    return problems


_DUCKDB_TYPES = {
    "BOOLEAN": "bool", "TINYINT": "int8", "SMALLINT": "int16", "INTEGER": "int32", "BIGINT": "int64",
    "UTINYINT": "uint8", "USMALLINT": "uint16", "UINTEGER": "uint32", "UBIGINT": "uint64", "FLOAT": "float32",
    "DOUBLE": "float64", "VARCHAR": "string", "BLOB": "string", "DATE": "date32",
    "TIMESTAMP": "timestamp[us]", "TIMESTAMP WITH TIME ZONE": "timestamp[us, UTC]",
}


def _split_top_level(text):
    parts, depth, start = [], 0, 0
    for index, char in enumerate(text):
        depth += char in "([" and 1 or char in ")]" and -1 or 0
        if char == "," and depth == 0:
            parts.append(text[start:index].strip())
            start = index + 1
    parts.append(text[start:].strip())
    return parts


def lode_type_of_duckdb(duck_type):
    """The lode type name that reads as DuckDB's type: T[] is list<T>,
    STRUCT(a T) is struct<a: T>, MAP(K, V) is list<struct<key: K, value: V>>."""
    duck_type = duck_type.strip()
    if duck_type.endswith("[]"):
        return f"list<{lode_type_of_duckdb(duck_type[:-2])}>"
    if duck_type.startswith("STRUCT(") and duck_type.endswith(")"):
        fields = []
        for part in _split_top_level(duck_type[7:-1]):
            name, field_type = part.split(" ", 1)
            fields.append(f"{name.strip(chr(34))}: {lode_type_of_duckdb(field_type)}")
        return "struct<" + ", ".join(fields) + ">"
    if duck_type.startswith("MAP(") and duck_type.endswith(")"):
        key, value = _split_top_level(duck_type[4:-1])
        return f"list<struct<key: {lode_type_of_duckdb(key)}, value: {lode_type_of_duckdb(value)}>>"
    if duck_type.startswith("DECIMAL("):
        precision, scale = duck_type[8:-1].split(",")
        return f"decimal128({int(precision)}, {int(scale)})"
    return _DUCKDB_TYPES.get(duck_type, duck_type)


def canonical(value):
    """One spelling for DuckDB's JSON rows and lode's Python values: DuckDB
    writes BIGINT and whole DOUBLEs as text."""
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else round(value, 9)
    if isinstance(value, list):
        return [canonical(item) for item in value]
    if isinstance(value, dict):
        return {key: canonical(item) for key, item in value.items()}
    return value
