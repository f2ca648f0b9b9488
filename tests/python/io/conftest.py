"""Registers the `slow` marker for lode's io tests: slow tests (large files)
run only with LODE_SLOW_TESTS=1, so the default run stays fast."""

import os

import pytest


def pytest_configure(config):
    config.addinivalue_line("markers", "slow: large or long tests; run with LODE_SLOW_TESTS=1")


def pytest_collection_modifyitems(config, items):
    if os.environ.get("LODE_SLOW_TESTS") == "1":
        return
    skip = pytest.mark.skip(reason="slow; set LODE_SLOW_TESTS=1 to run")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)
