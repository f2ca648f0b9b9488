"""lode.read_csv: sniffing, options, and the parallel split reading."""

import datetime

import pytest

import lode


def types_of(frame):
    return [str(dtype) for dtype in frame.dtypes]


def test_sniffs_types_and_header(write):
    path = write("a,b,c,d,e,f\n1,1.5,true,2024-01-31,2024-01-31 12:00:00,x\n-2,,false,2024-02-01,2024-02-01 00:00:01.5,\n")
    frame = lode.read_csv(path)
    assert frame.columns == ["a", "b", "c", "d", "e", "f"]
    assert types_of(frame) == ["int64", "float64", "bool", "date32", "timestamp[us]", "string"]
    assert frame.to_dict() == {
        "a": [1, -2], "b": [1.5, None], "c": [True, False],
        "d": [datetime.date(2024, 1, 31), datetime.date(2024, 2, 1)],
        "e": [datetime.datetime(2024, 1, 31, 12), datetime.datetime(2024, 2, 1, 0, 0, 1, 500000)],
        "f": ["x", None],
    }


@pytest.mark.parametrize("separator", [",", ";", "|", "\t"])
def test_sniffs_separator(write, separator):
    path = write(separator.join(["id", "name", "score"]) + "\n" + separator.join(["1", "ann", "2.5"]) + "\n")
    frame = lode.read_csv(path)
    assert frame.columns == ["id", "name", "score"]
    assert frame.to_dict() == {"id": [1], "name": ["ann"], "score": [2.5]}


def test_no_header_when_first_row_has_types(write):
    frame = lode.read_csv(write("1,a\n2,b\n"))
    assert frame.columns == ["column0", "column1"]
    assert frame.height == 2


def test_mixed_column_falls_back_to_string(write):
    frame = lode.read_csv(write("x\n1\n2\nthree\n"))
    assert types_of(frame) == ["string"]
    assert frame["x"].to_list() == ["1", "2", "three"]


def test_leading_zeros_stay_text(write):
    assert types_of(lode.read_csv(write("zip\n01234\n12345\n"))) == ["string"]


def test_quotes_escapes_and_newlines_in_fields(write):
    path = write('a,b\n"x, y","say ""hi"""\n"multi\nline",plain\n')
    assert lode.read_csv(path).to_dict() == {"a": ["x, y", "multi\nline"], "b": ['say "hi"', "plain"]}


def test_backslash_escape(write):
    path = write('a|b\n1|"te\\"xt"\n2|"x"\n')
    assert lode.read_csv(path, escape_char="\\")["b"].to_list() == ['te"xt', "x"]


def test_explicit_dialect_options(write):
    path = write("junk line\n# comment\n'a';'b'\n# another\n1;'x;y'\n")
    frame = lode.read_csv(path, separator=";", quote_char="'", skip_rows=1, comment_prefix="#")
    assert frame.to_dict() == {"a": [1], "b": ["x;y"]}


def test_comments_after_data_are_dropped(write):
    # Given or sniffed (a line starts with '#'), a comment outside quotes ends its line's record.
    text = "# units: cm\nid,label,size\n1,\"a#1\",10 # measured twice\n2,b,# size unknown\n   # indented note\n3,c,30\n"
    expected = {"id": [1, 2, 3], "label": ["a#1", "b", "c"], "size": [10, None, 30]}
    assert lode.read_csv(write(text)).to_dict() == expected
    assert lode.read_csv(write(text), comment_prefix="#").to_dict() == expected
    assert lode.read_csv(write("a;b\n1;x // y\n"), comment_prefix="//").to_dict() == {"a": [1], "b": ["x "]}


def test_comments_across_many_splits(write):
    rows = [f"{i},v{i}#c{i}  # note {i}" for i in range(20000)]
    path = write("# header note\nid,val\n" + "\n".join(rows) + "\n")
    one = lode.read_csv(path)
    assert one["val"].to_list()[:2] == ["v0", "v1"] and one.height == 20000
    many = lode.read_csv(path, split_bytes=4096)
    assert many.to_dict() == one.to_dict()
    assert lode.scan_csv(path, split_bytes=4096).collect().to_dict() == one.to_dict()


def test_a_single_record_is_a_header_or_a_row(write, tmp_path):
    empty = lode.DataFrame({"id": [1], "name": ["a"]}).head(0)
    empty.write_csv(tmp_path / "empty.csv")
    back = lode.read_csv(tmp_path / "empty.csv")
    assert back.columns == ["id", "name"] and back.height == 0
    row = lode.read_csv(write("AAA|\n"))  # an empty field: data, not names
    assert row.columns == ["column0", "column1"] and row.to_dict() == {"column0": ["AAA"], "column1": [None]}
    assert lode.read_csv(write("opened,12:30\n")).height == 1


