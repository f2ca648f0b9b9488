"""lode's demo on built-in data: `python3 -m lode.demo [--rows N]`.

Shows what lode does so far, with timings: generating the db-benchmark
tables, the memory they take under the memory manager, handing columns to
numpy without copies, converting to pandas, and writing CSV.
"""

import argparse
import os
import tempfile
import time

import numpy as np

import lode


class _Timer:
    def __init__(self, label):
        self.label = label

    def __enter__(self):
        self.start = time.perf_counter()
        return self

    def __exit__(self, *exc):
        self.seconds = time.perf_counter() - self.start
        print(f"  {self.label:<56} {self.seconds:8.3f} s")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=float, default=1e6, help="rows of the groupby table (default 1e6)")
    parser.add_argument("--k", type=int, default=100, help="groups in id1, id2, id4, id5 (default 100)")
    args = parser.parse_args(argv)
    rows = int(args.rows)

    print(f"lode {lode.__version__}: demo on the db-benchmark tables, {rows:,} rows\n")
    print("Generate (lode.datagen, deterministic for a seed):")
    with _Timer(f"groupby table, {rows:,} rows, k={args.k}, 5% nulls"):
        frame = lode.datagen.groupby(rows, k=args.k, nas=5, seed=1)
    with _Timer(f"join tables x, small, medium, big ({rows:,} rows)"):
        tables = lode.datagen.join(rows, seed=1)
    print()
    print(frame)
    print()
    print("Schema:", ", ".join(f"{name}: {dtype}" for name, dtype in frame.schema.items()))
    print("Join tables:", ", ".join(f"{name} {t.shape}" for name, t in sorted(tables.items())))
    print(f"Memory held by lode: {lode.format_byte_size(lode.memory_usage())} "
          f"(limit {lode.format_byte_size(lode.memory_limit())})\n")

    print("Hand data to numpy and pandas:")
    with _Timer("join table x, column v1, to numpy (a view)"):
        v3 = tables["x"]["v1"].to_numpy()
    print(f"  {'':<56} shares lode's memory: {not v3.flags.owndata}, mean v1 = {np.mean(v3):.4f}")
    with _Timer("whole groupby table to pandas"):
        pdf = frame.to_pandas()
    print(f"  {'':<56} pandas sees {pdf.shape}, {int(pdf.isna().sum().sum()):,} nulls")

    print("\nThe ten db-benchmark groupby questions (lazy queries, all cores):")
    _run_groupby_questions(frame)

    print("\nThe five db-benchmark join questions (hash joins on all cores):")
    _run_join_questions(tables)

    print("\nWrite CSV (written to a temporary file, then renamed into place):")
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "groupby.csv")
        with _Timer("groupby table to CSV") as timer:
            frame.write_csv(path)
        size = os.path.getsize(path)
        print(f"  {'':<56} {size / 1e6:.1f} MB, {size / 1e6 / timer.seconds:.0f} MB/s")

    print("\nMemory is bounded: allowed only 1 MB more, generating the table again fails clearly:")
    old_limit = lode.memory_limit()
    lode.set_memory_limit(lode.memory_usage() + 1_000_000)
    try:
        lode.datagen.groupby(rows, k=args.k)
    except lode.OutOfMemoryError as error:
        print(f"  lode.OutOfMemoryError: {error}")
    finally:
        lode.set_memory_limit(old_limit)


def _groupby_questions():
    col = lode.col
    return {
        "q1 sum v1 by id1": lambda x: x.group_by("id1").agg(col("v1").sum()),
        "q2 sum v1 by id1:id2": lambda x: x.group_by("id1", "id2").agg(col("v1").sum()),
        "q3 sum v1 mean v3 by id3": lambda x: x.group_by("id3").agg(col("v1").sum(), col("v3").mean()),
        "q4 mean v1:v3 by id4": lambda x: x.group_by("id4").agg(col("v1").mean(), col("v2").mean(), col("v3").mean()),
        "q5 sum v1:v3 by id6": lambda x: x.group_by("id6").agg(col("v1").sum(), col("v2").sum(), col("v3").sum()),
        "q6 median v3 sd v3 by id4 id5": lambda x: x.group_by("id4", "id5").agg(
            col("v3").median().alias("median_v3"), col("v3").std().alias("sd_v3")),
        "q7 max v1 - min v2 by id3": lambda x: x.group_by("id3").agg(
            (col("v1").max() - col("v2").min()).alias("range_v1_v2")),
        "q8 largest two v3 by id6": lambda x: x.drop_nulls("v3").filter(
            col("v3").rank("ordinal", descending=True).over("id6") <= 2).select("id6", col("v3").alias("largest2_v3")),
        "q9 regression v1 v2 by id2 id4": lambda x: x.group_by("id2", "id4").agg(
            (lode.corr("v1", "v2") ** 2).alias("r2")),
        "q10 sum v3 count by id1:id6": lambda x: x.group_by("id1", "id2", "id3", "id4", "id5", "id6").agg(
            col("v3").sum(), lode.len().alias("count")),
    }


def _run_groupby_questions(frame):
    total = 0.0
    answers = {}
    for name, question in _groupby_questions().items():
        start = time.perf_counter()
        answers[name] = question(frame.lazy()).collect()
        seconds = time.perf_counter() - start
        total += seconds
        print(f"  {name:<48} {seconds:8.3f} s   {answers[name].height:>9,} rows")
    print(f"  {'total':<48} {total:8.3f} s   on {lode.threads()} threads")
    print("\nq1's answer, sorted:")
    print(answers["q1 sum v1 by id1"].sort("id1").head(5))
    print("\nq8's answer (the two largest v3 of each id6), first rows by id6:")
    print(answers["q8 largest two v3 by id6"].sort("id6", "largest2_v3", descending=[False, True]).head(4))


def _run_join_questions(tables):
    x, small, medium, big = (tables[name].lazy() for name in ("x", "small", "medium", "big"))
    questions = {
        "q1 small inner on int": lambda: x.join(small, on="id1"),
        "q2 medium inner on int": lambda: x.join(medium, on="id2"),
        "q3 medium outer on int": lambda: x.join(medium, on="id2", how="left"),
        "q4 medium inner on factor": lambda: x.join(medium, on="id5"),
        "q5 big inner on int": lambda: x.join(big, on="id3"),
    }
    answers = {}
    for name, question in questions.items():
        start = time.perf_counter()
        answers[name] = question().collect()
        print(f"  {name:<48} {time.perf_counter() - start:8.3f} s   {answers[name].height:>9,} rows")
    print("\nq2's answer, first rows:")
    print(answers["q2 medium inner on int"].head(3))


if __name__ == "__main__":
    main()
