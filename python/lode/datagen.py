"""Built-in data generators: the H2O.ai db-benchmark tables.

Deterministic for a seed. The columns, cardinalities, key overlaps and null
shares follow the benchmark's R generators; the random values differ.
"""

from lode import _lode
from lode.frame import DataFrame


def groupby(n, k=100, nas=0, sort=False, seed=0):
    """Returns the db-benchmark groupby table.

    Parameters
    ----------
    n : int
        Rows.
    k : int
        Groups in id1, id2 ("id001".."id<k>") and id4, id5 (1..k); id3 and
        id6 have n / k groups.
    nas : int
        Percent of nulls in every column (0..100).
    sort : bool
        Sort by id1..id6 (nulls first).
    seed : int
        Random seed.

    Returns
    -------
    DataFrame
        id1, id2, id3 (string), id4, id5, id6, v1 (1..5), v2 (1..15) (int32),
        v3 (float64 in [0, 100], 6 decimals).

    Raises
    ------
    lode.InvalidInputError
        For n < 1, k outside 1..n or nas outside 0..100.

    Examples
    --------
    >>> import lode
    >>> lode.datagen.groupby(1000, k=10).shape
    (1000, 9)
    """
    return DataFrame._from_table(_lode.datagen_groupby(int(n), int(k), int(nas), bool(sort), int(seed)))


def join(n, nas=0, seed=0):
    """Returns the db-benchmark join tables as a dict of DataFrames.

    Parameters
    ----------
    n : int
        Rows of "x" and "big"; "small" has n / 1e6 and "medium" n / 1e3 rows
        (at least 1).
    nas : int
        Percent of x's distinct keys (and of its v1 values) made null.
    seed : int
        Random seed.

    Returns
    -------
    dict
        "x" (id1, id2, id3, id4, id5, id6, v1), "small" (id1, id4, v2),
        "medium" (id1, id2, id4, id5, v2), "big" (id1..id6, v2). id1..id3 are
        int32 keys, id4..id6 the same keys as "id<number>" strings. 90% of
        each key set appears on both sides, 10% only in x, 10% only in the
        right-hand tables.

    Examples
    --------
    >>> import lode
    >>> tables = lode.datagen.join(10_000)
    >>> {name: t.shape for name, t in sorted(tables.items())}
    {'big': (10000, 7), 'medium': (10, 5), 'small': (1, 3), 'x': (10000, 7)}
    """
    tables = _lode.datagen_join(int(n), int(nas), int(seed))
    return {name: DataFrame._from_table(table) for name, table in tables.items()}
