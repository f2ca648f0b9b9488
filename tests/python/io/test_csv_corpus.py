"""Reads every file of DuckDB's CSV test corpus (../shared/testdata/duckdb-csv,
the fuzzer's afl/ inputs included): no file may crash or hang lode, and where
DuckDB reads a file, lode must read it the same (rows, column names, types,
non-null counts, min/max of numbers, dates and timestamps, string bytes) unless the file is listed,
with the reason, in csv_known_differences.txt."""

import json
import math
import os
import selectors
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
REPOSITORY = HERE.parents[2]
CORPUS = REPOSITORY.parent / "shared" / "testdata" / "duckdb-csv"
KNOWN_DIFFERENCES = HERE / "csv_known_differences.txt"
SECONDS_PER_FILE = 20

DUCKDB_TYPES = {
    "BIGINT": "int64", "DOUBLE": "float64", "VARCHAR": "string", "DATE": "date32",
    "TIMESTAMP": "timestamp[us]", "TIMESTAMP WITH TIME ZONE": "timestamp[us, UTC]",
    "BOOLEAN": "bool", "TIME": "string",  # lode has no time-of-day type yet
}

pytestmark = pytest.mark.usefixtures("shared_testdata")  # fails, never skips, without it


def corpus_files():
    skip = {"LICENSE", "duckdb-expected.json"}
    files = []
    for path in sorted(CORPUS.rglob("*")):
        if path.is_file() and not path.is_symlink() and path.name not in skip:
            files.append(str(path.relative_to(CORPUS)))
    return files


def run_worker(files):
    """Returns {file: result}, reading in a subprocess; a file that crashes or
    hangs it gets {"crash": ...} and the rest go on in a fresh process."""
    results = {}
    pending = list(files)
    environment = dict(os.environ, PYTHONPATH=str(REPOSITORY / "python"))
    while pending:
        worker = subprocess.Popen([sys.executable, str(HERE / "csv_corpus_worker.py")], cwd=CORPUS,
                                  stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                  env=environment, text=True)
        worker.stdin.write("\n".join(pending) + "\n")
        worker.stdin.close()
        selector = selectors.DefaultSelector()
        selector.register(worker.stdout, selectors.EVENT_READ)
        while pending:
            if not selector.select(timeout=SECONDS_PER_FILE):
                worker.kill()
                results[pending.pop(0)] = {"crash": f"hang (> {SECONDS_PER_FILE} s)"}
                break
            line = worker.stdout.readline()
            if not line:
                worker.wait()
                results[pending.pop(0)] = {"crash": f"process died (exit {worker.returncode})"}
                break
            result = json.loads(line)
            results[result["file"]] = result
            pending.remove(result["file"])
        worker.stdout.close()
        worker.wait()
    return results


def difference(lode_result, duckdb_result):
    """Returns how lode's reading differs from DuckDB's, or None."""
    if duckdb_result is None or "error" in duckdb_result:
        return None
    if "error" in lode_result:
        return f"lode raises {lode_result['error']}"
    if lode_result["rows"] != duckdb_result["rows"]:
        return f"rows {lode_result['rows']} != {duckdb_result['rows']}"
    ours, theirs = lode_result["columns"], duckdb_result["columns"]
    if len(ours) != len(theirs):
        return f"columns {len(ours)} != {len(theirs)}"
    for mine, other in zip(ours, theirs):
        expected_type = DUCKDB_TYPES.get(other["type"], other["type"])
        if mine["name"] != other["name"]:
            return f"name {mine['name']!r} != {other['name']!r}"
        if mine["type"] != expected_type:
            return f"column {mine['name']!r}: type {mine['type']} != {expected_type}"
        if mine["non_null"] != other["non_null"]:
            return f"column {mine['name']!r}: non-null {mine['non_null']} != {other['non_null']}"
        if mine["type"] == "int64" and mine["non_null"] and (str(mine["min"]), str(mine["max"])) != (other["min"], other["max"]):
            return f"column {mine['name']!r}: min/max differ"
        if mine["type"] == "float64" and mine["non_null"] and mine["min"] is not None and other["min"] is not None:
            if not (math.isclose(mine["min"], float(other["min"]), rel_tol=1e-9)
                    and math.isclose(mine["max"], float(other["max"]), rel_tol=1e-9)):
                return f"column {mine['name']!r}: min/max {mine['min']}/{mine['max']} != {other['min']}/{other['max']}"
        if mine["type"] == "date32" and mine["non_null"] and (mine["min"], mine["max"]) != (other["min"], other["max"]):
            return f"column {mine['name']!r}: min/max {mine['min']}/{mine['max']} != {other['min']}/{other['max']}"
        if mine["type"] == "timestamp[us]" and mine["non_null"] and (mine["min"], mine["max"]) != (other["min"], other["max"]):
            return f"column {mine['name']!r}: min/max {mine['min']}/{mine['max']} != {other['min']}/{other['max']}"
        if mine["type"] == "string" and other["type"] == "VARCHAR" and mine["non_null"] and str(mine["bytes"]) != other["sum_or_bytes"]:
            return f"column {mine['name']!r}: string bytes {mine['bytes']} != {other['sum_or_bytes']}"
    return None


def known_differences():
    listed = {}
    for line in KNOWN_DIFFERENCES.read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            path, _, reason = line.partition("\t")
            listed[path] = reason
    return listed


@pytest.fixture(scope="module")
def corpus_results():
    return run_worker(corpus_files())


def test_no_file_crashes_or_hangs(corpus_results):
    crashes = {path: result["crash"] for path, result in corpus_results.items() if "crash" in result}
    assert not crashes


def test_errors_are_lode_errors(corpus_results):
    for path, result in corpus_results.items():
        if "error" in result:
            assert result["error"] in ("ParseError", "NotSupportedError", "SchemaError", "IOError"), (path, result)


def test_reads_like_duckdb_or_listed(corpus_results):
    expected = json.loads((CORPUS / "duckdb-expected.json").read_text())
    listed = known_differences()
    unlisted, stale = [], []
    for path, result in sorted(corpus_results.items()):
        if "crash" in result:
            continue
        found = difference(result, expected.get(path))
        if found and path not in listed:
            unlisted.append(f"{path}: {found}")
        if not found and path in listed:
            stale.append(path)
    assert not unlisted, "differences from DuckDB not in csv_known_differences.txt:\n" + "\n".join(unlisted)
    assert not stale, "listed in csv_known_differences.txt but read like DuckDB now:\n" + "\n".join(stale)
