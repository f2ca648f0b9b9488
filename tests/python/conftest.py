import gc
import os
import pathlib
import shutil
import signal
import subprocess
import sys
import time

import pytest

import lode

REPOSITORY = pathlib.Path(__file__).resolve().parents[2]
SHARED = REPOSITORY.parent / "shared"
PEERS_INSTALL = SHARED / "peers" / "install.sh"
# The npm packages ../shared/peers/install.sh installs (its own check).
PEER_PACKAGES = ["@duckdb/node-api", "@duckdb/node-bindings-linux-x64", "nodejs-polars", "nodejs-polars-linux-x64-gnu"]


@pytest.fixture(scope="session")
def peers_dir():
    """Returns the folder of the DuckDB and Polars peers, the oracles of the
    interop tests: the npm packages that `make peers` (../shared/peers/install.sh)
    installs into $LODE_PEERS_DIR, by default ~/.cache/lode-peers. Fails, never
    skips, when they are missing, so that no run passes without its oracles."""
    folder = pathlib.Path(os.environ.get("LODE_PEERS_DIR") or pathlib.Path.home() / ".cache" / "lode-peers")
    missing = [] if shutil.which("node") else ["node (Node.js) is not on PATH"]
    missing += [f"{name} is not installed" for name in PEER_PACKAGES
                if not (folder / "node_modules" / name / "package.json").is_file()]
    missing += [] if (folder / "duck.mjs").is_file() else ["duck.mjs is not there"]
    if missing:
        pytest.fail(f"the DuckDB/Polars peers are missing from {folder}: {'; '.join(missing)}. "
                    f"Install them with `make peers` (runs {PEERS_INSTALL}; needs the npm registry the first time).",
                    pytrace=False)
    return folder


@pytest.fixture(scope="session")
def shared_testdata():
    """Returns ../shared/testdata (the Parquet and CSV corpora and DuckDB's
    readings of them). Fails, never skips, when it is missing."""
    folder = SHARED / "testdata"
    if not folder.is_dir():
        pytest.fail(f"the shared test data is missing: {folder} is not a folder "
                    f"(the shared/ folder must sit beside the repository)", pytrace=False)
    return folder


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
