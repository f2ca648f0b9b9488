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
