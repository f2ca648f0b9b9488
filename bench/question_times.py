"""Times h2o-groupby questions one by one, for lode only: the before/after
measure of an engine change (run it from each checkout on the same data).

For each question it runs one warm-up, then N timed runs, and prints the
best and median seconds and lode's accounted memory peak (memory_peak()).
With --memory-limit it runs every question again under each limit (past
it, the group-by spills). Tables load with the suites' column types.

    /usr/bin/python3 bench/question_times.py bench/data/groupby-1e7/x.csv q1,q9 [--runs 7]
    /usr/bin/python3 bench/question_times.py bench/data/groupby-1e7/x.csv q10 --memory-limit 1.9GB --memory-limit 1.8GB

The CSV is the one `bench/run.py h2o-groupby` generates.
"""

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "python"), str(ROOT)]

import lode  # noqa: E402
from bench.h2o import groupby  # noqa: E402
from bench.suites import SCHEMAS  # noqa: E402
from bench.tables import lode_types  # noqa: E402


def time_question(question, tables, runs):
    """Returns (best, median) seconds of `runs` runs and the accounted peak in MiB."""
    question(tables)
    seconds = []
    lode._lode.reset_memory_peak()
    for _ in range(runs):
        start = time.perf_counter()
        question(tables)
        seconds.append(time.perf_counter() - start)
    seconds.sort()
    return seconds[0], seconds[len(seconds) // 2], lode.memory_peak() >> 20


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("csv")
    parser.add_argument("questions", nargs="?", default=",".join(groupby.QUESTIONS))
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--memory-limit", action="append", default=[], help="also run under this limit (repeatable)")
    args = parser.parse_args()
    schema = SCHEMAS["groupby"]["x"]
    tables = {"x": lode.read_csv(args.csv, schema_overrides=lode_types(schema))}
    print(f"lode {lode.__version__} from {ROOT}; table {lode.memory_usage() >> 20} MiB")
    for limit in [None, *args.memory_limit]:
        if limit is not None:
            lode.set_memory_limit(limit)
        for name in args.questions.split(","):
            best, median, peak = time_question(groupby.QUESTIONS[name], tables, args.runs)
            print(f"{name} limit {limit or 'none'}: best {best:.4f} s, median {median:.4f} s, peak {peak} MiB", flush=True)


if __name__ == "__main__":
    main()
