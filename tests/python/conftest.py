import gc

import pytest

import lode


@pytest.fixture
def memory_baseline():
    """Returns lode's memory use after a full garbage collection."""
    gc.collect()
    return lode.memory_usage()
