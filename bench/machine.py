"""Facts about the machine and the versions of every system, for the head of each result."""

import importlib.metadata
import json
import os
import platform
import subprocess
from pathlib import Path


def facts():
    """Returns the CPU model, logical cores, memory and operating system."""
    return {
        "cpu": _cpu_model(),
        "cores": os.cpu_count(),
        "memory_bytes": _memory_bytes(),
        "os": platform.platform(),
    }


def versions(peers_dir):
    """Returns system name -> version text (or why it is unknown)."""
    found = {"lode": _lode_version()}
    for system, package in (("duckdb", "@duckdb/node-api"), ("polars", "nodejs-polars")):
        found[system] = _npm_version(peers_dir, package)
    for system in ("pandas", "numpy"):
        try:
            found[system] = importlib.metadata.version(system)
        except importlib.metadata.PackageNotFoundError:
            found[system] = "not installed"
    found["node"] = _output(["node", "--version"])
    found["python"] = platform.python_version()
    return found


def _lode_version():
    try:
        import lode
    except Exception as error:  # noqa: BLE001 - a broken build is reported, not raised
        return f"not importable ({type(error).__name__}: {error})"
    commit = _output(["git", "-C", str(Path(__file__).resolve().parent), "rev-parse", "--short", "HEAD"])
    changed = _output(["git", "-C", str(Path(__file__).resolve().parent), "status", "--porcelain", "--", "src", "python"])
    return f"{lode.__version__} (git {commit}{', with uncommitted changes' if changed else ''})"


def _npm_version(peers_dir, package):
    if peers_dir is None:
        return "not installed"
    try:
        manifest = Path(peers_dir) / "node_modules" / package / "package.json"
        return f"{json.loads(manifest.read_text())['version']} ({package})"
    except (OSError, ValueError, KeyError):
        return "not installed"


def _cpu_model():
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _memory_bytes():
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return None


def _output(command):
    try:
        return subprocess.run(command, capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "not installed"
