"""Row-group pruning is sound: for every filter, a scan that skips row
groups by their statistics returns the same rows as the same filter over a
full read held in memory (no pruning), on lode-written files and on files
from other writers; profile() says how many row groups were skipped."""

import datetime
import operator
import random
import re

import pytest

import lode

from parquet_corpus import CURATED

OPERATORS = {"==": operator.eq, "!=": operator.ne, "<": operator.lt, "<=": operator.le, ">": operator.gt,
             ">=": operator.ge}
EPOCH = datetime.date(1970, 1, 1)


def comparable(value):
    return (value - EPOCH).days if isinstance(value, datetime.date) else value


def canonical(values):
    """Sorts values with NaN (which equals nothing) replaced by a marker."""
    nan_count = sum(1 for v in values if isinstance(v, float) and v != v)
    return sorted(v for v in values if not (isinstance(v, float) and v != v)), nan_count


def assert_sound(path, column, op, value):
    if str(lode.scan_parquet(path).schema[column]) == "date32":
        value = EPOCH + datetime.timedelta(days=value)
    predicate = OPERATORS[op](lode.col(column), lode.lit(value))
    pruned, profile = lode.scan_parquet(path).filter(predicate).select(column).profile()
    in_memory = lode.read_parquet(path, columns=[column]).lazy().filter(predicate).collect()
    kept = [comparable(v) for v in pruned.get_column(column).to_list()]
    expected = [comparable(v) for v in in_memory.get_column(column).to_list()]
    assert canonical(kept) == canonical(expected), (column, op, value)
    read, skipped = re.search(r"splits read: (\d+), skipped: (\d+)", profile).groups()
    return int(read), int(skipped)


@pytest.fixture(scope="module")
def clustered_file(tmp_path_factory):
    generator = random.Random(5)
    rows = 5000
    ints = sorted(generator.randint(-10**6, 10**6) for _ in range(rows))
    frame = lode.DataFrame({
        "i": [None if index % 50 == 0 else value for index, value in enumerate(ints)],
        "f": [value / 3 for value in ints],
        "s": [f"key{value + 2_000_000:08d}" for value in ints],
        "u": [value + 10**6 for value in ints],
        "d": [EPOCH + datetime.timedelta(days=value // 100) for value in ints],
        "low": [f"v{value % 7}" for value in ints],
    }, schema={"u": lode.UInt32})
    path = tmp_path_factory.mktemp("pruning") / "clustered.parquet"
    frame.write_parquet(path, row_group_size=250)
    return path, ints


@pytest.mark.optimizer
def test_pruning_is_sound_and_skips(clustered_file):
    path, ints = clustered_file
    generator = random.Random(9)
    total_skipped = 0
    for _ in range(40):
        pivot = generator.choice(ints)
        for op in OPERATORS:
            total_skipped += assert_sound(path, "i", op, pivot)[1]
            assert_sound(path, "f", op, pivot / 3)
            assert_sound(path, "s", op, f"key{pivot + 2_000_000:08d}")
            assert_sound(path, "u", op, pivot + 10**6)
            assert_sound(path, "d", op, pivot // 100)
    assert total_skipped > 1000
    read, skipped = assert_sound(path, "low", "==", "v9")  # in the min/max range of no row group's dictionary
    assert read == 0 and skipped == 20


@pytest.mark.parametrize("name,column,values", [
    ("from-duckdb/date.parquet", "d", [0, 5000, 9000, 10000, 20000]),
    ("floating_orders_nan_count.parquet", "double_ieee754", [-1.0, 0.0, 2.5, 100.0]),
    ("floating_orders_nan_count.parquet", "float16_ieee754", [-1.0, 0.0, 2.5]),
    ("sort_columns.parquet", "a", [0, 1, 2, 3]),
    ("sort_columns.parquet", "b", ["a", "b", "c", "z"]),
    ("geospatial/geography-points.parquet", "id", [0, 17, 250, 499]),
    ("nan_in_stats.parquet", "x", [1.0, 0.5, 2.0]),
    ("alltypes_tiny_pages.parquet", "id", [0, 3650, 7299]),
    ("int96_from_spark.parquet", "a", [0]),
])
def test_pruning_is_sound_on_other_writers_files(name, column, values):
    for value in values:
        for op in OPERATORS:
            if name.startswith("int96"):
                continue
            assert_sound(CURATED / name, column, op, value)
