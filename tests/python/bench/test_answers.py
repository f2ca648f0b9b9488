"""Tests of the benchmark's answer check (bench/answers.py) without running any system:
the row positions of an order-sensitive answer, the same in Python and Node, and what
the check lets through (other tie orders) and what it catches (another order)."""

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(REPO))

from bench import answers  # noqa: E402

ROW_COUNTS = [0, 1, 2, 3, 8, 9, 10, 100, 100_000, 10_000_000, 100_000_000]


def answer(keys, values=None):
    values = values if values is not None else list(range(len(keys)))
    rows = answers.positions(len(keys))
    return {"rows": len(keys), "sums": {"v": float(sum(values))},
            "at": {"positions": rows, "values": {"k": [keys[row] for row in rows]}}}


def test_positions_are_the_first_row_every_eighth_and_the_last():
    assert answers.positions(0) == []
    assert answers.positions(1) == [0]
    assert answers.positions(3) == [0, 1, 2]
    assert answers.positions(100) == [0, 12, 24, 37, 49, 61, 74, 86, 99]
    for rows in ROW_COUNTS[1:]:
        assert answers.positions(rows)[0] == 0 and answers.positions(rows)[-1] == rows - 1


@pytest.mark.skipif(shutil.which("node") is None, reason="needs node")
def test_node_children_use_the_same_positions():
    script = (f"import {{ positions }} from {json.dumps(str(REPO / 'bench' / 'peers' / 'measure.mjs'))};"
              f"console.log(JSON.stringify({json.dumps(ROW_COUNTS)}.map(positions)));")
    output = subprocess.run(["node", "--input-type=module", "-e", script], stdout=subprocess.PIPE, text=True, check=True)
    assert json.loads(output.stdout) == [answers.positions(rows) for rows in ROW_COUNTS]


def test_rows_in_another_tie_order_agree():
    keys = sorted(["b", "a", "c", "a", "b"] * 5)
    values = list(range(len(keys)))
    assert answers.disagreement(answer(keys, values[::-1]), answer(keys, values)) is None


def test_another_order_is_caught_though_the_sums_agree():
    keys = sorted(["b", "a", "c", "d"] * 5)
    why = answers.disagreement(answer(keys[::-1]), answer(keys))
    assert why == "k at row 0 = 'd', expected 'a'"


def test_numbers_at_positions_agree_within_the_tolerance():
    reference = answer([1.0, 2.0, 3.0])
    close = answer([1.0, 2.0 * (1 + 1e-12), 3])
    assert answers.disagreement(close, reference) is None
    assert "k at row 1" in answers.disagreement(answer([1.0, 2.1, 3.0]), reference)


def test_an_answer_without_positions_is_caught_where_the_reference_has_them():
    reference = answer(["a"])
    plain = {key: reference[key] for key in ("rows", "sums")}
    assert answers.disagreement(plain, reference) == "no values at row positions"
    assert answers.disagreement(reference, plain) is None  # the other suites: sums only
