import pytest


def pytest_configure(config):
    config.addinivalue_line("markers", "slow: a long test, left out of the default run (run with -m slow)")


def pytest_collection_modifyitems(config, items):
    if config.getoption("-m"):
        return
    skip = pytest.mark.skip(reason="slow; run with -m slow")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)


@pytest.fixture
def write(tmp_path):
    """Returns a function that writes text (or bytes) to a file and returns its path."""
    counter = iter(range(1_000_000))

    def write_file(content, name=None):
        path = tmp_path / (name or f"file{next(counter)}.csv")
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, str):
            content = content.encode()
        path.write_bytes(content)
        return str(path)

    return write_file
