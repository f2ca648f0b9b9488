"""The tables every tests/sql/**/*.test file can query, defined once for both
sides: the runner registers them as lode DataFrames, and fill_expected.py
creates them in DuckDB (the oracle) with the same SQL types."""

import datetime

D = datetime.date

TABLES = {
    "nums": {
        "columns": [("id", "INTEGER"), ("x", "INTEGER"), ("y", "DOUBLE"), ("g", "VARCHAR")],
        "rows": [
            (1, 10, 1.5, "a"), (2, -3, 2.25, "b"), (3, 7, None, "a"), (4, None, -0.5, "c"),
            (5, 0, 10.0, None), (6, 42, 3.75, "b"), (7, 10, 0.0, "a"), (8, -15, -2.5, "c"),
            (9, None, None, "b"), (10, 5, 8.125, "a"),
        ],
    },
    "people": {
        "columns": [("id", "INTEGER"), ("name", "VARCHAR"), ("age", "INTEGER"), ("city", "VARCHAR"),
                    ("born", "DATE"), ("active", "BOOLEAN")],
        "rows": [
            (1, "Ada", 36, "London", D(1988, 12, 10), True), (2, "Bob", 17, "Paris", D(2007, 3, 1), False),
            (3, "Cleo", 52, "London", D(1972, 7, 4), True), (4, "Dan", None, "Oslo", None, None),
            (5, "Eve", 29, None, D(1995, 1, 31), True), (6, "Finn", 41, "Paris", D(1983, 11, 20), False),
            (7, "Gus", 17, "Oslo", D(2007, 9, 9), True), (8, "Hana", 64, "Lima", D(1960, 2, 29), False),
        ],
    },
    "orders": {
        "columns": [("order_id", "INTEGER"), ("customer_id", "INTEGER"), ("amount", "DOUBLE"), ("status", "VARCHAR"),
                    ("ordered", "DATE")],
        "rows": [
            (100, 1, 25.0, "shipped", D(2024, 1, 5)), (101, 1, 12.5, "open", D(2024, 1, 9)),
            (102, 2, 99.99, "shipped", D(2024, 2, 1)), (103, 3, 5.0, "cancelled", D(2024, 2, 14)),
            (104, 3, 40.0, "shipped", D(2024, 3, 3)), (105, 3, None, "open", D(2024, 3, 8)),
            (106, 5, 7.25, "shipped", D(2024, 4, 1)), (107, 9, 60.0, "open", D(2024, 4, 2)),
            (108, None, 15.0, "shipped", D(2024, 4, 20)), (109, 2, 33.0, "cancelled", None),
            (110, 4, 18.0, "shipped", D(2024, 5, 30)), (111, 1, 3.5, "shipped", D(2024, 6, 1)),
        ],
    },
    "customers": {
        "columns": [("customer_id", "INTEGER"), ("name", "VARCHAR"), ("country", "VARCHAR")],
        "rows": [(1, "Acme", "US"), (2, "Bolt", "DE"), (3, "Crux", "US"), (4, "Dyno", None), (5, "Echo", "FR"),
                 (6, "Flux", "DE")],
    },
    "words": {
        "columns": [("w", "VARCHAR")],
        "rows": [("apple",), ("Apple",), ("banana",), ("cherry pie",), ("50%",), ("a_b",), ("",), (None,),
                 ("straße",), ("x.y",)],
    },
    "empty_t": {"columns": [("a", "INTEGER"), ("b", "VARCHAR")], "rows": []},
}

LODE_TYPES = {"INTEGER": "int32", "BIGINT": "int64", "DOUBLE": "float64", "VARCHAR": "string", "DATE": "date32",
              "BOOLEAN": "bool"}


def lode_frames():
    """Returns the tables as lode DataFrames, by name."""
    import lode

    frames = {}
    for name, table in TABLES.items():
        data = {column: [row[i] for row in table["rows"]] for i, (column, _) in enumerate(table["columns"])}
        schema = {column: LODE_TYPES[sql_type] for column, sql_type in table["columns"]}
        frames[name] = lode.DataFrame(data, schema=schema)
    return frames


def _duckdb_value(value):
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime.date):
        return f"DATE '{value.isoformat()}'"
    if isinstance(value, str):
        return "'" + value.replace("'", "''") + "'"
    return repr(value)


def duckdb_setup():
    """Returns the DuckDB statements that create the tables."""
    statements = []
    for name, table in TABLES.items():
        columns = ", ".join(f"{column} {sql_type}" for column, sql_type in table["columns"])
        statements.append(f"CREATE TABLE {name} ({columns})")
        if table["rows"]:
            values = ", ".join("(" + ", ".join(_duckdb_value(v) for v in row) + ")" for row in table["rows"])
            statements.append(f"INSERT INTO {name} VALUES {values}")
    return statements
