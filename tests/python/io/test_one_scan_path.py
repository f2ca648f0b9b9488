"""read_csv and read_parquet are scans collected: the same file gives the
same rows and the same error (message, line, row group) from read_* and
scan_*().collect(), on any number of threads, and the earliest error in file
order wins; a wrongly guessed CSV boundary still reads right; a limit on a
scan reads no row past it."""

import re

import pytest

import lode

THREADS = [1, 3, 8]


@pytest.fixture
def threads():
    """Returns a setter of the thread count that restores it afterwards."""
    old = lode.threads()
    yield lode.set_threads
    lode.set_threads(old)


def caught(read):
    with pytest.raises(lode.Error) as info:
        read()
    error = info.value
    return type(error), str(error), error.path, error.line, error.column, getattr(error, "row_group", None)


def write_rows(path, rows, edits):
    lines = ["id,v,w"] + [f"{i},{i * 3},w{i}" for i in range(rows)]
    for row, text in edits.items():
        lines[row + 1] = text
    path.write_text("\n".join(lines) + "\n")


@pytest.mark.parametrize("split_bytes", [1024, 4096])
def test_same_earliest_error_from_read_csv_and_scan_csv(tmp_path, threads, split_bytes):
    # A bad value early (row 700), a short row in the middle and a long row
    # late: threads reach the late splits first, yet both paths name row 700.
    path = tmp_path / "bad.csv"
    write_rows(path, 20000, {700: "700,seven,w", 9000: "9000,1", 19000: "19000,1,2,3"})
    options = {"split_bytes": split_bytes, "schema_overrides": {"v": lode.Int64}, "batch_rows": 128}
    for count in THREADS:
        threads(count)
        eager = caught(lambda: lode.read_csv(path, **options))
        lazy = caught(lambda: lode.scan_csv(path, **options).collect())
        assert eager == lazy, count
        kind, message, where, line, column, _ = eager
        assert kind is lode.ParseError and line == 702 and column == "v" and where == str(path)
        assert "cannot convert 'seven' to int64" in message


def bad_values_file(path):
    write_rows(path, 20000, {3000: "3000,x,w", 15000: "15000,y,w"})
    return {"split_bytes": 2048, "schema_overrides": {"v": lode.Int64}}


def test_same_earliest_error_with_a_projection(tmp_path, threads):
    path = tmp_path / "bad.csv"
    options = bad_values_file(path)
    threads(4)
    eager = caught(lambda: lode.read_csv(path, columns=["id", "v"], **options))
    lazy = caught(lambda: lode.scan_csv(path, **options).select("id", "v").collect())
    assert eager == lazy and eager[3] == 3002


@pytest.mark.optimizer
def test_earliest_error_among_the_rows_a_pushed_filter_keeps(tmp_path, threads):
    # The filter goes into the reader, which converts v only for the rows
    # that pass it: the earliest error among those is raised.
    path = tmp_path / "bad.csv"
    options = bad_values_file(path)
    threads(4)
    filtered = caught(lambda: lode.scan_csv(path, **options).filter(lode.col("id") > 5000).select("v").collect())
    assert filtered[3] == 15002


def stray_quote_file(path, rows=3000):
    # 5'9" puts an odd quote in an unquoted field, so the quote parity the
    # planner counts is inverted after it, and with quoted line breaks the
    # guessed boundaries fall inside quoted fields.
    lines = ["id,height,note"]
    for row in range(rows):
        height = "5'9\"" if row % 41 == 0 else "6"
        note = '"two\nlines, here"' if row % 3 else "plain"
        lines.append(f"{row},{height},{note}")
    path.write_text("\n".join(lines) + "\n")


def test_wrongly_guessed_boundaries_read_right_through_scan_csv(tmp_path, threads):
    path = tmp_path / "stray.csv"
    stray_quote_file(path)
    whole = lode.read_csv(path, split_bytes=1 << 40)
    assert whole["id"].to_list() == list(range(3000)) and whole["note"][1] == "two\nlines, here"
    splits = int(re.search(r"\((\d+) splits", lode.scan_csv(path, split_bytes=1024).explain()).group(1))
    assert splits > 20
    for count in THREADS:
        threads(count)
        assert lode.scan_csv(path, split_bytes=1024).collect().equals(whole), count
        assert lode.read_csv(path, split_bytes=1024, batch_rows=7).equals(whole), count
        filtered = lode.scan_csv(path, split_bytes=1024).filter(lode.col("height") == "5'9\"").collect()
        assert filtered["id"].to_list() == list(range(0, 3000, 41))


def test_wrong_boundary_and_errors_in_one_file(tmp_path, threads):
    # A malformed row after the stray quotes: one split and many give the
    # same error, and so do read_csv and scan_csv.
    path = tmp_path / "stray_bad.csv"
    stray_quote_file(path)
    with open(path, "a") as out:
        out.write("3000,6\n")
    threads(4)
    one = caught(lambda: lode.read_csv(path, split_bytes=1 << 40))
    assert one == caught(lambda: lode.read_csv(path, split_bytes=1024))
    assert one == caught(lambda: lode.scan_csv(path, split_bytes=1024).collect())
    assert "expected 3 fields, found 2" in one[1]


