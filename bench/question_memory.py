"""Peak memory of each h2o-groupby question on its own, for lode only.

The suites report one peak for a whole process (loading included); this
tells which question sets it. For each question it runs one warm-up, resets
the kernel's high-water mark (/proc/self/clear_refs), runs it again and
prints the RSS before and the peak during it, in MiB, with the seconds.

    /usr/bin/python3 bench/question_memory.py bench/data/groupby-1e7/x.csv [q10,q3,...]

The CSV is the one `bench/run.py h2o-groupby` generates. Linux only.
"""

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "python"), str(ROOT)]

import lode  # noqa: E402
from bench.h2o import groupby  # noqa: E402


def memory_mib():
    """Returns (RSS, high-water mark) of this process in MiB."""
    fields = dict(line.split(":", 1) for line in Path("/proc/self/status").read_text().splitlines())
    return tuple(int(fields[name].split()[0]) // 1024 for name in ("VmRSS", "VmHWM"))


def main(argv):
    tables = {"x": lode.read_csv(argv[0])}
    names = argv[1].split(",") if len(argv) > 1 else list(groupby.QUESTIONS)
    print(f"loaded: RSS {memory_mib()[0]} MiB")
    for name in names:
        question = groupby.QUESTIONS[name]
        question(tables)
        Path("/proc/self/clear_refs").write_text("5")
        before = memory_mib()[0]
        start = time.perf_counter()
        question(tables)
        seconds = time.perf_counter() - start
        print(f"{name}: RSS before {before} MiB, peak {memory_mib()[1]} MiB, {seconds:.3f} s", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
