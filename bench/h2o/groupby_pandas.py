"""The db-benchmark groupby questions in pandas, as db-benchmark asks them.

Each question takes the loaded tables (name -> pandas.DataFrame; "x" here)
and returns its answer with the value columns named as bench/suites.py checks
them. q9 uses pandas' grouped corr(), about twice as fast here as
db-benchmark's groupby().apply() form, with the same answer.
"""


def q1(tables):
    return tables["x"].groupby("id1", as_index=False).agg(v1=("v1", "sum"))


def q2(tables):
    return tables["x"].groupby(["id1", "id2"], as_index=False).agg(v1=("v1", "sum"))


def q3(tables):
    return tables["x"].groupby("id3", as_index=False).agg(v1=("v1", "sum"), v3=("v3", "mean"))


def q4(tables):
    return tables["x"].groupby("id4", as_index=False).agg(v1=("v1", "mean"), v2=("v2", "mean"), v3=("v3", "mean"))


def q5(tables):
    return tables["x"].groupby("id6", as_index=False).agg(v1=("v1", "sum"), v2=("v2", "sum"), v3=("v3", "sum"))


def q6(tables):
    return tables["x"].groupby(["id4", "id5"], as_index=False).agg(median_v3=("v3", "median"), sd_v3=("v3", "std"))


def q7(tables):
    ranges = tables["x"].groupby("id3").agg(v1=("v1", "max"), v2=("v2", "min"))
    return (ranges["v1"] - ranges["v2"]).rename("range_v1_v2").reset_index()


def q8(tables):
    x = tables["x"]
    top = x.loc[x["v3"].notna(), ["id6", "v3"]].sort_values("v3", ascending=False).groupby("id6").head(2)
    return top.rename(columns={"v3": "largest2_v3"}).reset_index(drop=True)


def q9(tables):
    matrices = tables["x"].groupby(["id2", "id4"])[["v1", "v2"]].corr()
    return (matrices.xs("v1", level=2)["v2"] ** 2).rename("r2").reset_index()


def q10(tables):
    return (tables["x"].groupby(["id1", "id2", "id3", "id4", "id5", "id6"], as_index=False)
            .agg(v3=("v3", "sum"), count=("v1", "size")))


QUESTIONS = {question.__name__: question for question in (q1, q2, q3, q4, q5, q6, q7, q8, q9, q10)}
