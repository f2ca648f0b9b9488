"""Malformed CSV: errors name file, line, column and text; on_error="skip"
and rejects= keep going."""

import warnings

import pytest

import lode


def test_wrong_field_count(write):
    path = write("a,b\n1,2\n3,4,5\n")
    with pytest.raises(lode.ParseError) as info:
        lode.read_csv(path)
    error = info.value
    assert error.path == path and error.line == 3
    assert "expected 2 fields, found 3" in str(error) and "'3,4,5'" in str(error)
    assert isinstance(error, ValueError)


def test_value_that_does_not_fit_the_sniffed_type(write):
    rows = "".join(f"{i}\n" for i in range(100))
    path = write("n\n" + rows + "12x\n")
    with pytest.raises(lode.ParseError) as info:
        lode.read_csv(path, infer_schema_length=50)
    error = info.value
    assert error.line == 102 and error.column == "n"
    assert "'12x'" in str(error) and "int64" in str(error)
    assert "sniffed" in error.hint and "schema_overrides" in error.hint
    assert lode.read_csv(path, infer_schema_length=50, schema_overrides={"n": lode.String}).height == 101


def test_value_that_does_not_fit_a_given_type(write):
    with pytest.raises(lode.ParseError, match="given in schema") as info:
        lode.read_csv(write("a\nx\n"), schema_overrides={"a": lode.Int8})
    assert info.value.column == "a"
    with pytest.raises(lode.ParseError, match="'300'"):
        lode.read_csv(write("a\n300\n"), schema_overrides={"a": lode.Int8})


def test_unterminated_quote(write):
    with pytest.raises(lode.ParseError, match="unterminated quote") as info:
        lode.read_csv(write('a,b\n1,"open\n2,3\n'), quote_char='"', separator=",")
    assert info.value.line == 2


def test_invalid_utf8(write):
    with pytest.raises(lode.ParseError, match="invalid UTF-8") as info:
        lode.read_csv(write(b"name,age\nJos\xe9,3\n"))
    assert info.value.line == 2 and info.value.column == "name"
    assert "\\xe9" in str(info.value)


def test_skip_counts_and_warns(write):
    path = write("a,b\n1,2\n3\n4,x\n5,6\n")
    with pytest.warns(lode.SkippedRowsWarning, match="skipped 2"):
        frame = lode.read_csv(path, on_error="skip", schema_overrides={"b": lode.Int64})
    assert frame.to_dict() == {"a": [1, 5], "b": [2, 6]}


def test_rejects_keep_the_rows(write):
    path = write('a,b\n1,2\n3\n4,x\n5,"open\n')
    rejects = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", lode.SkippedRowsWarning)
        frame = lode.read_csv(path, on_error="skip", rejects=rejects, schema_overrides={"b": lode.Int64}, quote_char="\"", separator=",")
    assert frame.to_dict() == {"a": [1], "b": [2]}
    assert [(reject.line, reject.text) for reject in rejects] == [(3, b"3"), (4, b"4,x"), (5, b'5,"open\n')]
    assert rejects[0].reason.startswith("expected 2 fields") and rejects[0].column is None
    assert rejects[1].column == "b"
    assert "unterminated" in rejects[2].reason


def test_rejects_need_skip(write):
    with pytest.raises(lode.InvalidInputError, match="on_error"):
        lode.read_csv(write("a\n1\n"), rejects=[])


def test_earliest_error_wins_across_splits(write):
    lines = ["a,b"] + [f"{i},{i}" for i in range(20000)]
    lines[15000] = "bad"
    lines[500] = "1,2,3"
    with pytest.raises(lode.ParseError) as info:
        lode.read_csv(write("\n".join(lines) + "\n"), split_bytes=4096)
    assert info.value.line == 501


@pytest.mark.parametrize("content", [
    b"", b"\n", b"\r", b'"', b'a,"', b'"""', b"\x00\x00", b",,,\n,,", b'a\n"b\n', b"\xef\xbb\xbf", b"a\rb\r\n\nc",
    b'x,y\n"1"2,3\n', b"\xff\xfe\x00a", b"a;b|c\td\n1;2|3\t4\n",
])
def test_odd_inputs_never_crash(write, content):
    try:
        lode.read_csv(write(content))
    except lode.Error:
        pass


def test_null_padding(write):
    path = write("i,j,k\n1,2,3\n4\n5,6\n")
    with pytest.raises(lode.ParseError, match="expected 3 fields, found 1"):
        lode.read_csv(path)
    frame = lode.read_csv(path, null_padding=True)
    assert frame.to_dict() == {"i": [1, 4, 5], "j": [2, None, 6], "k": [3, None, None]}
    with pytest.raises(lode.ParseError, match="found 4"):
        lode.read_csv(write("i,j,k\n1,2,3\n4,5,6,7\n"), null_padding=True)
