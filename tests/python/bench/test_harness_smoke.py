"""Smoke test of the benchmark harness (bench/run.py) at 1e5 rows with one timed run.

Checks that the harness works, not how fast anything is: every question
appears for every system, the peers (DuckDB, Polars, pandas) agree with each
other (in the sort suite also on the keys at fixed row positions), lode's
answers are right or missing, and the Markdown, PNG and JSON results are
written (into a temporary folder, not bench/results/). The peers come from
`make peers` (../shared/peers/install.sh); the tests fail without them (the
peers_dir fixture says so).
"""

import json
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[3]
SIZE = "1e5"
PEERS = ("duckdb", "polars", "pandas")
PANDAS_WITHOUT_PARQUET = "pandas needs pyarrow or fastparquet"
SYSTEMS = ["lode", "duckdb", "polars", "pandas"]
QUESTIONS = {"h2o-groupby": 10, "h2o-join": 5, "io": 3, "sort": 3}


@pytest.fixture(scope="module")
def folders(tmp_path_factory):
    return tmp_path_factory.mktemp("bench-data"), tmp_path_factory.mktemp("bench-results")


def run_suite(suite, peers_dir, folders):
    data, results = folders
    command = [sys.executable, str(REPO / "bench" / "run.py"), suite, "--size", SIZE, "--runs", "1",
               "--peers", str(peers_dir), "--data", str(data), "--results", str(results)]
    subprocess.run(command, cwd=REPO, check=True, timeout=300, stdout=subprocess.DEVNULL)
    return json.loads((results / f"{suite}-{SIZE}.json").read_text()), results / f"{suite}-{SIZE}"


@pytest.mark.parametrize("suite", list(QUESTIONS))
def test_suite_checks_every_answer_and_writes_results(suite, peers_dir, folders):
    record, stem = run_suite(suite, peers_dir, folders)

    # lode-1t (lode on one thread) runs by default in the sort suite only
    systems = SYSTEMS[:1] + ["lode-1t"] + SYSTEMS[1:] if suite == "sort" else SYSTEMS
    assert record["systems"] == systems
    questions = [question["id"] for question in record["questions"]]
    assert len(questions) == QUESTIONS[suite]
    for system in record["systems"]:
        outcome = record["results"][system]
        assert sorted(outcome["questions"]) == sorted(questions), system
        assert outcome["peak_rss_bytes"] > 0, system
    for peer in PEERS:
        for question, result in record["results"][peer]["questions"].items():
            if peer == "pandas" and result["status"] == "missing":
                assert PANDAS_WITHOUT_PARQUET in result["detail"] and question.startswith("parquet")
                continue
            assert result["status"] == "ok", f"{peer} {question}: {result}"
            assert result["seconds"] > 0
    for lode in systems[:systems.index("duckdb")]:
        for question, result in record["results"][lode]["questions"].items():
            assert result["status"] in ("ok", "missing"), f"{lode} {question}: {result}"
    for question in record["questions"]:
        for peer in PEERS if question["at"] else ():  # order-sensitive: the keys at row positions were compared
            answer = record["results"][peer]["questions"][question["id"]]["answer"]
            assert sorted(answer["at"]["values"]) == sorted(question["at"]) and answer["at"]["positions"][0] == 0

    markdown = stem.with_suffix(".md").read_text()
    if suite == "sort":
        assert record["results"]["lode-1t"]["threads"] == 1
        assert ("| question | lode | lode 1 thread | DuckDB | Polars | pandas | lode/DuckDB | lode/Polars | lode/pandas"
                f" | lode speedup, 1 to {record['results']['lode']['threads']} threads |") in markdown
    else:
        assert "| question | lode | DuckDB | Polars | pandas | lode/DuckDB | lode/Polars | lode/pandas |" in markdown
    for question in record["questions"]:
        row = next(line for line in markdown.splitlines() if line.startswith(f"| {question['id']} {question['title']} |"))
        if record["results"]["lode"]["questions"][question["id"]]["status"] == "missing":
            assert "| missing |" in row
    assert "Machine:" in markdown and "Versions:" in markdown and "peak memory" in markdown
    assert stem.with_suffix(".png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
