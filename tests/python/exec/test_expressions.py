"""Scalar expressions: arithmetic, comparisons, logic, nulls, casts, strings,
dates, math, conditionals; null semantics as SQL; overflow and division by
zero as documented in lode.expr."""

import datetime
import math

import pytest

import lode
from lode import col, lit, when


def values(frame, expr):
    return frame.select(expr.alias("out"))["out"].to_list()


@pytest.fixture
def nums():
    return lode.DataFrame({"a": [1, 2, None, -7], "b": [3, 0, 5, 2], "f": [1.5, -0.5, None, 2.0]})


def test_arithmetic_and_promotion(nums):
    assert values(nums, col("a") + col("b")) == [4, 2, None, -5]
    assert values(nums, col("a") - 1) == [0, 1, None, -8]
    assert values(nums, col("a") * col("f")) == [1.5, -1.0, None, -14.0]
    assert values(nums, col("a") / col("b")) == [1 / 3, math.inf, None, -3.5]
    assert values(nums, 10 - col("a")) == [9, 8, None, 17]
    assert values(nums, -col("a")) == [-1, -2, None, 7]
    assert values(nums, col("a") ** 2) == [1.0, 4.0, None, 49.0]
    assert nums.select((col("a") + col("f")).alias("x")).dtypes == [lode.Float64]


