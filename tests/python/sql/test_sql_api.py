"""lode.sql and lode.SQLContext: where tables are found, what errors say and
where they point, and that deep nesting fails cleanly."""

import pytest

import lode

module_frame = lode.DataFrame({"v": [1, 2, 3]})


def test_sql_returns_a_lazy_frame_that_composes():
    t = lode.DataFrame({"a": [3, 1, 2]})
    lazy = lode.sql("SELECT a, a * 10 AS b FROM t")
    assert isinstance(lazy, lode.LazyFrame)
    assert lazy.columns == ["a", "b"]
    assert lazy.filter(lode.col("a") > 1).sort("a").collect().to_dict() == {"a": [2, 3], "b": [20, 30]}


def test_keyword_tables_and_lazy_frames():
    frame = lode.DataFrame({"k": [1, 2]}).lazy()
    assert lode.sql("SELECT sum(k) AS s FROM t", t=frame).collect().to_dict() == {"s": [3]}


def test_caller_locals_then_globals():
    assert lode.sql("SELECT sum(v) AS s FROM module_frame").collect().to_dict() == {"s": [6]}
    module_frame = lode.DataFrame({"v": [10]})  # noqa: F841 - found by name
    assert lode.sql("SELECT sum(v) AS s FROM module_frame").collect().to_dict() == {"s": [10]}


def test_resolution_order_context_then_keywords_then_caller():
    t = lode.DataFrame({"src": ["local"]})  # noqa: F841
    ctx = lode.SQLContext()
    assert ctx.execute("SELECT src FROM t").collect()["src"].to_list() == ["local"]
    assert ctx.execute("SELECT src FROM t", t=lode.DataFrame({"src": ["keyword"]})).collect()["src"].to_list() == ["keyword"]
    ctx.register("t", lode.DataFrame({"src": ["context"]}))
    assert ctx.execute("SELECT src FROM t", t=lode.DataFrame({"src": ["keyword"]})).collect()["src"].to_list() == ["context"]
    ctx.unregister("t")
    assert ctx.tables() == []


def test_cte_names_shadow_tables():
    t = lode.DataFrame({"a": [1]})  # noqa: F841
    assert lode.sql("WITH t AS (SELECT 5 AS a) SELECT a FROM t").collect().to_dict() == {"a": [5]}


def test_register_rejects_other_objects():
    with pytest.raises(TypeError):
        lode.SQLContext().register("t", [1, 2])
    with pytest.raises(TypeError):
        lode.sql("SELECT 1", t={"a": 1})


def test_syntax_error_shows_line_column_and_caret():
    query = "SELECT a,\n       b\nFROM t WHERE a > > 1"
    with pytest.raises(lode.SQLSyntaxError) as caught:
        lode.sql(query)
    error = caught.value
    assert (error.line, error.column) == (3, 18)
    assert isinstance(error, lode.ParseError) and isinstance(error, ValueError)
    assert str(error) == ("syntax error: expected an expression, got '>' (line 3, column 18)\n"
                          "  FROM t WHERE a > > 1\n"
                          "                   ^")


def test_caret_spans_the_bad_token():
    with pytest.raises(lode.SQLSyntaxError) as caught:
        lode.sql("SELECT 1 FROM t t2 t3")
    assert str(caught.value).endswith("  SELECT 1 FROM t t2 t3\n                     ^^")


def test_column_counts_characters_not_bytes():
    with pytest.raises(lode.SQLSyntaxError) as caught:
        lode.sql("SELECT 'ßß' ßß FROM")
    assert caught.value.column == 20


def test_unknown_column_names_position_and_suggestion():
    people = lode.DataFrame({"name": ["a"], "age": [1]})  # noqa: F841
    with pytest.raises(lode.SchemaError) as caught:
        lode.sql("SELECT name,\n  agee FROM people")
    assert (caught.value.line, caught.value.column) == (2, 3)
    assert "unknown column agee; did you mean age?" in str(caught.value)


def test_unknown_table_suggests_frames_in_scope():
    orders = lode.DataFrame({"id": [1]})  # noqa: F841
    with pytest.raises(lode.SchemaError, match="unknown table ordrs; did you mean orders"):
        lode.sql("SELECT * FROM ordrs")


def test_keyword_as_name_says_how_to_quote_it():
    with pytest.raises(lode.SQLSyntaxError, match='ORDER is a keyword: write "order" to use it as a name'):
        lode.sql("SELECT * FROM order")


def test_long_lines_show_a_window_around_the_error():
    query = "SELECT " + ", ".join(f"c{i}" for i in range(100)) + " FROM FROM"
    with pytest.raises(lode.SQLSyntaxError) as caught:
        lode.sql(query)
    line, caret = str(caught.value).split("\n")[1:]
    assert line.startswith("  ...") and len(line) < 120
    assert line[caret.index("^"):].startswith("FROM")


def test_ungrouped_column_points_at_it():
    t = lode.DataFrame({"g": ["a"], "x": [1]})  # noqa: F841
    with pytest.raises(lode.InvalidInputError) as caught:
        lode.sql("SELECT g, x + 1 FROM t GROUP BY g")
    assert (caught.value.line, caught.value.column) == (1, 11)