def test_has_header_false(write):
    frame = lode.read_csv(write("name,city\nann,oslo\n"), has_header=False)
    assert frame.height == 2 and frame.columns == ["column0", "column1"]


def test_bom_and_crlf(write):
    frame = lode.read_csv(write(b"\xef\xbb\xbfid,name\r\n1,a\r\n2,b\r\n"))
    assert frame.columns == ["id", "name"]
    assert frame.to_dict() == {"id": [1, 2], "name": ["a", "b"]}


def test_null_values_and_quoted_empty(write):
    path = write('a,b\nNA,""\n3,\n')
    frame = lode.read_csv(path, null_values=["NA", ""])
    assert frame.to_dict() == {"a": [None, 3], "b": ["", None]}


def test_columns_subset(write):
    frame = lode.read_csv(write("a,b,c\n1,x,2.5\n"), columns=["c", "a"])
    assert frame.columns == ["a", "c"]
    with pytest.raises(lode.SchemaError, match="did you mean 'c'"):
        lode.read_csv(write("a,b,c\n1,x,2.5\n"), columns=["cc"])


def test_schema_and_overrides(write):
    path = write("a,b\n1,2024-01-02\n2,2024-01-03\n")
    frame = lode.read_csv(path, schema_overrides={"a": lode.Int16, "b": "string"})
    assert types_of(frame) == ["int16", "string"]
    frame = lode.read_csv(path, schema={"x": lode.Float64, "y": lode.Date32}, has_header=True)
    assert frame.columns == ["x", "y"] and types_of(frame) == ["float64", "date32"]
    with pytest.raises(lode.SchemaError, match="did you mean 'a'"):
        lode.read_csv(path, schema_overrides={"aa": lode.Int64})


def test_date_and_timestamp_formats(write):
    path = write("d,t\n31/01/2024,01/31/2024 01:02:03 PM\n")
    frame = lode.read_csv(path, date_format="%d/%m/%Y", timestamp_format="%m/%d/%Y %I:%M:%S %p")
    assert frame.to_dict() == {"d": [datetime.date(2024, 1, 31)], "t": [datetime.datetime(2024, 1, 31, 13, 2, 3)]}


def test_sniffs_day_first_dates(write):
    frame = lode.read_csv(write("d\n13-12-2004\n01-02-2003\n"))
    assert frame["d"].to_list() == [datetime.date(2004, 12, 13), datetime.date(2003, 2, 1)]


def test_timestamps_with_offsets_are_utc(write):
    frame = lode.read_csv(write("t\n2020-01-01T00:00:00-08\n2020-01-01 00:00:00Z\n"))
    assert types_of(frame) == ["timestamp[us, UTC]"]
    values = frame.to_pandas()["t"].tolist()
    assert [value.hour for value in values] == [8, 0]


def test_infer_schema_length_zero_reads_strings(write):
    assert types_of(lode.read_csv(write("a,b\n1,2\n"), infer_schema_length=0)) == ["string", "string"]


def test_glob_and_list(write, tmp_path):
    write("a,b\n1,x\n", "parts/p1.csv")
    write("a,b\n2,y\n3,z\n", "parts/p2.csv")
    assert lode.read_csv(str(tmp_path / "parts" / "*.csv"))["a"].to_list() == [1, 2, 3]
    assert lode.read_csv([str(tmp_path / "parts" / "p2.csv"), str(tmp_path / "parts" / "p1.csv")])["a"].to_list() == [2, 3, 1]
    assert lode.read_csv(str(tmp_path / "**" / "*.csv")).height == 3


def test_missing_file_and_empty_glob(tmp_path):
    with pytest.raises(lode.IOError) as info:
        lode.read_csv(str(tmp_path / "nope.csv"))
    assert info.value.path.endswith("nope.csv")
    with pytest.raises(lode.IOError, match="no file matches"):
        lode.read_csv(str(tmp_path / "*.csv"))


def test_n_rows(write):
    assert lode.read_csv(write("a\n" + "".join(f"{i}\n" for i in range(1000))), n_rows=7)["a"].to_list() == list(range(7))


def test_empty_file_and_header_only(write):
    assert lode.read_csv(write("")).height == 0
    frame = lode.read_csv(write("abs_file_name"))
    assert frame.columns == ["abs_file_name"] and frame.height == 0


