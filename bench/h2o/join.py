"""The db-benchmark join questions in lode's Polars-like API.

Each question takes the loaded tables (name -> lode.DataFrame: x, small,
medium, big) and returns the joined lode.DataFrame; the harness checks its
rows and the sums of v1 (from x) and v2 (from the right-hand table). A
question lode cannot answer yet raises AttributeError or
lode.NotSupportedError, and the harness shows it as missing.
"""


def q1(tables):
    return tables["x"].lazy().join(tables["small"].lazy(), on="id1", how="inner").collect()


def q2(tables):
    return tables["x"].lazy().join(tables["medium"].lazy(), on="id2", how="inner").collect()


def q3(tables):
    return tables["x"].lazy().join(tables["medium"].lazy(), on="id2", how="left").collect()


def q4(tables):
    return tables["x"].lazy().join(tables["medium"].lazy(), on="id5", how="inner").collect()


def q5(tables):
    return tables["x"].lazy().join(tables["big"].lazy(), on="id3", how="inner").collect()


QUESTIONS = {question.__name__: question for question in (q1, q2, q3, q4, q5)}
