"""Ctrl-C cancels a running query within a morsel and raises lode.CancelledError."""

SCRIPT = """
import sys, time
import lode
from lode import col
df = lode.datagen.groupby(2_000_000, k=100)
lazy = df.lazy().group_by("id1", "id2", "id3", "id4", "id5", "id6").agg(col("v3").sum())
lazy.collect()  # warm up
many = lode.concat([lazy] * 200)  # one long query
print("ready", flush=True)
start = time.perf_counter()
try:
    many.collect()
    print("not cancelled", flush=True)
except lode.CancelledError as error:
    print("cancelled after", round(time.perf_counter() - start, 3), error, flush=True)
"""


def test_ctrl_c_cancels_a_query(interrupted_run):
    out, waited = interrupted_run(SCRIPT, delay=0.5)
    assert out.startswith("cancelled after"), out
    assert "the query was cancelled" in out
    assert waited < 5, waited
