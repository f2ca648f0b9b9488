"""The sort suite: whole-table sorts and a top-k on the groupby table, for lode and pandas."""
