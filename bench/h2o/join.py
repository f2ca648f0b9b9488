"""The db-benchmark join questions in lode's Polars-like API.

Each question takes the tables as lode.LazyFrames (name -> frame: x, small,
medium, big) and returns the joined LazyFrame (LAZY; QUESTIONS collects them
over loaded tables, bench/questions.py); the harness checks its
rows and the sums of v1 (from x) and v2 (from the right-hand table). A
question lode cannot answer yet raises AttributeError or
lode.NotSupportedError, and the harness shows it as missing.
"""

from bench.questions import collected


def q1(tables):
    return tables["x"].join(tables["small"], on="id1", how="inner")


def q2(tables):
    return tables["x"].join(tables["medium"], on="id2", how="inner")


def q3(tables):
    return tables["x"].join(tables["medium"], on="id2", how="left")


def q4(tables):
    return tables["x"].join(tables["medium"], on="id5", how="inner")


def q5(tables):
    return tables["x"].join(tables["big"], on="id3", how="inner")


LAZY = {question.__name__: question for question in (q1, q2, q3, q4, q5)}
QUESTIONS = collected(LAZY)
