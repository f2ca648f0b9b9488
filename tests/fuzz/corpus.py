#!/usr/bin/python3
"""Writes the fuzzer's seed corpus: one file per SQL statement of the SQL
logic tests (tests/sql/**/*.test) and per TPC-H query.

    /usr/bin/python3 tests/fuzz/corpus.py OUT_FOLDER
"""

import hashlib
import pathlib
import sys

REPOSITORY = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPOSITORY / "tests" / "python" / "sql"))

from sql_logic import parse_file  # noqa: E402


def main(out):
    out.mkdir(parents=True, exist_ok=True)
    texts = []
    for path in sorted((REPOSITORY / "tests" / "sql").rglob("*.test")):
        texts += [record.sql for record in parse_file(path.read_text())]
    queries = REPOSITORY.parent / "shared" / "testdata" / "tpch-sf0.1" / "queries"
    texts += [path.read_text() for path in sorted(queries.glob("*.sql"))]
    for text in texts:
        (out / hashlib.sha1(text.encode()).hexdigest()).write_text(text)
    print(f"{len(texts)} seeds in {out}")


if __name__ == "__main__":
    main(pathlib.Path(sys.argv[1]))
