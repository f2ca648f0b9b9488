import gc
import os
import pathlib
import signal
import subprocess
import sys
import time

import pytest

import lode


def pytest_collection_modifyitems(config, items):
    """Under LODE_STRESS=optimizer_off, tests of the optimizer's plans are
    deselected (everything else must give the same answers unoptimized)."""
    if "optimizer_off" not in os.environ.get("LODE_STRESS", ""):
        return
    kept = [item for item in items if "optimizer" not in item.keywords]
    config.hook.pytest_deselected(items=[item for item in items if "optimizer" in item.keywords])
    items[:] = kept


@pytest.fixture
def memory_baseline():
    """Returns lode's memory use after a full garbage collection."""
    gc.collect()
    return lode.memory_usage()


@pytest.fixture
def interrupted_run():
    """Returns run(script, *args, delay=0.3): runs `script` in a new Python
    process, waits for it to print "ready", sends it SIGINT (Ctrl-C) after
    `delay` seconds and returns (its output, seconds from signal to exit)."""
    python_dir = pathlib.Path(__file__).resolve().parents[2] / "python"

    def run(script, *args, delay=0.3):
        process = subprocess.Popen([sys.executable, "-c", script, *map(str, args)], stdout=subprocess.PIPE, text=True,
                                   env={"PYTHONPATH": str(python_dir)})
        assert process.stdout.readline().strip() == "ready"
        time.sleep(delay)
        sent = time.perf_counter()
        process.send_signal(signal.SIGINT)
        out, _ = process.communicate(timeout=120)
        return out, time.perf_counter() - sent

    return run
