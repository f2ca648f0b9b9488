"""lode's benchmark suite: lode beside DuckDB, Polars and pandas on the same data (see README.md)."""
