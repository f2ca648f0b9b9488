"""lode's side of bench/spill/beyond_memory.py: one question over Parquet
scans under a memory limit, its answer streamed into Parquet (sink_parquet),
so that neither the input nor the answer has to fit in memory.

    python3 -m bench.spill.lode_beyond_memory JOB_JSON
    JOB: {suite, question, tables: {name: parquet path}, out, memory_limit, temp_directory, threads}

Prints one JSON line: {"seconds", "memory_peak", "temp_peak"} or {"error", "oom"}.
"""

import json
import sys
import time

import lode

from bench.h2o import groupby, join
from bench.sort import sort

SUITES = {"groupby": groupby.LAZY, "join": join.LAZY, "sort": sort.LAZY}


def main(job):
    lode.set_memory_limit(job["memory_limit"])
    lode.set_temp_directory(job["temp_directory"])
    if job.get("threads"):
        lode.set_threads(job["threads"])
    tables = {name: lode.scan_parquet(path) for name, path in job["tables"].items()}
    question = SUITES[job["suite"]][job["question"]]
    lode.reset_memory_peak()
    lode.reset_temp_space_peak()
    start = time.perf_counter()
    try:
        question(tables).sink_parquet(job["out"])
    except lode.Error as error:
        return {"error": str(error), "oom": isinstance(error, lode.OutOfMemoryError)}
    return {"seconds": time.perf_counter() - start, "memory_peak": lode.memory_peak(),
            "temp_peak": lode.temp_space_peak()}


if __name__ == "__main__":
    print(json.dumps(main(json.loads(sys.argv[1]))), flush=True)
