"""Runs one Python system's questions (lode or pandas) in its own process, for bench/run.py.

    python3 -m bench.measure JOB_JSON

The harness protocol, the same as peers/measure.mjs speaks; one JSON object a line:

    child  -> {"event": "loaded", "seconds": s, "how": text}   tables loaded (untimed)
    child  -> {"event": "answer", "question": id, "answer": {"rows": n, "sums": {column: sum}}}
              or instead of "answer": "missing": reason, or "error": message (with "oom": true)
    parent -> {"time": true or false}                          only after an answer
    child  -> {"event": "timed", "question": id, "seconds": median, "runs": [s, ...],
               "cores_busy": CPU time / wall time over the timed runs}
    child  -> {"event": "failed", "error": message}            loading failed; nothing follows

The first run of a question is the warm-up and gives its answer; the parent
says to time it (N more runs, median) only when that answer is right. A
question that raises AttributeError or NotImplementedError (lode.NotSupportedError)
is missing: the system does not have what it asks for yet.
"""

import gc
import importlib
import json
import os
import statistics
import sys
import time

import numpy as np

from bench import tables

_LOADERS = {"lode": tables.lode_tables, "pandas": tables.pandas_tables}


def main(job):
    system = job["system"]
    start = time.perf_counter()
    try:
        module = importlib.import_module(job["module"] + ("_pandas" if system == "pandas" else ""))
        data, how = module.load(job) if hasattr(module, "load") else _LOADERS[system](job)
    except Exception as error:  # noqa: BLE001 - any failure to load is reported, not raised
        _emit(event="failed", error=_describe(error), oom=isinstance(error, MemoryError))
        return
    _emit(event="loaded", seconds=time.perf_counter() - start, how=how)
    for question in job["questions"]:
        _ask(module, data, question, job["runs"])


def _ask(module, data, question, runs):
    name = question["id"]
    run = module.QUESTIONS.get(name)
    if run is None:
        _emit(event="answer", question=name, missing="not written for this system")
        return
    gc.collect()
    try:
        answer = _summarise(module, run(data), question["check"])
    except (AttributeError, NotImplementedError) as error:
        _emit(event="answer", question=name, missing=_describe(error))
        return
    except Exception as error:  # noqa: BLE001
        _emit(event="answer", question=name, error=_describe(error), oom=isinstance(error, MemoryError))
        return
    _emit(event="answer", question=name, answer=answer)
    if not json.loads(sys.stdin.readline() or "{}").get("time"):
        return
    seconds, cpu_seconds = [], []
    try:
        for _ in range(runs):
            gc.collect()
            start, cpu_start = time.perf_counter(), time.process_time()
            result = run(data)
            seconds.append(time.perf_counter() - start)
            cpu_seconds.append(time.process_time() - cpu_start)
            del result
    except Exception as error:  # noqa: BLE001
        _emit(event="timed", question=name, error=_describe(error), oom=isinstance(error, MemoryError))
        return
    _emit(event="timed", question=name, seconds=statistics.median(seconds), runs=seconds,
          cores_busy=sum(cpu_seconds) / max(sum(seconds), 1e-9))


def _summarise(module, result, check):
    """Returns {"rows": n, "sums": {column: sum}} of an answer (a frame, or the path a write question wrote)."""
    if isinstance(result, (str, os.PathLike)):
        result = module.read_back(result)
    sums = {}
    for column in check:
        values = result[column]
        if type(values).__module__.startswith("pandas"):
            array = values.to_numpy(dtype=np.float64, na_value=np.nan)
        else:
            array = np.asarray(values.to_numpy(), dtype=np.float64)  # lode: nulls are NaN
        sums[column] = float(np.nansum(array))
    return {"rows": len(result), "sums": sums}


def _describe(error):
    text = f"{type(error).__name__}: {error}".strip().splitlines()[0]
    return text[:300]


def _emit(**fields):
    print(json.dumps(fields), flush=True)


if __name__ == "__main__":
    main(json.loads(sys.argv[1]))
