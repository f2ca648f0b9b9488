"""The sort suite's questions in pandas.

Each question takes the loaded tables (name -> pandas.DataFrame; "x" here)
and returns its sorted answer. The whole-table sorts are stable sort_values
(pandas sorts several keys stably whatever `kind` says); the top-k is
nlargest, pandas' own top-k, much faster than sorting the whole table first.
"""


def s1(tables):
    return tables["x"].sort_values(["id3", "v3"], kind="stable")


def s2(tables):
    return tables["x"].sort_values(["id6", "id4"], ascending=[False, True], kind="stable")


def s3(tables):
    return tables["x"].nlargest(100, "v3", keep="first")


QUESTIONS = {question.__name__: question for question in (s1, s2, s3)}
