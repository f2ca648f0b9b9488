"""lode beside DuckDB on data larger than the memory limit they are both given.

    /usr/bin/python3 bench/spill/beyond_memory.py sort    --size 1e7 --memory-limit 400MB
    /usr/bin/python3 bench/spill/beyond_memory.py groupby --size 1e8 --memory-limit 4GB [--questions q1,q10]
    /usr/bin/python3 bench/spill/beyond_memory.py join    --size 1e7 --memory-limit 400MB

The db-benchmark tables (lode.datagen, the same generator as the in-memory
suites) are written once as Parquet to bench/data/beyond-<dataset>-<size>/.
Every question runs in a fresh child process per system, reads the Parquet
files and writes its answer to Parquet (lode: scan_parquet ... sink_parquet;
DuckDB: views over read_parquet and COPY ... TO), so neither the input nor
the answer has to fit in memory: the work is the engines' spilling. Both get
the same memory limit, temp directory (under --scratch) and thread count.

Measured per question and system: the wall time of the query alone (inside
the child), the child's peak RSS (wait4), and the temp directory's peak use
(the file system's used blocks, sampled every 20 ms, less what they were at
the start and less the answer file's: the same for both, as lode's spill
files have no names). The two
answers are compared (rows, and the sum of every numeric column; for sorts,
the first 1000 values of the key columns in order). The report, with the
ratios and whether each RSS stayed within 1.1 x the limit + 200 MB (issue
12's bound), goes to bench/results/beyond-<suite>-<size>-<limit>.{md,json}.
"""

import argparse
import datetime
import json
import math
import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(REPO), str(REPO / "python")]

from bench import machine, suites  # noqa: E402
from bench.run import _python_env, install_peers, runners_dir  # noqa: E402

QUESTIONS = {"groupby": [f"q{i}" for i in range(1, 11)], "join": [f"q{i}" for i in range(1, 6)],
             "sort": ["s1", "s2", "s3"]}
DATASET = {"groupby": "groupby", "sort": "groupby", "join": "join"}
SORT_KEYS = {"s1": ["id3", "v3"], "s2": ["id6", "id4"], "s3": ["v3"]}


def main(argv=None):
    args = parse_args(argv)
    rows = suites.parse_size(args.size)
    limit_bytes = parse_bytes(args.memory_limit)
    env = _python_env()
    peers = install_peers(args.peers) if "duckdb" in args.systems else None
    tables = prepare_data(DATASET[args.suite], rows, Path(args.data), env)
    scratch = Path(args.scratch)
    results = {}
    for question in args.questions or QUESTIONS[args.suite]:
        results[question] = {}
        for system in args.systems:
            outcome = run_one(system, args, question, tables, scratch, peers, env)
            results[question][system] = outcome
            print(f"  {question} {system}: {describe(outcome)}", file=sys.stderr, flush=True)
        results[question]["check"] = compare_answers(args.suite, question, scratch, args.systems, results[question], env)
        print(f"  {question} answers: {results[question]['check']}", file=sys.stderr, flush=True)
        for system in args.systems:
            shutil.rmtree(scratch / system, ignore_errors=True)
    record = {
        "suite": args.suite, "size": suites.size_label(rows), "rows": rows, "memory_limit": args.memory_limit,
        "memory_limit_bytes": limit_bytes, "threads": args.threads or os.cpu_count(), "systems": args.systems,
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": machine.facts(), "versions": machine.versions(peers) if peers else {}, "results": results,
    }
    print(write_report(record, Path(args.results)))


def parse_args(argv):
    parser = argparse.ArgumentParser(description="lode and DuckDB on Parquet data larger than a shared memory limit.")
    parser.add_argument("suite", choices=sorted(QUESTIONS))
    parser.add_argument("--size", default="1e7", help="rows of the x table (1e7 by default, 1e8 as issue 12 asks)")
    parser.add_argument("--memory-limit", required=True, help="given to both systems, e.g. 400MB or 4GB")
    parser.add_argument("--questions", type=lambda text: text.split(","), help="a subset, e.g. q1,q10")
    parser.add_argument("--systems", type=lambda text: text.split(","), default=["lode", "duckdb"])
    parser.add_argument("--threads", type=int, help="threads for both (default: all cores)")
    parser.add_argument("--data", default=str(REPO / "bench" / "data"))
    parser.add_argument("--scratch", default=str(REPO / "bench" / "data" / "beyond-scratch"),
                        help="answers and temp directories (on the disk that should take the spill)")
    parser.add_argument("--results", default=str(REPO / "bench" / "results"))
    parser.add_argument("--peers", help="the folder ../shared/peers/install.sh installed into (default: run it)")
    return parser.parse_args(argv)


