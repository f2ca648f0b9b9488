"""Runs the SQL logic tests, tests/sql/<feature>/*.test, through lode.sql: one
pytest case per file. Expected rows come from DuckDB (tests/sql/fill_expected.py),
stored in the files; error records check that the message names the problem."""

import pathlib

import pytest

import lode
from sql_logic import format_rows, parse_file
from sql_tables import lode_frames

REPOSITORY = pathlib.Path(__file__).resolve().parents[3]
SUITE = REPOSITORY / "tests" / "sql"
FILES = sorted(SUITE.rglob("*.test"))


@pytest.fixture(scope="module")
def frames():
    return lode_frames()


@pytest.fixture
def context(frames):
    """A context per file: the tables its statements create last for that file only."""
    ctx = lode.SQLContext()
    for name, frame in frames.items():
        ctx.register(name, frame)
    return ctx


def collect(result):
    """Runs a statement's result: a LazyFrame's rows, or None."""
    return None if result is None else result.collect()


def result_rows(frame):
    columns = frame.to_dict()
    values = list(columns.values())
    return [tuple(column[i] for column in values) for i in range(frame.shape[0])], len(values)


def check(record, ctx):
    """Returns a failure description, or None."""
    if record.kind == "error":
        try:
            collect(ctx.execute(record.sql))
        except lode.Error as error:
            text = f"{type(error).__name__}: {error}"
            return None if record.expected[0] in text else f"error {text!r} lacks {record.expected[0]!r}"
        return "expected an error, got none"
    try:
        frame = collect(ctx.execute(record.sql))
    except lode.Error as error:
        return f"{type(error).__name__}: {error}"
    if record.kind == "ok":
        return None
    if frame is None:
        return "the statement returned no rows (None)"
    rows, width = result_rows(frame)
    if width != len(record.types):
        return f"{width} columns, expected {len(record.types)} ({frame.columns})"
    actual = format_rows(rows, record.types, record.sort)
    if actual != record.expected:
        return "rows differ:\n  expected: " + "\n            ".join(record.expected) + \
               "\n  actual:   " + "\n            ".join(actual)
    return None


def test_suite_has_queries():
    records = [record for path in FILES for record in parse_file(path.read_text())]
    assert len(records) >= 300, len(records)


@pytest.mark.parametrize("path", FILES, ids=[str(p.relative_to(SUITE)) for p in FILES])
def test_sql_file(path, context, monkeypatch):
    monkeypatch.chdir(REPOSITORY)  # file paths in queries are relative to the repository
    failures = []
    for record in parse_file(path.read_text()):
        problem = check(record, context)
        if problem:
            failures.append(f"{path.relative_to(REPOSITORY)}:{record.line}: {record.sql}\n  {problem}")
    assert not failures, "\n\n".join(failures)
