"""The sort suite's questions in lode's Polars-like API.

Each question takes the loaded tables (name -> lode.DataFrame; "x" here, the
db-benchmark groupby table) and returns its whole sorted answer as a
lode.DataFrame. lode's sort is stable. A question lode cannot answer yet
raises AttributeError or lode.NotSupportedError, and the harness shows it as
missing. The lode-1t system asks the same questions with lode on one thread.
"""


def s1(tables):
    return tables["x"].lazy().sort(["id3", "v3"]).collect()


def s2(tables):
    return tables["x"].lazy().sort(["id6", "id4"], descending=[True, False]).collect()


def s3(tables):
    return tables["x"].lazy().sort("v3", descending=True).head(100).collect()


QUESTIONS = {question.__name__: question for question in (s1, s2, s3)}
