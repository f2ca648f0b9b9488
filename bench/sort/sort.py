"""The sort suite's questions in lode's Polars-like API.

Each question takes the tables as lode.LazyFrames (name -> frame; "x" here,
the db-benchmark groupby table) and returns its whole sorted answer as a
LazyFrame (LAZY); QUESTIONS collects them over loaded tables
(bench/questions.py). lode's sort is stable. A question lode cannot answer yet
raises AttributeError or lode.NotSupportedError, and the harness shows it as
missing. The lode-1t system asks the same questions with lode on one thread.
"""

from bench.questions import collected


def s1(tables):
    return tables["x"].sort(["id3", "v3"])


def s2(tables):
    return tables["x"].sort(["id6", "id4"], descending=[True, False])


def s3(tables):
    return tables["x"].sort("v3", descending=True).head(100)


LAZY = {question.__name__: question for question in (s1, s2, s3)}
QUESTIONS = collected(LAZY)
