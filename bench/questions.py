"""The suites' questions are written once, lazily: each takes the tables as
lode.LazyFrames (name -> frame) and returns its answer as a LazyFrame. The
in-memory suites collect them over loaded DataFrames (collected()); the
beyond-memory benchmark (bench/spill/beyond_memory.py) runs them over Parquet
scans and sinks the answers to Parquet."""


def collected(lazy_questions):
    """Returns the questions as functions of loaded tables (name -> lode.DataFrame)
    that return the collected answer."""
    def collect(question):
        def run(tables):
            return question({name: table.lazy() for name, table in tables.items()}).collect()
        run.__name__ = question.__name__
        return run
    return {name: collect(question) for name, question in lazy_questions.items()}
