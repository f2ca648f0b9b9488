"""The io suite: CSV read, Parquet write and Parquet read, for lode and pandas."""
