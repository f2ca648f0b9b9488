#!/usr/bin/python3
"""lode alone on TPC-H: wall and CPU seconds of ROUNDS rounds of some of
the 22 queries in one process, after a warm-up round. For before/after
comparisons of an engine change (run it on both builds, same machine);
bench/tpch_sql.py is the side-by-side with DuckDB.

    /usr/bin/python3 bench/tpch_rounds.py [--rounds 5] [--queries 1,12,19] [--threads N] [--data DIR]

CPU seconds (user + system, all threads, from getrusage) move less than
wall seconds when the machine is shared.
"""

import argparse
import pathlib
import resource
import sys
import time

REPOSITORY = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPOSITORY / "python"))

import lode  # noqa: E402

TABLES = ["region", "nation", "supplier", "customer", "part", "partsupp", "orders", "lineitem"]


def cpu_seconds():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--queries", default=",".join(str(n) for n in range(1, 23)), help="numbers, comma-separated")
    parser.add_argument("--threads", type=int, default=0, help="0: lode's default")
    parser.add_argument("--data", default=str(REPOSITORY.parent / "shared" / "testdata" / "tpch-sf0.1"))
    args = parser.parse_args()
    if args.threads:
        lode.set_threads(args.threads)
    folder = pathlib.Path(args.data)
    ctx = lode.SQLContext()
    for name in TABLES:
        ctx.register(name, lode.scan_parquet(str(folder / f"{name}.parquet")))
    numbers = [int(n) for n in args.queries.split(",")]
    texts = [(folder / "queries" / f"q{n:02d}.sql").read_text() for n in numbers]
    for text in texts:
        ctx.execute(text).collect()
    cpu, wall = cpu_seconds(), time.perf_counter()
    for _ in range(args.rounds):
        for text in texts:
            ctx.execute(text).collect()
    print(f"{args.rounds} rounds of q{',q'.join(f'{n:02d}' for n in numbers)} on {lode.threads()} threads: "
          f"wall {time.perf_counter() - wall:.2f} s, cpu {cpu_seconds() - cpu:.2f} s")


if __name__ == "__main__":
    main()