def limit_file(path):
    # A bad value right after row 499 and a short row in a later split.
    write_rows(path, 20000, {500: "500,bad,w", 12000: "12000"})
    return {"split_bytes": 1024, "schema_overrides": {"v": lode.Int64}, "batch_rows": 64}


def test_n_rows_reads_no_row_past_it(tmp_path, threads):
    # Rows past the limit are neither converted nor checked, optimized or not.
    path = tmp_path / "limit.csv"
    options = limit_file(path)
    threads(8)
    expected = list(range(500))
    assert lode.read_csv(path, n_rows=500, **options)["id"].to_list() == expected
    assert lode.scan_csv(path, n_rows=500, **options).collect()["id"].to_list() == expected
    assert lode.scan_csv(path, n_rows=500, **options).collect(optimize=False)["id"].to_list() == expected
    with pytest.raises(lode.ParseError) as info:
        lode.read_csv(path, n_rows=501, **options)
    assert info.value.line == 502


@pytest.mark.optimizer
def test_limit_on_a_scan_reads_no_row_past_it(tmp_path, threads):
    path = tmp_path / "limit.csv"
    options = limit_file(path)
    threads(8)
    expected = list(range(500))
    assert lode.scan_csv(path, **options).head(500).collect()["id"].to_list() == expected
    assert lode.scan_csv(path, **options).select("v").slice(100, 400).collect()["v"].to_list() == [
        3 * i for i in range(100, 500)]
    assert "limit: 500" in lode.scan_csv(path, **options).head(500).explain()
    # A limit above a filter is not the scan's: the filtered rows decide.
    with pytest.raises(lode.ParseError):
        lode.scan_csv(path, **options).filter(lode.col("v") > 0).head(5000).collect()


def test_n_rows_then_filter_filters_the_first_rows(tmp_path):
    path = tmp_path / "t.csv"
    write_rows(path, 100, {})
    frame = lode.scan_csv(path, n_rows=10).filter(lode.col("id") % 2 == 0).collect()
    assert frame["id"].to_list() == [0, 2, 4, 6, 8]


def test_skipped_rows_are_reported_by_read_csv(tmp_path, threads):
    path = tmp_path / "skip.csv"
    write_rows(path, 5000, {10: "10,x,w", 4000: "4000"})
    threads(3)
    rejects = []
    with pytest.warns(lode.SkippedRowsWarning, match="skipped 2 malformed rows"):
        frame = lode.read_csv(path, on_error="skip", rejects=rejects, split_bytes=1024,
                              schema_overrides={"v": lode.Int64})
    assert frame.height == 4998
    assert [(reject.line, reject.column) for reject in rejects] == [(12, "v"), (4002, None)]
    assert lode.scan_csv(path, on_error="skip", split_bytes=1024, schema_overrides={"v": lode.Int64}).collect().equals(frame)


def corrupt_row_groups(path, row_groups, groups):
    """Overwrites the middle of the given row groups' bytes (lode writes them
    one after another, all of about the same size) with garbage."""
    data = bytearray(path.read_bytes())
    footer = int.from_bytes(data[-8:-4], "little") + 8
    size = (len(data) - 4 - footer) / groups
    for group in row_groups:
        middle = 4 + int(size * group + size / 2)
        data[middle - 40:middle + 40] = b"\xff" * 80
    path.write_bytes(bytes(data))


@pytest.mark.parametrize("compression", ["snappy", "zstd", "uncompressed"])
def test_same_earliest_error_from_read_parquet_and_scan_parquet(tmp_path, threads, compression):
    path = tmp_path / "corrupt.parquet"
    words = [f"word{i * 7919 % 100000}" for i in range(20000)]
    lode.DataFrame({"s": words}).write_parquet(path, compression=compression, row_group_size=1000)
    corrupt_row_groups(path, [3, 17], 20)
    for count in THREADS:
        threads(count)
        eager = caught(lambda: lode.read_parquet(path))
        assert eager == caught(lambda: lode.scan_parquet(path).collect()), count
        assert eager == caught(lambda: lode.read_parquet(path, columns=["s"])), count
        kind, message, where, _, column, row_group = eager
        assert kind is lode.ParseError and where == str(path) and column == "s" and row_group == 3, message
    late = tmp_path / "late.parquet"
    lode.DataFrame({"s": words}).write_parquet(late, compression=compression, row_group_size=1000)
    corrupt_row_groups(late, [17], 20)
    assert caught(lambda: lode.read_parquet(late))[5] == 17
    assert caught(lambda: lode.scan_parquet(late).collect())[5] == 17