@pytest.mark.parametrize("depth", [10, 200])
def test_moderate_nesting_works(depth):
    query = "SELECT " + "(" * depth + "1" + ")" * depth
    assert lode.sql(query).collect().shape == (1, 1)


@pytest.mark.parametrize("query", [
    "SELECT " + "(" * 100000 + "1" + ")" * 100000,
    "SELECT " + "- " * 100000 + "1",
    "SELECT " + "NOT " * 100000 + "true",
    "SELECT " + " + ".join(["1"] * 100000),
    "SELECT " + " AND ".join(["true"] * 100000),
    "SELECT * FROM " + "(SELECT * FROM " * 20000 + "t" + ")" * 20000,
    "SELECT " + "coalesce(" * 50000 + "1" + ")" * 50000,
    "SELECT " + "CASE WHEN " * 50000,
], ids=["parentheses", "minus", "not", "plus_chain", "and_chain", "subqueries", "calls", "case"])
def test_deep_nesting_is_an_error_not_a_crash(query):
    t = lode.DataFrame({"a": [1]})  # noqa: F841
    with pytest.raises(lode.SQLSyntaxError, match="nests deeper than 500 levels"):
        lode.sql(query)


def test_file_paths_are_quoted(tmp_path):
    path = tmp_path / "data.csv"
    path.write_text("a,b\n1,x\n2,y\n")
    assert lode.sql(f"SELECT b FROM '{path}' WHERE a = 2").collect().to_dict() == {"b": ["y"]}
    assert lode.sql(f"SELECT count(*) AS n FROM read_csv('{path}')").collect().to_dict() == {"n": [2]}
    lode.DataFrame({"a": [1, 2]}).write_parquet(str(tmp_path / "x.parquet"))
    assert lode.sql(f"SELECT sum(a) AS s FROM '{tmp_path}/*.parquet'").collect().to_dict() == {"s": [3]}


@pytest.mark.optimizer
def test_explain_shows_pushdown_into_the_scan():
    t = lode.DataFrame({"a": [1, 2], "b": ["x", "y"]})  # noqa: F841
    plan = lode.sql("SELECT b FROM t WHERE a > 1").explain()
    assert "SCAN" in plan and "filters" in plan


def test_current_date_and_now_are_the_clock_when_the_query_is_bound():
    import datetime

    before = datetime.datetime.now(datetime.timezone.utc)
    frame = lode.sql("SELECT current_date AS d, today() AS t, now() AS n, current_timestamp AS c").collect()
    after = datetime.datetime.now(datetime.timezone.utc)
    assert frame["d"].to_list()[0] in (datetime.date.today(), before.astimezone().date())
    assert frame["t"].to_list() == frame["d"].to_list()
    for column in ("n", "c"):
        stamp = frame[column].to_list()[0]
        stamp = stamp if stamp.tzinfo else stamp.replace(tzinfo=datetime.timezone.utc)
        assert before - datetime.timedelta(seconds=1) <= stamp <= after + datetime.timedelta(seconds=1)


def test_lpad_and_rpad_follow_postgresql_where_duckdb_raises():
    # DuckDB requires the fill and raises "Insufficient padding" for an empty one.
    frame = lode.sql("SELECT lpad('ab', 4) AS a, rpad('ab', 3) AS b, lpad('ab', 4, '') AS c, rpad('abc', 2, '') AS d")
    assert frame.collect().to_dict() == {"a": ["  ab"], "b": ["ab "], "c": ["ab"], "d": ["ab"]}


def test_an_endless_recursive_query_stops_when_cancelled():
    import time
    endless = lode.sql("WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t) SELECT count(*) FROM t")
    query = endless.collect(background=True)
    time.sleep(0.3)
    assert query.fetch() is None  # still going
    started = time.monotonic()
    query.cancel()
    with pytest.raises(lode.CancelledError):
        query.fetch_blocking()
    assert time.monotonic() - started < 2


def test_dates_beyond_pythons_range_raise_a_lode_error():
    far = lode.sql("SELECT DATE '2020-01-01' + INTERVAL 100000 YEAR AS d").collect()
    with pytest.raises(lode.InvalidInputError, match="years 1 to 9999"):
        far.to_dict()
    assert lode.sql("SELECT CAST(DATE '2020-01-01' + INTERVAL 100000 YEAR AS VARCHAR) AS d").collect().to_dict() == \
        {"d": ["102020-01-01"]}


def test_a_cte_read_twice_is_one_shared_result():
    nums = lode.DataFrame({"g": ["a", "b", "a"], "x": [1, 2, 3]})
    query = lode.sql("WITH t AS (SELECT g, sum(x) AS s FROM nums GROUP BY g) "
                     "SELECT a.g, a.s FROM t a JOIN t b ON a.g = b.g WHERE a.s = (SELECT max(s) FROM t)", nums=nums)
    plan = query.explain()
    assert plan.count("SCAN the shared result t, computed once") == 3
    assert query.collect().to_dict() == {"g": ["a"], "s": [4]}
    once = lode.sql("WITH t AS (SELECT g FROM nums) SELECT * FROM t", nums=nums).explain()
    assert "shared result" not in once  # read once: inlined, so filters and columns push into it