def test_floor_division_and_modulo_follow_python(nums):
    assert values(nums, col("a") // col("b")) == [0, None, None, -4]  # 2 // 0 is null
    assert values(nums, col("a") % col("b")) == [1, None, None, 1]
    assert values(nums, col("f") // 1) == [1.0, -1.0, None, 2.0]


def test_integer_overflow_wraps():
    frame = lode.DataFrame({"x": [2**63 - 1]})
    assert values(frame, col("x") + 1) == [-(2**63)]
    small = lode.DataFrame({"x": [127]}, schema={"x": "int8"})
    assert values(small, col("x") + lit(1).cast("int8")) == [-128]


def test_literal_adopts_column_type():
    frame = lode.DataFrame({"x": [1, 2]}, schema={"x": "int32"})
    assert frame.select((col("x") + 1).alias("y")).dtypes == [lode.Int32]
    assert frame.select((col("x") + 2**40).alias("y")).dtypes == [lode.Int64]


def test_comparisons_and_three_valued_logic():
    frame = lode.DataFrame({"p": [True, True, False, False, None, None], "q": [True, None, False, None, True, None]})
    assert values(frame, col("p") & col("q")) == [True, None, False, False, None, None]
    assert values(frame, col("p") | col("q")) == [True, True, False, None, True, None]
    assert values(frame, ~col("p")) == [False, False, True, True, None, None]
    assert values(frame, col("p") ^ col("q")) == [False, None, False, None, None, None]
    strings = lode.DataFrame({"s": ["b", "a", None]})
    assert values(strings, col("s") > "a") == [True, False, None]
    assert values(strings, col("s") == "a") == [False, True, None]


def test_null_functions(nums):
    assert values(nums, col("a").is_null()) == [False, False, True, False]
    assert values(nums, col("a").is_not_null()) == [True, True, False, True]
    assert values(nums, col("a").fill_null(0)) == [1, 2, 0, -7]
    assert values(nums, col("a").fill_null(col("b"))) == [1, 2, 5, -7]
    assert values(nums, lode.coalesce("a", "b")) == [1, 2, 5, -7]


def test_is_in_and_between(nums):
    assert values(nums, col("a").is_in([1, -7])) == [True, False, None, True]
    assert values(nums, col("b").is_between(1, 3)) == [True, False, False, True]
    assert values(nums, col("b").is_between(0, 3, closed="none")) == [False, False, False, True]


def test_when_then_otherwise(nums):
    expr = when(col("a") > 1).then(lit("big")).when(col("a") < 0).then(lit("negative")).otherwise(lit("small"))
    assert values(nums, expr) == ["small", "big", "small", "negative"]
    assert values(nums, when(col("a") > 1).then(col("b"))) == [None, 0, None, None]


def test_decimal_casts_that_widen_or_rescale_keep_their_values():
    # Same scale and more precision reuses the values (a fast path); other
    # scales rescale; both must keep nulls and a sliced column's offset.
    from decimal import Decimal
    frame = lode.DataFrame({"x": [1.25, None, -3.5, 12.0]}).with_columns(col("x").cast(lode.Decimal128(5, 2)))
    sliced = frame.slice(1, 3)
    assert values(sliced, col("x").cast(lode.Decimal128(38, 2))) == [None, Decimal("-3.50"), Decimal("12.00")]
    assert values(sliced, col("x").cast(lode.Decimal128(20, 4))) == [None, Decimal("-3.5000"), Decimal("12.0000")]
    assert values(sliced, col("x").cast("float64")) == [None, -3.5, 12.0]
    assert values(frame, col("x").mean()) == [(1.25 - 3.5 + 12.0) / 3]
    assert values(frame, col("x").cast(lode.Decimal128(38, 2)) * 2) == [Decimal("2.50"), None, Decimal("-7.00"),
                                                                         Decimal("24.00")]
    with pytest.raises(lode.InvalidInputError):
        values(frame, col("x").cast(lode.Decimal128(3, 2)))  # 12.00 needs precision 4


def test_casts_strict_and_not():
    frame = lode.DataFrame({"s": ["1", "22", "x", None]})
    with pytest.raises(lode.InvalidInputError) as info:
        values(frame, col("s").cast("int64"))
    assert "'x'" in str(info.value) and "strict=False" in str(info.value)
    assert values(frame, col("s").cast("int64", strict=False)) == [1, 22, None, None]
    numbers = lode.DataFrame({"x": [1.9, -1.9, 300.0]})
    assert values(numbers, col("x").cast("int64")) == [1, -1, 300]
    assert values(numbers, col("x").cast("uint8", strict=False)) == [1, None, None]
    assert values(numbers, col("x").cast("string")) == ["1.9", "-1.9", "300.0"]  # as Polars
    assert values(numbers, col("x").cast(lode.Decimal128(5, 1))) == [__import__("decimal").Decimal("1.9"),
                                                                     __import__("decimal").Decimal("-1.9"),
                                                                     __import__("decimal").Decimal("300.0")]
    dates = lode.DataFrame({"s": ["2024-02-29", "2023-02-30"]})
    assert values(dates, col("s").cast("date32", strict=False)) == [datetime.date(2024, 2, 29), None]
    stamps = lode.DataFrame({"s": ["2024-01-02 03:04:05.5", "2024-01-02T03:04:05+01:00"]})
    assert values(stamps, col("s").cast("timestamp[us]")) == [datetime.datetime(2024, 1, 2, 3, 4, 5, 500000),
                                                              datetime.datetime(2024, 1, 2, 2, 4, 5)]
    assert values(lode.DataFrame({"b": [True, False]}), col("b").cast("int32")) == [1, 0]


def test_string_functions():
    frame = lode.DataFrame({"s": ["  Hello ", "wörld", None]})
    assert values(frame, col("s").str.len_chars()) == [8, 5, None]
    assert values(frame, col("s").str.len_bytes()) == [8, 6, None]
    assert values(frame, col("s").str.to_uppercase()) == ["  HELLO ", "WöRLD", None]
    assert values(frame, col("s").str.strip_chars()) == ["Hello", "wörld", None]
    assert values(frame, col("s").str.contains("l", literal=True)) == [True, True, None]
    assert values(frame, col("s").str.contains("^w.*d$")) == [False, True, None]
    assert values(frame, col("s").str.starts_with("w")) == [False, True, None]
    assert values(frame, col("s").str.ends_with(" ")) == [True, False, None]
    assert values(frame, col("s").str.slice(1, 3)) == [" He", "örl", None]
    assert values(frame, col("s").str.slice(-2)) == ["o ", "ld", None]
    assert values(frame, col("s").str.replace("l", "L")) == ["  HeLlo ", "wörLd", None]
    assert values(frame, col("s").str.replace_all("l", "L")) == ["  HeLLo ", "wörLd", None]
    assert values(frame, lode.concat_str([col("s"), lit("!")])) == ["  Hello !", "wörld!", None]
    with pytest.raises(lode.InvalidInputError, match="regular expression"):
        values(frame, col("s").str.contains("("))


def test_date_parts():
    frame = lode.DataFrame({"d": [datetime.date(2024, 2, 29), None],
                            "t": [datetime.datetime(1969, 12, 31, 23, 59, 58, 123), datetime.datetime(2000, 1, 1)]})
    assert values(frame, col("d").dt.year()) == [2024, None]
    assert values(frame, col("d").dt.month()) == [2, None]
    assert values(frame, col("d").dt.day()) == [29, None]
    assert values(frame, col("d").dt.weekday()) == [4, None]  # a Thursday
    assert values(frame, col("d").dt.ordinal_day()) == [60, None]
    assert values(frame, col("t").dt.hour()) == [23, 0]
    assert values(frame, col("t").dt.minute()) == [59, 0]
    assert values(frame, col("t").dt.second()) == [58, 0]
    assert values(frame, col("t").dt.year()) == [1969, 2000]
    assert values(frame, col("t").dt.date()) == [datetime.date(1969, 12, 31), datetime.date(2000, 1, 1)]
    with pytest.raises(lode.InvalidInputError):
        values(frame, col("d").dt.hour())


def test_offset_by_matches_pandas_date_offsets():
    import numpy as np
    import pandas as pd
    rng = np.random.default_rng(7)
    days = rng.integers(-40000, 40000, 3000)
    dates = [datetime.date(1970, 1, 1) + datetime.timedelta(days=int(d)) for d in days]
    dates += [datetime.date(2024, 1, 31), datetime.date(2024, 2, 29), datetime.date(1900, 2, 28), None]
    months = rng.integers(-30, 30, len(dates))
    frame = lode.DataFrame({"d": dates, "t": [None if d is None else datetime.datetime(d.year, d.month, d.day, 13, 5)
                                              for d in dates], "n": months.astype("int64")})
    for by, offset in [("1mo", pd.DateOffset(months=1)), ("-2y3d", -pd.DateOffset(years=2, days=3)),
                       ("1q2w", pd.DateOffset(months=3, weeks=2))]:
        expected = [None if d is None else (pd.Timestamp(d) + offset).date() for d in dates]
        assert values(frame, col("d").dt.offset_by(by)) == expected, by
    expected = [None if d is None else (pd.Timestamp(d) + pd.Timedelta(hours=13, minutes=5) +
                                        pd.DateOffset(days=1, hours=11)).to_pydatetime() for d in dates]
    assert values(frame, col("t").dt.offset_by("1d11h")) == expected
    # Months from a column: the kernel's per-row path.
    per_row = col("d")._call("add_interval", col("n"), lit(0, "int64"), lit(0, "int64"))
    expected = [None if d is None else (pd.Timestamp(d) + pd.DateOffset(months=int(n))).date()
                for d, n in zip(dates, months)]
    assert values(frame, per_row) == expected
    with pytest.raises(lode.InvalidInputError, match="invalid duration"):
        col("d").dt.offset_by("3 days")


def test_math(nums):
    assert values(nums, col("f").abs()) == [1.5, 0.5, None, 2.0]
    assert values(nums, col("b").sqrt()) == [math.sqrt(3), 0.0, math.sqrt(5), math.sqrt(2)]
    assert values(nums, col("f").round()) == [2.0, -1.0, None, 2.0]  # half away from zero
    assert values(nums, col("f").floor()) == [1.0, -1.0, None, 2.0]
    assert values(nums, col("f").ceil()) == [2.0, -0.0, None, 2.0]
    assert values(lode.DataFrame({"x": [1.23456]}), col("x").round(2)) == [1.23]
    assert values(nums, col("b").exp().log()) == pytest.approx([3.0, 0.0, 5.0, 2.0])


def test_type_errors_name_the_expression(nums):
    with pytest.raises(lode.InvalidInputError) as info:
        nums.select(col("a") + lit("x"))
    assert "add" in str(info.value) and info.value.expression is not None
    with pytest.raises(lode.SchemaError, match="did you mean 'a'"):
        nums.select(col("aa") + 1)
    with pytest.raises(TypeError, match="truth value"):
        bool(col("a") > 1)


@pytest.mark.optimizer
def test_constants_are_folded_and_evaluated():
    frame = lode.DataFrame({"x": [1, 2]})
    assert values(frame, lit(2) * 3 + col("x")) == [7, 8]
    assert "7" not in frame.lazy().select(lit(2) * 3 + col("x")).explain(optimized=False)
    assert "6" in frame.lazy().select((lit(2) * 3 + col("x")).alias("y")).explain()


def test_max_and_min_horizontal_skip_nulls():
    frame = lode.DataFrame({"a": [1, None, None, -4], "b": [3.5, 2.0, None, -1.0], "s": ["x", None, "é", "a"]})
    assert values(frame, lode.max_horizontal("a", "b")) == [3.5, 2.0, None, -1.0]
    assert values(frame, lode.min_horizontal(col("a"), "b", 0)) == [0.0, 0.0, 0.0, -4.0]
    assert values(frame, lode.max_horizontal("s", lit("b"))) == ["x", "b", "é", "b"]
    assert values(frame, lode.min_horizontal(["s"], lit("b"))) == ["b", "b", "b", "a"]
    with pytest.raises(lode.InvalidInputError, match="'greatest' cannot combine"):
        values(frame, lode.max_horizontal("a", "s"))


def test_sign():
    frame = lode.DataFrame({"i": [-3, 0, 5, None], "f": [-0.0, math.nan, -math.inf, 2.5]})
    assert values(frame, col("i").sign()) == [-1, 0, 1, None]
    assert values(frame, col("f").sign()) == [0, 0, -1, 1]
    with pytest.raises(lode.InvalidInputError, match="'sign' does not take"):
        values(lode.DataFrame({"s": ["a"]}), col("s").sign())


def test_padding_trimming_and_ends_count_characters():
    words = ["héllo", "", None, "日本語", "  ab  "]
    frame = lode.DataFrame({"s": words, "n": [1, 2, 3, -1, 10]})
    present = [w for w in words]

    def by_python(fn):
        return [None if w is None else fn(w) for w in present]

    assert values(frame, col("s").str.pad_start(4, "*")) == by_python(lambda w: w.rjust(4, "*")[-4:] if len(w) < 4 else w[:4])
    assert values(frame, col("s").str.pad_end(7, "-")) == by_python(lambda w: w.ljust(7, "-")[:7])
    assert values(frame, col("s").str.pad_start(3)) == by_python(lambda w: w.rjust(3) if len(w) < 3 else w[:3])
    assert values(frame, col("s").str.strip_chars_start()) == by_python(str.lstrip)
    assert values(frame, col("s").str.strip_chars_end()) == by_python(str.rstrip)
    assert values(frame, col("s").str.strip_chars_start("h ")) == by_python(lambda w: w.lstrip("h "))
    assert values(frame, col("s").str.strip_chars_end("o語 ")) == by_python(lambda w: w.rstrip("o語 "))
    assert values(frame, col("s").str.strip_chars("日語")) == by_python(lambda w: w.strip("日語"))
    for n in (0, 2, 10, -1, -10):
        assert values(frame, col("s").str.head(n)) == by_python(lambda w: w[:n] if n >= 0 else w[:max(len(w) + n, 0)])
        assert values(frame, col("s").str.tail(n)) == by_python(lambda w: (w[-n:] if n else "") if n >= 0 else w[-n:])
    assert values(frame, col("s").str.head(col("n"))) == ["h", "", None, "日本", "  ab  "]
    assert values(frame, col("s").str.reverse()) == by_python(lambda w: w[::-1])


def test_date_quarter_week_epoch_and_truncate():
    days = [datetime.date(2024, 2, 29), datetime.date(1969, 12, 31), datetime.date(2021, 1, 3), None,
            datetime.date(2026, 12, 31)]
    times = [datetime.datetime(1969, 12, 31, 23, 59, 58, 500000), datetime.datetime(2024, 5, 6, 7, 8, 9, 123456),
             None, datetime.datetime(1900, 3, 1), datetime.datetime(2000, 1, 1)]
    frame = lode.DataFrame({"d": days, "t": times})

    def by_python(column, fn):
        return [None if v is None else fn(v) for v in column]

    assert values(frame, col("d").dt.quarter()) == by_python(days, lambda d: (d.month - 1) // 3 + 1)
    assert values(frame, col("d").dt.week()) == by_python(days, lambda d: d.isocalendar()[1])
    assert values(frame, col("d").dt.iso_year()) == by_python(days, lambda d: d.isocalendar()[0])
    assert values(frame, col("t").dt.week()) == by_python(times, lambda t: t.isocalendar()[1])
    epoch = datetime.datetime(1970, 1, 1)
    micros = by_python(times, lambda t: (t - epoch) // datetime.timedelta(microseconds=1))
    assert values(frame, col("t").dt.epoch()) == micros
    assert values(frame, col("t").dt.epoch("ms")) == by_python(micros, lambda m: m // 1000)
    assert values(frame, col("t").dt.epoch("s")) == by_python(micros, lambda m: m // 1000000)
    assert values(frame, col("d").dt.epoch("d")) == by_python(days, lambda d: (d - epoch.date()).days)
    assert values(frame, col("d").dt.truncate("1mo")) == by_python(days, lambda d: d.replace(day=1))
    assert values(frame, col("d").dt.truncate("1y")) == by_python(days, lambda d: d.replace(month=1, day=1))
    assert values(frame, col("d").dt.truncate("1w")) == by_python(days, lambda d: d - datetime.timedelta(d.weekday()))
    assert values(frame, col("d").dt.truncate("1q")) == by_python(
        days, lambda d: d.replace(month=(d.month - 1) // 3 * 3 + 1, day=1))
    assert values(frame, col("t").dt.truncate("1h")) == by_python(times, lambda t: t.replace(minute=0, second=0,
                                                                                             microsecond=0))
    assert values(frame, col("t").dt.truncate("1s")) == by_python(times, lambda t: t.replace(microsecond=0))
    assert values(frame, col("t").dt.truncate("1d")) == by_python(
        times, lambda t: datetime.datetime(t.year, t.month, t.day))
    with pytest.raises(NotImplementedError, match="one unit"):
        col("d").dt.truncate("2h")
    with pytest.raises(lode.InvalidInputError, match="'quarter' does not take"):
        values(lode.DataFrame({"s": ["a"]}), col("s").dt.quarter())


def test_string_equality_and_is_in_at_every_length():
    # Texts of 0..20 bytes that share prefixes, as the word-at-a-time
    # comparisons of short texts must tell them apart; checked on a slice too.
    import random

    rng = random.Random(5)
    texts = ["".join(rng.choice("ab") for _ in range(rng.randrange(0, 21))) for _ in range(4000)]
    texts[::37] = [None] * len(texts[::37])
    frame = lode.DataFrame({"s": texts})
    probes = ["", "a", "abababa", "abababab", "ababababa", "abababababababab", "abababababababa", "ababababababababa"]
    for probe in probes + [t for t in texts[:40] if t is not None]:
        expected_eq = [None if t is None else t == probe for t in texts]
        assert frame.select((col("s") == probe).alias("x"))["x"].to_list() == expected_eq, probe
        expected_ne = [None if t is None else t != probe for t in texts]
        assert frame.select((col("s") != probe).alias("x"))["x"].to_list() == expected_ne, probe
    for size in (1, 2, 5, 8, 9):
        wanted = rng.sample([t for t in texts if t is not None], size - 1) + ["ababababababababab"]
        expected = [None if t is None else t in wanted for t in texts]
        assert frame.select(col("s").is_in(wanted).alias("x"))["x"].to_list() == expected, wanted
        sliced = frame.slice(1001, 2000)
        assert sliced.select(col("s").is_in(wanted).alias("x"))["x"].to_list() == expected[1001:3001]
