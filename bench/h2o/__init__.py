"""The H2O.ai db-benchmark questions (groupby, join) for lode and pandas."""
