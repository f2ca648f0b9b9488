"""Generates each dataset once per size with lode.datagen and keeps it in bench/data/.

    bench/data/groupby-1e7/x.csv                 the db-benchmark groupby table
    bench/data/groupby-1e7/x.parquet             its Parquet copy, written by DuckDB (io suite)
    bench/data/join-1e7/{x,small,medium,big}.csv the db-benchmark join tables
    bench/data/<dataset>-<size>/manifest.json    how the tables were made; written last

A folder whose manifest differs from what is asked for is made again. The
tables are generated in a child process so that the harness stays small.

    python3 -m bench.data MANIFEST_JSON FOLDER   (what prepare() runs)
"""

import json
import os
import subprocess
import sys
from pathlib import Path

from bench import suites

_SQL_TYPES = {"string": "VARCHAR", "int32": "INTEGER", "float64": "DOUBLE"}


def prepare(suite, rows, data_root, peers_dir, env):
    """Returns (tables: name -> CSV path, parquet path or None, manifest), generating what is missing."""
    folder = Path(data_root) / f"{suite.dataset}-{suites.size_label(rows)}"
    manifest = {"dataset": suite.dataset, "n": rows, **suites.GENERATORS[suite.dataset]}
    tables = {name: folder / f"{name}.csv" for name in suites.SCHEMAS[suite.dataset]}
    if not _is_current(folder, manifest, tables.values()):
        print(f"generating {folder} with lode.datagen.{suite.dataset}", file=sys.stderr, flush=True)
        subprocess.run([sys.executable, "-m", "bench.data", json.dumps(manifest), str(folder)], env=env, check=True)
    parquet = None
    if not suite.in_memory:
        parquet = folder / "x.parquet"
        if not parquet.exists() or parquet.stat().st_mtime < tables["x"].stat().st_mtime:
            _write_parquet_copy(tables["x"], suites.SCHEMAS[suite.dataset]["x"], parquet, peers_dir)
    return tables, parquet, manifest


def generate(manifest):
    """Returns the tables (name -> lode.DataFrame) that a manifest describes."""
    import lode

    arguments = {key: value for key, value in manifest.items() if key != "dataset"}
    made = getattr(lode.datagen, manifest["dataset"])(**arguments)
    return made if isinstance(made, dict) else {"x": made}


def _is_current(folder, manifest, paths):
    try:
        written = json.loads((folder / "manifest.json").read_text())
    except (OSError, ValueError):
        return False
    return written == manifest and all(path.exists() for path in paths)


def _write_parquet_copy(csv_path, schema, parquet_path, peers_dir):
    # lode cannot write Parquet yet, so DuckDB writes the one file that every system reads.
    print(f"writing {parquet_path} with DuckDB", file=sys.stderr, flush=True)
    columns = ", ".join(f"'{name}': '{_SQL_TYPES[kind]}'" for name, kind in schema.items())
    partial = parquet_path.with_suffix(".parquet.partial")
    sql = (f"COPY (FROM read_csv('{csv_path}', header=true, columns={{{columns}}})) "
           f"TO '{partial}' (FORMAT parquet, COMPRESSION snappy)")
    subprocess.run(["node", str(Path(peers_dir) / "duck.mjs"), "--format", "none", sql], check=True)
    os.replace(partial, parquet_path)


def main(manifest_json, folder):
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "manifest.json").unlink(missing_ok=True)
    manifest = json.loads(manifest_json)
    for name, frame in generate(manifest).items():
        frame.write_csv(folder / f"{name}.csv")
    (folder / "manifest.json").write_text(json.dumps(manifest, indent=1) + "\n")


if __name__ == "__main__":
    main(*sys.argv[1:])
