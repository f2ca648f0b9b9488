"""Runs one Python system's questions (lode or pandas) in its own process, for bench/run.py.

    python3 -m bench.measure JOB_JSON

The harness protocol, the same as peers/measure.mjs speaks; one JSON object a line:

    child  -> {"event": "loaded", "seconds": s, "how": text, "threads": n}   tables loaded (untimed);
              "threads" (lode's thread count) only from lode
    child  -> {"event": "answer", "question": id, "answer": {"rows": n, "sums": {column: sum}}}
              (with "at": {"positions": [...], "values": {column: [...]}} when the question has `at` columns;
              see bench/answers.py)
              or instead of "answer": "missing": reason, or "error": message (with "oom": true)
    parent -> {"time": true or false}                          only after an answer
    child  -> {"event": "timed", "question": id, "seconds": median, "runs": [s, ...],
               "cores_busy": CPU time / wall time over the timed runs}
    child  -> {"event": "failed", "error": message}            loading failed; nothing follows

The first run of a question is the warm-up and gives its answer; the parent
says to time it (N more runs, median) only when that answer is right. A
question that raises AttributeError or NotImplementedError (lode.NotSupportedError)
is missing: the system does not have what it asks for yet.

The job's "system" is lode, lode-1t or pandas. lode-1t is lode in a process
that calls lode.set_threads(job["threads"]) (1) before anything else; it asks
lode's questions.
"""

import gc
import importlib
import json
import math
import os
import statistics
import sys
import time

import numpy as np

from bench import answers, tables

_LOADERS = {"lode": tables.lode_tables, "pandas": tables.pandas_tables}


def main(job):
    engine = "pandas" if job["system"] == "pandas" else "lode"  # lode-1t is lode on fewer threads
    loaded = {}
    start = time.perf_counter()
    try:
        if engine == "lode":
            import lode

            if job.get("threads"):
                lode.set_threads(job["threads"])
            loaded["threads"] = lode.threads()
        module = importlib.import_module(job["module"] + ("_pandas" if engine == "pandas" else ""))
        data, how = module.load(job) if hasattr(module, "load") else _LOADERS[engine](job)
    except Exception as error:  # noqa: BLE001 - any failure to load is reported, not raised
        _emit(event="failed", error=_describe(error), oom=isinstance(error, MemoryError))
        return
    _emit(event="loaded", seconds=time.perf_counter() - start, how=how, **loaded)
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
        answer = _summarise(module, run(data), question["check"], question.get("at", ()))
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


def _summarise(module, result, check, at=()):
    """Returns {"rows": n, "sums": {column: sum}} of an answer (a frame, or the path a write question wrote),
    with "at" (the `at` columns' values at answers.positions) when `at` names columns."""
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
    summary = {"rows": len(result), "sums": sums}
    if at:
        rows = answers.positions(len(result))
        summary["at"] = {"positions": rows,
                         "values": {column: [_plain(value) for value in result[column].to_numpy()[rows]]
                                    for column in at}}
    return summary


def _plain(value):
    """Returns a value from a numpy array as JSON has it: int, float, str, or None for null and NaN."""
    value = value.item() if isinstance(value, np.generic) else value
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return value


def _describe(error):
    text = f"{type(error).__name__}: {error}".strip().splitlines()[0]
    return text[:300]


def _emit(**fields):
    print(json.dumps(fields), flush=True)


if __name__ == "__main__":
    main(json.loads(sys.argv[1]))
