"""Regular expressions (RE2, with Polars' Rust syntax) against pandas, which
uses Python's re, on patterns where the two syntaxes agree. Replacements are
written both ways: $1 / ${name} for lode (as Polars), \\1 / \\g<name> for re."""

import random

import pandas as pd
import pytest

import lode
from lode import col

ALPHABET = "abcdAB 019é-"


def random_texts(seed, count=300):
    rng = random.Random(seed)
    texts = ["".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, 12))) for _ in range(count)]
    texts[::17] = [None] * len(texts[::17])
    return texts


def values(texts, expr):
    return lode.DataFrame({"s": texts}).select(expr.alias("out"))["out"].to_list()


def pandas_values(series):
    return [None if pd.isna(value) else value for value in series.tolist()]


@pytest.mark.parametrize("pattern", [r"\d+", r"^[a-c]", r"(?i)ab", r"[aeiou]{2}", r"b$", r"a.c", r"é+",
                                     r"(?:ab|cd)+", r"[^a-z ]", r"\s\d", r"^$", r"A{2,}"])
def test_contains_matches_pandas(pattern):
    texts = random_texts(1)
    expected = pandas_values(pd.Series(texts, dtype=object).str.contains(pattern, regex=True))
    assert values(texts, col("s").str.contains(pattern)) == expected


@pytest.mark.parametrize("pattern, lode_value, re_value", [
    (r"\d+", "#", "#"),
    (r"([a-c])([0-9])", "$2$1", r"\2\1"),
    (r"([a-c])([0-9])", "${2}x${1}", r"\2x\1"),
    (r"(?P<up>[AB])", "<${up}>", r"<\g<up>>"),
    (r"(?i)b+", "_", "_"),
    (r"é", "$$", "$"),
    (r" ", "", ""),
])
def test_replace_matches_pandas(pattern, lode_value, re_value):
    texts = random_texts(2)
    series = pd.Series(texts, dtype=object)
    expected_all = pandas_values(series.str.replace(pattern, re_value, regex=True))
    assert values(texts, col("s").str.replace_all(pattern, lode_value)) == expected_all
    expected_first = pandas_values(series.str.replace(pattern, re_value, n=1, regex=True))
    assert values(texts, col("s").str.replace(pattern, lode_value)) == expected_first


def test_patterns_are_regular_expressions_by_default_as_in_polars():
    texts = ["a.b.c", None]
    assert values(texts, col("s").str.replace(".", "-")) == ["-.b.c", None]
    assert values(texts, col("s").str.replace_all(".", "-")) == ["-----", None]
    assert values(texts, col("s").str.replace(".", "-", literal=True)) == ["a-b.c", None]
    assert values(texts, col("s").str.replace_all(".", "$1", literal=True)) == ["a$1b$1c", None]
    assert values(texts, col("s").str.contains(".")) == [True, None]
    assert values(["abc"], col("s").str.contains(".", literal=True)) == [False]


def test_rust_syntax_and_replacement_rules():
    assert values(["2024-02-29"], col("s").str.replace(r"(?<y>\d+)-(?<m>\d+)-(?<d>\d+)", "$d/$m/$y")) == ["29/02/2024"]
    assert values(["ab"], col("s").str.replace("(a)", "$1x")) == ["b"]     # "$1x" names the group "1x"
    assert values(["ab"], col("s").str.replace("(a)", "${1}x")) == ["axb"]
    assert values(["baaac"], col("s").str.replace_all("a*", "-")) == ["-b-c-"]  # Rust's empty matches
    assert values(["HeLLo"], col("s").str.contains("(?i)hello")) == [True]


@pytest.mark.parametrize("make", [
    lambda pattern: col("s").str.contains(pattern),
    lambda pattern: col("s").str.replace(pattern, "x"),
    lambda pattern: col("s").str.replace_all(pattern, "x"),
])
def test_invalid_pattern_raises_naming_it(make):
    frame = lode.DataFrame({"s": ["a"]})
    with pytest.raises(lode.InvalidInputError, match=r"invalid regular expression 'a\(b'") as error:
        frame.select(make("a(b"))
    assert "literal=True" in str(error.value)
    with pytest.raises(lode.InvalidInputError, match="invalid regular expression"):
        frame.lazy().select(make("[z-a]"))  # raised when the plan is built, before collect()


def test_constant_patterns_only():
    frame = lode.DataFrame({"s": ["a"], "p": ["a"]})
    with pytest.raises(lode.NotSupportedError, match="constant pattern"):
        frame.select(col("s").str.contains(col("p")))
