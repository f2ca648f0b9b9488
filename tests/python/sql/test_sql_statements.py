"""SQL statements through SQLContext.execute and lode.sql: COPY's files (read
back by lode, pandas and DuckDB), return values, errors, and that a failed
statement leaves the context as it was. Query rows are checked against DuckDB
in tests/sql/statements/*.test; these tests cover what those files cannot."""

import json
import subprocess

import pandas
import pytest

import lode


@pytest.fixture
def ctx():
    context = lode.SQLContext()
    context.register("people", lode.DataFrame({"name": ["ada", "bob", "cy"], "age": [36, 17, None],
                                               "score": [1.5, None, -2.25]}))
    return context


@pytest.fixture
def duckdb(peers_dir):
    """Returns run(*statements): DuckDB's JSON answer to the last statement."""
    def run(*statements):
        output = subprocess.run(["node", str(peers_dir / "duck.mjs"), *statements], check=True, capture_output=True,
                                text=True, timeout=120).stdout
        return json.loads(output)
    return run


# COPY -------------------------------------------------------------------------


def test_copy_query_to_parquet_zstd(ctx, tmp_path, duckdb):
    path = tmp_path / "out.parquet"
    assert ctx.execute(f"COPY (SELECT name, age FROM people WHERE age IS NOT NULL) TO '{path}' "
                       "(FORMAT PARQUET, COMPRESSION zstd)") is None
    assert lode.read_parquet(path).to_dict() == {"name": ["ada", "bob"], "age": [36, 17]}
    answer = duckdb(f"SELECT name, age FROM '{path}' ORDER BY name")
    assert answer["rows"] == [["ada", "36"], ["bob", "17"]]  # BIGINT comes back as text
    codecs = duckdb(f"SELECT DISTINCT compression FROM parquet_metadata('{path}')")
    assert codecs["rows"] == [["ZSTD"]]


def test_copy_format_from_extension_and_row_groups(ctx, tmp_path, duckdb):
    path = tmp_path / "t.parquet"
    ctx.execute(f"COPY people TO '{path}' (ROW_GROUP_SIZE 1)")
    assert lode.read_parquet(path).to_dict() == ctx.execute("SELECT * FROM people").collect().to_dict()
    groups = duckdb(f"SELECT count(DISTINCT row_group_id) FROM parquet_metadata('{path}')")
    assert groups["rows"] == [["3"]]


def test_copy_table_to_csv_with_header_and_delimiter(ctx, tmp_path):
    path = tmp_path / "t.csv"
    assert ctx.execute(f"COPY people TO '{path}' (HEADER, DELIMITER ';')") is None
    read = pandas.read_csv(path, sep=";")
    assert list(read.columns) == ["name", "age", "score"]
    assert read["name"].tolist() == ["ada", "bob", "cy"]
    assert read["age"].fillna(-1).tolist() == [36, 17, -1]
    assert lode.read_csv(str(path), separator=";").to_dict()["name"] == ["ada", "bob", "cy"]


def test_copy_csv_without_header_and_null_string(ctx, tmp_path):
    path = tmp_path / "t.csv"
    ctx.execute(f"COPY (SELECT name, age FROM people) TO '{path}' (HEADER false, NULL 'NA')")
    assert path.read_text().splitlines() == ["ada,36", "bob,17", "cy,NA"]


def test_copy_that_fails_writes_nothing(ctx, tmp_path):
    path = tmp_path / "t.csv"
    ctx.execute(f"COPY people TO '{path}'")
    before = path.read_bytes()
    with pytest.raises(lode.Error):
        ctx.execute(f"COPY (SELECT CAST(name AS INTEGER) AS n FROM people) TO '{path}'")
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["t.csv"]
    with pytest.raises(lode.IOError):
        ctx.execute(f"COPY people TO '{tmp_path / 'missing' / 'x.parquet'}'")


def test_copy_option_errors(ctx, tmp_path):
    with pytest.raises(lode.InvalidInputError, match="unknown COPY option HEADR; did you mean HEADER"):
        ctx.execute(f"COPY people TO '{tmp_path / 'x.csv'}' (HEADR)")
    with pytest.raises(lode.InvalidInputError, match="unknown compression zip"):
        ctx.execute(f"COPY people TO '{tmp_path / 'x.parquet'}' (COMPRESSION zip)")
    with pytest.raises(lode.InvalidInputError, match="DELIMITER is a CSV option"):
        ctx.execute(f"COPY people TO '{tmp_path / 'x.parquet'}' (DELIMITER ';')")
    with pytest.raises(lode.NotSupportedError, match="FORMAT json"):
        ctx.execute(f"COPY people TO '{tmp_path / 'x.json'}' (FORMAT json)")
    assert list(tmp_path.iterdir()) == []


