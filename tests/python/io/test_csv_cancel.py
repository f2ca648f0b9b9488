"""Ctrl-C cancels an eager read_csv (lode.CancelledError), as it cancels
collect(): while the splits are planned (the quote pass reads every byte) and
while they are read, within a batch; the next read runs normally."""

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
def test_ctrl_c_cancels_read_csv(interrupted_run, split_bytes):
    out, waited = interrupted_run(SCRIPT, split_bytes)
    assert out.startswith("cancelled after"), out
    assert "the query was cancelled" in out
    assert "then read 5000" in out
    assert waited < 5, waited