def test_gzip_input_is_read_by_content(write):
    import bz2
    import gzip
    # Two gzip members, as concatenated and BGZF files have; the name says nothing.
    data = gzip.compress(b"a,b\n1,\"x\ny\"\n") + gzip.compress(b"2,z\n" * 5000)
    frame = lode.read_csv(write(data, "data.bin"), split_bytes=4096)
    assert frame.height == 5001 and frame["b"].to_list()[:2] == ["x\ny", "z"]
    with pytest.raises(lode.ParseError, match="corrupt gzip") as info:
        lode.read_csv(write(data[:30] + b"\x00" * 40 + data[70:]))
    assert info.value.path.endswith(".csv")
    with pytest.raises(lode.ParseError, match="ends inside"):
        lode.read_csv(write(gzip.compress(b"a,b\n" * 1000)[:-20]))
    with pytest.raises(lode.NotSupportedError, match="bzip2"):
        lode.read_csv(write(bz2.compress(b"a,b\n1,2\n")))


def test_bad_arguments():
    with pytest.raises(lode.InvalidInputError, match="single character"):
        lode.read_csv("x.csv", separator=";;")
    with pytest.raises(lode.InvalidInputError, match="on_error"):
        lode.read_csv("x.csv", on_error="ignore")
    with pytest.raises(lode.NotSupportedError, match="encoding"):
        lode.read_csv("x.csv", encoding="latin-1")


def quoted_newline_file(write, rows):
    lines = ["id,text,value"]
    for i in range(rows):
        text = f'"line one of {i}\nline, two ""quoted""\r\nthree"' if i % 7 == 0 else f"plain{i}"
        lines.append(f"{i},{text},{i * 0.5}")
    return write("\n".join(lines) + "\n")


def test_parallel_splits_equal_one_split_with_quoted_newlines(write):
    path = quoted_newline_file(write, 20000)
    whole = lode.read_csv(path, split_bytes=1 << 40)
    for split_bytes in (1024, 4099, 65536):
        parts = lode.read_csv(path, split_bytes=split_bytes, batch_rows=333)
        assert parts.equals(whole), split_bytes
    assert whole["id"].to_list() == list(range(20000))


def test_error_line_numbers_are_global_across_splits(write):
    path = quoted_newline_file(write, 5000)
    with open(path, "a") as handle:
        handle.write("5000,oops\n")
    total_lines = open(path).read().count("\n")
    with pytest.raises(lode.ParseError) as info:
        lode.read_csv(path, split_bytes=1024)
    assert info.value.line == total_lines
    assert "expected 3 fields, found 2" in str(info.value)


def test_wide_file(write):
    columns = 20000
    header = ",".join(f"c{i}" for i in range(columns))
    rows = "\n".join(",".join(str(row * i) for i in range(columns)) for row in range(50))
    frame = lode.read_csv(write(header + "\n" + rows + "\n"))
    assert frame.shape == (50, columns)
    assert frame["c19999"].to_list() == [row * 19999 for row in range(50)]


def test_n_rows_ignores_bad_rows_after_the_limit(write):
    path = write("a\n1\n2\n3\nbad\n")
    assert lode.read_csv(path, n_rows=2, infer_schema_length=2)["a"].to_list() == [1, 2]


def test_negative_counts_are_refused(write):
    path = write("a\n1\n")
    with pytest.raises(lode.InvalidInputError, match="skip_rows"):
        lode.read_csv(path, skip_rows=-1)
    with pytest.raises(lode.InvalidInputError, match="infer_schema_length"):
        lode.read_csv(path, infer_schema_length=-5)


def test_many_files_in_parallel_keep_file_order(write, tmp_path):
    for part in range(30):
        rows = "".join(f"{part * 1000 + i},\"t\n{i}\"\n" for i in range(300))
        write("id,text\n" + rows, f"many/part{part:02d}.csv")
    frame = lode.read_csv(str(tmp_path / "many" / "*.csv"), split_bytes=2048)
    expected = [part * 1000 + i for part in range(30) for i in range(300)]
    assert frame["id"].to_list() == expected


@pytest.mark.optimizer
def test_scan_csv_pushes_projection_and_filters(tmp_path):
    path = tmp_path / "scan.csv"
    lode.DataFrame({"a": list(range(1000)), "b": [f"s{i}" for i in range(1000)], "c": [i / 2 for i in range(1000)]}) \
        .write_csv(path)
    lazy = lode.scan_csv(str(path)).filter(lode.col("a") >= 990).select("b")
    plan = lazy.explain()
    assert "columns: [a, b]" in plan and "filters: [(col(\"a\") >= 990)]" in plan
    assert lazy.collect()["b"].to_list() == [f"s{i}" for i in range(990, 1000)]
    _, profile = lazy.profile()
    assert "rows: 10," in profile
    grouped = lode.scan_csv(str(path)).group_by((lode.col("a") % 3).alias("m")).agg(lode.col("c").sum()).sort("m").collect()
    assert grouped["c"].to_list() == [sum(i / 2 for i in range(1000) if i % 3 == m) for m in range(3)]
