"""Stress switches for tests: ``LODE_STRESS`` runs a whole test suite in an
engine configuration that exercises other paths, without copies of tests.

    LODE_STRESS=morsel_rows=1        every in-memory scan cuts 1-row morsels
    LODE_STRESS=threads=4            the thread pool's size
    LODE_STRESS=hash_collisions      every key hashes alike (one probe chain, one partition)
    LODE_STRESS=optimizer_off        queries run unoptimized
    LODE_STRESS=force_spill          operators that can spill do so at every batch (exec/spilling.h)

Several switches combine with commas: ``LODE_STRESS=morsel_rows=7,threads=3``.
"""

import os

from lode import _lode

_SWITCHES = {
    "morsel_rows": lambda value: _lode.set_morsel_rows(int(value)),
    "threads": lambda value: _lode.set_threads(int(value)),
    "hash_collisions": lambda value: _lode.set_hash_collisions(True),
    "optimizer_off": lambda value: _lode.set_optimizer_enabled(False),
    "force_spill": lambda value: _lode.set_force_spill(True),
}


def apply_from_environment():
    """Applies the switches named in LODE_STRESS; unknown names raise ValueError."""
    for item in filter(None, (part.strip() for part in os.environ.get("LODE_STRESS", "").split(","))):
        name, _, value = item.partition("=")
        if name not in _SWITCHES:
            raise ValueError(f"unknown LODE_STRESS switch {name!r}; known: {', '.join(_SWITCHES)}")
        _SWITCHES[name](value)
