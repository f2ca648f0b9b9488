"""The db-benchmark groupby questions in lode's Polars-like API.

Each question takes the tables as lode.LazyFrames (name -> frame; "x" here)
and returns its answer as a LazyFrame whose value columns are named as
bench/suites.py checks them (LAZY); QUESTIONS collects them over loaded
tables (bench/questions.py). A question lode cannot answer yet raises
AttributeError or lode.NotSupportedError, and the harness shows it as missing.
"""

import lode

from bench.questions import collected


def q1(tables):
    return tables["x"].group_by("id1").agg(lode.col("v1").sum().alias("v1"))


def q2(tables):
    return tables["x"].group_by("id1", "id2").agg(lode.col("v1").sum().alias("v1"))


def q3(tables):
    return (tables["x"].group_by("id3")
            .agg(lode.col("v1").sum().alias("v1"), lode.col("v3").mean().alias("v3")))


def q4(tables):
    return (tables["x"].group_by("id4")
            .agg(lode.col("v1").mean().alias("v1"), lode.col("v2").mean().alias("v2"),
                 lode.col("v3").mean().alias("v3")))


def q5(tables):
    return (tables["x"].group_by("id6")
            .agg(lode.col("v1").sum().alias("v1"), lode.col("v2").sum().alias("v2"),
                 lode.col("v3").sum().alias("v3")))


def q6(tables):
    return (tables["x"].group_by("id4", "id5")
            .agg(lode.col("v3").median().alias("median_v3"), lode.col("v3").std().alias("sd_v3")))


def q7(tables):
    return (tables["x"].group_by("id3")
            .agg((lode.col("v1").max() - lode.col("v2").min()).alias("range_v1_v2")))


def q8(tables):
    # The two largest v3 of each id6: a ranking window, as lode has no list type yet.
    return (tables["x"].drop_nulls("v3")
            .filter(lode.col("v3").rank("ordinal", descending=True).over("id6") <= 2)
            .select("id6", lode.col("v3").alias("largest2_v3")))


def q9(tables):
    return (tables["x"].group_by("id2", "id4")
            .agg((lode.corr("v1", "v2") ** 2).alias("r2")))


def q10(tables):
    return (tables["x"].group_by("id1", "id2", "id3", "id4", "id5", "id6")
            .agg(lode.col("v3").sum().alias("v3"), lode.len().alias("count")))


LAZY = {question.__name__: question for question in (q1, q2, q3, q4, q5, q6, q7, q8, q9, q10)}
QUESTIONS = collected(LAZY)
