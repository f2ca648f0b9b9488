"""The TPC-H queries at SF 0.1 (../shared/testdata/tpch-sf0.1) through lode.sql,
unchanged, against the official answers (MANIFEST.md says how to compare).
All 22 run."""

import datetime
import decimal
import math

import pytest

import lode

RUNS = list(range(1, 23))


@pytest.fixture(scope="module")
def tpch(shared_testdata):
    folder = shared_testdata / "tpch-sf0.1"
    ctx = lode.SQLContext()
    for name in ["region", "nation", "supplier", "customer", "part", "partsupp", "orders", "lineitem"]:
        ctx.register(name, lode.scan_parquet(str(folder / f"{name}.parquet")))
    return ctx, folder


def same(expected, actual):
    if actual is None:
        return expected == ""
    if isinstance(actual, bool) or isinstance(actual, str):
        return str(actual) == expected
    if isinstance(actual, datetime.date):
        return actual.isoformat() == expected
    if isinstance(actual, int) and "." not in expected:
        return int(expected) == actual
    value, wanted = float(actual), float(expected)
    return math.isclose(value, wanted, rel_tol=1e-6) or abs(value - wanted) <= 0.01


# Marked optimizer: the queries list their tables with commas, so unoptimized
# (LODE_STRESS=optimizer_off) their joins are cross products too large to run.
@pytest.mark.optimizer
@pytest.mark.parametrize("number", RUNS)
def test_tpch_query_gives_the_official_answer(tpch, number):
    ctx, folder = tpch
    query = (folder / "queries" / f"q{number:02d}.sql").read_text()
    result = ctx.execute(query).collect()
    lines = (folder / "answers" / f"q{number:02d}.csv").read_text().splitlines()
    header, rows = lines[0].split("|"), [line.split("|") for line in lines[1:]]
    assert [name.lower() for name in result.columns] == [name.lower() for name in header]
    columns = list(result.to_dict().values())
    assert result.shape[0] == len(rows)
    for index, row in enumerate(rows):
        for column, expected in enumerate(row):
            actual = columns[column][index]
            if isinstance(actual, decimal.Decimal):
                actual = float(actual)
            assert same(expected, actual), (number, index, header[column], expected, actual)
