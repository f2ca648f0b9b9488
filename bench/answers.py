"""Checks each system's answers against a reference system's, question by question.

An answer is the row count and the sum of each value column (nulls and NaN
left out). Two answers agree when the row counts are equal and every sum is
within a relative tolerance of 1e-9: tight enough to catch a wrong group or a
lost row, loose enough for sums taken in a different order.
"""

import math

RELATIVE_TOLERANCE = 1e-9
ABSOLUTE_TOLERANCE = 1e-12  # for sums that should be zero


def disagreement(answer, reference):
    """Returns None when `answer` agrees with `reference`, else what differs."""
    if answer["rows"] != reference["rows"]:
        return f"{answer['rows']} rows, expected {reference['rows']}"
    for column, expected in reference["sums"].items():
        got = answer["sums"].get(column)
        if got is None:
            return f"no column {column}"
        if not math.isclose(got, expected, rel_tol=RELATIVE_TOLERANCE, abs_tol=ABSOLUTE_TOLERANCE):
            return f"sum({column}) = {got!r}, expected {expected!r}"
    return None


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
