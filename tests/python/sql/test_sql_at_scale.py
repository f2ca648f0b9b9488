"""SQL windows and subqueries over enough rows to span many morsels,
partitions and threads, against pandas (the oracle)."""

import numpy as np
import pandas as pd
import pytest

import lode

ROWS = 120_000


@pytest.fixture(scope="module")
def events():
    random = np.random.default_rng(7)
    frame = pd.DataFrame({
        "g": random.integers(0, 40, ROWS),
        "t": random.permutation(ROWS),          # unique: a total order
        "v": random.integers(-1000, 1000, ROWS),
    })
    return frame, lode.DataFrame({name: frame[name].to_numpy() for name in frame.columns})


def test_running_and_moving_windows_match_pandas(events):
    frame, table = events
    result = lode.sql("""
        SELECT t, sum(v) OVER (PARTITION BY g ORDER BY t) AS running,
               sum(v) OVER (PARTITION BY g ORDER BY t ROWS BETWEEN 5 PRECEDING AND CURRENT ROW) AS moving,
               max(v) OVER (PARTITION BY g ORDER BY t ROWS BETWEEN 3 PRECEDING AND 3 FOLLOWING) AS high,
               lag(v, 2) OVER (PARTITION BY g ORDER BY t) AS back,
               row_number() OVER (PARTITION BY g ORDER BY t) AS number
        FROM events ORDER BY t""", events=table).collect().to_pandas()
    ordered = frame.sort_values("t")
    by_group = ordered.groupby("g")["v"]
    expected = pd.DataFrame({
        "t": ordered["t"],
        "running": by_group.cumsum(),
        "moving": by_group.transform(lambda s: s.rolling(6, min_periods=1).sum()).astype("int64"),
        "high": by_group.transform(lambda s: s.rolling(7, center=True, min_periods=1).max()).astype("int64"),
        "back": by_group.shift(2),
        "number": ordered.groupby("g").cumcount() + 1,
    }).sort_values("t").reset_index(drop=True)
    for column in ["running", "moving", "high", "number"]:
        assert result[column].tolist() == expected[column].tolist(), column
    assert result["back"].isna().tolist() == expected["back"].isna().tolist()
    assert result["back"].dropna().tolist() == expected["back"].dropna().tolist()


def test_correlated_subqueries_match_pandas(events):
    frame, table = events
    above = lode.sql("""
        SELECT t FROM events e
        WHERE v > (SELECT avg(v) FROM events f WHERE f.g = e.g)
          AND EXISTS (SELECT 1 FROM events h WHERE h.g = e.g AND h.t > e.t + 100000)
        ORDER BY t""", events=table).collect()["t"].to_list()
    means = frame.groupby("g")["v"].transform("mean")
    latest = frame.groupby("g")["t"].transform("max")
    expected = sorted(frame.loc[(frame["v"] > means) & (latest > frame["t"] + 100000), "t"].tolist())
    assert above == expected


def test_exists_and_in_as_values_match_pandas(events):
    frame, table = events
    # A key table with some groups missing and a NULL among the values.
    keys = pd.DataFrame({"g": [0, 1, 2, 3, 5, 8, 13, 21, 34], "w": [5, 9, None, 1, 2, 3, 4, 5, 6]})
    key_table = lode.from_pandas(keys.astype({"w": "Int64"}))
    result = lode.sql("""
        SELECT t, EXISTS (SELECT 1 FROM keys k WHERE k.g = e.g) AS known,
               g IN (SELECT w FROM keys) AS listed
        FROM events e ORDER BY t""", events=table, keys=key_table).collect().to_pandas()
    ordered = frame.sort_values("t")
    assert len(result) == ROWS  # the mark joins add no rows
    assert result["known"].tolist() == ordered["g"].isin(keys["g"]).tolist()
    listed = ordered["g"].isin(keys["w"].dropna())
    # No match, and a NULL among the values: NULL.
    assert [None if pd.isna(x) else x for x in result["listed"]] == [True if hit else None for hit in listed]
    survivors = lode.sql("""
        SELECT count(*) AS n FROM events e
        WHERE e.v NOT IN (SELECT k.w FROM keys k WHERE k.g = e.g AND k.w IS NOT NULL)""",
                         events=table, keys=key_table).collect().to_dict()["n"][0]
    pairs = set(zip(keys["g"], keys["w"]))
    assert survivors == sum((g, v) not in pairs for g, v in zip(frame["g"], frame["v"]))
