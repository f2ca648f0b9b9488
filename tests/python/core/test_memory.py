import gc

import numpy as np
import pytest

import lode


@pytest.fixture
def restore_limit():
    old = lode.memory_limit()
    yield
    lode.set_memory_limit(old)


def test_default_limit_is_a_share_of_ram():
    assert 0 < lode.memory_limit() < 2**62


def test_frames_are_accounted_and_released(memory_baseline):
    frame = lode.DataFrame({"x": np.zeros(1_000_000)})
    assert lode.memory_usage() - memory_baseline >= 8_000_000
    assert frame.estimated_size() >= 8_000_000
    del frame
    gc.collect()
    assert lode.memory_usage() == memory_baseline


def test_generated_tables_are_released(memory_baseline):
    tables = lode.datagen.join(100_000)
    groupby = lode.datagen.groupby(100_000)
    assert lode.memory_usage() > memory_baseline
    del tables, groupby
    gc.collect()
    assert lode.memory_usage() == memory_baseline


def test_limit_is_enforced_with_a_clear_error(restore_limit, memory_baseline):
    lode.set_memory_limit(memory_baseline + 1_000_000)
    with pytest.raises(lode.OutOfMemoryError) as info:
        lode.DataFrame({"x": np.zeros(1_000_000)})
    assert isinstance(info.value, MemoryError)
    assert "limit" in str(info.value) and "set_memory_limit" in str(info.value)
    with pytest.raises(lode.OutOfMemoryError):
        lode.datagen.groupby(1_000_000)
    lode.set_memory_limit(restore_limit or 2**40)
    gc.collect()
    assert lode.memory_usage() == memory_baseline  # nothing leaked by the failures


def test_limit_accepts_text_sizes(restore_limit):
    lode.set_memory_limit("4GB")
    assert lode.memory_limit() == 4_000_000_000
    lode.set_memory_limit("512MiB")
    assert lode.memory_limit() == 512 * 2**20
    with pytest.raises(lode.InvalidInputError, match="memory size"):
        lode.set_memory_limit("lots")