def parse_bytes(text):
    """Returns the bytes lode reads `text` ("4GB") as (DuckDB reads the same units)."""
    import lode
    old = lode.memory_limit()
    try:
        lode.set_memory_limit(text)
        return lode.memory_limit()
    finally:
        lode.set_memory_limit(old)


def prepare_data(dataset, rows, data_root, env):
    """Returns table name -> Parquet path, writing the tables with lode.datagen once (in a child)."""
    folder = data_root / f"beyond-{dataset}-{suites.size_label(rows)}"
    names = ["x"] if dataset == "groupby" else ["x", "small", "medium", "big"]
    tables = {name: folder / f"{name}.parquet" for name in names}
    done = folder / "done.json"
    manifest = {"dataset": dataset, "n": rows, **suites.GENERATORS[dataset]}
    if not (done.exists() and json.loads(done.read_text()) == manifest):
        print(f"generating {folder} with lode.datagen.{dataset}", file=sys.stderr, flush=True)
        folder.mkdir(parents=True, exist_ok=True)
        script = ("import json, sys, lode; m = json.loads(sys.argv[1]); folder = sys.argv[2]\n"
                  "args = {k: v for k, v in m.items() if k != 'dataset'}\n"
                  "made = getattr(lode.datagen, m['dataset'])(**args)\n"
                  "made = made if isinstance(made, dict) else {'x': made}\n"
                  "for name, frame in made.items(): frame.write_parquet(f'{folder}/{name}.parquet')\n")
        subprocess.run([sys.executable, "-c", script, json.dumps(manifest), str(folder)], env=env, check=True)
        done.write_text(json.dumps(manifest))
    return {name: str(path) for name, path in tables.items()}


def run_one(system, args, question, tables, scratch, peers, env):
    """Runs one question on one system in a child process; returns its time, RSS, temp peak and status."""
    folder = scratch / system
    shutil.rmtree(folder, ignore_errors=True)
    (folder / "tmp").mkdir(parents=True)
    job = {"suite": args.suite, "question": question, "tables": tables, "out": str(folder / "answer.parquet"),
           "memory_limit": args.memory_limit, "temp_directory": str(folder / "tmp"), "threads": args.threads}
    if system == "lode":
        command = [sys.executable, "-m", "bench.spill.lode_beyond_memory", json.dumps(job)]
    else:
        command = ["node", str(runners_dir(peers) / "duckdb_beyond_memory.mjs"), json.dumps(job)]
    sampler = TempSampler(folder / "tmp")
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, env=env, cwd=REPO)
    sampler.start()
    out = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    sampler.stop()
    outcome = {"peak_rss_bytes": usage.ru_maxrss * 1024, "temp_peak_bytes": sampler.peak,
               "exit_code": os.waitstatus_to_exitcode(status)}
    lines = [line for line in out.splitlines() if line.startswith("{")]
    if lines:
        outcome.update(json.loads(lines[-1]))
    elif outcome["exit_code"] == -9:
        outcome["error"] = "killed (SIGKILL), most likely by the out-of-memory killer"
    else:
        outcome["error"] = f"ended with exit code {outcome['exit_code']} and no answer"
    return outcome


class TempSampler:
    """Samples the used bytes of the file system holding `folder` (the temp directory)
    every 20 ms, less the files beside it (the answer, under its final or temporary
    name, on the same disk); keeps the peak over the start."""

    def __init__(self, folder):
        self.folder, self.peak, self._stop = folder, 0, threading.Event()
        self._base = self._used()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _used(self):
        stat = os.statvfs(self.folder)
        answers = 0
        for entry in os.scandir(self.folder.parent):
            try:
                if entry.is_file():
                    answers += entry.stat().st_blocks * 512
            except OSError:
                pass  # renamed or removed meanwhile
        return (stat.f_blocks - stat.f_bfree) * stat.f_frsize - answers

    def _run(self):
        while not self._stop.is_set():
            self.peak = max(self.peak, self._used() - self._base)
            time.sleep(0.02)

    def start(self):
        self._thread.start()

    def stop(self):
        self._stop.set()
        self._thread.join()


