"""The suites: which generated tables each one uses and which questions it asks.

Every system names its result columns as a question's `check` lists them, so an
answer can be summarised the same way everywhere: its row count and the sum of
each check column (nulls and NaN left out). A question whose answer's order
matters (a sort) also lists columns in `at`: their values at a few fixed row
positions (bench/answers.py: positions) are compared too. Name only columns
there whose values at a position do not depend on how ties are broken (the
sort keys), so that a stable and an unstable sort both pass.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Question:
    id: str
    title: str
    check: tuple
    at: tuple = ()      # columns compared at fixed row positions (order-sensitive answers)


@dataclass(frozen=True)
class Suite:
    name: str
    dataset: str        # the generated tables: bench/data/<dataset>-<size>/<table>.csv
    in_memory: bool     # True: tables are loaded untimed; False: reading a file is timed
    module: str         # lode's questions; pandas' are in <module>_pandas
    questions: tuple
    systems: tuple = ("lode", "duckdb", "polars", "pandas")  # run when --systems is not given


# Column types as lode.datagen makes them; every system loads the CSV with these.
SCHEMAS = {
    "groupby": {
        "x": {"id1": "string", "id2": "string", "id3": "string", "id4": "int32", "id5": "int32",
              "id6": "int32", "v1": "int32", "v2": "int32", "v3": "float64"},
    },
    "join": {
        "x": {"id1": "int32", "id2": "int32", "id3": "int32", "id4": "string", "id5": "string",
              "id6": "string", "v1": "float64"},
        "small": {"id1": "int32", "id4": "string", "v2": "float64"},
        "medium": {"id1": "int32", "id2": "int32", "id4": "string", "id5": "string", "v2": "float64"},
        "big": {"id1": "int32", "id2": "int32", "id3": "int32", "id4": "string", "id5": "string",
                "id6": "string", "v2": "float64"},
    },
}

# The arguments of lode.datagen.<dataset>(n, ...) besides n: db-benchmark's default data (k=1e2, no nulls).
GENERATORS = {
    "groupby": {"k": 100, "nas": 0, "sort": False, "seed": 0},
    "join": {"nas": 0, "seed": 0},
}

_JOIN_CHECK = ("v1", "v2")
_ALL_VALUES = ("v1", "v2", "v3")

SUITES = {
    suite.name: suite for suite in (
        Suite("h2o-groupby", "groupby", True, "bench.h2o.groupby", (
            Question("q1", "sum v1 by id1", ("v1",)),
            Question("q2", "sum v1 by id1:id2", ("v1",)),
            Question("q3", "sum v1 mean v3 by id3", ("v1", "v3")),
            Question("q4", "mean v1:v3 by id4", ("v1", "v2", "v3")),
            Question("q5", "sum v1:v3 by id6", ("v1", "v2", "v3")),
            Question("q6", "median v3 sd v3 by id4 id5", ("median_v3", "sd_v3")),
            Question("q7", "max v1 - min v2 by id3", ("range_v1_v2",)),
            Question("q8", "largest two v3 by id6", ("largest2_v3",)),
            Question("q9", "regression v1 v2 by id2 id4", ("r2",)),
            Question("q10", "sum v3 count by id1:id6", ("v3", "count")),
        )),
        Suite("h2o-join", "join", True, "bench.h2o.join", (
            Question("q1", "small inner on int", _JOIN_CHECK),
            Question("q2", "medium inner on int", _JOIN_CHECK),
            Question("q3", "medium outer on int", _JOIN_CHECK),
            Question("q4", "medium inner on factor", _JOIN_CHECK),
            Question("q5", "big inner on int", _JOIN_CHECK),
        )),
        Suite("io", "groupby", False, "bench.io.files", (
            Question("csv-read", "read the groupby CSV", ("v1", "v2", "v3")),
            Question("parquet-write", "write the groupby table as Parquet (snappy)", ("v1", "v2", "v3")),
            Question("parquet-read", "read the groupby Parquet file", ("v1", "v2", "v3")),
        )),
        # The whole table sorted into memory, and a top-k. In s3 rows that tie with the
        # 100th v3 may differ between systems, so only v3 is summed there.
        Suite("sort", "groupby", True, "bench.sort.sort", (
            Question("s1", "sort by a string key and a float key (id3, v3)", _ALL_VALUES, at=("id3", "v3")),
            Question("s2", "sort by two integer keys (id6 desc, id4)", _ALL_VALUES, at=("id6", "id4")),
            Question("s3", "top 100 by v3 (v3 desc, limit 100)", ("v3",), at=("v3",)),
        ), systems=("lode", "lode-1t", "duckdb", "polars", "pandas")),
    )
}


def parse_size(text):
    """Returns the row count that "1e7", "10000000" or "5e6" names."""
    rows = int(float(text))
    if rows < 1 or rows != float(text):
        raise ValueError(f"a size is a positive whole number of rows such as 1e6, got {text!r}")
    return rows


def size_label(rows):
    """Returns the short name of a row count: 10000000 -> "1e7", 5000000 -> "5e6"."""
    digits = str(rows)
    mantissa = digits.rstrip("0")
    exponent = len(digits) - len(mantissa)
    return f"{mantissa}e{exponent}" if exponent >= 2 and len(mantissa) == 1 else digits
