import pathlib
import subprocess

import pandas as pd
import pytest

LODE = pathlib.Path(__file__).resolve().parents[3] / "build" / "lode"


def run(*args):
    return subprocess.run([str(LODE), *args], capture_output=True, text=True, timeout=120)


def test_help_and_version():
    result = run("--help")
    assert result.returncode == 0 and "datagen" in result.stdout
    result = run("version")
    assert result.returncode == 0 and result.stdout.startswith("lode ")


def test_datagen_groupby_csv(tmp_path):
    out = tmp_path / "g.csv"
    result = run("datagen", "groupby", "--rows", "1e4", "--k", "10", "--nas", "5", "--out", str(out))
    assert result.returncode == 0, result.stderr
    frame = pd.read_csv(out)
    assert frame.shape == (10_000, 9)
    assert frame["id1"].nunique() == 10
    assert frame["v1"].isna().sum() == 500


def test_datagen_join_writes_four_tables(tmp_path):
    result = run("datagen", "join", "--rows", "2000", "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["big.csv", "medium.csv", "small.csv", "x.csv"]
    assert len(pd.read_csv(tmp_path / "medium.csv")) == 2


@pytest.mark.parametrize("args, message", [
    (["datagen", "groupby", "--rows", "10", "--k", "2", "--out", "x.txt"], "cannot tell the output format"),
    (["datagen", "groupby", "--rowz", "10"], "did you mean --rows"),
    (["datagen", "groupby", "--rows", "ten", "--out", "a.csv"], "whole number"),
    (["frobnicate"], "unknown command"),
])
def test_errors_are_clear(args, message, tmp_path):
    result = subprocess.run([str(LODE), *args], capture_output=True, text=True, cwd=tmp_path, timeout=60)
    assert result.returncode != 0
    assert message in result.stderr


def test_datagen_writes_parquet(tmp_path):
    import lode

    out = tmp_path / "g.parquet"
    result = run("datagen", "groupby", "--rows", "5000", "--k", "10", "--out", str(out))
    assert result.returncode == 0, result.stderr
    frame = lode.read_parquet(str(out))
    assert frame.shape == (5000, 9) and frame.schema["v3"] == lode.Float64
    result = run("datagen", "join", "--rows", "3000", "--format", "parquet", "--out", str(tmp_path / "j"))
    assert result.returncode == 0, result.stderr
    assert lode.read_parquet(str(tmp_path / "j" / "medium.parquet")).height == 3
