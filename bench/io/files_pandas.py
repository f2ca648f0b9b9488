"""The io suite in pandas: CSV read (pandas.read_csv, C parser); Parquet write and read.

pandas reads and writes Parquet only through pyarrow or fastparquet. Debian 12
packages neither, so there the Parquet questions are missing for pandas.
"""

import importlib.util
import os

import pandas as pd

from bench import tables

_PARQUET_ENGINE = next((name for name in ("pyarrow", "fastparquet") if importlib.util.find_spec(name)), None)


def load(job):
    frames, how = tables.pandas_tables(job)
    paths = {"csv": job["tables"]["x"], "parquet": job["parquet"], "out": os.path.join(job["scratch"], "pandas.parquet")}
    return {"x": frames["x"], "types": tables.pandas_types(job["schemas"]["x"]), **paths}, how


def csv_read(data):
    return pd.read_csv(data["csv"], dtype=data["types"])


def parquet_write(data):
    _require_parquet_engine()
    data["x"].to_parquet(data["out"], engine=_PARQUET_ENGINE, compression="snappy", index=False)
    return data["out"]


def parquet_read(data):
    _require_parquet_engine()
    return pd.read_parquet(data["parquet"], engine=_PARQUET_ENGINE)


def read_back(path):
    return pd.read_parquet(path, engine=_PARQUET_ENGINE)


def _require_parquet_engine():
    if _PARQUET_ENGINE is None:
        raise NotImplementedError("pandas needs pyarrow or fastparquet for Parquet; Debian 12 packages neither")


QUESTIONS = {"csv-read": csv_read, "parquet-write": parquet_write, "parquet-read": parquet_read}
