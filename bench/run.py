"""Runs one benchmark suite: lode and its peers on the same generated data, each in its own process.

    python3 bench/run.py h2o-groupby --size 1e6 --runs 3 [--systems lode,lode-1t,duckdb,polars,pandas]

Generates the data once (bench/data/), runs the reference peers first and
then the others, checks every answer before timing it, and writes
bench/results/<suite>-<size>.{md,png,json}. See bench/README.md.
"""

import argparse
import datetime
import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO), str(REPO / "python")]  # the bench package and this checkout's lode

from bench import answers, data, machine, report, suites  # noqa: E402

SYSTEMS = ("lode", "lode-1t", "duckdb", "polars", "pandas")   # the order of the table's columns
REFERENCE_ORDER = ("pandas", "duckdb", "polars")    # the order answers are taken as reference
NODE_SYSTEMS = ("duckdb", "polars")
THREADS = {"lode-1t": 1}  # lode-1t: lode in a child that calls lode.set_threads(1) first


def main(argv=None):
    args = _parse_args(argv)
    load_at_start = os.getloadavg()[0]
    suite = suites.SUITES[args.suite]
    rows = suites.parse_size(args.size)
    chosen = [system for system in SYSTEMS if system in (args.systems or suite.systems)]
    reference_systems = [system for system in REFERENCE_ORDER if system in chosen] or ["duckdb"]
    run_order = reference_systems + [system for system in SYSTEMS if system in chosen and system not in reference_systems]
    env = _python_env()
    needs_node = not suite.in_memory or any(system in NODE_SYSTEMS for system in run_order)
    peers_dir = install_peers(args.peers) if needs_node else None
    tables, parquet, manifest = data.prepare(suite, rows, Path(args.data), peers_dir, env)
    referee = answers.Referee(reference_systems)
    results = {}
    with tempfile.TemporaryDirectory(prefix="lode-bench-") as scratch:
        job = {
            "suite": suite.name, "module": suite.module, "runs": args.runs, "scratch": scratch,
            "tables": {name: str(path) for name, path in tables.items()},
            "parquet": str(parquet) if parquet else None,
            "schemas": suites.SCHEMAS[suite.dataset], "manifest": manifest,
            "questions": [{"id": question.id, "check": list(question.check), "at": list(question.at)}
                          for question in suite.questions],
        }
        for system in run_order:
            system_job = dict(job, system=system, threads=THREADS.get(system))
            results[system] = run_system(system, system_job, referee, system in chosen, peers_dir, env)
    record = {
        "suite": suite.name, "size": suites.size_label(rows), "rows": rows, "runs": args.runs,
        "in_memory": suite.in_memory,
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": dict(machine.facts(), load_average=load_at_start),
        "versions": machine.versions(peers_dir),
        "data": {"folder": _shown_path(tables["x"].parent), "manifest": manifest},
        "systems": chosen, "reference_systems": reference_systems,
        "reference_only": any(system not in chosen for system in reference_systems),
        "questions": [{"id": question.id, "title": question.title, "at": list(question.at)}
                      for question in suite.questions],
        "results": results,
    }
    print(report.write(record, Path(args.results)))
    return record


def run_system(system, job, referee, timed, peers_dir, env):
    """Runs one system's child process; returns its load time, peak memory and a result per question."""
    print(f"{system}: {job['suite']} {'timing' if timed else 'answers only'}", file=sys.stderr, flush=True)
    if system in NODE_SYSTEMS:
        command = ["node", "--expose-gc", str(runners_dir(peers_dir) / f"{system}.mjs"), json.dumps(job)]
    else:
        command = [sys.executable, "-m", "bench.measure", json.dumps(job)]
    process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=env, cwd=REPO)
    outcome = {"questions": {}}
    for line in iter(process.stdout.readline, ""):
        if line.startswith("{"):
            _handle(json.loads(line), system, process, outcome, referee, timed)
    process.stdin.close()
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    outcome["peak_rss_bytes"] = usage.ru_maxrss * 1024
    outcome["exit_code"] = process.returncode
    _mark_unanswered(outcome, job["questions"], process.returncode)
    return outcome


def _handle(event, system, process, outcome, referee, timed):
    kind = event["event"]
    if kind == "loaded":
        outcome.update(load_seconds=event["seconds"], how=event["how"])
        if "threads" in event:
            outcome["threads"] = event["threads"]
    elif kind == "failed":
        outcome["failure"] = event["error"]
        outcome["oom"] = event.get("oom", False)
    elif kind == "answer":
        result = _judge(event, system, referee)
        outcome["questions"][event["question"]] = result
        if "answer" in event:
            _reply(process, timed and result["status"] == "ok")
    elif kind == "timed":
        result = outcome["questions"][event["question"]]
        if "error" in event:
            result.update(status="oom" if event.get("oom") else "error", detail=event["error"])
        else:
            result.update(seconds=event["seconds"], runs=event["runs"], cores_busy=event.get("cores_busy"))
    _log_progress(system, event, outcome)


