"""Loads a suite's generated CSV tables into lode or pandas (untimed, before the questions).

Every system reads the same CSV files with the column types of
bench/suites.py. Until lode has read_csv, lode's tables are generated again
in memory with lode.datagen from the folder's manifest: the same call that
wrote the CSV files, so the same data.
"""

from bench import data

PANDAS_TYPES = {"string": "object", "int32": "int32", "float64": "float64"}


def lode_types(schema):
    """Returns column name -> lode data type for a bench/suites.py schema."""
    import lode

    types = {"string": lode.String, "int32": lode.Int32, "float64": lode.Float64}
    return {name: types[kind] for name, kind in schema.items()}


def lode_tables(job):
    """Returns (name -> lode.DataFrame, how they were loaded)."""
    import lode

    try:
        read_csv = lode.read_csv
    except AttributeError:
        return data.generate(job["manifest"]), "lode.datagen (lode has no read_csv yet; same data as the CSV files)"
    frames = {name: read_csv(path, schema_overrides=lode_types(job["schemas"][name]))
              for name, path in job["tables"].items()}
    return frames, "lode.read_csv"


def pandas_tables(job):
    """Returns (name -> pandas.DataFrame, how they were loaded)."""
    import pandas as pd

    frames = {name: pd.read_csv(path, dtype=pandas_types(job["schemas"][name])) for name, path in job["tables"].items()}
    return frames, "pandas.read_csv"


def pandas_types(schema):
    return {name: PANDAS_TYPES[kind] for name, kind in schema.items()}
