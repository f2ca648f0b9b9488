"""SQL windows, subqueries and scalar functions over enough rows to span
many morsels, partitions and threads, against pandas and Python's own date
and string functions (the oracles)."""

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


def test_date_functions_match_python_on_random_dates():
    import datetime

    random = np.random.default_rng(11)
    base = datetime.date(1900, 1, 1)
    days = random.integers(0, 73_000, 5_000)  # 1900 to 2099, leap days included
    first = [base + datetime.timedelta(days=int(d)) for d in days]
    second = [base + datetime.timedelta(days=int(d)) for d in random.permutation(days)]
    table = lode.DataFrame({"a": first, "b": second})
    result = lode.sql("""
        SELECT date_trunc('week', a) AS week_start, date_trunc('quarter', a) AS quarter_start,
               date_diff('year', a, b) AS years, date_diff('quarter', a, b) AS quarters,
               date_diff('month', a, b) AS months, date_diff('week', a, b) AS weeks,
               date_diff('day', a, b) AS days, week(a) AS iso_week, isoyear(a) AS iso_year,
               dayofweek(a) AS dow, quarter(a) AS q, epoch(a) AS seconds
        FROM t""", t=table).collect().to_dict()

    def months(d):
        return d.year * 12 + d.month

    def quarters(d):
        return d.year * 4 + (d.month - 1) // 3

    def midnight(d):
        return datetime.datetime(d.year, d.month, d.day)

    assert result["week_start"] == [midnight(a - datetime.timedelta(a.weekday())) for a in first]
    assert result["quarter_start"] == [datetime.datetime(a.year, (a.month - 1) // 3 * 3 + 1, 1) for a in first]
    assert result["years"] == [b.year - a.year for a, b in zip(first, second)]
    assert result["quarters"] == [quarters(b) - quarters(a) for a, b in zip(first, second)]
    assert result["months"] == [months(b) - months(a) for a, b in zip(first, second)]
    assert result["weeks"] == [int((b - a).days / 7) for a, b in zip(first, second)]  # toward zero
    assert result["days"] == [(b - a).days for a, b in zip(first, second)]
    assert result["iso_week"] == [a.isocalendar()[1] for a in first]
    assert result["iso_year"] == [a.isocalendar()[0] for a in first]
    assert result["dow"] == [a.isoweekday() % 7 for a in first]
    assert result["q"] == [(a.month - 1) // 3 + 1 for a in first]
    assert result["seconds"] == [(a - datetime.date(1970, 1, 1)).days * 86400.0 for a in first]


def test_string_functions_match_python_on_random_texts():
    random = np.random.default_rng(5)
    alphabet = list("ab,é日 ")
    texts = ["".join(random.choice(alphabet, int(random.integers(0, 9)))) for _ in range(3_000)]
    counts = [int(n) for n in random.integers(-10, 10, len(texts))]
    table = lode.DataFrame({"s": texts, "n": counts})
    result = lode.sql("""
        SELECT left(s, n) AS l, right(s, n) AS r, lpad(s, n, 'xé') AS lp, rpad(s, n, '-') AS rp,
               split_part(s, ',', n) AS part, strpos(s, 'é') AS pos, reverse(s) AS rev,
               ltrim(s, 'a ') AS lt, rtrim(s, '日,') AS rt, repeat(s, n % 3) AS rep,
               greatest(s, 'b') AS big, least(s, 'b') AS small
        FROM t""", t=table).collect().to_dict()

    def pad(s, n, fill, start):
        if n <= 0:
            return ""
        if len(s) >= n:
            return s[:n]
        padding = (fill * n)[:n - len(s)]
        return padding + s if start else s + padding

    def part(s, n):
        parts = s.split(",")
        if n == 0 or abs(n) > len(parts):
            return ""
        return parts[n - 1] if n > 0 else parts[n]

    rows = list(zip(texts, counts))
    assert result["l"] == [s[:n] if n >= 0 else s[:max(len(s) + n, 0)] for s, n in rows]
    assert result["r"] == [(s[-n:] if n else "") if n >= 0 else s[-n:] for s, n in rows]
    assert result["lp"] == [pad(s, n, "xé", True) for s, n in rows]
    assert result["rp"] == [pad(s, n, "-", False) for s, n in rows]
    assert result["part"] == [part(s, n) for s, n in rows]
    assert result["pos"] == [s.find("é") + 1 for s in texts]
    assert result["rev"] == [s[::-1] for s in texts]
    assert result["lt"] == [s.lstrip("a ") for s in texts]
    assert result["rt"] == [s.rstrip("日,") for s in texts]
    assert result["rep"] == [s * (n % 3) for s, n in rows]  # lode's % floors, as Python's
    assert result["big"] == [max(s.encode(), b"b").decode() for s in texts]
    assert result["small"] == [min(s.encode(), b"b").decode() for s in texts]


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


def test_range_frames_with_offsets_match_numpy(events):
    frame, table = events
    result = lode.sql("""
        SELECT t, sum(v) OVER (PARTITION BY g ORDER BY v RANGE BETWEEN 5 PRECEDING AND 3 FOLLOWING) AS near,
               count(*) OVER (PARTITION BY g ORDER BY v DESC RANGE BETWEEN 10 PRECEDING AND CURRENT ROW) AS above
        FROM events""", events=table).collect().to_pandas().set_index("t").sort_index()
    near, above = {}, {}
    for _, group in frame.groupby("g"):
        keys = np.sort(group["v"].to_numpy())
        sums = np.concatenate([[0], np.cumsum(keys)])
        for t, v in zip(group["t"], group["v"]):
            lo, hi = np.searchsorted(keys, v - 5, "left"), np.searchsorted(keys, v + 3, "right")
            near[t] = sums[hi] - sums[lo]
            # Descending: 10 preceding are the keys up to 10 above.
            above[t] = np.searchsorted(keys, v + 10, "right") - np.searchsorted(keys, v, "left")
    assert result["near"].tolist() == [near[t] for t in result.index]
    assert result["above"].tolist() == [above[t] for t in result.index]
