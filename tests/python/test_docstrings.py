"""The Examples blocks in lode's docstrings run as doctests."""

import doctest
import importlib

import pytest

MODULES = ["lode", "lode.frame", "lode.lazy", "lode.expr", "lode.datagen", "lode.datatypes", "lode.convert", "lode.errors", "lode.csv_io", "lode.parquet_io", "lode.sql_context",
           "lode.shell.statements", "lode.shell.output", "lode.shell.commands", "lode.shell.session", "lode.shell.__main__"]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.failed == 0
