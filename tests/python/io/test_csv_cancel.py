"""Ctrl-C cancels an eager read_csv (lode.CancelledError), as it cancels
collect(): while the splits are planned (the quote pass reads every byte) and
while they are read, within a batch; the next read runs normally."""

import pathlib
import signal
import subprocess
import sys
import time

import pytest

SCRIPT = """
import os, sys, tempfile, time
import lode
path = os.path.join(tempfile.mkdtemp(), "wide.csv")
with open(path, "w") as out:
    out.write("a,b\\n" + "".join(f"{i},{'x' * 2000}\\n" for i in range(5000)))  # 10 MB
lode.read_csv(path, columns=["a"])  # warm up
print("ready", flush=True)
start = time.perf_counter()
try:
    lode.read_csv([path] * 2000, columns=["a"], split_bytes=int(sys.argv[1]))  # 20 GB: many seconds
    print("not cancelled", flush=True)
except lode.CancelledError as error:
    print("cancelled after", round(time.perf_counter() - start, 3), error, flush=True)
print("then read", lode.read_csv(path, columns=["a"]).height, flush=True)
"""


# One split per file skips the planning pass, so the signal comes while reading.
@pytest.mark.parametrize("split_bytes", [8 << 20, 1 << 40], ids=["planning", "reading"])
def test_ctrl_c_cancels_read_csv(split_bytes):
    python_dir = pathlib.Path(__file__).resolve().parents[3] / "python"
    process = subprocess.Popen([sys.executable, "-c", SCRIPT, str(split_bytes)], stdout=subprocess.PIPE, text=True,
                               env={"PYTHONPATH": str(python_dir)})
    assert process.stdout.readline().strip() == "ready"
    time.sleep(0.3)
    sent = time.perf_counter()
    process.send_signal(signal.SIGINT)
    out, _ = process.communicate(timeout=120)
    waited = time.perf_counter() - sent
    assert out.startswith("cancelled after"), out
    assert "the query was cancelled" in out
    assert "then read 5000" in out
    assert waited < 5, waited
