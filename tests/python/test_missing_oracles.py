"""A test whose oracle is missing fails and says how to install it; it never
skips (the peers_dir fixture in conftest.py)."""

import os
import subprocess
import sys
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parents[2]


def test_missing_peers_fail_with_the_install_command(tmp_path):
    test = "tests/python/io/test_parquet_nested.py::test_duckdb_reads_lode_nested_files"
    env = dict(os.environ, LODE_PEERS_DIR=str(tmp_path), PYTHONPATH=str(REPOSITORY / "python"))
    result = subprocess.run([sys.executable, "-m", "pytest", test, "-q", "-p", "no:cacheprovider", "-rs"],
                            cwd=REPOSITORY, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 1, result.stdout
    assert "1 error" in result.stdout and "skipped" not in result.stdout
    assert f"the DuckDB/Polars peers are missing from {tmp_path}" in result.stdout
    assert "Install them with `make peers`" in result.stdout