def compare_answers(suite, question, scratch, systems, outcomes, env):
    """Compares the systems' answers (in a child: reading them here would grow this
    process, and a child's peak RSS counts the parent it forked from): rows, sums of
    numeric columns, and for sorts the leading key values."""
    answered = [system for system in systems if "seconds" in outcomes[system]]
    if len(answered) < 2:
        return "not compared (fewer than two answers)"
    paths = [str(scratch / system / "answer.parquet") for system in answered]
    out = subprocess.run([sys.executable, "-c", _SUMMARY_SCRIPT, json.dumps(paths), json.dumps(SORT_KEYS.get(question, []) if suite == "sort" else [])],
                         env=env, stdout=subprocess.PIPE, text=True, check=True).stdout
    summaries = dict(zip(answered, json.loads(out)))
    first, *others = answered
    problems = []
    for system in others:
        a, b = summaries[first], summaries[system]
        if a["rows"] != b["rows"]:
            problems.append(f"rows {a['rows']} vs {b['rows']} ({system})")
        for name in set(a["sums"]) & set(b["sums"]):
            if not math.isclose(a["sums"][name], b["sums"][name], rel_tol=1e-6, abs_tol=1e-6):
                problems.append(f"sum of {name} {a['sums'][name]} vs {b['sums'][name]} ({system})")
        for key in a["lead"]:
            if a["lead"][key] != b["lead"][key]:
                problems.append(f"the first 1000 {key} differ ({system})")
    return "same" if not problems else "; ".join(problems)


_SUMMARY_SCRIPT = """
import json, sys
import numpy as np
import lode
paths, keys = json.loads(sys.argv[1]), json.loads(sys.argv[2])
summaries = []
for path in paths:
    data = lode.read_parquet(path)
    numeric = [name for name, dtype in data.schema.items() if dtype.is_numeric()]
    summaries.append({"rows": data.height,
                      "sums": {name: float(np.nansum(data[name].to_numpy().astype(float))) for name in numeric},
                      "lead": {key: data[key].head(1000).to_list() for key in keys}})
    del data
print(json.dumps(summaries))
"""


def describe(outcome):
    if "seconds" not in outcome:
        return f"failed: {outcome.get('error')}"
    return (f"{outcome['seconds']:.2f} s, RSS {outcome['peak_rss_bytes'] / 2**20:.0f} MiB, "
            f"temp {outcome['temp_peak_bytes'] / 2**20:.0f} MiB")


def write_report(record, results_dir):
    results_dir.mkdir(parents=True, exist_ok=True)
    stem = f"beyond-{record['suite']}-{record['size']}-{record['memory_limit'].replace(' ', '')}"
    (results_dir / f"{stem}.json").write_text(json.dumps(record, indent=1))
    limit = record["memory_limit_bytes"]
    bound = 1.1 * limit + 200 * 2**20
    systems = record["systems"]
    mib = lambda value: f"{value / 2**20:.0f}"  # noqa: E731
    lines = [f"# {record['suite']} at {record['size']} rows, memory limit {record['memory_limit']} (beyond memory)", "",
             f"{record['date']}; {record['machine']['cpu']}, {record['machine']['cores']} cores, "
             f"{record['machine']['memory_bytes'] / 2**30:.0f} GiB; {record['threads']} threads each; "
             f"versions: {', '.join(f'{k} {v}' for k, v in record['versions'].items())}.", "",
             "Parquet in, Parquet out, each question in a fresh process. RSS bound (issue 12): "
             f"1.1 x limit + 200 MB = {mib(bound)} MiB.", ""]
    header = ["question"] + [f"{s} s" for s in systems] + (["lode / duckdb"] if len(systems) == 2 else [])
    header += [f"{s} RSS MiB" for s in systems] + [f"{s} temp MiB" for s in systems] + ["answers"]
    lines += ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    totals = {s: 0.0 for s in systems}
    complete = {s: True for s in systems}
    for question, outcome in record["results"].items():
        row = [question]
        for s in systems:
            seconds = outcome[s].get("seconds")
            row.append(f"{seconds:.2f}" if seconds is not None else "failed")
            if seconds is None:
                complete[s] = False
            else:
                totals[s] += seconds
        if len(systems) == 2:
            a, b = (outcome[s].get("seconds") for s in systems)
            row.append(f"{a / b:.2f}" if a and b else "")
        for s in systems:
            rss = outcome[s]["peak_rss_bytes"]
            row.append(mib(rss) + ("" if rss <= bound else " (over)"))
        row += [mib(outcome[s]["temp_peak_bytes"]) for s in systems]
        row.append(outcome["check"])
        lines.append("| " + " | ".join(row) + " |")
    total_row = ["total"] + [f"{totals[s]:.2f}" + ("" if complete[s] else " (incomplete)") for s in systems]
    if len(systems) == 2 and all(complete.values()) and totals[systems[1]] > 0:
        total_row.append(f"{totals[systems[0]] / totals[systems[1]]:.2f}")
    lines.append("| " + " | ".join(total_row) + " |")
    failures = [f"- {q} {s}: {o[s]['error']}" for q, o in record["results"].items() for s in systems if "error" in o[s]]
    if failures:
        lines += ["", "Failures:", *failures]
    (results_dir / f"{stem}.md").write_text("\n".join(lines) + "\n")
    return "\n".join(lines)


if __name__ == "__main__":
    main()
