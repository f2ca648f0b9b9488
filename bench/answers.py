"""Checks each system's answers against a reference system's, question by question.

An answer is the row count and the sum of each value column (nulls and NaN
left out). Two answers agree when the row counts are equal and every sum is
within a relative tolerance of 1e-9: tight enough to catch a wrong group or a
lost row, loose enough for sums taken in a different order.

Sums do not see the order of the rows, so a question whose answer is sorted
names columns in `at` too (bench/suites.py), and its answer also holds their
values at the row positions that `positions` gives:

    {"rows": n, "sums": {column: sum}, "at": {"positions": [i, ...], "values": {column: [value, ...]}}}

Numbers there agree within the same tolerance, anything else (strings, null)
when equal. The children compute the positions the same way (bench/measure.py,
bench/peers/measure.mjs).
"""

import math

RELATIVE_TOLERANCE = 1e-9
ABSOLUTE_TOLERANCE = 1e-12  # for sums that should be zero
POSITION_STEPS = 8  # positions: the first row, every eighth of the way, the last row


def positions(rows):
    """Returns the row positions whose values an order-sensitive answer reports:
    floor((rows - 1) * k / 8) for k = 0..8, without repeats (none for no rows)."""
    return sorted({(rows - 1) * step // POSITION_STEPS for step in range(POSITION_STEPS + 1)}) if rows > 0 else []


def disagreement(answer, reference):
    """Returns None when `answer` agrees with `reference`, else what differs."""
    if answer["rows"] != reference["rows"]:
        return f"{answer['rows']} rows, expected {reference['rows']}"
    for column, expected in reference["sums"].items():
        got = answer["sums"].get(column)
        if got is None:
            return f"no column {column}"
        if not _close(got, expected):
            return f"sum({column}) = {got!r}, expected {expected!r}"
    if "at" in reference:
        return _order_disagreement(answer.get("at"), reference["at"])
    return None


def _order_disagreement(at, expected):
    if at is None:
        return "no values at row positions"
    if at["positions"] != expected["positions"]:
        return f"values at rows {at['positions']}, expected at rows {expected['positions']}"
    for column, expected_values in expected["values"].items():
        values = at["values"].get(column)
        if values is None:
            return f"no column {column} at row positions"
        for position, got, value in zip(expected["positions"], values, expected_values):
            if not _same_value(got, value):
                return f"{column} at row {position} = {got!r}, expected {value!r}"
    return None


def _same_value(got, expected):
    numbers = (int, float)
    if isinstance(got, numbers) and isinstance(expected, numbers) and not isinstance(got, bool):
        return _close(got, expected)
    return got == expected


def _close(got, expected):
    return math.isclose(got, expected, rel_tol=RELATIVE_TOLERANCE, abs_tol=ABSOLUTE_TOLERANCE)


class Referee:
    """Judges answers; the first answer a reference system gives to a question becomes its reference.

    The reference systems run first, in order (pandas, DuckDB, Polars), so
    pandas is the reference where it answers and DuckDB where pandas cannot.
    """

    def __init__(self, reference_systems):
        self.reference_systems = tuple(reference_systems)
        self.references = {}  # question id -> (system, answer)

    def judge(self, system, question, answer):
        """Returns (status, detail): ("ok", None), ("ok", "reference"), ("wrong", why) or ("unchecked", why)."""
        if question not in self.references:
            if system in self.reference_systems:
                self.references[question] = (system, answer)
                return "ok", "reference"
            return "unchecked", "no reference system answered this question"
        reference_system, reference = self.references[question]
        why = disagreement(answer, reference)
        return ("ok", None) if why is None else ("wrong", f"{why} ({reference_system} is the reference)")
