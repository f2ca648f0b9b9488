#!/usr/bin/python3
"""Fills in the expected rows of tests/sql/**/*.test files from DuckDB, the
oracle (../shared/peers): for each `query` record, runs its SQL in DuckDB over
the shared tables (tests/python/sql/sql_tables.py) and writes the column
letters and result rows under it. Run it when you write a test, check the
rows, and commit them; lode never writes expected rows.

    /usr/bin/python3 tests/sql/fill_expected.py tests/sql/select/basic.test [...]
    /usr/bin/python3 tests/sql/fill_expected.py --missing tests/sql   # only records without rows

Run from the repository root (the files' paths such as 'tests/sql/data/x.csv'
are relative to it).
"""

import json
import os
import pathlib
import re
import shutil
import subprocess
import sys

REPOSITORY = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPOSITORY / "tests" / "python" / "sql"))

from sql_logic import HEADER, format_rows, parse_file  # noqa: E402
from sql_tables import duckdb_setup  # noqa: E402

INTEGER_TYPES = {"TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UTINYINT", "USMALLINT", "UINTEGER",
                 "UBIGINT", "UHUGEINT"}


def letter(duckdb_type):
    if duckdb_type in INTEGER_TYPES:
        return "I"
    if duckdb_type in ("DOUBLE", "FLOAT") or duckdb_type.startswith("DECIMAL"):
        return "R"
    return "T"


def run_oracle(queries):
    peers = subprocess.run([str(REPOSITORY.parent / "shared" / "peers" / "install.sh")], check=True,
                           capture_output=True, text=True).stdout.strip()
    shutil.copy(REPOSITORY / "tests" / "sql" / "oracle.mjs", pathlib.Path(peers) / "sql_oracle.mjs")
    payload = json.dumps({"setup": duckdb_setup(), "queries": queries})
    done = subprocess.run(["node", str(pathlib.Path(peers) / "sql_oracle.mjs")], input=payload, check=True,
                          capture_output=True, text=True, cwd=REPOSITORY)
    return json.loads(done.stdout)


def fill(path, missing_only):
    text = path.read_text()
    # `statement ok` records run too, in file order, so that the queries see
    # the tables they create; DuckDB must succeed on them.
    ordered = [r for r in parse_file(text) if r.kind == "ok" or (r.kind == "query" and (r.expected == [] or not missing_only))]
    if not any(r.kind == "query" for r in ordered):
        return
    results = run_oracle([r.sql for r in ordered])
    for record, result in zip(ordered, results):
        if record.kind == "ok" and "error" in result:
            sys.exit(f"{path}:{record.line}: DuckDB fails on this statement: {result['error']}")
    records = [r for r in ordered if r.kind == "query"]
    results = [result for r, result in zip(ordered, results) if r.kind == "query"]
    lines = text.split("\n")
    # Rewrites from the end so earlier line numbers stay valid.
    for record, result in reversed(list(zip(records, results))):
        if "error" in result:
            sys.exit(f"{path}:{record.line}: DuckDB fails on this query: {result['error']}")
        types = "".join(letter(t) for t in result["types"])
        start = record.line - 1
        end = start + 1
        while end < len(lines) and lines[end].strip() and lines[end] != "----":
            end += 1
        body_end = end
        if end < len(lines) and lines[end] == "----":
            body_end = end + 1
            while body_end < len(lines) and lines[body_end] != "":
                body_end += 1
        rows = format_rows(result["rows"], types, record.sort)
        block = [f"query {types} {record.sort}"] + lines[start + 1:end] + ["----"] + rows
        lines[start:body_end] = block
    path.write_text("\n".join(lines))
    print(f"{path}: {len(records)} queries filled")


def main(arguments):
    missing_only = "--missing" in arguments
    paths = [pathlib.Path(a) for a in arguments if a != "--missing"]
    for path in paths:
        for file in sorted(path.rglob("*.test")) if path.is_dir() else [path]:
            fill(file, missing_only)


if __name__ == "__main__":
    main(sys.argv[1:])
