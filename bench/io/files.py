"""The io suite in lode: reading a CSV file, writing and reading a Parquet file, each timed.

load() reads the groupby table untimed (what Parquet write writes) and gives
the questions the paths they need. A write question returns the path it wrote;
the harness checks that file by reading it back with read_back(), untimed.
A question lode cannot answer yet raises AttributeError or
lode.NotSupportedError, and the harness shows it as missing.
"""

import os

import lode

from bench import tables


def load(job):
    frames, how = tables.lode_tables(job)
    paths = {"csv": job["tables"]["x"], "parquet": job["parquet"], "out": os.path.join(job["scratch"], "lode.parquet")}
    return {"x": frames["x"], "types": tables.lode_types(job["schemas"]["x"]), **paths}, how


def csv_read(data):
    return lode.read_csv(data["csv"], schema_overrides=data["types"])


def parquet_write(data):
    data["x"].write_parquet(data["out"], compression="snappy")
    return data["out"]


def parquet_read(data):
    return lode.read_parquet(data["parquet"])


def read_back(path):
    return lode.read_parquet(path)


QUESTIONS = {"csv-read": csv_read, "parquet-write": parquet_write, "parquet-read": parquet_read}