# Return values ----------------------------------------------------------------


def test_statements_without_rows_return_none(ctx):
    assert ctx.execute("CREATE TABLE t (a INTEGER)") is None
    assert ctx.execute("INSERT INTO t VALUES (1)") is None
    assert ctx.execute("CREATE VIEW v AS SELECT * FROM t") is None
    assert ctx.execute("DROP VIEW v") is None
    assert ctx.execute("DROP TABLE t") is None
    assert ctx.execute("CREATE TABLE t AS SELECT 1 AS a; DROP TABLE t") is None
    assert ctx.execute(";") is None


def test_statements_with_rows_return_lazy_frames(ctx):
    assert isinstance(ctx.execute("VALUES (1)"), lode.LazyFrame)
    assert isinstance(ctx.execute("DROP TABLE IF EXISTS nope; SELECT 1"), lode.LazyFrame)
    assert ctx.execute("SHOW TABLES").collect().to_dict() == {"name": ["people"]}
    assert lode.SQLContext().execute("SHOW TABLES").collect().to_dict() == {"name": []}
    described = ctx.execute("DESCRIBE people").collect().to_dict()
    assert described["column_name"] == ["name", "age", "score"]
    assert described["column_type"] == ["VARCHAR", "BIGINT", "DOUBLE"]


def test_explain_is_the_lazy_frames_plan(ctx):
    query = "SELECT name FROM people WHERE age > 20"
    explained = ctx.execute("EXPLAIN " + query).collect().to_dict()
    assert explained["explain_key"] == ["logical_opt"]
    assert explained["explain_value"] == [ctx.execute(query).explain()]


def test_explain_analyze_runs_the_query_and_shows_its_profile(ctx):
    query = "SELECT name FROM people WHERE age > 20"
    expected_rows = len(ctx.execute(query).collect().to_dict()["name"])
    explained = ctx.execute("EXPLAIN ANALYZE " + query).collect().to_dict()
    assert explained["explain_key"] == ["analyzed_plan"]
    profile = explained["explain_value"][0]
    assert f"[rows: {expected_rows}, time: " in profile.splitlines()[0]  # the root's rows, counted while it ran
    assert "total:" in profile.splitlines()[-1]


def test_lode_sql_runs_statements_in_a_context_of_its_own():
    frame = lode.sql("CREATE TABLE t AS SELECT 1 AS a; INSERT INTO t VALUES (2); SELECT sum(a) AS s FROM t").collect()
    assert frame.to_dict() == {"s": [3]}
    with pytest.raises(lode.SchemaError, match="unknown table t"):
        lode.sql("SELECT * FROM t")


def test_insert_into_a_registered_frame_leaves_the_frame_alone(ctx):
    original = ctx.execute("SELECT * FROM people").collect()
    frame = lode.DataFrame({"x": [1]})
    ctx.register("f", frame)
    ctx.execute("INSERT INTO f VALUES (2)")
    assert frame.to_dict() == {"x": [1]}
    assert ctx.execute("SELECT * FROM f").collect().to_dict() == {"x": [1, 2]}
    assert ctx.execute("SELECT * FROM people").collect().to_dict() == original.to_dict()


def test_view_sees_later_inserts_and_names_ignore_case(ctx):
    ctx.execute("CREATE TABLE t (a INTEGER); CREATE VIEW v AS SELECT count(*) AS n FROM t")
    ctx.execute("INSERT INTO T VALUES (1), (2)")
    assert ctx.execute("SELECT n FROM V").collect().to_dict() == {"n": [2]}
    assert ctx.tables() == ["people", "t", "v"]
    ctx.execute("DROP TABLE T")
    assert ctx.tables() == ["people", "v"]


def test_set_threads_and_memory_limit():
    threads, limit = lode.threads(), lode.memory_limit()
    try:
        assert lode.sql("SET threads = 1") is None
        assert lode.threads() == 1
        lode.sql("SET threads TO 2; SET memory_limit = '3GB'")
        assert lode.threads() == 2
        assert lode.memory_limit() == 3_000_000_000
    finally:
        lode.set_threads(threads)
        lode.set_memory_limit(limit)
    with pytest.raises(lode.InvalidInputError, match="threads takes a positive integer"):
        lode.sql("SET threads = 0")
    with pytest.raises(lode.InvalidInputError, match="unknown setting thread; did you mean threads"):
        lode.sql("SET thread = 2")


# Errors -----------------------------------------------------------------------


