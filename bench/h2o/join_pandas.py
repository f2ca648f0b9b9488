"""The db-benchmark join questions in pandas (DataFrame.merge), as db-benchmark asks them."""


def q1(tables):
    return tables["x"].merge(tables["small"], on="id1", how="inner")


def q2(tables):
    return tables["x"].merge(tables["medium"], on="id2", how="inner")


def q3(tables):
    return tables["x"].merge(tables["medium"], on="id2", how="left")


def q4(tables):
    return tables["x"].merge(tables["medium"], on="id5", how="inner")


def q5(tables):
    return tables["x"].merge(tables["big"], on="id3", how="inner")


QUESTIONS = {question.__name__: question for question in (q1, q2, q3, q4, q5)}
