"""Parquet scan and write speed of lode beside DuckDB and Polars, same run.

The db-benchmark groupby table (lode.datagen.groupby, sorted by id1..id6 so
that a filter on id1 prunes row groups) is written once by lode with snappy
and with zstd, in row groups of 122,880 rows (DuckDB's default). Every
system then reads the same files:

- read:   the whole file into memory (all 9 columns);
- filter: rows with id1 = 'id001' (1% of rows; row groups pruned by
          statistics, then the rows filtered), as a lazy query in each;
- write:  the in-memory table to a new file with the same codec.

Times are medians of --runs runs after a warm-up, in seconds, and rows per
second of the source table. Not a test: run it by hand.

    /usr/bin/python3 bench/parquet/bench_parquet.py --rows 1e7
"""

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "python"))

import lode  # noqa: E402


def peers_folder(given):
    if given:
        return Path(given)
    installer = ROOT / ".." / "shared" / "peers" / "install.sh"
    return Path(subprocess.run([str(installer)], check=True, capture_output=True, text=True).stdout.strip())


def time_lode(run, runs):
    run()
    seconds = []
    for _ in range(runs):
        start = time.perf_counter()
        run()
        seconds.append(time.perf_counter() - start)
    return seconds


def time_peer(peers, system, task, path, out, codec, runs):
    output = subprocess.run(["node", str(peers / "peers_parquet.mjs"), system, task, str(path), str(out), codec,
                             str(runs)], check=True, capture_output=True, text=True, timeout=3600).stdout
    return json.loads(output.strip().splitlines()[-1])["seconds"]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=float, default=1e7)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--peers", help="the peers folder (default: run ../shared/peers/install.sh)")
    parser.add_argument("--data", help="folder for the files (default: a temporary one)")
    arguments = parser.parse_args()
    rows = int(arguments.rows)
    peers = peers_folder(arguments.peers)
    shutil.copy(Path(__file__).with_name("peers_parquet.mjs"), peers / "peers_parquet.mjs")
    folder = Path(arguments.data or tempfile.mkdtemp(prefix="lode-bench-parquet-"))
    folder.mkdir(parents=True, exist_ok=True)

    table = lode.datagen.groupby(rows, k=100, sort=True, seed=0)
    results = []
    for codec in ["snappy", "zstd"]:
        path = folder / f"groupby_{rows}_{codec}.parquet"
        table.write_parquet(path, compression=codec, row_group_size=122880)
        out = folder / f"out_{codec}.parquet"
        lode_tasks = {
            "read": lambda: lode.read_parquet(path),
            "filter": lambda: lode.scan_parquet(path).filter(lode.col("id1") == "id001").collect(),
            "write": lambda: table.write_parquet(out, compression=codec, row_group_size=122880),
        }
        for task, run in lode_tasks.items():
            timings = {"lode": time_lode(run, arguments.runs)}
            for system in ["duckdb", "polars"]:
                try:
                    timings[system] = time_peer(peers, system, task, path, out, codec, arguments.runs)
                except subprocess.CalledProcessError as error:
                    timings[system] = None
                    print(f"{system} {task} {codec} failed: {error.stderr[-300:]}", file=sys.stderr)
            for system, seconds in timings.items():
                median = statistics.median(seconds) if seconds else None
                results.append({"codec": codec, "task": task, "system": system, "seconds": median,
                                "rows_per_second": rows / median if median else None})
                print(f"{codec:7} {task:7} {system:7} "
                      + (f"{median:8.3f} s  {rows / median / 1e6:8.1f} M rows/s" if median else "failed"),
                      flush=True)
    print(json.dumps({"rows": rows, "file_bytes": {c: os.path.getsize(folder / f"groupby_{rows}_{c}.parquet")
                                                   for c in ["snappy", "zstd"]},
                      "threads": lode.threads(), "results": results}))


if __name__ == "__main__":
    main()