def _log_progress(system, event, outcome):
    if event["event"] == "loaded":
        text = f"loaded in {event['seconds']:.2f} s ({event['how']})"
        text += f" on {event['threads']} thread{'s' if event['threads'] != 1 else ''}" if "threads" in event else ""
    elif event["event"] == "failed":
        text = f"failed to load: {event['error']}"
    else:
        result = outcome["questions"][event["question"]]
        if event["event"] == "answer" and result["status"] == "ok":
            return
        seconds = f" {result['seconds']:.4g} s" if result.get("seconds") is not None else ""
        text = f"{event['question']}: {result['status']}{seconds}"
        text += f" ({result['detail']})" if result["status"] != "ok" and result.get("detail") else ""
    print(f"  {system} {text}", file=sys.stderr, flush=True)


def _judge(event, system, referee):
    if "missing" in event:
        return {"status": "missing", "detail": event["missing"]}
    if "error" in event:
        return {"status": "oom" if event.get("oom") else "error", "detail": event["error"]}
    status, detail = referee.judge(system, event["question"], event["answer"])
    return {"status": status, "detail": detail, "answer": event["answer"]}


def _reply(process, time_it):
    try:
        process.stdin.write(json.dumps({"time": time_it}) + "\n")
        process.stdin.flush()
    except BrokenPipeError:
        pass


def _mark_unanswered(outcome, questions, exit_code):
    killed = exit_code in (-signal.SIGKILL, 128 + signal.SIGKILL)
    for question in questions:
        if question["id"] in outcome["questions"]:
            continue
        if outcome.get("failure"):
            status = "oom" if outcome.get("oom") else "error"
            detail = f"loading failed: {outcome['failure']}"
        elif killed:
            status, detail = "oom", "the process was killed (SIGKILL), most likely by the out-of-memory killer"
        else:
            status, detail = "error", f"the process ended with exit code {exit_code} before answering"
        outcome["questions"][question["id"]] = {"status": status, "detail": detail}


def install_peers(peers_dir=None):
    """Returns the folder of DuckDB and Polars (installing them with ../shared/peers/install.sh
    unless `peers_dir` says where they are) with bench/peers/*.mjs copied into it."""
    if peers_dir is None:
        script = REPO.parent / "shared" / "peers" / "install.sh"
        if not script.exists():
            sys.exit(f"cannot find {script}: the shared/ folder must sit beside the repository")
        peers_dir = subprocess.run([str(script)], stdout=subprocess.PIPE, text=True, check=True).stdout.strip()
    peers_dir = Path(peers_dir)
    runners = runners_dir(peers_dir)
    runners.mkdir(exist_ok=True)
    for script_path in (REPO / "bench" / "peers").glob("*.mjs"):
        shutil.copy(script_path, runners / script_path.name)
    return peers_dir


def runners_dir(peers_dir):
    """Returns the folder inside `peers_dir` (node resolves imports from a script's folder upwards)
    that holds this checkout's bench/peers/*.mjs: one per checkout, so that two checkouts
    benchmarking at once do not run each other's scripts."""
    checkout = hashlib.sha1(str(REPO).encode()).hexdigest()[:8]
    return Path(peers_dir) / f"lode-bench-{checkout}"


def _python_env():
    env = dict(os.environ)
    paths = [str(REPO), str(REPO / "python")] + ([env["PYTHONPATH"]] if env.get("PYTHONPATH") else [])
    env["PYTHONPATH"] = os.pathsep.join(paths)
    return env


def _shown_path(path):
    try:
        return str(Path(path).resolve().relative_to(REPO))
    except ValueError:
        return str(path)


def _parse_args(argv):
    parser = argparse.ArgumentParser(description="Runs a benchmark suite: lode beside DuckDB, Polars and pandas.")
    parser.add_argument("suite", choices=sorted(suites.SUITES))
    parser.add_argument("--size", default="1e7", help="rows: 1e6 (smoke), 1e7 (default), 1e8 (opt-in)")
    parser.add_argument("--runs", type=int, default=3, help="timed runs per question after the warm-up (median shown)")
    parser.add_argument("--systems", type=lambda text: text.split(","),
                        help="comma-separated, from: " + ",".join(SYSTEMS)
                        + " (default: the suite's; lode-1t only in the sort suite)")
    parser.add_argument("--results", default=str(REPO / "bench" / "results"), help="folder for the result files")
    parser.add_argument("--peers", help="the folder ../shared/peers/install.sh installed into (default: run it)")
    parser.add_argument("--data", default=str(REPO / "bench" / "data"), help="folder for the generated data")
    args = parser.parse_args(argv)
    unknown = set(args.systems or ()) - set(SYSTEMS)
    if unknown:
        parser.error(f"unknown systems {sorted(unknown)}; choose from {','.join(SYSTEMS)}")
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    return args


if __name__ == "__main__":
    main()
