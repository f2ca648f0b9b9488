#!/usr/bin/python3
"""The 22 TPC-H queries through lode.sql beside DuckDB, on the same Parquet
files (../shared/testdata/tpch-sf0.1, official dbgen output), in one run.

    /usr/bin/python3 bench/tpch_sql.py [--runs 3] [--threads N] [--data DIR] [--results bench/results]

Both read the files on every run (lode: scan_parquet tables in a
SQLContext; DuckDB: views over read_parquet), so both times include the
scans. Each query runs once as a warm-up, then --runs timed runs; the median
is shown. lode runs in this process, DuckDB in one Node process
(../shared/peers/duck.mjs --time). Also timed: lode's planning alone (parse,
bind and build the LazyFrame: ctx.execute without collect), median of 20.
Writes tpch-<scale>.md into --results and prints it.
"""

import argparse
import math
import pathlib
import statistics
import subprocess
import sys
import time

REPOSITORY = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPOSITORY / "python"))

import lode  # noqa: E402

TABLES = ["region", "nation", "supplier", "customer", "part", "partsupp", "orders", "lineitem"]


def lode_times(folder, queries, runs):
    ctx = lode.SQLContext()
    for name in TABLES:
        ctx.register(name, lode.scan_parquet(str(folder / f"{name}.parquet")))
    times, planning = {}, {}
    for number, text in queries.items():
        plans = []
        for _ in range(20):
            start = time.perf_counter()
            ctx.execute(text)
            plans.append(time.perf_counter() - start)
        planning[number] = statistics.median(plans)
        ctx.execute(text).collect()
        runs_taken = []
        for _ in range(runs):
            start = time.perf_counter()
            ctx.execute(text).collect()
            runs_taken.append(time.perf_counter() - start)
        times[number] = statistics.median(runs_taken)
    return times, planning


def duckdb_times(folder, queries, runs, threads=0):
    peers = subprocess.run([str(REPOSITORY.parent / "shared" / "peers" / "install.sh")], check=True,
                           capture_output=True, text=True).stdout.strip()
    statements = [f"SET threads = {threads}"] if threads else []
    statements += [f"CREATE VIEW {name} AS SELECT * FROM read_parquet('{folder / (name + '.parquet')}')"
                   for name in TABLES]
    setup = len(statements)
    order = []
    for number, text in queries.items():
        for _ in range(runs + 1):
            statements.append(text.strip().rstrip(";"))
            order.append(number)
    done = subprocess.run(["node", str(pathlib.Path(peers) / "duck.mjs"), "--format", "none", "--time", *statements],
                          check=True, capture_output=True, text=True)
    seconds = [float(line.split("\t")[0]) for line in done.stderr.splitlines() if "\t" in line][setup:]
    times = {}
    for number in queries:
        taken = [s for s, n in zip(seconds, order) if n == number][1:]  # the first is the warm-up
        times[number] = statistics.median(taken)
    return times


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--threads", type=int, default=0, help="threads of both (0: lode's default and DuckDB's)")
    parser.add_argument("--data", default=str(REPOSITORY.parent / "shared" / "testdata" / "tpch-sf0.1"))
    parser.add_argument("--results", default=str(REPOSITORY / "bench" / "results"))
    args = parser.parse_args()
    folder = pathlib.Path(args.data).resolve()
    queries = {n: (folder / "queries" / f"q{n:02d}.sql").read_text() for n in range(1, 23)}
    if args.threads:
        lode.set_threads(args.threads)
    ours, planning = lode_times(folder, queries, args.runs)
    theirs = duckdb_times(folder, queries, args.runs, args.threads)
    lines = [f"# TPC-H through SQL, {folder.name}: lode and DuckDB on the same Parquet files",
             "", f"Median of {args.runs} runs after a warm-up; threads: lode {lode.threads()}, DuckDB "
             f"{args.threads or 'its default'}. "
             "Ratio: lode's time over DuckDB's (below 1: lode is faster).", "",
             "| query | lode s | DuckDB s | ratio | lode planning ms |", "|--:|--:|--:|--:|--:|"]
    for number in queries:
        lines.append(f"| q{number:02d} | {ours[number]:.4f} | {theirs[number]:.4f} | "
                     f"{ours[number] / theirs[number]:.2f} | {planning[number] * 1000:.2f} |")
    geo = math.exp(statistics.mean(math.log(ours[n] / theirs[n]) for n in queries))
    lines += ["", f"Total: lode {sum(ours.values()):.3f} s, DuckDB {sum(theirs.values()):.3f} s; "
              f"geometric mean of the ratios {geo:.2f}; planning at most {max(planning.values()) * 1000:.2f} ms."]
    text = "\n".join(lines) + "\n"
    out = pathlib.Path(args.results)
    out.mkdir(parents=True, exist_ok=True)
    (out / f"tpch-{folder.name.split('-')[-1]}.md").write_text(text)
    print(text)


if __name__ == "__main__":
    main()
