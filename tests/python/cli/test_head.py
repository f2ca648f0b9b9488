import pathlib
import subprocess

LODE = pathlib.Path(__file__).resolve().parents[3] / "build" / "lode"


def run(*args):
    return subprocess.run([str(LODE), *args], capture_output=True, text=True, timeout=120)


def test_head_prints_first_rows_with_types(tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("id,name,day\n" + "".join(f"{i},n{i},2024-01-0{i % 9 + 1}\n" for i in range(20)))
    result = run("head", str(path), "-n", "3")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["id", "name", "day"]
    assert lines[1].split() == ["int64", "string", "date32"]
    assert lines[2].split() == ["0", "n0", "2024-01-01"]
    assert len(lines) == 5


def test_head_prints_floats_shortest_and_nulls(tmp_path):
    path = tmp_path / "f.csv"
    path.write_text('x,s,t\n1.5,"a,b",2020-01-02 03:04:05\n0.1,,\n')
    lines = run("head", str(path)).stdout.splitlines()
    assert lines[1].split() == ["float64", "string", "timestamp[us]"]
    assert lines[2].split() == ["1.5", "a,b", "2020-01-02", "03:04:05"]
    assert lines[3].split() == ["0.1", "null", "null"]


def test_head_errors(tmp_path):
    result = run("head", str(tmp_path / "missing.csv"))
    assert result.returncode == 1 and "IOError" in result.stderr and "missing.csv" in result.stderr
    bad = tmp_path / "bad.csv"
    bad.write_text("a,b\n1,2\n3\n")
    result = run("head", str(bad))
    assert result.returncode == 1 and "ParseError" in result.stderr and "line 3" in result.stderr
