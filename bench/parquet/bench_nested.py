"""Nested Parquet read and write speed of lode beside DuckDB, same run.

DuckDB writes one file of --rows rows with a list<int64>, a struct<a, b>
and a list<list<int64>> column (snappy, its default row groups); then lode
reads it into memory, DuckDB reads it into a table (CREATE TABLE ... AS), and
lode writes what it read. Medians of --runs runs after a warm-up, seconds.
Not a test: run it by hand.

    /usr/bin/python3 bench/parquet/bench_nested.py --rows 3e6
"""

import argparse
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_parquet import lode, peers_folder, time_lode  # noqa: E402


def duckdb(peers, *statements):
    """Runs statements in DuckDB; returns the seconds of each (duck.mjs --time)."""
    result = subprocess.run(["node", str(peers / "duck.mjs"), "--format", "none", "--time", *statements], check=True,
                            capture_output=True, text=True, timeout=3600)
    return [float(line.split("\t")[0]) for line in result.stderr.strip().splitlines()]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", default="3e6")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--peers", help="the peers folder (default: ../shared/peers/install.sh)")
    args = parser.parse_args()
    rows, peers = int(float(args.rows)), peers_folder(args.peers)
    folder = Path(tempfile.mkdtemp(prefix="lode-nested-"))
    path, out = folder / "nested.parquet", folder / "lode.parquet"
    duckdb(peers, f"COPY (SELECT i, range(i % 7) AS l, {{'a': i, 'b': 'x' || (i % 100)}} AS s, "
                  f"[range(i % 3), []] AS ll FROM range({rows}) t(i)) TO '{path}' (FORMAT parquet)")
    frame = lode.read_parquet(path)
    lode_read = statistics.median(time_lode(lambda: lode.read_parquet(path), args.runs))
    lode_write = statistics.median(time_lode(lambda: frame.write_parquet(out), args.runs))
    create = f"CREATE OR REPLACE TABLE t AS FROM read_parquet('{path}')"
    duck_read = statistics.median(duckdb(peers, *[create] * (args.runs + 1))[1:])
    print(f"rows {rows}, file {path.stat().st_size / 1e6:.0f} MB")
    print(f"read   lode {lode_read:.3f} s   DuckDB {duck_read:.3f} s   lode/DuckDB {lode_read / duck_read:.2f}")
    print(f"write  lode {lode_write:.3f} s")


if __name__ == "__main__":
    main()
