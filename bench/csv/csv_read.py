"""CSV read throughput: lode.read_csv against DuckDB's read_csv and Polars'
read_csv, in the same run, on the same files (a benchmark, not a test).

    PYTHONPATH=python /usr/bin/python3 bench/csv/csv_read.py [--rows 1e7] [--runs 3]

Generates, when missing, bench/data/G1_<rows>_1e2_0_0.csv (the db-benchmark
groupby table, written by `lode datagen`) and bench/data/strings_<rows>.csv
(string-heavy: quoted text with separators, quotes and newlines). Prints
MB/s per engine and file, and each engine's time over lode's ("vs lode":
above 1 means lode is faster). Best of --runs runs each, files in the page
cache, all engines on all cores. Peers come from
../shared/peers (npm); without node they are left out.
"""

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import time
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parents[2]
DATA = REPOSITORY / "bench" / "data"
PEERS_INSTALL = REPOSITORY.parent / "shared" / "peers" / "install.sh"


def groupby_file(rows):
    path = DATA / f"G1_{rows:.0e}_1e2_0_0.csv".replace("+0", "").replace("+", "")
    if not path.exists():
        subprocess.run([str(REPOSITORY / "build" / "lode"), "datagen", "groupby", "--rows", str(rows), "--k", "100",
                        "--out", str(path)], check=True)
    return path


def strings_file(rows):
    path = DATA / f"strings_{rows:.0e}.csv".replace("+0", "").replace("+", "")
    if path.exists():
        return path
    generator = random.Random(7)
    words = ["lorem", "ipsum", "dolor", "sit", "amet,", "consectetur", '"quoted"', "adipiscing", "elit", "sed\nnewline"]
    with open(path, "w") as handle:
        handle.write("id,title,body,tag\n")
        for row in range(rows):
            title = " ".join(generator.choice(words[:6]) for _ in range(3))
            body = " ".join(generator.choice(words) for _ in range(12))
            body = '"' + body.replace('"', '""') + '"'
            title = '"' + title.replace('"', '""') + '"' if "," in title or '"' in title else title
            handle.write(f"{row},{title},{body},tag{row % 97}\n")
    return path


def time_lode(path, runs):
    sys.path.insert(0, str(REPOSITORY / "python"))
    import lode
    best, rows = float("inf"), 0
    for _ in range(runs):
        start = time.perf_counter()
        frame = lode.read_csv(str(path))
        best = min(best, time.perf_counter() - start)
        rows = frame.height
        del frame
    return {"engine": "lode", "seconds": best, "rows": rows}


def time_peers(path, runs):
    if shutil.which("node") is None or not PEERS_INSTALL.exists():
        return []
    peers = subprocess.run(["bash", str(PEERS_INSTALL)], capture_output=True, text=True, check=True).stdout.strip().splitlines()[-1]
    shutil.copy(Path(__file__).with_name("peers_csv_read.mjs"), peers)
    output = subprocess.run(["node", os.path.join(peers, "peers_csv_read.mjs"), str(path), str(runs)],
                            capture_output=True, text=True, check=True).stdout
    return [json.loads(line) for line in output.splitlines() if line.startswith("{")]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=float, default=1e7)
    parser.add_argument("--string-rows", type=float, default=2e6)
    parser.add_argument("--runs", type=int, default=3)
    arguments = parser.parse_args()
    DATA.mkdir(parents=True, exist_ok=True)
    files = [groupby_file(int(arguments.rows)), strings_file(int(arguments.string_rows))]
    # "vs lode" is the engine's time over lode's: above 1, lode is faster.
    print(f"{'file':<28} {'engine':<8} {'rows':>10} {'seconds':>8} {'MB/s':>7} {'vs lode':>8}")
    for path in files:
        size_mb = path.stat().st_size / 1e6
        results = [time_lode(path, arguments.runs)] + time_peers(path, arguments.runs)
        lode_seconds = results[0]["seconds"]
        for result in results:
            ratio = result["seconds"] / lode_seconds
            print(f"{path.name:<28} {result['engine']:<8} {result['rows']:>10} {result['seconds']:>8.3f} "
                  f"{size_mb / result['seconds']:>7.0f} {ratio:>8.2f}")


if __name__ == "__main__":
    main()