def test_insert_and_drop_of_unknown_tables(ctx):
    with pytest.raises(lode.SchemaError, match="unknown table peple; did you mean people") as error:
        ctx.execute("INSERT INTO peple VALUES ('x', 1, 2.0)")
    assert (error.value.line, error.value.column) == (1, 13)
    with pytest.raises(lode.SchemaError, match="unknown table nope"):
        ctx.execute("DROP TABLE nope")
    with pytest.raises(lode.SchemaError, match="unknown view nope"):
        ctx.execute("DROP VIEW nope")
    assert ctx.execute("DROP TABLE IF EXISTS nope") is None


def test_insert_column_count_mismatch(ctx):
    with pytest.raises(lode.InvalidInputError, match="table people has 3 columns but 2 values were supplied") as error:
        ctx.execute("SELECT 1;\nINSERT INTO people VALUES ('x', 1)")
    assert error.value.line == 2
    with pytest.raises(lode.InvalidInputError, match="1 columns of people are named but 2 values were supplied"):
        ctx.execute("INSERT INTO people (name) SELECT 'x', 1")


def test_a_failed_statement_leaves_the_context_unchanged(ctx):
    before = ctx.execute("SELECT * FROM people").collect().to_dict()
    # The cast fails while the rows are computed, after binding.
    with pytest.raises(lode.Error):
        ctx.execute("INSERT INTO people (name, age) VALUES ('dee', 'not a number')")
    with pytest.raises(lode.Error):
        ctx.execute("CREATE OR REPLACE TABLE people AS SELECT CAST(name AS INTEGER) AS n FROM people")
    assert ctx.execute("SELECT * FROM people").collect().to_dict() == before
    assert ctx.tables() == ["people"]


def test_statements_run_in_order_until_one_fails(ctx):
    with pytest.raises(lode.SchemaError, match="unknown table nope"):
        ctx.execute("CREATE TABLE a AS SELECT 1 AS x; INSERT INTO nope VALUES (1); CREATE TABLE b AS SELECT 2 AS y")
    assert ctx.tables() == ["a", "people"]


def test_a_syntax_error_anywhere_runs_nothing(ctx):
    with pytest.raises(lode.SQLSyntaxError) as error:
        ctx.execute("CREATE TABLE a AS SELECT 1 AS x;\nSELEC 2")
    assert error.value.line == 2
    assert ctx.tables() == ["people"]


def test_create_errors(ctx):
    with pytest.raises(lode.InvalidInputError, match="table people already exists"):
        ctx.execute("CREATE TABLE people AS SELECT 1")
    assert ctx.execute("CREATE TABLE IF NOT EXISTS people AS SELECT 1") is None
    assert ctx.execute("SELECT count(*) AS n FROM people").collect().to_dict() == {"n": [3]}
    with pytest.raises(lode.InvalidInputError, match="not a valid type|unknown"):
        ctx.execute("CREATE TABLE t (a DECIMAL(40,2))")
    with pytest.raises(lode.NotSupportedError, match="CREATE INDEX"):
        ctx.execute("CREATE INDEX i ON people (name)")


def test_copy_csv_formats_and_quote(tmp_path):
    path = tmp_path / "t.csv"
    ctx = lode.SQLContext()
    ctx.execute("CREATE TABLE t AS SELECT DATE '2024-03-05' AS d, 'a,b' AS s, TIMESTAMP '2024-01-02 03:04:05' AS ts")
    ctx.execute(f"COPY t TO '{path}' (DATEFORMAT '%d/%m/%Y', TIMESTAMPFORMAT '%Y%m%d', QUOTE '''')")
    assert path.read_text().splitlines() == ["d,s,ts", "05/03/2024,'a,b',20240102"]
    assert pandas.read_csv(path, quotechar="'")["s"].tolist() == ["a,b"]


def test_insert_of_many_value_rows():
    rows = [(i, f"name {i}" if i % 7 else None, i / 4) for i in range(3000)]
    text = ", ".join(f"({i}, {'NULL' if name is None else repr(name)}, {x!r})" for i, name, x in rows)
    ctx = lode.SQLContext()
    ctx.execute(f"CREATE TABLE t (id INTEGER, name VARCHAR, x DOUBLE); INSERT INTO t VALUES {text}")
    frame = ctx.execute("SELECT * FROM t ORDER BY id").collect().to_dict()
    assert frame == {"id": [r[0] for r in rows], "name": [r[1] for r in rows], "x": [r[2] for r in rows]}


def test_context_names_ignore_case_before_the_callers_variables():
    T = lode.DataFrame({"x": ["caller"]})  # noqa: N806, F841 - a caller variable named like the table
    ctx = lode.SQLContext()
    ctx.execute("CREATE TABLE t AS SELECT 'context' AS x")
    ctx.execute("INSERT INTO T VALUES ('inserted')")
    assert sorted(ctx.execute("SELECT x FROM T").collect().to_dict()["x"]) == ["context", "inserted"]
