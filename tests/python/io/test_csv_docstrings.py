"""The Examples blocks of lode.csv_io run as doctests."""

import doctest

import lode.csv_io


def test_csv_io_docstring_examples():
    result = doctest.testmod(lode.csv_io, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0 and result.failed == 0
